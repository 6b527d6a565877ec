"""Line breaks between the words people read (issue 16, section 4).

Pango breaks Thai lines where libthai's dictionary puts a word boundary, which is inside many
compounds a reader takes as one word ("ผู้⏎เรียน", "การ⏎ศึกษา", "ไม่น้อย⏎กว่า"). Before layout, the
text is segmented with pythainlp's newmm and the portal's word list (reports/data/thai_words.txt),
and each Thai word is written as `<span class="w">` (white-space: nowrap, _base.css), with a
ZERO WIDTH SPACE between two words that touch: WeasyPrint breaks between such spans only at the
ZWSP, and draws no glyph for it, so the text layer still reads as typed.

A word wider than the narrowest column is not kept whole: it is split again into the words that
fit ("ข้าราชการครูและบุคลากรทางการศึกษา" as ข้าราชการครู, และ, บุคลากรทางการศึกษา), and a piece
still too wide is left to Pango, so nothing runs out of its cell.
"""

import ctypes
import ctypes.util
import functools
import re
import threading
from pathlib import Path

from django.conf import settings
from django.utils.html import escape

WORDS_FILE = Path(__file__).parent / "data" / "thai_words.txt"
ZWSP = "\u200b"

# The narrowest text column of a PA1 (a quarter of A4 landscape less the cell's padding) is
# about 160 pt; a word kept whole must fit it in bold, with a margin.
MAX_WORD_WIDTH_PT = 145.0
FONT_SIZE_PT = 12.0

_THAI = re.compile("[\u0e01-\u0e4e]")
_OPENING = "([{\"'“‘"
_CLOSING = ")]}\"'”’.,:;!?%"


def domain_words() -> list[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


@functools.cache
def _trie():
    """pythainlp's dictionary and the portal's word list, as one trie (it takes ~75 MB: one per
    process)."""
    from pythainlp.corpus import thai_words
    from pythainlp.util import Trie

    return Trie(set(thai_words()) | set(domain_words()))


_trie_lock = threading.Lock()


def segment(text: str) -> list[str]:
    """newmm's words of `text` (spaces kept as tokens), with the portal's word list."""
    from pythainlp.tokenize import word_tokenize

    with _trie_lock:  # _split_wide takes words out of the trie for a moment
        return word_tokenize(text, custom_dict=_trie(), engine="newmm", keep_whitespace=True) if text else []


@functools.lru_cache(maxsize=1024)
def _split_wide(word: str) -> tuple[str, ...]:
    """The words a word wider than the narrowest column is made of: newmm's segmentation of it
    without the word itself (and so on for a part still too wide)."""
    from pythainlp.tokenize import word_tokenize

    trie, removed = _trie(), []
    with _trie_lock:
        try:
            parts = [word]
            while True:
                wide = [part for part in parts if width_pt(part) > MAX_WORD_WIDTH_PT and part in trie]
                if not wide:
                    return tuple(parts)
                for part in wide:
                    trie.remove(part)
                    removed.append(part)
                parts = word_tokenize(word, custom_dict=trie, engine="newmm", keep_whitespace=True)
        finally:
            for part in removed:
                trie.add(part)


@functools.cache
def _advances() -> tuple[dict[int, int], float]:
    """Advance width of each character in Sarabun Bold (the widest face), in font units."""
    from fontTools.ttLib import TTFont

    font = TTFont(Path(settings.SARABUN_DIR) / "Sarabun-Bold.ttf", lazy=True)
    metrics = font["hmtx"].metrics
    widths = {code: metrics[name][0] for code, name in font.getBestCmap().items()}
    return widths, float(font["head"].unitsPerEm)


def width_pt(word: str, size: float = FONT_SIZE_PT) -> float:
    widths, units = _advances()
    fallback = units * 0.6
    return sum(widths.get(ord(char), fallback) for char in word) * size / units


@functools.cache
def libthai():
    """libthai's word breaker (the one Pango asks), loaded once: (library, breaker)."""
    lib = ctypes.CDLL(ctypes.util.find_library("thai") or "libthai.so.0")
    lib.th_brk_new.restype = ctypes.c_void_p
    lib.th_brk_new.argtypes = [ctypes.c_char_p]
    lib.th_brk_find_breaks.restype = ctypes.c_int
    lib.th_brk_find_breaks.argtypes = [
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_int),
        ctypes.c_size_t,
    ]
    return lib, lib.th_brk_new(None)


