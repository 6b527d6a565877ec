"""The text layer of Thai in WeasyPrint's PDFs: what a reader gets when they search, copy or
extract the text (pdftotext, pypdf, a browser's pdf.js) must be the text that was typed.

Why WeasyPrint 70 needs help. A PDF maps each drawn code to text through the font's ToUnicode
map, one entry per code; WeasyPrint draws glyph ids as codes and gives each glyph the text of the
first cluster it was drawn in (WeasyPrint #2841). HarfBuzz draws ำ (SARA AM) as two glyphs,
NIKHAHIT ํ and SARA AA า, with ํ moved before a tone mark (Sarabun draws ํ + tone as one ligature
glyph). One glyph, one text cannot give "ทำ" for [ท][ํ][า] and "งาน" for [ง][า][น] at once.

The fix has two parts, both in the PDF's own terms:
1. every Thai glyph maps to the characters it draws (from the font's cmap, or from its
   production name: "uni0E4D0E49" is ้ + ํ), so a glyph reads the same wherever it is drawn;
2. in a cluster whose glyphs do not read as the typed text (every ำ), the glyphs that must read
   differently are drawn with other codes (aliases) that the font's CIDToGIDMap sends to the same
   glyph, each with its own ToUnicode text: [ท][ํ→""][า→"ำ"], [น][ํ้→"้"][า→"ำ"]. Nothing
   changes on the page (same glyphs, same widths, same positions).
A glyph that must read as nothing gets a code that is itself an invisible format character
(U+200B…U+206F): pdf.js reads a code with an empty ToUnicode text as the code's own character, and
drops format characters; poppler and pypdf read the empty text.

Both parts wrap WeasyPrint functions that are not a public API (`weasyprint.draw.text.
draw_first_line`, `weasyprint.pdf.build_fonts_dictionary`), so they are installed only on the
releases in CHECKED_ON; reports/tests/test_text_layer.py fails loudly when they stop applying.
"""

import functools
import io
import logging
import re
import threading

import pydyf
import weasyprint
import weasyprint.draw.text
import weasyprint.pdf
from fontTools.ttLib import TTFont
from weasyprint.text.ffi import ffi, pango

logger = logging.getLogger(__name__)

# The WeasyPrint releases this fix was checked on (text read back with pdftotext, pypdf and
# pdf.js). On any other release it stays out and a warning says so.
CHECKED_ON = ("70.0",)

_THAI = re.compile("[\u0e00-\u0e7f]")
_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"
_SARA_AM, _SARA_AA = "\u0e33", "\u0e32"
_PRODUCTION_NAME = re.compile(r"^uni((?:[0-9A-F]{4})+)(?:\..*)?$")

# Codes for glyphs that must read as nothing: format characters (Unicode category Cf), which
# pdf.js drops when it falls back to the code itself. Codes for other aliases follow them.
_EMPTY_CODES = (
    *range(0x200B, 0x2010),
    *range(0x202A, 0x202F),
    *range(0x2060, 0x2065),
    *range(0x2066, 0x2070),
)
_FIRST_ALIAS, _LAST_ALIAS = 0x2100, 0x2FFF

# --- 1. each Thai glyph reads as the characters it draws ------------------------------------

_thai_glyphs_cache: dict[str, dict[int, str]] = {}


def thai_glyphs(font) -> dict[int, str]:
    """Glyph id -> the Thai text the glyph draws: from the font's cmap when the glyph stands for
    exactly one character, else from its production name ("uni0E49.small" is ้, the ligature
    "uni0E4D0E49" is ้ + ํ, in the order ำ is typed after a tone mark)."""
    glyphs = _thai_glyphs_cache.get(font.hash)
    if glyphs is None:
        ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
        glyphs = {}
        for gid, name in enumerate(ttfont.getGlyphOrder()):
            match = _PRODUCTION_NAME.match(name)
            if match:
                hexes = match.group(1)
                text = "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))
                if all("\u0e01" <= char <= "\u0e5b" for char in text):
                    if "\u0e4d" in text:  # NIKHAHIT of ำ comes after the tone mark typed before it
                        text = "".join(c for c in text if c in _TONE_MARKS) + "".join(
                            c for c in text if c not in _TONE_MARKS
                        )
                    glyphs[gid] = text
        nominal: dict[int, list[str]] = {}
        for codepoint, name in (ttfont.getBestCmap() or {}).items():
            if 0x0E01 <= codepoint <= 0x0E5B:
                nominal.setdefault(ttfont.getGlyphID(name), []).append(chr(codepoint))
        glyphs.update({gid: found[0] for gid, found in nominal.items() if len(found) == 1})
        _thai_glyphs_cache[font.hash] = glyphs
    return glyphs


# --- 2. aliases for the glyphs of a cluster that must read differently ----------------------


