"""Clean Thai text typed or pasted by users.

Text copied from PDFs (seed 001 is a real example) carries characteristic breakage: SARA AM
(ำ) split into a space and SARA AA ("ส านักงาน"), a tone mark pushed behind a leading vowel
("ทีแ่ละ"), a mark typed before its vowel ("ท่ี"), a vowel slid onto the next consonant
("ปฏบิัติ"), a space before a mark ("ประสงค ์"), zero-width characters, and control characters.
Every text a user saves passes through `clean_text`, so the database, the snapshots and the PDFs
only ever see repaired NFC.

The general repairs only fire on sequences that Thai spelling never produces (a mark with no
consonant to sit on, two vowels on one consonant, SARA AA starting a word), so correct text passes
through unchanged. A shifted mark that lands on a valid-looking syllable ("ศกึษา" for "ศึกษา")
cannot be told apart in general; `KNOWN_FRAGMENTS` repairs the ones seen in real pasted text.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

_CONSONANT = "\u0e01-\u0e2e"
_TONE = "\u0e48-\u0e4b"
_LEADING_VOWEL = "\u0e40-\u0e44"  # เ แ โ ใ ไ
_ABOVE_OR_BELOW = "\u0e31\u0e34-\u0e3a\u0e47"
# Vowel marks that sit on a consonant (above: ั ิ ี ึ ื ็, below: ุ ู); PHINTHU is left out on
# purpose, since Pali spellings stack it.
_VOWEL_MARK = "\u0e31\u0e34-\u0e39\u0e47"
# Everything that combines with the character before it: vowel marks, tone marks, THANTHAKHAT,
# NIKHAHIT, YAMAKKAN.
_COMBINING = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"

# Fragments seen in seed 001 where a shifted mark produced a valid-looking syllable. Each key was
# checked against PyThaiNLP's 62,000-word Thai word list (inside any word and across any two words) and
# against every correct text of the project: none occurs in correct Thai.
KNOWN_FRAGMENTS = {
    "ทีก่าร": "ที่การ",  # เขตพื้นทีก่ารศกึษา
    "ศกึษา": "ศึกษา",  # การศกึษา, ประถมศกึษา
    "ผูอ้": "ผู้อ",  # รองผูอ้ านวยการ
    "นชุสรา": "นุชสรา",  # นางนชุสรา (a name on the cover page)
    "คณุธรรม": "คุณธรรม",
    "นกังาน": "นักงาน",  # สาํนกังาน
    "พษิณ": "พิษณ",  # พษิณโุลก
    "พื\ufffdนที\ufffd": "พื้นที่",  # the PDF lost both tone marks of พื้นที่
    "ผู้ เรียน": "ผู้เรียน",
    "วิ เคราะห์": "วิเคราะห์",
}
_KNOWN = re.compile("|".join(re.escape(k) for k in sorted(KNOWN_FRAGMENTS, key=len, reverse=True)))

# NIKHAHIT + SARA AA, as some PDF tools and the WeasyPrint workaround write ำ; also the reverse
# order ("สาํนัก"), which some PDF fonts produce.
_NIKHAHIT_AA = re.compile(rf"\u0e4d([{_TONE}]?)\u0e32")
_AA_NIKHAHIT = re.compile("\u0e32\u0e4d")
# A consonant (with an optional tone mark) followed by " า": SARA AA never starts a word, so this
# is a split SARA AM. "น้ า" -> "น้ำ", "ส านัก" -> "สำนัก".
_SPLIT_SARA_AM = re.compile(rf"([{_CONSONANT}])([{_TONE}]?)[ \u00a0]+\u0e32")
# A mark never starts a word: the space before it came from the PDF ("ประสงค ์").
_SPACE_BEFORE_MARK = re.compile(rf"(?<=[\u0e01-\u0e4e])[ \u00a0]+(?=[{_COMBINING}])")
# A tone mark right after a leading vowel belongs to the syllable before it: "ทีแ่ละ" -> "ที่และ".
_TONE_AFTER_LEADING = re.compile(rf"([{_CONSONANT}{_ABOVE_OR_BELOW}])([{_LEADING_VOWEL}])([{_TONE}])")
# Likewise a vowel mark after a leading vowel: "พิษณโุลก" -> "พิษณุโลก".
_VOWEL_AFTER_LEADING = re.compile(rf"([{_CONSONANT}])([{_LEADING_VOWEL}])([{_VOWEL_MARK}])")
# No consonant carries two vowel marks: the first slid over from the consonant before.
# "ปฏบิัติ" -> "ปฏิบัติ".
_TWO_VOWELS = re.compile(rf"([{_CONSONANT}])([{_CONSONANT}])([{_VOWEL_MARK}])([{_VOWEL_MARK}])")
# A tone mark typed before an above/below vowel: "ก่ี" -> "กี่" (Unicode order: vowel, then tone).
_MARK_RUN = re.compile(rf"[{_COMBINING}]{{2,}}")
_VOWEL_FIRST = re.compile(rf"[{_ABOVE_OR_BELOW}]")
# The same mark twice in a row ("ที่่") is a double keystroke or a doubled glyph.
_DOUBLED_MARK = re.compile(rf"([{_COMBINING}])\1+")
# Zero-width characters, and the explicit bidirectional embeddings, overrides and isolates
# (U+202A–U+202E, U+2066–U+2069): Thai text needs none of them, and an override (U+202E) makes
# text display in an order other than the one stored, e.g. a name or a file name that reads
# differently from what it is.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
# C0/C1 controls except tab and newline; carriage returns are normalised away first.
_CONTROL = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f]")
# Lone surrogates (a JSON "\ud800" escape) cannot be stored as UTF-8, and U+FFFD is what a decoder
# leaves of invalid bytes: both are dropped, after the repairs that recognise a U+FFFD have run.
_INVALID = re.compile("[\ud800-\udfff\ufffd]")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")
_MAX_PASSES = 5


def repair_thai(text: str) -> str:
    """Undo the PDF breakage of Thai marks and vowels (see the module docstring)."""
    # One repair can bring two marks together that another repair then fixes ("ก ิ ็"), so run
    # to a fixed point; real text settles in one or two passes.
    for _ in range(_MAX_PASSES):
        repaired = _repair_once(text)
        if repaired == text:
            break
        text = repaired
    return text


def _repair_once(text: str) -> str:
    text = _KNOWN.sub(lambda m: KNOWN_FRAGMENTS[m.group(0)], text)
    text = _NIKHAHIT_AA.sub(lambda m: m.group(1) + "\u0e33", text)
    text = _AA_NIKHAHIT.sub("\u0e33", text)
    text = _SPLIT_SARA_AM.sub(lambda m: m.group(1) + m.group(2) + "\u0e33", text)
    text = _SPACE_BEFORE_MARK.sub("", text)
    text = _TONE_AFTER_LEADING.sub(r"\1\3\2", text)
    text = _VOWEL_AFTER_LEADING.sub(r"\1\3\2", text)
    text = _TWO_VOWELS.sub(r"\1\3\2\4", text)
    text = _MARK_RUN.sub(_vowels_first, text)
    return _DOUBLED_MARK.sub(r"\1", text)


def _vowels_first(match: re.Match) -> str:
    # A stable sort: vowels keep their order, tones and other marks keep theirs.
    return "".join(sorted(match.group(0), key=lambda mark: not _VOWEL_FIRST.match(mark)))


def clean_text(value: str | None, *, multiline: bool = True) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    text = repair_thai(text)
    if _INVALID.search(text):
        # Dropping a character can bring two marks together: repair once more.
        text = repair_thai(_INVALID.sub("", text))
    text = _SPACES.sub(" ", text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    lines = [line.strip() for line in text.split("\n")]
    # NFC again: a repair may have put a below vowel and a tone mark in non-canonical order.
    return unicodedata.normalize("NFC", "\n".join(lines).strip())


_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# "ร้อยละ 80", "80%", "80 %", "+80": the number is what a target value means; the unit says
# what it counts. Words ("ร้อยละแปดสิบ") are left for the caller to report.
_PERCENT = re.compile(r"^(?:ร้อยละ)?\s*([^%]*?)\s*(?:%|เปอร์เซ็นต์)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")


def parse_number(raw) -> Decimal | None:
    """A number as a Thai user types it: Thai or Arabic digits, a thousands comma ("1,250") or a
    decimal comma ("80,5"), with "ร้อยละ" before it or "%" after it. None for an empty value;
    ValueError (with a Thai message) for anything else, including NaN and infinity."""
    if raw is None:
        return None
    if isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        value = Decimal(str(raw))
    else:
        text = unicodedata.normalize("NFC", str(raw)).translate(_THAI_DIGITS).strip()
        if text == "":
            return None
        match = _PERCENT.match(text)
        text = match.group(1).replace(" ", "") if match else ""
        if _THOUSANDS.match(text):
            text = text.replace(",", "")
        elif _DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        try:
            value = Decimal(text) if text else None
        except InvalidOperation:
            value = None
        if value is None:
            raise ValueError(f"'{raw}' ไม่ใช่ตัวเลข")
    if not value.is_finite():
        raise ValueError(f"'{raw}' ไม่ใช่ตัวเลข")
    return value
