"""The director's review, in a real browser at a laptop's 1366×768: the deputy submits, the
director returns it with a comment on a row, the deputy changes a target from 80 to 90 and sends
it again; the director is told it is version 2 and what changed, reads the earlier comments
beside the rows, compares the versions as a person would, agrees, and lands on the office's list
with every state."""

import copy
import re

import pytest
from playwright.sync_api import expect

from agreements import drafts, workflow
from agreements.models import Agreement
from pa_portal import roles
from pa_portal.tests.conftest import COMPLETE, fill
from testsupport.browser import screenshot
from testsupport.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def assert_no_sideways_scroll(page):
    assert page.evaluate("document.scrollingElement.scrollWidth <= innerWidth"), page.url


def with_first_target(value: str) -> dict:
    data = copy.deepcopy(COMPLETE)
    data["part2"][0]["targets"][0]["value"] = value
    return data


def colleagues_in_every_state(office, supervisor):
    """Three more deputies of the office: one waiting, one returned, one still drafting, and one
    who has not started."""
    people = {
        name: make_person(name, [roles.DEPUTY], office, first_name=first)
        for name, first in (
            ("waiting", "รอคอย"),
            ("returned", "แก้ไข"),
            ("drafting", "ร่างอยู่"),
            ("idle", "ยังไม่เริ่ม"),
        )
    }
    for name in ("waiting", "returned", "drafting"):
        agreement = fill(drafts.agreement_start(owner=people[name], fiscal_year=2570), people[name])
        if name != "drafting":
            workflow.agreement_submit(agreement=agreement, actor=people[name])
        if name == "returned":
            workflow.agreement_return(agreement=agreement, actor=supervisor, comment="เพิ่มหลักฐาน")
    return people