_lock = threading.Lock()


class _Aliases:
    """The alias codes of one font of one document: (glyph id, text) -> code."""

    def __init__(self):
        self.codes: dict[tuple[int, str], int] = {}
        self.next_code = _FIRST_ALIAS

    def code(self, gid: int, text: str) -> int | None:
        with _lock:
            return self._code(gid, text)

    def _code(self, gid: int, text: str) -> int | None:
        key = (gid, text)
        if key not in self.codes:
            if text:
                if self.next_code > _LAST_ALIAS:
                    return None
                self.codes[key] = self.next_code
                self.next_code += 1
            else:
                used = set(self.codes.values())
                free = [code for code in _EMPTY_CODES if code not in used]
                if not free:
                    return None
                self.codes[key] = free[0]
        return self.codes[key]


# Per font file, for the process: a code means the same in every document (two WeasyPrint fonts
# of one document may share a file, and so a font dictionary).
_aliases: dict[str, _Aliases] = {}


def cluster_texts(naturals: list[str], text: str) -> list[str] | None:
    """The text each glyph of a cluster must read as, so that together they read as `text`:
    each typed character goes to the first glyph (from the last one used) that draws it (ำ to the
    glyph that draws า), so glyphs keep their own text where they can. None if the typed order
    cannot be kept that way."""
    texts = [""] * len(naturals)
    position = 0
    for char in text:
        drawn = _SARA_AA if char == _SARA_AM else char
        for index in range(position, len(naturals)):
            if drawn in naturals[index]:
                texts[index] += char
                position = index
                break
        else:
            return None
    return texts


def _line_clusters(stream, textbox):
    """The glyphs WeasyPrint drew for a textbox's first line, in drawing order, as (font, glyph
    id, cluster number, cluster text); glyph id None for a glyph the font lacks. Walks Pango's
    glyph string as weasyprint.draw.text.draw_first_line does."""
    first_line, _ = textbox.pango_layout.get_first_line()
    utf8 = textbox.pango_layout.text.encode()
    drawn, cluster_number = [], 0
    run = first_line.runs[0]
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        glyph_string = glyph_item.glyphs
        count = glyph_string.num_glyphs
        item = glyph_item.item
        font, _ = stream.add_font(item.analysis.font)  # the font WeasyPrint drew with (cached)
        starts = [glyph_string.log_clusters[i] for i in range(count)]
        bounds = sorted(set(starts)) + [item.length]
        rtl = item.analysis.level % 2
        for i in range(count):
            glyph = glyph_string.glyphs[i].glyph
            if glyph == pango.PANGO_GLYPH_EMPTY:
                continue
            if i == 0 or starts[i] != starts[i - 1]:
                cluster_number += 1
            start = starts[i]
            end = bounds[bounds.index(start) + 1]
            text = utf8[item.offset + start : item.offset + end].decode(errors="replace")
            known = not glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG
            drawn.append((font, glyph if known else None, cluster_number, None if rtl else text))
    return drawn


def _alias_codes(drawn) -> dict[int, int]:
    """Index in `drawn` -> alias code, for the glyphs of Thai clusters that would not read as
    typed with their own code."""
    replace = {}
    clusters: dict[int, list[int]] = {}
    for index, (_, _, number, _) in enumerate(drawn):
        clusters.setdefault(number, []).append(index)
    for indexes in clusters.values():
        font, _, _, text = drawn[indexes[0]]
        gids = [drawn[i][1] for i in indexes]
        if not text or not _THAI.search(text) or None in gids or font.bitmap:
            continue
        if font.glyph_count + len(font.missing) >= _EMPTY_CODES[0]:
            continue  # codes above the font's glyphs are needed for the aliases
        thai = thai_glyphs(font)
        naturals = [thai.get(gid, font.to_unicode.get(gid, "")) for gid in gids]
        if "".join(naturals) == text:
            continue
        texts = cluster_texts(naturals, text)
        if texts is None:
            logger.debug("Thai cluster %r: no alias keeps its order", text)
            continue
        aliases = _aliases.setdefault(font.hash, _Aliases())
        for index, gid, natural, wanted in zip(indexes, gids, naturals, texts, strict=True):
            if wanted != natural:
                code = aliases.code(gid, wanted)
                if code is not None:
                    replace[index] = code
    return replace


_HEX = re.compile(rb"<([0-9a-f]*)>")