def pango_breaks_inside(word: str) -> bool:
    """Whether libthai, which Pango asks where a Thai line may break, finds a break inside `word`."""
    try:
        data = word.encode("tis_620")
    except UnicodeEncodeError:
        return True
    lib, breaker = libthai()
    found = (ctypes.c_int * (len(data) + 1))()
    return lib.th_brk_find_breaks(breaker, data, found, len(data) + 1) > 0


def _pieces(word: str) -> list[tuple[str, str, bool]]:
    """(text, css class, break allowed before it) for a Thai word: whole if it fits (in a span if
    Pango would break it: a span costs layout), else the words it is made of with a break allowed
    between each, so that even letters no dictionary knows wrap inside their column."""
    if width_pt(word) <= MAX_WORD_WIDTH_PT:
        return [(word, "w" if pango_breaks_inside(word) else "", False)]
    parts = []
    for part in _split_wide(word):
        if width_pt(part) <= MAX_WORD_WIDTH_PT:
            parts.append(part)
        else:  # letters no dictionary knows: a break between any two clusters, as a last resort
            from pythainlp.tokenize import subword_tokenize

            parts += subword_tokenize(part, engine="tcc")
    return [(part, "w" if pango_breaks_inside(part) else "", n > 0) for n, part in enumerate(parts)]


# A Latin compound that a reader takes as one word: letters and digits joined by hyphens or
# slashes, dots allowed inside ("O-NET", "e-Service", "RT/NT/O-NET", "ม.6/1" has "6/1").
COMPOUND = re.compile(r"[0-9A-Za-z]+(?:[-/.][0-9A-Za-z]+)*[-/][0-9A-Za-z]+(?:[-/.][0-9A-Za-z]+)*")
# Longer than this may not fit a column (a cell of the PA1 holds about 28 Latin letters a line),
# so it keeps its break opportunities: a URL still wraps instead of running out of its cell.
MAX_COMPOUND = 20


def _tokens(text: str):
    """(text, css class or "", break allowed before it) of `text`: Latin compounds, Thai words,
    and the rest as it is."""
    last = 0
    for match in COMPOUND.finditer(text):
        yield from _words(text[last : match.start()])
        compound = match.group(0)
        yield compound, "nobreak" if len(compound) <= MAX_COMPOUND else "", False
        last = match.end()
    yield from _words(text[last:])


def _words(text: str):
    for token in segment(text):
        if _THAI.search(token):
            yield from _pieces(token)
        else:
            yield token, "", False


@functools.lru_cache(maxsize=8192)
def breakable_html(text: str) -> str:
    """`text` escaped, each Thai word in a nowrap span, ZWSP where two words touch."""
    out: list[str] = []
    previous, previous_kept = "", False
    for piece, css, joint in _tokens(text):
        if not piece:
            continue
        if previous and not previous[-1].isspace() and not piece[0].isspace():  # two words touch
            separate = (css or previous_kept) and previous[-1] not in _OPENING and piece[0] not in _CLOSING
            if joint or separate:
                out.append(ZWSP)
        out.append(f'<span class="{css}">{escape(piece)}</span>' if css else escape(piece))
        previous, previous_kept = piece, bool(css)
    return "".join(out)


def word_across(left: str, right: str) -> str | None:
    """The word of newmm's segmentation (with the portal's word list) that a line ending with
    `left` and going on with `right` was broken inside, or None for a break between two words.
    pypdf drops the space a line ends with, so a break beside anything but Thai letters counts
    as between words."""
    if not left or not right or not (_THAI.match(left[-1]) and _THAI.match(right[0])):
        return None  # at a space, or next to Latin letters, digits or punctuation
    left, right = left.rstrip()[-40:], right.lstrip()[:40]
    position = 0
    for token in segment(left + right):
        if position < len(left) < position + len(token):
            return token
        position += len(token)
    return None


def breaks_between_words(left: str, right: str) -> bool:
    return word_across(left, right) is None
