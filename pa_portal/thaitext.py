"""Clean Thai text typed or pasted by users.

Text copied from PDFs (seed 001 is a real example) carries characteristic breakage: SARA AM
(ำ) split into a space and SARA AA ("ส านักงาน"), a tone mark pushed behind a leading vowel
("ทีแ่ละ"), zero-width characters, and control characters. Every text a user saves passes
through `clean_text`, so the database, the snapshots and the PDFs only ever see repaired NFC.
"""

import re
import unicodedata

_CONSONANT = "\u0e01-\u0e2e"
_TONE = "\u0e48-\u0e4b"
_LEADING_VOWEL = "\u0e40-\u0e44"  # เ แ โ ใ ไ
_ABOVE_OR_BELOW = "\u0e31\u0e34-\u0e3a\u0e47"

# A consonant (with an optional tone mark) followed by " า": SARA AA never starts a word, so this
# is a split SARA AM. "น้ า" -> "น้ำ", "ส านัก" -> "สำนัก".
_SPLIT_SARA_AM = re.compile(rf"([{_CONSONANT}])([{_TONE}]?)[ \u00a0]+\u0e32")
# NIKHAHIT + SARA AA, as some PDF tools and the WeasyPrint workaround write ำ.
_NIKHAHIT_AA = re.compile(rf"\u0e4d([{_TONE}]?)\u0e32")
# A tone mark right after a leading vowel belongs to the syllable before it: "ทีแ่ละ" -> "ที่และ".
_TONE_AFTER_LEADING = re.compile(rf"([{_CONSONANT}{_ABOVE_OR_BELOW}])([{_LEADING_VOWEL}])([{_TONE}])")
# A tone mark typed before an above/below vowel: "ก่ี" -> "กี่" (Unicode order: vowel, then tone).
_TONE_BEFORE_VOWEL = re.compile(rf"([{_TONE}])([{_ABOVE_OR_BELOW}])")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# C0/C1 controls except tab and newline; carriage returns are normalised away first.
_CONTROL = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f]")
_SPACES = re.compile(r"[ \t\u00a0]{2,}")


def clean_text(value: str | None, *, multiline: bool = True) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _ZERO_WIDTH.sub("", text)
    text = _CONTROL.sub("", text)
    text = _NIKHAHIT_AA.sub(lambda m: m.group(1) + "\u0e33", text)
    text = _SPLIT_SARA_AM.sub(lambda m: m.group(1) + m.group(2) + "\u0e33", text)
    text = _TONE_AFTER_LEADING.sub(lambda m: m.group(1) + m.group(3) + m.group(2), text)
    text = _TONE_BEFORE_VOWEL.sub(lambda m: m.group(2) + m.group(1), text)
    text = _SPACES.sub(" ", text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(lines).strip()
