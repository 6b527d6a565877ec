"""Reading rendered PDFs back with poppler (pdftotext, pdftoppm), as a person copying text from
the file would. Text is compared under NFKC: the PDF's text layer writes ำ as ํ + า."""

import html
import re
import subprocess
import unicodedata
from collections import Counter
from pathlib import Path

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


def table_columns(path: Path, pages: range, *, headers: list[str], footer_marker: str) -> list[str]:
    """The text of each column of a left-aligned table over `pages`, top to bottom, squashed.

    A row that breaks across pages comes out whole: each column is read on its own (so the
    neighbouring cells never interleave), the page footer is cut off (everything from the line
    holding `footer_marker` down) and the header row repeated on each page is taken out."""
    columns = len(headers)
    lines = [line for line in lines_of(path) if line["page"] in pages]
    starts = Counter(round(line["x0"]) for line in lines)
    edges = sorted(x for x, _ in starts.most_common(columns))
    footer_top = min(line["y0"] for line in lines if footer_marker in line["text"].replace(" ", ""))
    width = lines[0]["page_width"]
    bounds = [edge - 2 for edge in edges] + [width]
    texts = []
    for left, right in zip(bounds, bounds[1:], strict=False):
        crop = (left, 0, right - left, footer_top - 1)
        texts.append(squash(text_of(path, first=pages.start, last=pages.stop - 1, crop=crop)))
    return [text.replace(squash(header), "") for text, header in zip(texts, headers, strict=True)]


def first_page_png(path: Path, out_dir: Path) -> Path:
    prefix = out_dir / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", "-singlefile", str(path), str(prefix)],
        check=True,
    )
    return prefix.with_suffix(".png")
