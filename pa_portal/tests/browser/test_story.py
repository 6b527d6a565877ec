"""The year of one agreement, in a real browser, through the real pages and forms only:
the deputy writes the whole agreement, trips over a rule and fixes it, submits; the supervisor
returns it with comments; the deputy revises and resubmits; the supervisor agrees; HR appoints
a committee; three evaluators score; HR exports the packet and downloads it.

Screenshots of the main pages go to docs/screenshots/ (committed)."""

import re

import pytest
from playwright.sync_api import expect

from agreements import services
from agreements.models import Agreement
from pa_portal.tests.browser.conftest import screenshot
from pa_portal.tests.conftest import COMPLETE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAX_STEPS, MAX_QUANT, MAX_QUAL = 5, 3, 2  # the empty slots a fresh Part 2 page offers per issue


def fill_part1(page, rows):
    for row in rows:
        code = row["sub_item"]
        page.fill(f'[name="tasks__{code}"]', row["tasks"])
        for target in row["targets"]:
            group = target["group"]
            page.fill(f'[name="outcome__{code}__{group}"]', target["outcome"])
            page.fill(f'[name="indicator__{code}__{group}"]', target["indicator"])
            page.select_option(f'[name="kind__{code}__{group}"]', target["kind"])


def fill_part2(page, issues):
    for issue in issues:
        p = f"c{issue['order']}_"
        page.fill(f'[name="{p}title"]', issue["title"])
        page.select_option(f'[name="{p}policy"]', issue["policy"])
        page.fill(f'[name="{p}problem"]', issue["problem"])
        for n, step in enumerate(issue["method"][:MAX_STEPS], start=1):
            page.fill(f'[name="{p}step{n}_text"]', step["text"])
            page.select_option(f'[name="{p}step{n}_start"]', str(step["start_month"]))
            page.select_option(f'[name="{p}step{n}_end"]', str(step["end_month"]))
        quantitative = [t for t in issue["targets"] if t["kind"] == "quantitative"][:MAX_QUANT]
        for n, target in enumerate(quantitative, start=1):
            page.fill(f'[name="{p}quant{n}_text"]', target["text"])
            page.fill(f'[name="{p}quant{n}_value"]', target["value"])
            page.fill(f'[name="{p}quant{n}_unit"]', target["unit"])
        qualitative = [t for t in issue["targets"] if t["kind"] == "qualitative"][:MAX_QUAL]
        for n, target in enumerate(qualitative, start=1):
            page.fill(f'[name="{p}qual{n}_text"]', target["text"])


def by_group(targets):
    return {t["group"]: t for t in targets if t["outcome"] or t["indicator"]}


def save_draft(page):
    page.get_by_role("button", name="บันทึกร่าง").click()


