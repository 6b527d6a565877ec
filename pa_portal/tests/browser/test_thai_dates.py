"""Dates in พ.ศ. in a real browser (issue 17): HR types a Buddhist-era date into the round form,
picks another with the Thai calendar by keyboard alone, and the round is stored on the right
days; a date outside the fiscal year is refused in Thai with the typed text kept; the admin uses
the same field and lists its dates in พ.ศ., and its two-box picker speaks Thai."""

import datetime as dt

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from evaluations.models import EvaluationRound
from testsupport.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_enters_round_dates_in_the_buddhist_era(open_as, people):
    call_command("load_scoring", verbosity=0)
    hr = open_as(people["hr"])
    hr.goto("/evaluations/rounds/")
    hr.fill('[name="title"]', "การประเมินครั้งที่ 1 ปีงบประมาณ 2570")
    hr.fill('[name="fiscal_year"]', "2570")
    hr.fill('[name="number"]', "1")
    hr.fill('[name="starts_on"]', "16/12/2569")
    # A day of the next fiscal year: refused in Thai, and what HR typed is still there to correct.
    hr.fill('[name="due_on"]', "1/10/2570")
    hr.get_by_role("button", name="สร้างรอบการประเมิน").click()
    expect(hr.locator("main")).to_contain_text(
        "วันที่ต้องอยู่ในปีงบประมาณ 2570 (1 ตุลาคม พ.ศ. 2569 – 30 กันยายน พ.ศ. 2570)"
    )
    expect(hr.locator('[name="due_on"]')).to_have_value("1/10/2570")
    expect(hr.locator('[name="starts_on"]')).to_have_value("16/12/2569")
    assert not EvaluationRound.objects.exists()

    # The calendar, by keyboard alone: it opens on the day in the field, in Thai and in พ.ศ.
    hr.fill('[name="due_on"]', "1 มี.ค. 2570")
    toggle = hr.get_by_role("button", name="เลือกวันที่จากปฏิทิน กำหนดประเมินแล้วเสร็จ")
    toggle.focus()
    hr.keyboard.press("Enter")
    calendar = hr.get_by_role("dialog", name="มีนาคม พ.ศ. 2570")
    expect(calendar).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(calendar.get_by_role("grid")).to_be_visible()
    expect(hr.locator(":focus")).to_have_attribute("aria-label", "จันทร์ 1 มีนาคม 2570")
    hr.keyboard.press("Escape")
    expect(calendar).to_be_hidden()
    expect(toggle).to_be_focused()
    hr.keyboard.press("Enter")
    hr.keyboard.press("PageDown")  # 1 เมษายน 2570
    hr.keyboard.press("ArrowDown")  # 8 เมษายน
    hr.keyboard.press("ArrowRight")  # 9 เมษายน
    april = hr.get_by_role("dialog", name="เมษายน พ.ศ. 2570")
    expect(hr.locator(":focus")).to_have_attribute("aria-label", "ศุกร์ 9 เมษายน 2570")
    screenshot(hr, "thai-date-picker")
    hr.keyboard.press("Enter")
    expect(april).to_be_hidden()
    expect(hr.locator('[name="due_on"]')).to_have_value("9 เมษายน 2570")
    expect(hr.locator('[name="due_on"]')).to_be_focused()

    hr.get_by_role("button", name="สร้างรอบการประเมิน").click()
    expect(hr.locator(".alert-success")).to_contain_text("สร้างการประเมินครั้งที่ 1 ปีงบประมาณ 2570แล้ว")
    expect(hr.locator("main")).to_contain_text("16 ธันวาคม พ.ศ. 2569 ถึง 9 เมษายน พ.ศ. 2570")
    evaluation_round = EvaluationRound.objects.get()
    assert (evaluation_round.starts_on, evaluation_round.due_on) == (
        dt.date(2026, 12, 16),
        dt.date(2027, 4, 9),
    )

    # The admin: the same field, dates in พ.ศ., and the two-box picker in Thai.
    admin = open_as(people["admin"])
    admin.goto("/admin/evaluations/evaluationround/")
    expect(admin.locator("#result_list")).to_contain_text("16 ธันวาคม พ.ศ. 2569")
    admin.goto(f"/admin/evaluations/evaluationround/{evaluation_round.pk}/change/")
    expect(admin.locator('[name="starts_on"]')).to_have_value("16 ธันวาคม 2569")
    expect(admin.locator('[name="due_on"]')).to_have_value("9 เมษายน 2570")
    admin.get_by_role("button", name="เลือกวันที่จากปฏิทิน วันเริ่มประเมิน").click()
    expect(admin.get_by_role("dialog", name="ธันวาคม พ.ศ. 2569")).to_be_visible()
    screenshot(admin, "admin-thai-date-picker")
    admin.keyboard.press("Escape")
    picker = admin.locator(".selector")
    expect(picker).to_contain_text("ทั้งหมด")
    expect(picker).not_to_contain_text("Choose all")
    expect(picker).not_to_contain_text("Remove all")