def test_the_director_reviews_a_revised_agreement_and_lands_on_the_office_list(
    open_as, people, standards, policies, media
):
    deputy, supervisor = people["deputy"], people["supervisor"]
    colleagues_in_every_state(people["office"], supervisor)
    agreement = fill(drafts.agreement_start(owner=deputy, fiscal_year=2570), deputy, with_first_target("80"))

    # --- the deputy submits
    page = open_as(deputy)
    page.goto(f"/agreements/{agreement.pk}/submit/")
    page.get_by_role("button", name="ยืนยันส่งข้อตกลง").click()
    expect(page.locator(".alert-success")).to_contain_text("ส่งข้อตกลงแล้ว (ฉบับที่ 1)")

    # --- the director returns it with a comment on row 1.1 and on the first challenge issue
    boss = open_as(supervisor)
    boss.set_viewport_size(LAPTOP)
    boss.goto(f"/agreements/{agreement.pk}/review/")
    expect(boss.locator("#previous-round")).to_have_count(0)  # a first version has no earlier round
    boss.check('input[name="decision"][value="return"]')
    boss.fill('[name="comment"]', "ปรับค่าเป้าหมายให้ท้าทายขึ้น")
    boss.fill('[name="note__item-1.1"]', "ระบุจำนวนโรงเรียนที่เข้าร่วมให้ชัดเจน")
    boss.fill('[name="note__challenge-1"]', "ค่าเป้าหมายร้อยละ 80 ต่ำเกินไป")
    boss.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    expect(boss.locator(".alert-success")).to_contain_text("กลับให้แก้ไขแล้ว")

    # --- the deputy raises the target from 80 to 90 and sends it again
    page.goto(f"/agreements/{agreement.pk}/part2/")
    expect(page.locator('[name="c1_quant1_value"]')).to_have_value("80")
    page.fill('[name="c1_quant1_value"]', "90")
    page.get_by_role("button", name="บันทึกร่าง").click()
    expect(page.locator(".alert-success")).to_contain_text("บันทึกร่างแล้ว")
    page.goto(f"/agreements/{agreement.pk}/submit/")
    page.get_by_role("button", name="ยืนยันส่งข้อตกลง").click()
    expect(page.locator(".alert-success")).to_contain_text("ส่งข้อตกลงแล้ว (ฉบับที่ 2)")

    # --- the director's notification says it is version 2 and what changed
    boss.goto("/cycle/notifications/")
    latest = boss.locator("body")
    expect(latest).to_contain_text("ฉบับที่ 2 (แก้ไขแล้ว) รอการพิจารณา")
    expect(latest).to_contain_text("เทียบกับฉบับที่ 1: แก้ไข 1 รายการ (ประเด็นท้าทายที่ 1)")

    # --- the review shows the earlier round's comments, beside the rows too, and the comparison
    boss.goto(f"/agreements/{agreement.pk}/review/")
    previous = boss.locator("#previous-round")
    expect(previous).to_contain_text("ฉบับที่ 2 ส่งใหม่หลังแก้ไขตามความเห็นเมื่อพิจารณาฉบับที่ 1")
    expect(previous).to_contain_text("ความเห็นโดยรวม: ปรับค่าเป้าหมายให้ท้าทายขึ้น")
    expect(previous).to_contain_text("ข้อ 1.1: ระบุจำนวนโรงเรียนที่เข้าร่วมให้ชัดเจน")
    expect(previous.locator("#change-counts")).to_have_text("แก้ไข 1 รายการ")
    expect(boss.locator("#item-1\\.1 .review-comment")).to_contain_text(
        "ความเห็นเมื่อพิจารณาฉบับที่ 1: ระบุจำนวนโรงเรียนที่เข้าร่วมให้ชัดเจน"
    )
    expect(boss.locator("#challenge-1 .review-comment")).to_contain_text("ค่าเป้าหมายร้อยละ 80 ต่ำเกินไป")
    screenshot(boss, "review-version-2")

    # --- the decision panel never covers a third of the laptop's screen
    third = LAPTOP["height"] / 3
    bar = boss.locator("#review-bar").bounding_box()
    assert bar is not None and bar["height"] < third
    assert bar["y"] + bar["height"] <= LAPTOP["height"]  # the slim bar stays in view while reading
    decision = boss.locator("#decision")
    decision.scroll_into_view_if_needed()
    assert decision.bounding_box()["height"] < third
    assert decision.evaluate("e => getComputedStyle(e).position") not in ("sticky", "fixed")

    # --- the comparison reads as a person would: the whole number struck and the new one
    previous.get_by_role("link", name="ดูสิ่งที่เปลี่ยนจากฉบับที่ 1").click()
    expect(boss).to_have_url(re.compile(rf"/agreements/{agreement.pk}/compare/1/2/$"))
    value = boss.locator("dt", has_text="เป้าหมายเชิงปริมาณ 1: ค่าเป้าหมาย").locator(
        "xpath=following-sibling::dd[1]"
    )
    expect(value.locator("del.diff-del")).to_have_text("80")
    expect(value.locator("ins.diff-ins")).to_have_text("90")
    expect(boss.locator("main")).not_to_contain_text("quantitative")
    expect(boss.locator("main")).to_contain_text("แก้ไข 1 รายการ")
    screenshot(boss, "compare-80-90")

    # --- on a phone, the comparison does not scroll sideways
    boss.set_viewport_size(PHONE)
    assert_no_sideways_scroll(boss)
    boss.set_viewport_size(LAPTOP)

    # --- the director agrees and lands on the office's list, every state with its count
    boss.get_by_role("link", name="กลับไปพิจารณาฉบับที่ 2").click()
    boss.check('input[name="decision"][value="agree"]')
    boss.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    expect(boss).to_have_url(re.compile(r"/agreements/review/$"))
    expect(boss.locator(".alert-success")).to_contain_text("เห็นชอบข้อตกลงของ นายสุภาพร แก้วมณี แล้ว")
    tabs = boss.locator("#state-tabs")
    for label in ("ทั้งหมด (5)", "รอพิจารณา (1)", "ส่งกลับแก้ไข (1)", "เห็นชอบแล้ว (1)", "ยังไม่ส่ง (2)"):
        expect(tabs.get_by_role("link", name=label)).to_be_visible()
    expect(boss.locator("tbody tr")).to_have_count(5)
    screenshot(boss, "review-list-after-decision")
    tabs.get_by_role("link", name="ยังไม่ส่ง (2)").click()
    expect(boss.locator("tbody tr")).to_have_count(2)
    expect(boss.locator("tbody")).to_contain_text("ยังไม่เริ่มจัดทำ")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED
    boss.set_viewport_size(PHONE)
    assert_no_sideways_scroll(boss)
    boss.goto(f"/agreements/{agreement.pk}/history/")
    expect(boss.locator("#history")).to_contain_text("ผู้บังคับบัญชาเห็นชอบ")
    assert_no_sideways_scroll(boss)
