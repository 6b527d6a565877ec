"""Dates are typed and read as Thai people write them: day, month, Buddhist-era year
(pa_portal/dates.py, the fields in pa_portal/forms.py), and a deadline at midnight reads as the
end of the day before."""

import datetime as dt
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from pa_portal import dates
from pa_portal.forms import ThaiDateField, ThaiDateInput, ThaiSplitDateTimeField, ThaiTimeField
from pa_portal.thai import thai_datetime

BANGKOK = ZoneInfo("Asia/Bangkok")
DEC_16 = dt.date(2026, 12, 16)


@pytest.mark.parametrize(
    "text",
    [
        "16/12/2569",
        "16-12-2569",
        "16.12.2569",
        " 16 / 12 / 2569 ",
        "16 ธันวาคม 2569",
        "16 ธันวาคม พ.ศ. 2569",
        "วันที่ 16 ธันวาคม พ.ศ. 2569",
        "16 ธ.ค. 2569",
        "16 ธ.ค.2569",
        "16 ธค 2569",
        "16 ธ.ค. 69",
        "16/12/69",
        "๑๖/๑๒/๒๕๖๙",
        "๑๖ ธ.ค. ๒๕๖๙",
        "2026-12-16",
    ],
)
def test_a_day_written_the_thai_way_is_read_in_the_buddhist_era(text):
    assert dates.parse_thai_date(text) == DEC_16


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", dates.INVALID_DATE),
        ("พรุ่งนี้", dates.INVALID_DATE),
        ("16 ธันวา 2569", dates.INVALID_DATE),
        ("16/12", dates.INVALID_DATE),
        ("16/12/2026", dates.NOT_BUDDHIST_ERA),
        ("31/2/2570", dates.NO_SUCH_DAY),
        ("29 ก.พ. 2569", dates.NO_SUCH_DAY),
        ("16/13/2569", dates.NO_SUCH_DAY),
    ],
)
def test_text_that_is_no_date_is_refused_in_thai(text, message):
    with pytest.raises(dates.DateParseError) as refused:
        dates.parse_thai_date(text)
    assert str(refused.value) == message


def test_the_leap_day_of_a_buddhist_era_leap_year_is_a_day():
    assert dates.parse_thai_date("29 ก.พ. 2571") == dt.date(2028, 2, 29)


def test_a_date_is_shown_as_it_is_typed_back():
    assert dates.format_thai_date(DEC_16) == "16 ธันวาคม 2569"
    assert dates.parse_thai_date(dates.format_thai_date(DEC_16)) == DEC_16


def test_a_day_outside_its_fiscal_year_is_refused_with_the_years_bounds():
    assert dates.outside_fiscal_year(dt.date(2026, 10, 1), 2570) is None
    assert dates.outside_fiscal_year(dt.date(2027, 9, 30), 2570) is None
    assert dates.outside_fiscal_year(dt.date(2027, 10, 1), 2570) == (
        "วันที่ต้องอยู่ในปีงบประมาณ 2570 (1 ตุลาคม พ.ศ. 2569 – 30 กันยายน พ.ศ. 2570)"
    )
    assert dates.outside_fiscal_year(dt.date(2026, 9, 30), 2570) is not None


def test_a_deadline_before_today_is_refused():
    today = dt.date(2026, 12, 4)
    assert dates.before_today(today, today) is None
    assert dates.before_today(dt.date(2026, 12, 3), today) == "วันที่ต้องไม่ก่อนวันนี้ (4 ธันวาคม พ.ศ. 2569)"


@pytest.mark.parametrize("text", ["16:30", "16.30", "16.30 น.", "๑๖:๓๐"])
def test_a_time_is_read_as_thai_people_write_it(text):
    assert dates.parse_time(text) == dt.time(16, 30)


@pytest.mark.parametrize("text", ["24:00", "16:60", "สี่โมงเย็น", "1630"])
def test_a_time_that_is_no_time_is_refused(text):
    with pytest.raises(dates.DateParseError):
        dates.parse_time(text)


def test_the_date_field_gives_a_date_and_refuses_in_thai():
    field = ThaiDateField()
    assert field.clean("16/12/2569") == DEC_16
    with pytest.raises(ValidationError) as refused:
        field.clean("16/12/2026")
    assert refused.value.messages == [dates.NOT_BUDDHIST_ERA]
    assert ThaiDateField(required=False).clean("") is None


def test_the_date_widget_is_a_text_field_with_the_calendar_and_shows_the_buddhist_era():
    html = ThaiDateInput().render("starts_on", DEC_16)
    assert 'type="text"' in html and "data-thaidate" in html
    assert 'value="16 ธันวาคม 2569"' in html
    # What a person typed is shown back as typed, even when it was refused.
    assert 'value="16/12/3112"' in ThaiDateInput().render("starts_on", "16/12/3112")
    assert "js/thaidate.js" in str(ThaiDateInput().media)


def test_the_date_and_time_field_reads_both_in_bangkok_time():
    moment = ThaiSplitDateTimeField().clean(["18 ม.ค. 2570", "16.30 น."])
    assert moment == dt.datetime(2027, 1, 18, 16, 30, tzinfo=BANGKOK)
    assert ThaiTimeField(required=False).clean("") is None


def test_a_deadline_at_midnight_reads_as_the_end_of_the_day_before():
    assert thai_datetime(dt.datetime(2027, 1, 19, 0, 0, tzinfo=BANGKOK)) == "สิ้นวันที่ 18 มกราคม พ.ศ. 2570"
    assert thai_datetime(dt.datetime(2027, 1, 18, 16, 30, tzinfo=BANGKOK)) == (
        "18 มกราคม พ.ศ. 2570 เวลา 16:30 น."
    )


def test_no_form_of_the_portal_uses_the_browsers_date_picker():
    """It counts years in ค.ศ.: every date is a ThaiDateField (pa_portal/forms.py)."""
    found = subprocess.run(
        [
            "git",
            "grep",
            "-n",
            "-E",
            r'type="date|datetime-local|input_type = "date"|forms\.(DateField|DateTimeField|DateInput|DateTimeInput)\(',
            "--",
            "*.py",
            "*.html",
            "*.js",
            ":!*/tests/*",
            ":!pa_portal/forms.py",
        ],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )
    assert found.returncode == 1, found.stdout  # git grep: 1 = nothing found
