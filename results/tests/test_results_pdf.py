"""The results report's PDF: the PA1 layout with a results column and Part 2 target vs achieved,
rendered from the submitted snapshot and carrying it as an attachment."""

import json
import re
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from pypdf import PdfReader

from reports import stored
from reports.models import DocumentKind
from reports.tests import pdfcheck
from results import drafts, measures, workflow
from results.snapshot import report_to_dict
from results.tests.factories import complete_results_data, make_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = make_report(people["deputy"], people["supervisor"], complete=False)
    data = complete_results_data(report)
    # A different result on every row and target, a step partly done with its reason.
    for i, row in enumerate(data["part1"]):
        row["done"] = f"ข้อ {row['sub_item']} จัดอบรมและนิเทศติดตาม {i + 3} ครั้ง"
        for entry in row["indicators"]:
            if entry["achieved"]:
                entry["achieved"] = str(70 + i)
    for issue in data["part2"]:
        for j, target in enumerate(issue["targets"]):
            if target["achieved"]:
                target["achieved"] = f"{40 + issue['order'] * 10 + j}.5"
        issue["steps"][0] = {
            "index": 0,
            "status": "partly",
            "reason": f"งบประมาณประเด็นที่ {issue['order']} ล่าช้า",
        }
    drafts.report_update(report=report, actor=people["deputy"], data=data, expected_revision=None)
    submission = workflow.report_submit(report=report, actor=people["deputy"])
    workflow.report_accept(report=report, actor=people["supervisor"], comment="รับรองผลการดำเนินงาน")
    return report, submission


def test_every_result_text_and_achieved_value_is_in_the_pdfs_text(accepted):
    report, submission = accepted
    path = Path(default_storage.path(stored.document_pdf(kind=DocumentKind.RESULTS, source_id=submission.pk)))
    text = pdfcheck.squash(pdfcheck.text_of(path))
    footer = pdfcheck.squash(f"{report.agreement.number} รายงานผล ฉบับที่ 1 · SHA-256 {submission.sha256[:12]}")
    flow = re.sub(r"หน้า\d+/\d+", "", text.replace(footer, ""))

    def present(needle):
        return pdfcheck.squash(needle) in flow

    snapshot = submission.snapshot
    assert present("รายงานผลการพัฒนางานตามข้อตกลง (PA)")
    for row in snapshot["part1"]:
        assert present(row["done"]), row["sub_item"]
        for entry in row["indicators"]:
            if entry["achieved"]:
                assert present(f"ผลที่ได้: {measures.amount(entry['achieved'], entry['target'])}"), row[
                    "sub_item"
                ]
            if entry["description"]:
                assert present(entry["description"]), row["sub_item"]
            if entry["target"]:
                assert present(f"เป้าหมาย: {measures.target_text(entry['target'])}"), row["sub_item"]
    for issue in snapshot["part2"]:
        for target in issue["targets"]:
            if target["kind"] == "quantitative":
                achieved = measures.amount(target["achieved"], target["target"])
                verdict = "บรรลุเป้าหมาย" if target["met"] else "ไม่บรรลุเป้าหมาย"
                assert present(f"{measures.target_text(target['target'])}{achieved}{verdict}"), target["text"]
            else:
                assert present(target["outcome"]), target["text"]
        for step in issue["method"]:
            if step["reason"]:
                assert present(f"ดำเนินการบางส่วน{step['reason']}")
        assert present(issue["lessons"])
    assert present("รับรองผลการดำเนินงาน")


def test_the_pdf_embeds_the_snapshot_it_was_printed_from(accepted, client_for, people):
    report, submission = accepted
    path = Path(default_storage.path(stored.document_pdf(kind=DocumentKind.RESULTS, source_id=submission.pk)))
    ((name, contents),) = PdfReader(path).attachments.items()
    assert name == f"{report.agreement.number}-results-v1.json"
    assert json.loads(contents[0]) == submission.snapshot == report_to_dict(report)
    # Stored: the download serves the same file to the report's readers.
    response = client_for(people["supervisor"]).get(reverse("reports:results_pdf", args=[report.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == path.read_bytes()


def test_hrs_packet_carries_the_results_report_as_a_kind_of_its_own(
    accepted, people, client_for, django_capture_on_commit_callbacks
):
    from reports.models import PacketExport

    report, submission = accepted
    hr = client_for(people["hr"])
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(
            "/reports/packets/",
            {
                "fiscal_year": report.agreement.fiscal_year.pk,
                "kinds": ["pa1", "res"],
                "states": ["agreed"],
                "format": "pdf",
            },
        )
    export = PacketExport.objects.get()
    # Without a worker the packet page's progress requests make it, one document each.
    for _ in range(10):
        if hr.get(f"/reports/packets/{export.pk}/status.json").json()["finished"]:
            break
    export.refresh_from_db()
    assert export.status == PacketExport.Status.DONE and export.manifest == []
    reader = PdfReader(export.file.open("rb"))
    (person, documents) = reader.outline
    assert person.title == f"{report.agreement.owner_name} ({report.agreement.office.code})"
    assert [d.title for d in documents] == [
        "PA1 ข้อตกลงในการพัฒนางาน ฉบับที่ 1",
        "รายงานผลการพัฒนางานตามข้อตกลง ฉบับที่ 1",
    ]
