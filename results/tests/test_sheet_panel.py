"""The evaluator scores beside the deputy's results: target vs achieved, self-rating, evidence."""

import pytest
from django.urls import reverse

from evaluations.evidence import evidence_add_link
from results.tests.factories import committee_sheet, make_report

pytestmark = pytest.mark.django_db


def test_the_score_sheet_shows_target_vs_achieved_and_the_self_rating(people, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = make_report(people["deputy"], people["supervisor"], submit=True)
    sheet = committee_sheet(report.agreement, people)
    evidence_add_link(
        agreement=report.agreement,
        actor=people["deputy"],
        anchor="item:1.1",
        title="รายงานการประชุมทบทวนแผนปฏิบัติราชการ",
        url="https://example.go.th/plan-review",
    )
    page = client_for(people["evaluator1"]).get(reverse("evaluations:sheet", args=[sheet.pk]))
    assert page.status_code == 200
    panel = page.content.decode().split('id="results-panel"')[1].split("</details>")[0]
    assert "ไม่น้อยกว่า ร้อยละ 90 → <strong>ร้อยละ 95</strong>" in panel  # 1.1, สำนักงานเขตพื้นที่
    assert "บรรลุเป้าหมาย" in panel
    assert "ระดับ 3" in panel and "ผลงานข้อ 1.1 เป็นไปตามที่คาดหวัง" in panel
    assert "รายงานการประชุมทบทวนแผนปฏิบัติราชการ" in panel.split('id="results-item-1.2"')[0]
    # Counted per indicator: the link is tied to no indicator, so it stands for all three of 1.1.
    assert "มีหลักฐานประกอบ 3 จาก 71 รายการ (นับรายตัวชี้วัด)" in panel
    assert "นับให้ทุกตัวชี้วัดของข้อนี้" in panel


def test_before_the_report_is_submitted_the_sheet_says_so(people, client_for):
    report = make_report(people["deputy"], people["supervisor"])
    sheet = committee_sheet(report.agreement, people)
    page = client_for(people["evaluator1"]).get(reverse("evaluations:sheet", args=[sheet.pk]))
    assert "ผู้รับการประเมินยังไม่ได้ส่งรายงานผล" in page.content.decode()
