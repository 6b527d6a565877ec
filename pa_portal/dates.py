"""Dates as Thai people write them: day, month, Buddhist-era year.

A browser's own date picker counts years in the Christian era, so "16/12/2569" typed into it is
stored as the year 3112. Every date field of the portal is a text field instead
(pa_portal.forms.ThaiDateField), read here: "16/12/2569", "16 ธันวาคม 2569", "16 ธ.ค. 69",
"๑๖ ธ.ค. ๒๕๖๙" all mean 16 December 2026. A machine's ISO date ("2026-12-16", year first) is read
in the Christian era, as it is written. The rules that a date must keep (inside its fiscal year,
not in the past) are here too, each with the Thai sentence that refuses it."""

import datetime as dt
import re

from .thai import BE_OFFSET, THAI_MONTHS, THAI_MONTHS_SHORT, be_year, fiscal_year_bounds, thai_date

INVALID_DATE = "กรุณากรอกวันที่เป็นวัน เดือน ปี พ.ศ. เช่น 16/12/2569 หรือ 16 ธันวาคม 2569"
NOT_BUDDHIST_ERA = "กรุณากรอกปีเป็นปีพุทธศักราช (พ.ศ.) เช่น 2569"
NO_SUCH_DAY = "ไม่มีวันที่นี้ในปฏิทิน กรุณาตรวจสอบวันและเดือน"
INVALID_TIME = "กรุณากรอกเวลาเป็นชั่วโมงและนาที เช่น 16:30"

# A Buddhist-era year a person may mean; a four-digit year below this is a Christian-era year.
_BE_MIN, _BE_MAX = 2400, 2800
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMERIC = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_WORDS = re.compile(r"^(\d{1,2})\s*(\D+?)\s*(\d{2}|\d{4})$")
_ERA = re.compile(r"\s*(พ\.\s*ศ\.?|พศ\.?)\s*")


class DateParseError(ValueError):
    """The text is not a date; the message says, in Thai, what to type."""


def _month_of(word: str) -> int | None:
    word = word.replace(" ", "").rstrip(".")
    for number, (name, short) in enumerate(zip(THAI_MONTHS, THAI_MONTHS_SHORT, strict=True), start=1):
        if word in (name, short.rstrip("."), short.replace(".", "")):
            return number
    return None


def _year_ce(year_text: str) -> int:
    year = int(year_text)
    if len(year_text) == 2:
        # "69" is how Thai people shorten 2569.
        year += 2500
    if not _BE_MIN <= year <= _BE_MAX:
        raise DateParseError(NOT_BUDDHIST_ERA)
    return year - BE_OFFSET


def _date(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateParseError(NO_SUCH_DAY) from None


def parse_thai_date(text: str) -> dt.date:
    """The day `text` means, or DateParseError with a Thai message."""
    text = " ".join(str(text).translate(_ARABIC_DIGITS).split())
    text = _ERA.sub(" ", text.replace("วันที่", "")).strip()
    if match := _ISO.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _date(year, month, day)
    if match := _NUMERIC.match(text):
        day, month, year = match.groups()
        return _date(_year_ce(year), int(month), int(day))
    if match := _WORDS.match(text):
        day, word, year = match.groups()
        month = _month_of(word)
        if month is not None:
            return _date(_year_ce(year), month, int(day))
    raise DateParseError(INVALID_DATE)


def parse_time(text: str) -> dt.time:
    """'16:30', '16.30', '16.30 น.', Thai digits; DateParseError with a Thai message otherwise."""
    text = str(text).translate(_ARABIC_DIGITS).replace("น.", "").strip()
    match = re.match(r"^(\d{1,2})\s*[:.]\s*(\d{2})$", text)
    if match is None:
        raise DateParseError(INVALID_TIME)
    hour, minute = (int(part) for part in match.groups())
    if hour > 23 or minute > 59:
        raise DateParseError(INVALID_TIME)
    return dt.time(hour, minute)


def format_thai_date(value: dt.date) -> str:
    """'16 ธันวาคม 2569': what a date field shows, and reads back."""
    return f"{value.day} {THAI_MONTHS[value.month - 1]} {be_year(value.year)}"


def outside_fiscal_year(day: dt.date, fiscal_year_be: int) -> str | None:
    """The refusal for a day that falls outside the fiscal year it belongs to, else None."""
    first, last = fiscal_year_bounds(fiscal_year_be)
    if first <= day <= last:
        return None
    return f"วันที่ต้องอยู่ในปีงบประมาณ {fiscal_year_be} ({thai_date(first)} – {thai_date(last)})"


def before_today(day: dt.date, today: dt.date) -> str | None:
    """The refusal for a deadline that would already have passed, else None."""
    if day >= today:
        return None
    return f"วันที่ต้องไม่ก่อนวันนี้ ({thai_date(today)})"
