"""HR's extension form (issue 17): the day in พ.ศ., the time optional (the whole day when left
out), never a day already past; what HR typed stays in the field when it is refused."""

from agreements.models import SubmissionExtension
from cycle.forms import ExtensionForm

from .conftest import bangkok, complete_draft


def test_a_day_without_a_time_extends_to_the_end_of_that_day(clock):
    form = ExtensionForm({"until": "18 ม.ค. 2570", "until_time": "", "reason": "ลาป่วย"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["until"] == bangkok(2027, 1, 19, 0, 0)


def test_a_day_and_a_time_extend_to_that_moment(clock):
    form = ExtensionForm({"until": "๑๘/๑/๒๕๗๐", "until_time": "16.30 น.", "reason": "ลาป่วย"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["until"] == bangkok(2027, 1, 18, 16, 30)


def test_a_day_before_today_is_refused_in_thai(clock):
    form = ExtensionForm({"until": "9/1/2570", "reason": "ลาป่วย"})
    assert form.errors["until"] == ["วันที่ต้องไม่ก่อนวันนี้ (10 มกราคม พ.ศ. 2570)"]


def test_a_year_in_the_christian_era_is_refused_in_thai(clock):
    form = ExtensionForm({"until": "18/1/2027", "reason": "ลาป่วย"})
    assert form.errors["until"] == ["กรุณากรอกปีเป็นปีพุทธศักราช (พ.ศ.) เช่น 2569"]


def test_an_extension_to_the_end_of_a_day_is_shown_as_that_day(clock):
    current = {"until": bangkok(2027, 1, 19, 0, 0)}
    form = ExtensionForm(initial=current)
    assert 'value="18 มกราคม 2570"' in str(form["until"])
    assert 'value=""' not in str(form["until_time"]) and "value=" not in str(form["until_time"])
    form = ExtensionForm(initial={"until": bangkok(2027, 1, 18, 16, 30)})
    assert 'value="16:30"' in str(form["until_time"])


def test_hr_extends_to_the_end_of_a_day_and_the_owner_reads_that_day(cast, clock, client_for):
    complete_draft(cast["deputy"])
    url = f"/cycle/extensions/2570/{cast['deputy'].pk}/"
    hr = client_for(cast["hr"])
    form = hr.get(url).content.decode()
    assert "data-thaidate" in form and "js/thaidate.js" in form and "datetime-local" not in form
    refused = hr.post(url, {"until": "1/1/2570", "reason": "ลาป่วย"})
    assert refused.status_code == 400
    assert 'value="1/1/2570"' in refused.content.decode()

    assert hr.post(url, {"until": "20 ม.ค. 2570", "reason": "ลาป่วย"}).status_code == 302
    assert SubmissionExtension.objects.get(person=cast["deputy"]).until == bangkok(2027, 1, 21, 0, 0)
    home = client_for(cast["deputy"]).get("/").content.decode()
    assert "สิ้นวันที่ 20 มกราคม พ.ศ. 2570" in home
    assert "เวลา 00:00 น." not in home
    listing = hr.get("/cycle/extensions/?year=2570").content.decode()
    assert "น.." not in listing
