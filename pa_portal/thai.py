"""Thai calendar helpers: Buddhist-era years, fiscal years (1 Oct – 30 Sep), Thai month names;
Thai digits."""

import datetime as dt
import re

BE_OFFSET = 543

THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
# Calendar months in fiscal order: October opens the fiscal year.
FISCAL_MONTHS = (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def be_year(year_ce: int) -> int:
    return year_ce + BE_OFFSET


def fiscal_year_of(day: dt.date) -> int:
    """The Buddhist-era fiscal year that contains `day`."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(fiscal_year_be: int) -> tuple[dt.date, dt.date]:
    year_ce = fiscal_year_be - BE_OFFSET
    return dt.date(year_ce - 1, 10, 1), dt.date(year_ce, 9, 30)


def fiscal_month_index(month: int) -> int:
    """1 for October … 12 for September."""
    return FISCAL_MONTHS.index(month) + 1


def month_name(month: int, short: bool = False) -> str:
    return (THAI_MONTHS_SHORT if short else THAI_MONTHS)[month - 1]


def thai_date(value, short: bool = False) -> str:
    """'1 ตุลาคม พ.ศ. 2569' (or '1 ต.ค. 2569' when short)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if short:
        return f"{value.day} {month_name(value.month, short=True)} {be_year(value.year)}"
    return f"{value.day} {month_name(value.month)} พ.ศ. {be_year(value.year)}"


def thai_datetime(value) -> str:
    """'16 ธันวาคม พ.ศ. 2569 เวลา 16:30 น.'; a moment at midnight sharp is how the portal stores
    "until the end of a day" (a round's window, an extension to a day), and people count that
    day as the last one: 'สิ้นวันที่ 18 มกราคม พ.ศ. 2570', never '19 ... เวลา 00:00 น.'."""
    if value is None:
        return ""
    from django.utils import timezone

    local = timezone.localtime(value)
    if local.time() == dt.time(0, 0):
        return f"สิ้นวันที่ {thai_date(local.date() - dt.timedelta(days=1))}"
    return f"{thai_date(local)} เวลา {local:%H:%M} น."


# A code, unit, hash or URL: Latin letters and digits joined by the punctuation such tokens use
# ("SHA-256", "PM2.5", "O-NET", "https://obec.go.th/2567", "ISO-9001:2015"). Thai letters end a
# token, so in "ป.1" the token is "1" alone.
_LATIN_TOKEN = re.compile(r"[0-9A-Za-z]+(?:[-._/:+#@~%=?&,]+[0-9A-Za-z]+)*")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _token_digits(match: re.Match) -> str:
    token = match.group(0)
    return token if _LATIN_LETTER.search(token) else token.translate(_THAI_DIGITS)


def thai_digits(text) -> str:
    """Arabic digits as Thai digits, except in a token that holds a Latin letter: its digits
    follow the token's script ("PM2.5", "SHA-256", "O-NET" stay; "ป.1" becomes "ป.๑", "2570"
    becomes "๒๕๗๐")."""
    return _LATIN_TOKEN.sub(_token_digits, str(text))
