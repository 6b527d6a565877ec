"""The deputy ticks which indicators of a row each evidence item supports; the evaluator's score
sheet shows each indicator's own evidence and counts coverage per indicator."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEntry
from evaluations import evidence, evidence_links
from evaluations.models import EvidenceIndicator
from results.tests.factories import committee_sheet, make_agreed, make_report

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _attach(agreement, user, title, anchor="item:1.1"):
    return evidence.evidence_add_file(
        agreement=agreement,
        actor=user,
        anchor=anchor,
        title=title,
        upload=SimpleUploadedFile("report.pdf", PDF),
    )


def _panel(client, sheet) -> str:
    page = client.get(reverse("evaluations:sheet", args=[sheet.pk]))
    assert page.status_code == 200
    return page.content.decode().split('id="results-panel"')[1].split("</details>")[0]


def _coverage(panel) -> str:
    return panel.split('id="evidence-coverage">')[1].split("<div")[0]


def test_one_file_linked_to_two_indicators_shows_under_both_and_counts_for_both(people, client_for):
    report = make_report(people["deputy"], people["supervisor"], submit=True)
    agreement = report.agreement
    sheet = committee_sheet(agreement, people)
    indicators = evidence_links.indicator_choices(agreement)["item:1.1"]
    assert len(indicators) >= 2, "row 1.1 of the demo agreement has indicators for several groups"
    first, second = indicators[0][0], indicators[1][0]
    item = _attach(agreement, people["deputy"], "สรุปผลการนิเทศติดตาม")

    # Before any link the row's evidence stands for all of its indicators, and the sheet says so.
    panel = _panel(client_for(people["evaluator1"]), sheet)
    before = _coverage(panel)
    assert "ใช้หลักฐานของทั้งข้อ" in panel and "นับให้ทุกตัวชี้วัดของข้อนี้" in panel

    page = client_for(people["deputy"]).post(
        reverse("evaluations:evidence", args=[agreement.pk]),
        {"action": "indicators", "evidence": item.pk, "indicators": [first, second]},
        follow=True,
    )
    assert "บันทึกตัวชี้วัดของ “สรุปผลการนิเทศติดตาม” แล้ว (2 ตัวชี้วัด)" in page.content.decode()
    assert set(item.indicator_links.values_list("indicator", flat=True)) == {first, second}
    assert AuditEntry.objects.get(action="evidence.indicators").changes["indicators"] == sorted(
        [first, second]
    )
    # The page ticks what was saved.
    assert page.content.decode().count(" checked>") == 2

    panel = _panel(client_for(people["evaluator1"]), sheet)
    row = panel.split('id="results-item-1.1"')[1].split('id="results-item-1.2"')[0]
    per_indicator = row.split('class="indicator-evidence"')[1:]
    assert [("สรุปผลการนิเทศติดตาม" in cell.split("</div>")[0]) for cell in per_indicator[:2]] == [True, True]
    assert all("สรุปผลการนิเทศติดตาม" not in cell.split("</div>")[0] for cell in per_indicator[2:])
    covered, total = _numbers(_coverage(panel))
    covered_before, total_before = _numbers(before)
    assert total == total_before
    # Row 1.1 no longer falls back: only the two linked indicators of it count now.
    assert covered == covered_before - (len(indicators) - 2)

    # The same file serves a second row's indicator? No: an indicator of another row is refused.
    other_row = evidence_links.indicator_choices(agreement)["item:1.2"][0][0]
    page = client_for(people["deputy"]).post(
        reverse("evaluations:evidence", args=[agreement.pk]),
        {"action": "indicators", "evidence": item.pk, "indicators": [first, other_row]},
        follow=True,
    )
    assert evidence_links.NOT_OURS in page.content.decode()
    assert set(item.indicator_links.values_list("indicator", flat=True)) == {first, second}


def _numbers(coverage: str) -> tuple[int, int]:
    words = coverage.split()
    return int(words[1]), int(words[3])


def test_a_key_from_another_agreement_is_refused_in_thai(people, client_for):
    agreement = make_agreed(people["deputy"], people["supervisor"])
    other = make_agreed(people["other_deputy"], people["other_supervisor"])
    ours = {key for key, _ in evidence_links.indicator_choices(agreement)["item:1.1"]}
    foreign = [
        key for keys in evidence_links.indicator_choices(other).values() for key, _ in keys if key not in ours
    ]
    item = _attach(agreement, people["deputy"], "ภาพกิจกรรม")

    with pytest.raises(evidence.DomainError) as refused:
        evidence_links.evidence_link_indicators(evidence=item, actor=people["deputy"], keys=[foreign[0]])

    assert refused.value.problems[0].message == "ตัวชี้วัดที่เลือกไม่อยู่ในข้อนี้ของข้อตกลงที่เห็นชอบแล้ว กรุณาเลือกใหม่"
    assert not EvidenceIndicator.objects.exists()


def test_another_deputy_cannot_link_someone_elses_evidence(people, client_for):
    agreement = make_agreed(people["deputy"], people["supervisor"])
    make_agreed(people["other_deputy"], people["other_supervisor"])
    item = _attach(agreement, people["deputy"], "รายงานการประชุม")
    key = evidence_links.indicator_choices(agreement)["item:1.1"][0][0]

    page = client_for(people["other_deputy"]).post(
        reverse("evaluations:evidence", args=[agreement.pk]),
        {"action": "indicators", "evidence": item.pk, "indicators": [key]},
    )

    assert page.status_code in (403, 404)
    with pytest.raises(evidence.PermissionDenied):
        evidence_links.evidence_link_indicators(evidence=item, actor=people["other_deputy"], keys=[key])
    assert not EvidenceIndicator.objects.exists()