def _rewrite(chunks: list, drawn, replace: dict[int, int]) -> list | None:
    """`chunks` (the content stream's operators of one line) with the replaced glyph codes; None
    when the codes in them are not the glyphs `drawn` in order (then nothing is changed)."""
    position = 0
    result = []
    for chunk in chunks:
        if not (isinstance(chunk, bytes) and chunk.endswith(b" TJ")):
            result.append(chunk)
            continue
        parts = []
        for hexes in _HEX.findall(chunk):
            codes = []
            for i in range(0, len(hexes), 4):
                if position >= len(drawn) or len(hexes) % 4:
                    return None
                gid = drawn[position][1]
                if gid is not None and int(hexes[i : i + 4], 16) != gid:
                    return None
                codes.append(f"{replace.get(position, int(hexes[i : i + 4], 16)):04x}".encode())
                position += 1
            parts.append(b"<" + b"".join(codes) + b">")
        replaced = iter(parts)
        result.append(_HEX.sub(lambda _, replaced=replaced: next(replaced), chunk))
    return result if position == len(drawn) else None


def _with_cluster_aliases(draw_first_line):
    @functools.wraps(draw_first_line)
    def draw(stream, textbox, *args, **kwargs):
        before = len(stream.stream)
        result = draw_first_line(stream, textbox, *args, **kwargs)
        if _THAI.search(textbox.pango_layout.text or ""):
            drawn = _line_clusters(stream, textbox)
            replace = _alias_codes(drawn)
            if replace:
                chunks = _rewrite(stream.stream[before:], drawn, replace)
                if chunks is None:
                    logger.warning(
                        "Thai text layer: the drawn glyphs of %r were not recognised", textbox.text
                    )
                else:
                    stream.stream[before:] = chunks
        return result

    draw.thai_text_layer = True
    return draw


def _with_thai_fonts(build_fonts_dictionary):
    @functools.wraps(build_fonts_dictionary)
    def build(pdf, fonts, compress, *args, **kwargs):
        aliased = {}
        for font in fonts.values():
            if font.to_unicode:
                thai = thai_glyphs(font)
                for gid in font.to_unicode.keys() & thai.keys():
                    font.to_unicode[gid] = thai[gid]
            aliases = _aliases.get(font.hash)
            # the aliases of the glyphs this document draws (the codes are the process's)
            with _lock:
                codes = dict(aliases.codes) if aliases else {}
            used = {key: code for key, code in codes.items() if key[0] in font.widths}
            if used:
                for (gid, text), code in used.items():
                    font.to_unicode[code] = text
                    font.widths[code] = font.widths[gid]
                aliased.setdefault(font.hash, {}).update({code: gid for (gid, _), code in used.items()})
        pdf_fonts = build_fonts_dictionary(pdf, fonts, compress, *args, **kwargs)
        for font_hash, targets in aliased.items():
            _add_cid_to_gid_map(pdf, pdf_fonts[font_hash], targets, compress)
        return pdf_fonts

    build.thai_text_layer = True
    return build


def _object(pdf, reference: bytes):
    return pdf.objects[int(reference.split()[0])]


def _add_cid_to_gid_map(pdf, reference: bytes, targets: dict[int, int], compress: bool):
    """Send each alias code to its glyph; every other code stays its own glyph id."""
    font_dictionary = _object(pdf, reference)
    subfont = _object(pdf, font_dictionary["DescendantFonts"][0])
    size = max(targets) + 1
    table = bytearray(2 * size)
    for cid in range(_EMPTY_CODES[0]):  # the font's own glyphs (and codes never drawn)
        table[2 * cid : 2 * cid + 2] = cid.to_bytes(2, "big")
    for code, gid in targets.items():
        table[2 * code : 2 * code + 2] = gid.to_bytes(2, "big")
    stream = pydyf.Stream([bytes(table)], compress=compress)
    pdf.add_object(stream)
    subfont["CIDToGIDMap"] = stream.reference


# --- installing -------------------------------------------------------------------------------


def install(version: str = weasyprint.__version__) -> bool:
    """Wrap WeasyPrint's line drawing and font dictionary building with the Thai text layer, on a
    checked release only. Returns whether the fix is in place."""
    if version not in CHECKED_ON:
        logger.warning(
            "WeasyPrint %s: the Thai text layer fix is not installed (checked on %s only); "
            "copied and searched Thai text may lose SARA AM",
            version,
            ", ".join(CHECKED_ON),
        )
        return False
    if not getattr(weasyprint.pdf.build_fonts_dictionary, "thai_text_layer", False):
        weasyprint.pdf.build_fonts_dictionary = _with_thai_fonts(weasyprint.pdf.build_fonts_dictionary)
    if not getattr(weasyprint.draw.text.draw_first_line, "thai_text_layer", False):
        weasyprint.draw.text.draw_first_line = _with_cluster_aliases(weasyprint.draw.text.draw_first_line)
    return True


def installed() -> bool:
    return getattr(weasyprint.pdf.build_fonts_dictionary, "thai_text_layer", False) and getattr(
        weasyprint.draw.text.draw_first_line, "thai_text_layer", False
    )
