"""Reading rendered PDFs back with poppler (pdftotext, pdftoppm), as a person copying text from
the file would. The layout helpers compare text under NFKC; the text-layer helpers at the end
(pdftotext, pypdf and pdf.js) compare it exactly as typed, whitespace aside."""

import ctypes
import html
import json
import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

from reports.thaiwords import libthai

_WHITESPACE = re.compile(r"\s+")
_LINE = re.compile(
    r'<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</line>', re.S
)
_WORD = re.compile(r"<word[^>]*>(.*?)</word>")
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def squash(text: str) -> str:
    """NFKC without whitespace: Thai has no spaces between words, so a line break anywhere must
    not count as a difference."""
    return _WHITESPACE.sub("", nfkc(text))


def text_of(path: Path, *, first: int | None = None, last: int | None = None, crop=None) -> str:
    """The text layer in drawing order (`pdftotext -raw`), optionally of pages first..last and
    of a crop box (x, y, width, height in points from the top left)."""
    args = ["pdftotext", "-raw", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    if crop:
        x, y, w, h = (str(int(v)) for v in crop)
        args += ["-x", x, "-y", y, "-W", w, "-H", h]
    result = subprocess.run([*args, str(path), "-"], capture_output=True, check=True, text=True)
    return nfkc(result.stdout)


def page_texts(path: Path) -> list[str]:
    return text_of(path).split("\f")[:-1]


def lines_of(path: Path) -> list[dict]:
    """Every text line with its page and box (`pdftotext -bbox-layout`), for geometry only."""
    result = subprocess.run(
        ["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    lines = []
    for number, (width, height, body) in enumerate(_PAGE.findall(result.stdout), start=1):
        for x0, y0, x1, _y1, words in _LINE.findall(body):
            text = "".join(html.unescape(w) for w in _WORD.findall(words))
            lines.append(
                {
                    "page": number,
                    "x0": float(x0),
                    "y0": float(y0),
                    "x1": float(x1),
                    "page_width": float(width),
                    "page_height": float(height),
                    "text": nfkc(text),
                }
            )
    return lines


BODY_TOP = 45.0  # the documents' top page margin (1.6 cm), in points


def table_column_lines(path: Path, pages: range, *, columns: int, footer_marker: str) -> list[list[str]]:
    """The text lines of each column of a left-aligned table over `pages`, top to bottom.

    Each column is read on its own through a crop box (so neighbouring cells never interleave),
    and the page footer is cut off (everything from the line holding `footer_marker` down). The
    columns' left edges are the most frequent left edges of the text lines."""
    lines = [line for line in lines_of(path) if line["page"] in pages]
    starts = Counter(round(line["x0"]) for line in lines)
    edges = sorted(x for x, _ in starts.most_common(columns))
    footer_top = min(line["y0"] for line in lines if footer_marker in line["text"].replace(" ", ""))
    bounds = [edge - 2 for edge in edges] + [lines[0]["page_width"]]
    result = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        # from the top margin's foot down: the running line of a row continued ("1.3 … (ต่อ)")
        # stands above the body, across the columns
        crop = (left, BODY_TOP, right - left, footer_top - 1 - BODY_TOP)
        text = text_of(path, first=pages.start, last=pages.stop - 1, crop=crop)
        result.append([line for line in text.replace("\f", "\n").split("\n") if line.strip()])
    return result


def table_columns(path: Path, pages: range, *, headers: list[str], footer_marker: str) -> list[str]:
    """Each column's text, squashed, without the header row repeated on each page: a cell that
    breaks across pages comes out whole."""
    columns = table_column_lines(path, pages, columns=len(headers), footer_marker=footer_marker)
    return [
        squash("".join(lines)).replace(squash(header), "")
        for lines, header in zip(columns, headers, strict=True)
    ]


# --- Thai word boundaries (libthai, the segmenter Pango uses) ----------------------------------


def word_boundaries(text: str, *, with_words: bool = False) -> set[int]:
    """Positions in squash(text) where a line may break: between two words (libthai's
    dictionary, which Pango uses; with `with_words` also pythainlp's newmm with the portal's
    word list, which reports/thaiwords.py lets the PDFs break at) or next to a space."""
    lib, breaker = libthai()
    # libthai reads TIS-620; anything outside it becomes "?" (one byte per character, positions kept)
    data = "".join(c if ord(c) < 128 or 0xE01 <= ord(c) <= 0xE5B else "?" for c in text).encode("tis_620")
    found = (ctypes.c_int * (len(text) + 1))()
    count = lib.th_brk_find_breaks(breaker, data, found, len(text) + 1)
    original = {found[i] for i in range(count)} | {i for i, c in enumerate(text) if c.isspace()}
    original |= {i + 1 for i, c in enumerate(text) if c.isspace()}
    if with_words:  # and where the PDF's `words` filter allows one: between newmm's words
        from reports import thaiwords

        position = 0
        for token in thaiwords.segment(text):
            position += len(token)
            original.add(position)
    offsets, position = [], 0  # squash(text) position of each original position
    for char in text:
        offsets.append(position)
        position += len(squash(char))
    offsets.append(position)
    return {offsets[i] for i in original}


def is_thai_letter(char: str) -> bool:
    return "\u0e01" <= char <= "\u0e4e"


def first_page_png(path: Path, out_dir: Path) -> Path:
    prefix = out_dir / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(path), str(prefix)],
        check=True,
    )
    return prefix.with_suffix(".png")


# --- the text layer as three independent readers extract it (no NFKC: exactly as typed) -------

PDFJS_DIR = Path(__file__).parent / "pdfjs"


def exact(text: str) -> str:
    """Whitespace removed, nothing else: ำ must come out as U+0E33, not as ํ + า."""
    return _WHITESPACE.sub("", text)


def pages_pdftotext(path: Path) -> list[str]:
    """poppler, in the order the text is drawn (`-raw`: the cells of a table row one by one)."""
    result = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    )
    return result.stdout.split("\f")[:-1]


