"""The acceptance story in Chromium: the deputy reports one domain and one challenge issue and
submits; the director returns it with a comment; the deputy resubmits; the director accepts; an
evaluator scoring the agreement sees target vs achieved, the self-rating and the evidence."""

import pytest
from playwright.sync_api import expect

from evaluations.evidence import evidence_add_link
from results import drafts
from results.models import ResultsReport
from results.tests.factories import committee_sheet, issue_results, make_agreed, open_window, row_results
from testsupport.browser import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DONE = "จัดประชุมเชิงปฏิบัติการทบทวนแผนพัฒนาการศึกษาร่วมกับสถานศึกษา"
LESSONS = "ครูติดภารกิจช่วงสอบปลายภาค แก้โดยนิเทศออนไลน์และใช้ครูแกนนำ"


@pytest.fixture
def agreed(role_groups, people, standards, policies, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    agreement = make_agreed(people["deputy"], people["supervisor"])
    open_window(agreement.fiscal_year)
    return agreement


def prefill_all_but_the_story(report, deputy):
    """What the story does not type: every other domain and challenge issue, through the service."""
    basis = report.basis.snapshot
    drafts.report_update(
        report=report,
        actor=deputy,
        data={
            "part1": [row_results(basis, row["sub_item"]) for row in basis["part1"] if row["domain"] != 1],
            "part2": [
                issue_results(basis, issue["order"]) for issue in basis["part2"] if issue["order"] != 1
            ],
        },
        expected_revision=None,
    )


def save(page):
    page.click("#results-save")
    expect(page.locator(".alert-success")).to_contain_text("บันทึกร่างแล้ว")


def test_report_return_resubmit_accept_and_score_against_it(agreed, people, open_as):
    deputy, director = people["deputy"], people["supervisor"]
    page = open_as(deputy)
    page.goto("/results/")
    page.click("text=เริ่มรายงานผล")
    report = ResultsReport.objects.get(agreement=agreed)
    prefill_all_but_the_story(report, deputy)

    # Part 1, domain 1: what was done, each indicator's result, a self-rating.
    page.goto(f"/results/{report.pk}/part1/?domain=1")
    for field in page.locator("textarea[name^='done__']").all():
        field.fill(DONE)
    for field in page.locator("input[name^='achieved__']").all():
        field.fill("95")
    for field in page.locator("textarea[name^='description__']").all():
        field.fill("ผู้บริหารสถานศึกษานำแผนไปใช้และรายงานผลได้ครบถ้วน")
    page.select_option("select[name='rating__1.1']", "4")
    page.fill("textarea[name='reason__1.1']", "โครงการเสร็จเกินเป้าหมาย")
    save(page)
    # Computed, never typed: ร้อยละ 95 against "ร้อยละ 90 ของโครงการ…" is achieved.
    expect(page.locator("#item-1\\.1")).to_contain_text("ไม่น้อยกว่า ร้อยละ 90")
    expect(page.locator("#item-1\\.1")).to_contain_text("บรรลุเป้าหมาย")

    # Part 2, challenge issue 1: each target's result, each step's progress, lessons learned.
    page.goto(f"/results/{report.pk}/part2/")
    issue = page.locator("#challenge-1")
    for field in issue.locator("input[name^='achieved__1__']").all():
        field.fill("96")
    for field in issue.locator("textarea[name^='outcome__1__']").all():
        field.fill("ครูมีทักษะการสอนอ่านเขียนดีขึ้นตามผลการนิเทศ")
    for select in issue.locator("select[name^='status__1__']").all():
        select.select_option("done")
    issue.locator("select[name^='status__1__']").last.select_option("partly")
    issue.locator("input[name^='why__1__']").last.fill("รอผลการประเมินปลายปี")
    issue.locator("textarea[name='lessons__1']").fill(LESSONS)
    save(page)

    page.goto(f"/results/{report.pk}/")
    screenshot(page, "results-report-draft")
    page.click("#results-submit")
    expect(page.locator("#results-status")).to_have_text("ส่งแล้ว รอการพิจารณา")

    # The director returns it with a comment.
    boss = open_as(director)
    boss.goto(f"/results/{report.pk}/")
    boss.check("input[name=decision][value=return]")
    boss.fill("textarea[name=comment]", "ข้อ 1.1 กรุณาระบุจำนวนโครงการที่แล้วเสร็จ")
    boss.click("#results-review-save")
    expect(boss.locator("#results-status")).to_have_text("ส่งกลับให้แก้ไข")

    # The deputy reads the comment, adds the figure and sends it again.
    page.goto(f"/results/{report.pk}/part1/?domain=1")
    page.fill("textarea[name='done__1.1']", DONE + " โครงการแล้วเสร็จ 38 จาก 40 โครงการ")
    save(page)
    page.goto(f"/results/{report.pk}/")
    expect(page.locator("#results-return-comment")).to_contain_text("กรุณาระบุจำนวนโครงการที่แล้วเสร็จ")
    page.click("#results-submit")
    expect(page.locator("#results-status")).to_have_text("ส่งแล้ว รอการพิจารณา")

    boss.goto(f"/results/{report.pk}/")
    expect(boss.locator("#item-1\\.1")).to_contain_text("โครงการแล้วเสร็จ 38 จาก 40 โครงการ")
    boss.check("input[name=decision][value=accept]")
    boss.click("#results-review-save")
    expect(boss.locator("#results-status")).to_have_text("ผู้บังคับบัญชารับรองแล้ว")

    # An evaluator scores beside the results.
    evidence_add_link(
        agreement=agreed,
        actor=deputy,
        anchor="item:1.1",
        title="สรุปผลโครงการตามแผนปฏิบัติราชการ",
        url="https://example.go.th/projects-2570",
    )
    sheet = committee_sheet(agreed, people)
    evaluator = open_as(people["evaluator1"])
    evaluator.goto(f"/evaluations/sheets/{sheet.pk}/")
    row = evaluator.locator("#results-item-1\\.1")
    expect(row).to_contain_text("ไม่น้อยกว่า ร้อยละ 90 → ร้อยละ 95")
    expect(row).to_contain_text("บรรลุเป้าหมาย")
    expect(row).to_contain_text("ระดับ 4")
    expect(row).to_contain_text("สรุปผลโครงการตามแผนปฏิบัติราชการ")
    expect(evaluator.locator("#results-challenge-1")).to_contain_text(LESSONS)
    expect(evaluator.locator("#evidence-coverage")).to_contain_text(
        "มีหลักฐานประกอบ 3 จาก 71 รายการ (นับรายตัวชี้วัด)"
    )
    evaluator.locator("#results-panel").scroll_into_view_if_needed()
    screenshot(evaluator, "results-on-score-sheet")
    report.refresh_from_db()
    assert report.status == "accepted" and report.submissions.count() == 2
