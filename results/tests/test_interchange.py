"""A results report as a JSON file: exported as its snapshot, imported back into a draft with
the form's rules (Thai problems at the file's JSON path, nothing written when refused)."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from jsonschema import Draft202012Validator

from audit.models import AuditEntry
from pa_portal.errors import DomainError
from results import interchange
from results.snapshot import report_to_dict
from results.tests.factories import make_report

pytestmark = pytest.mark.django_db


def _export(client, report) -> dict:
    response = client.get(reverse("results:export", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def _upload(client, report, data: dict):
    raw = json.dumps(data, ensure_ascii=False).encode()
    return client.post(
        reverse("results:import", args=[report.pk]),
        {"file": SimpleUploadedFile("results.json", raw, content_type="application/json")},
        follow=True,
    )


def test_a_report_exported_and_imported_into_an_empty_draft_is_the_same_report(people, client_for):
    deputy = people["deputy"]
    filled = make_report(deputy, people["supervisor"])
    client = client_for(deputy)
    exported = _export(client, filled)
    assert exported == report_to_dict(filled)

    # The same agreed agreement, its results emptied: the file fills them back.
    empty = filled
    empty.rows.all().delete()
    empty.indicators.all().delete()
    empty.challenges.all().delete()
    assert report_to_dict(empty) != exported

    page = _upload(client, empty, exported)
    assert "นำเข้ารายงานผลจากไฟล์แล้ว" in page.content.decode()
    assert report_to_dict(empty) == exported
    assert AuditEntry.objects.filter(action="results.imported").count() == 1


def test_the_schema_validates_the_export(people, client_for):
    report = make_report(people["deputy"], people["supervisor"])
    data = _export(client_for(people["deputy"]), report)
    assert list(Draft202012Validator(interchange.schema()).iter_errors(data)) == []
    assert interchange.schema_problems(data) == []


def test_a_quantitative_result_that_is_no_number_is_refused_at_its_path(people, client_for):
    deputy = people["deputy"]
    report = make_report(deputy, people["supervisor"])
    client = client_for(deputy)
    data = _export(client, report)
    i, j = next(
        (i, j)
        for i, row in enumerate(data["part1"])
        for j, entry in enumerate(row["indicators"])
        if entry["target"] is not None
    )
    data["part1"][i]["indicators"][j]["achieved"] = "เยอะมาก"
    data["part1"][0]["done"] = "ข้อความใหม่ที่ไม่ควรถูกบันทึก"
    revision = report.revision

    page = _upload(client, report, data)
    text = page.content.decode()
    assert f"part1[{i}].indicators[{j}].achieved:" in text
    assert "ไม่ใช่ตัวเลข" in text
    report.refresh_from_db()
    assert report.revision == revision
    assert "ข้อความใหม่ที่ไม่ควรถูกบันทึก" not in json.dumps(report_to_dict(report), ensure_ascii=False)


def test_a_file_not_in_the_format_is_refused_by_the_schema_with_its_path(people):
    report = make_report(people["deputy"], people["supervisor"])
    data = report_to_dict(report)
    data["part2"][0]["method"][0]["status"] = "finished"
    with pytest.raises(DomainError) as refused:
        interchange.report_import(
            report=report, actor=people["deputy"], raw=json.dumps(data, ensure_ascii=False).encode()
        )
    assert [p.path for p in refused.value.problems] == ["part2[0].method[0].status"]


def test_someone_elses_report_is_refused(people, client_for):
    report = make_report(people["deputy"], people["supervisor"])
    data = report_to_dict(report)
    data["part1"][0]["done"] = "แก้โดยคนอื่น"
    before = report.revision

    response = client_for(people["other_deputy"]).post(
        reverse("results:import", args=[report.pk]),
        {"file": json.dumps(data, ensure_ascii=False)},
    )
    assert response.status_code == 404
    with pytest.raises(PermissionDenied):
        interchange.report_import(
            report=report, actor=people["other_deputy"], raw=json.dumps(data, ensure_ascii=False).encode()
        )
    report.refresh_from_db()
    assert report.revision == before
