"""The year of one agreement, in a real browser, through the real pages and forms only:
the deputy writes the whole agreement, trips over a rule and fixes it, submits; the supervisor
returns it with comments; the deputy revises and resubmits; the supervisor agrees; HR appoints
a committee; three evaluators score; HR exports the packet and downloads it.

Screenshots of the main pages go to docs/screenshots/ (committed)."""

import re
import unicodedata
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from agreements.models import Agreement
from agreements.snapshot import agreement_to_dict
from evaluations.models import Evaluation, Score
from pa_portal.tests.conftest import COMPLETE
from testsupport.browser import screenshot

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


def outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles.extend(outline_titles(item) if isinstance(item, list) else [item.title])
    return titles


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

    # --- Part 1: every row, typed into the real form, one domain a page
    page.get_by_role("link", name="แก้ไขส่วนที่ 1").click()
    expect(page.locator("#item-1\\.1")).to_be_visible()
    for number in range(1, 6):
        if number > 1:
            page.get_by_role("link", name=re.compile(rf"^ด้านที่ {number}( |$)")).click()
            expect(page.locator(f"#item-{number}\\.1")).to_be_visible()
        fill_part1(page, [r for r in COMPLETE["part1"] if r["sub_item"].startswith(f"{number}.")])
        if number == 1:
            page.evaluate("window.scrollTo(0, 0)")
            screenshot(page, "03-part1")
        save_draft(page)
        expect(page.locator(".alert-success")).to_contain_text("บันทึกร่างแล้ว เวลา")
    stored = agreement_to_dict(agreement)
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
    expect(page.locator("#save-errors")).to_contain_text("บันทึกร่างแล้ว ยกเว้นรายการต่อไปนี้")
    expect(page.locator('[name="c2_qual1_text"]')).to_be_focused()
    expect(page.locator("body")).to_contain_text("เป้าหมายเชิงคุณภาพต้องเป็นข้อความบรรยาย ไม่ใช่ตัวเลขอย่างเดียว")
    assert page.locator('[name="c1_title"]').input_value() == COMPLETE["part2"][0]["title"]
    screenshot(page, "05-part2-validation-error")
    page.fill(
        '[name="c2_qual1_text"]',
        [t for t in COMPLETE["part2"][1]["targets"] if t["kind"] == "qualitative"][0]["text"],
    )
    save_draft(page)
    expect(page.locator(".alert-success")).to_contain_text("บันทึกร่างแล้ว เวลา")
    assert [i["title"] for i in agreement_to_dict(agreement)["part2"]] == [
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
    expect(page.locator("#history")).to_contain_text("ผู้บังคับบัญชาเห็นชอบ")
    screenshot(page, "10-history")

    # --- HR opens an evaluation round and appoints the committee
    call_command("load_scoring", verbosity=0)  # an administrator's one-time setup
    hr = open_as(people["hr"])
    hr.goto("/evaluations/rounds/")
    hr.fill('[name="title"]', "การประเมินครั้งที่ 1 ปีงบประมาณ 2570")
    hr.fill('[name="fiscal_year"]', "2570")
    hr.fill('[name="number"]', "1")
    hr.fill('[name="starts_on"]', "2026-11-01")
    hr.fill('[name="due_on"]', "2027-03-31")
    hr.get_by_role("button", name="สร้างรอบการประเมิน").click()
    expect(hr.locator(".alert-success")).to_contain_text("สร้างการประเมินครั้งที่ 1 ปีงบประมาณ 2570แล้ว")
    hr.get_by_role("link", name="แต่งตั้งคณะกรรมการ", exact=True).click()
    evaluators = [people["evaluator1"], people["evaluator2"], people["evaluator3"]]
    for field, person in zip(("chair", "member_1", "member_2"), evaluators, strict=True):
        hr.select_option(f'[name="{field}"]', str(person.pk))
    hr.get_by_role("button", name="บันทึกคณะกรรมการ").click()
    expect(hr.locator(".alert-success")).to_contain_text("แต่งตั้งคณะกรรมการประเมินของ นายสุภาพร แก้วมณี แล้ว")
    screenshot(hr, "11-evaluation-round")

    # --- three evaluators score the agreed version and confirm their sheets
    for n, (person, level) in enumerate(zip(evaluators, ("4", "3", "3"), strict=True), start=1):
        sheet = open_as(person)
        sheet.goto("/evaluations/")
        sheet.get_by_role("link", name="ประเมิน", exact=True).click()
        expect(sheet.get_by_role("heading", name="แบบประเมินข้อตกลงในการพัฒนางาน (PA 2)")).to_be_visible()
        radios = sheet.locator(f'input.level-input[value="{level}"]')
        assert radios.count() == 22 + 3 * 3
        for i in range(radios.count()):
            sheet.locator(f'label[for="{radios.nth(i).get_attribute("id")}"]').click()
        if n == 1:
            sheet.fill('[name="comment__item:1.1"]', "กำหนดขั้นตอนชัดเจน ครอบคลุมโรงเรียนทุกแห่ง")
            sheet.evaluate("document.getElementById('level-legend').scrollIntoView()")
            screenshot(sheet, "12-evaluation-sheet")
        sheet.once("dialog", lambda dialog: dialog.accept())
        sheet.get_by_role("button", name="ยืนยันผลการประเมิน").click()
        expect(sheet.locator(".alert-success")).to_contain_text("ยืนยันผลการประเมินแล้ว")
    assert Score.objects.filter(evaluation__member__committee__agreement=agreement).count() == 3 * 31
    totals = sorted(
        Evaluation.objects.filter(member__committee__agreement=agreement).values_list("total", flat=True)
    )
    assert [str(t) for t in totals] == ["75.00", "75.00", "100.00"]

    # --- everyone concerned sees the committee's result
    hr.goto("/evaluations/rounds/")
    hr.get_by_role("link", name="การประเมินครั้งที่ 1 ปีงบประมาณ 2570").click()
    hr.get_by_role("link", name="ผล", exact=True).click()
    expect(hr.locator("body")).to_contain_text("ผ่านเกณฑ์")
    screenshot(hr, "13-evaluation-results")

    # --- HR exports the year's packet and downloads it
    hr.goto("/reports/packets/")
    for box in hr.locator('input[name="kinds"]').all():
        box.check()
    hr.get_by_role("button", name="สร้างชุดเอกสาร").click()
    download_link = hr.get_by_role("link", name="ดาวน์โหลดชุดเอกสาร")
    expect(download_link).to_be_visible(timeout=120_000)
    screenshot(hr, "14-packet-ready")
    with hr.expect_download() as info:
        download_link.click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(pdf))
    text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader.pages))
    squeezed = "".join(text.split())  # the PDF wraps lines anywhere
    assert "สุภาพรแก้วมณี" in squeezed
    assert "โดยครอบคลุมโรงเรียนทั้ง120แห่ง" in squeezed  # the agreed version 2, not version 1
    assert len(reader.pages) >= 10
    assert any("สุภาพร" in title for title in outline_titles(reader.outline))