def test_one_agreement_through_the_whole_year(open_as, people, standards, policies, media, live_server):
    deputy, supervisor = people["deputy"], people["supervisor"]

    # --- the sign-in page, as everyone first sees it
    page = open_as(deputy)
    login = page.context.browser.new_page(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    login.goto("/accounts/login/")
    expect(login.get_by_role("heading", name="เข้าสู่ระบบ")).to_be_visible()
    screenshot(login, "01-sign-in")
    login.close()

    # --- the deputy starts this year's agreement from the home page
    expect(page.get_by_role("button", name="เริ่มจัดทำข้อตกลงปีงบประมาณ 2570")).to_be_visible()
    screenshot(page, "02-home-deputy")
    page.get_by_role("button", name="เริ่มจัดทำข้อตกลงปีงบประมาณ 2570").click()
    expect(page.locator(".alert-success")).to_contain_text("สร้างข้อตกลงปีงบประมาณ 2570 แล้ว")
    agreement = Agreement.objects.get(owner=deputy)

    # --- Part 1: every row, typed into the real form
    page.get_by_role("link", name="แก้ไขส่วนที่ 1").click()
    expect(page.locator("#item-1\\.1")).to_be_visible()
    fill_part1(page, COMPLETE["part1"])
    screenshot(page, "03-part1")
    save_draft(page)
    expect(page.locator(".alert-success")).to_contain_text("บันทึกร่างแล้ว เวลา")
    stored = services.agreement_to_dict(agreement)
    assert [(r["sub_item"], r["tasks"]) for r in stored["part1"]] == [
        (r["sub_item"], r["tasks"]) for r in COMPLETE["part1"]
    ]
    assert [by_group(r["targets"]) for r in stored["part1"]] == [
        by_group(r["targets"]) for r in COMPLETE["part1"]
    ]

    # --- checking before sending lists what is missing, with links
    page.goto(f"/agreements/{agreement.pk}/submit/")
    problems = page.locator("#problems")
    expect(problems).to_contain_text("ต้องมีประเด็นท้าทาย 3 ประเด็นพอดี (ขณะนี้มี 0 ประเด็น)")
    screenshot(page, "04-submit-problems")
    problems.get_by_role("link", name=re.compile("ต้องมีประเด็นท้าทาย 3 ประเด็นพอดี")).click()
    expect(page).to_have_url(re.compile(rf"/agreements/{agreement.pk}/part2/#part2$"))

    # --- Part 2, with one mistake: a bare number as a qualitative target
    fill_part2(page, COMPLETE["part2"])
    page.fill('[name="c2_qual1_text"]', "80")
    save_draft(page)
    expect(page.locator(".alert-danger").first).to_contain_text("ยังไม่ได้บันทึก")
    expect(page.locator("body")).to_contain_text("เป้าหมายเชิงคุณภาพต้องเป็นข้อความบรรยาย ไม่ใช่ตัวเลขอย่างเดียว")
    assert page.locator('[name="c1_title"]').input_value() == COMPLETE["part2"][0]["title"]
    screenshot(page, "05-part2-validation-error")
    page.fill(
        '[name="c2_qual1_text"]',
        [t for t in COMPLETE["part2"][1]["targets"] if t["kind"] == "qualitative"][0]["text"],
    )
    save_draft(page)
    expect(page.locator(".alert-success")).to_contain_text("บันทึกร่างแล้ว เวลา")
    assert [i["title"] for i in services.agreement_to_dict(agreement)["part2"]] == [
        i["title"] for i in COMPLETE["part2"]
    ]

    # --- submit
    page.goto(f"/agreements/{agreement.pk}/submit/")
    page.get_by_role("button", name="ยืนยันส่งข้อตกลง").click()
    expect(page.locator(".alert-success")).to_contain_text("ส่งข้อตกลงแล้ว (ฉบับที่ 1)")
    screenshot(page, "06-agreement-submitted")

    # --- the supervisor returns it with a comment on row 1.1
    boss = open_as(supervisor)
    boss.goto("/agreements/review/")
    boss.get_by_role("link", name="พิจารณา", exact=True).click()
    boss.check('input[name="decision"][value="return"]')
    boss.fill('[name="comment"]', "ปรับตัวชี้วัดให้วัดผลได้จริง")
    boss.fill('[name="note__item-1.1"]', "ระบุจำนวนโรงเรียนที่เข้าร่วมให้ชัดเจน")
    screenshot(boss, "07-review-return")
    boss.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    expect(boss.locator(".alert-success")).to_contain_text("ส่งข้อตกลงของ นายสุภาพร แก้วมณี กลับให้แก้ไขแล้ว")

    # --- the deputy reads the comments, revises row 1.1 and sends it again
    page.goto(f"/agreements/{agreement.pk}/")
    expect(page.locator("body")).to_contain_text("ปรับตัวชี้วัดให้วัดผลได้จริง")
    page.get_by_role("link", name="แก้ไขส่วนที่ 1").click()
    expect(page.locator("body")).to_contain_text("ระบุจำนวนโรงเรียนที่เข้าร่วมให้ชัดเจน")
    revised = COMPLETE["part1"][0]["tasks"] + " โดยครอบคลุมโรงเรียนทั้ง 120 แห่ง"
    page.fill('[name="tasks__1.1"]', revised)
    save_draft(page)
    expect(page.locator(".alert-success")).to_contain_text("บันทึกร่างแล้ว เวลา")
    page.goto(f"/agreements/{agreement.pk}/submit/")
    page.get_by_role("button", name="ยืนยันส่งข้อตกลง").click()
    expect(page.locator(".alert-success")).to_contain_text("ส่งข้อตกลงแล้ว (ฉบับที่ 2)")

    # --- the supervisor agrees
    boss.goto(f"/agreements/{agreement.pk}/review/")
    boss.check('input[name="decision"][value="agree"]')
    boss.get_by_role("button", name="บันทึกผลการพิจารณา").click()
    expect(boss.locator(".alert-success")).to_contain_text("เห็นชอบข้อตกลงของ นายสุภาพร แก้วมณี แล้ว")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED
    assert agreement.submissions.count() == 2

    page.goto(f"/agreements/{agreement.pk}/")
    expect(page.locator("body")).to_contain_text("ฉบับที่ 2")
    screenshot(page, "08-agreement-agreed")
    page.goto(f"/agreements/{agreement.pk}/compare/1/2/")
    expect(page.locator("ins.diff-ins").first).to_contain_text("120")
    screenshot(page, "09-compare-versions")
    page.goto(f"/agreements/{agreement.pk}/history/")
    expect(page.locator("body")).to_contain_text("agreement.agreed")
    screenshot(page, "10-history")