def pages_pypdf(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() for page in PdfReader(path).pages]


def pages_pdfjs(path: Path) -> list[str]:
    """Mozilla pdf.js (`pdfjs-dist`, installed by `make pdfjs`), as a browser's viewer reads it."""
    script = PDFJS_DIR / "extract.mjs"
    if not (PDFJS_DIR / "node_modules" / "pdfjs-dist").is_dir():
        raise RuntimeError(f"pdf.js is not installed: run `make pdfjs` (npm ci in {PDFJS_DIR})")
    result = subprocess.run(["node", str(script), str(path)], capture_output=True, check=True, text=True)
    return json.loads(result.stdout)


EXTRACTORS = {"pdftotext": pages_pdftotext, "pypdf": pages_pypdf, "pdfjs": pages_pdfjs}


def found_exactly(needle: str, pages: list[str]) -> bool:
    """`needle` (whitespace removed) in the text of one page, or split between the end of one
    page's text and the next page's (a table row that breaks across pages)."""
    needle = exact(needle)
    squashed = [exact(page) for page in pages]
    if any(needle in page for page in squashed):
        return True
    for page, following in zip(squashed, squashed[1:], strict=False):
        for cut in range(1, len(needle)):
            if needle[:cut] in page and needle[cut:] in following:
                return True
    return False


# --- lines with their positions (pypdf with a visitor) -------------------------------------------


class _LineCollector:
    """pypdf's visitor for one page: its text pieces joined into lines, with where each starts."""

    def __init__(self, height: float):
        self.height, self.lines, self.open = height, [], False

    def __call__(self, content, cm, tm, font, size):
        if not content:
            return
        if not self.open and content.strip():
            x, y = tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[0] * cm[0]) or 1.0
            bold = "Bold" in str((font or {}).get("/BaseFont", ""))
            self.lines.append({"text": "", "x": x, "y": self.height - y, "size": size * scale, "bold": bold})
            self.open = True
        if self.open:
            self.lines[-1]["text"] += content.rstrip("\n")
        if content.endswith("\n"):
            self.open = False


def page_lines(path: Path) -> list[list[dict]]:
    """Each page's lines of text in drawing order, as pypdf reads them: text (exactly as
    extracted), x and y of the line's start in points from the page's top left, font size, and
    whether it starts in a bold face.
    WeasyPrint draws a table cell's lines one after the other, so a cell's lines follow each
    other here."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(path).pages:
        collector = _LineCollector(float(page.mediabox.height))
        page.extract_text(visitor_text=collector)
        pages.append([line for line in collector.lines if line["text"].strip()])
    return pages


def soft_line_breaks(path: Path, *, hard: set[str] = frozenset()) -> list[tuple[str, str]]:
    """Every line break inside a block of text: (the line before, the line after), for two lines
    drawn one after the other with the same left edge, one line height apart (the documents'
    line-height is 1.4). A line whose text is in `hard` (a label on a line of its own) is
    followed by a forced break, not counted."""
    breaks = []
    for lines in page_lines(path):
        for line, following in zip(lines, lines[1:], strict=False):
            step = line["size"] * 1.4
            same_column = abs(following["x"] - line["x"]) < 1.0
            if (
                same_column
                and abs(following["y"] - line["y"] - step) < 1.0
                and line["text"].strip() not in hard
            ):
                breaks.append((line["text"], following["text"]))
    return breaks
