"""What a target asks for, as a number to compare with, and whether an achieved value meets it.

Part 2's quantitative targets carry their value and unit; a Part 1 indicator states its target in
its text ("ร้อยละ 90 ของสถานศึกษา…", "อัตราส่วนครูต่อนักเรียนไม่เกิน 1:20"). Either way the text
says which way the target points: "ไม่เกิน", "ไม่มากกว่า", "≤" … make it a ceiling (a dropout
rate), anything else a floor. "Achieved / not achieved" is always computed here, never typed."""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

AT_LEAST = "at_least"
AT_MOST = "at_most"
PERCENT = "%"
RATIO = "ratio"

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
# A floor said in words: removed before looking for a ceiling ("ไม่ต่ำกว่า" holds "ต่ำกว่า").
_FLOOR_WORDS = ("ไม่น้อยกว่า", "ไม่ต่ำกว่า", "อย่างน้อย", "≥", ">=")
_CEILING_WORDS = ("ไม่เกิน", "ไม่มากกว่า", "ไม่สูงกว่า", "น้อยกว่า", "ต่ำกว่า", "ลดลงเหลือ", "≤", "<=")
_RATIO = re.compile(rf"({_NUMBER})\s*(?::|ต่อ)\s*({_NUMBER})")
_PERCENT_BEFORE = re.compile(rf"(?:ร้อยละ|เปอร์เซ็นต์)\s*(?:ไม่น้อยกว่า|ไม่ต่ำกว่า|ไม่เกิน|ไม่มากกว่า)?\s*({_NUMBER})")
_PERCENT_AFTER = re.compile(rf"({_NUMBER})\s*(?:%|เปอร์เซ็นต์)")
_COUNT = re.compile(rf"({_NUMBER})\s*([ก-๙A-Za-z]+)?")
# Numbers that name something rather than count it: "ชั้นประถมศึกษาปีที่ 6", "ปีการศึกษา 2569".
_NAMING = re.compile(rf"(?:ปีที่|ปีการศึกษา|ปีงบประมาณ|พ\.ศ\.|ครั้งที่|ข้อ|ระดับชั้น|ชั้น|ป\.|ม\.|เขต)\s*{_NUMBER}")


@dataclass(frozen=True)
class Measure:
    value: Decimal
    unit: str  # "%", "ratio", or the counted thing ("โรงเรียน")
    comparison: str  # AT_LEAST or AT_MOST

    def as_dict(self) -> dict:
        return {"value": plain(self.value), "unit": self.unit, "comparison": self.comparison}


def comparison_of(text: str) -> str:
    text = text or ""
    for word in _FLOOR_WORDS:
        text = text.replace(word, " ")
    return AT_MOST if any(word in text for word in _CEILING_WORDS) else AT_LEAST


def _number(raw: str) -> Decimal:
    return Decimal(raw.replace(",", ""))


def _ratio_value(first: str, second: str) -> Decimal | None:
    """A ratio "a:b" as the one number it is compared by: b per a (1:20 -> 20)."""
    a, b = _number(first), _number(second)
    if a == 0:
        return None
    return (b / a).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def measure_of_indicator(text: str) -> Measure | None:
    """The target a Part 1 indicator states in its text, or None when it states no number.
    The first number stated is the target (an indicator may name more)."""
    text = _NAMING.sub(" ", (text or "").translate(_THAI_DIGITS))
    comparison = comparison_of(text)
    found = []
    if match := _RATIO.search(text):
        value = _ratio_value(*match.groups())
        if value is not None:
            found.append((match.start(), Measure(value, RATIO, comparison)))
    for pattern in (_PERCENT_BEFORE, _PERCENT_AFTER):
        if match := pattern.search(text):
            found.append((match.start(), Measure(_number(match.group(1)), PERCENT, comparison)))
    if found:
        return min(found, key=lambda pair: pair[0])[1]
    if match := _COUNT.search(text):
        return Measure(_number(match.group(1)), match.group(2) or "", comparison)
    return None


def measure_of_target(text: str, value, unit: str) -> Measure | None:
    """A Part 2 quantitative target: its stated value and unit, its direction from its text."""
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    unit = (unit or "").strip()
    if unit in ("%", "ร้อยละ", "เปอร์เซ็นต์"):
        unit = PERCENT
    return Measure(number, unit, comparison_of(text))


def parse_achieved(raw, measure: dict | None = None) -> Decimal | None:
    """A typed achieved value: a number (Thai or Arabic digits, commas, a trailing %), or for a
    ratio target also "1:18". Raises ValueError (Thai) for anything else."""
    if raw is None:
        return None
    text = str(raw).strip().translate(_THAI_DIGITS).replace(",", "").rstrip("%").strip()
    if text == "":
        return None
    if measure and measure.get("unit") == RATIO and (match := _RATIO.fullmatch(text)):
        value = _ratio_value(*match.groups())
        if value is None:
            raise ValueError(f"'{raw}' ไม่ใช่อัตราส่วนที่ใช้ได้")
        return value
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"'{raw}' ไม่ใช่ตัวเลข") from None
    if not value.is_finite():
        raise ValueError(f"'{raw}' ไม่ใช่ตัวเลข")
    return value


def is_met(measure: dict | None, achieved) -> bool | None:
    """Whether `achieved` meets the target; None when either is missing."""
    if not measure or achieved in (None, ""):
        return None
    target, value = Decimal(str(measure["value"])), Decimal(str(achieved))
    return value <= target if measure["comparison"] == AT_MOST else value >= target


def plain(value) -> str:
    """A decimal as the user typed it: no trailing zeros, no exponent."""
    if value in (None, ""):
        return ""
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return format(value.normalize(), "f")


def amount(value, measure: dict | None) -> str:
    """A value in its target's unit, as the forms say it: "ร้อยละ 92", "1:18", "48 โรงเรียน"."""
    text = plain(value)
    if not text or not measure:
        return text
    unit = measure.get("unit", "")
    if unit == PERCENT:
        return f"ร้อยละ {text}"
    if unit == RATIO:
        return f"1:{text}"
    return f"{text} {unit}".strip()


def target_text(measure: dict | None) -> str:
    """The target as a reader compares: "ไม่น้อยกว่าร้อยละ 90", "ไม่เกินร้อยละ 2"."""
    if not measure:
        return ""
    word = "ไม่เกิน" if measure["comparison"] == AT_MOST else "ไม่น้อยกว่า"
    return f"{word} {amount(measure['value'], measure)}"
