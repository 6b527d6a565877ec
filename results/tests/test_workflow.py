"""Saving, submitting, returning and accepting a results report."""

import pytest
from django.core.exceptions import ValidationError

from agreements.snapshot import snapshot_hash
from pa_portal.errors import DomainError, StaleRevision
from results import drafts, workflow
from results.models import ResultsSubmission
from results.snapshot import report_to_dict
from results.tests.factories import complete_results_data, issue_results, make_report, row_results

pytestmark = pytest.mark.django_db


def test_results_are_saved_beside_their_targets_with_met_computed(people):
    report = make_report(people["deputy"], people["supervisor"], complete=False)
    basis = report.basis.snapshot
    drafts.report_update(
        report=report,
        actor=people["deputy"],
        data={"part1": [row_results(basis, "1.1", achieved="85")], "part2": [issue_results(basis, 1)]},
        expected_revision=report.revision,
    )
    data = report_to_dict(report)
    row = next(r for r in data["part1"] if r["sub_item"] == "1.1")
    office = next(e for e in row["indicators"] if e["group"] == "office")  # ร้อยละ 90 ของโครงการ…
    assert (office["target"]["value"], office["achieved"], office["met"]) == ("90", "85", False)
    assert row["self_rating"] == 3
    first = data["part2"][0]
    literacy = next(
        t for t in first["targets"] if t["kind"] == "quantitative"
    )  # ร้อยละ 95 ของนักเรียน ป.1–3 ที่อ่านออกเขียนได้
    assert (literacy["achieved"], literacy["met"]) == ("98", True)
    assert all(step["status"] == "done" for step in first["method"])


def test_a_quantitative_result_must_be_a_number_and_nothing_is_written(people):
    report = make_report(people["deputy"], people["supervisor"], complete=False)
    basis = report.basis.snapshot
    bad = row_results(basis, "1.1", achieved="ประมาณเก้าสิบ")
    with pytest.raises(DomainError, match="ไม่ใช่ตัวเลข"):
        drafts.report_update(
            report=report, actor=people["deputy"], data={"part1": [bad]}, expected_revision=None
        )
    assert not report.rows.exists()


def test_a_save_from_an_older_page_is_refused_as_stale(people):
    report = make_report(people["deputy"], people["supervisor"], complete=False)
    basis = report.basis.snapshot
    opened_at = report.revision
    drafts.report_update(
        report=report,
        actor=people["deputy"],
        data={"part1": [row_results(basis, "1.1")]},
        expected_revision=opened_at,
    )
    with pytest.raises(StaleRevision):
        drafts.report_update(
            report=report,
            actor=people["deputy"],
            data={"part1": [row_results(basis, "1.1", text="อีกแท็บหนึ่ง")]},
            expected_revision=opened_at,
        )


def test_pasted_thai_with_broken_vowels_is_repaired_on_save(people):
    report = make_report(people["deputy"], people["supervisor"], complete=False)
    row = row_results(report.basis.snapshot, "1.1", text="จัดท าแผนของส านักงาน")
    drafts.report_update(report=report, actor=people["deputy"], data={"part1": [row]}, expected_revision=None)
    assert report.rows.get(sub_item="1.1").done == "จัดทำแผนของสำนักงาน"


def test_submit_needs_a_result_for_every_indicator(people):
    report = make_report(people["deputy"], people["supervisor"], complete=False)
    data = complete_results_data(report)
    office = next(e for e in data["part1"][0]["indicators"] if e["group"] == "office")  # ร้อยละ 90 ของโครงการ…
    office["achieved"] = ""
    drafts.report_update(report=report, actor=people["deputy"], data=data, expected_revision=None)
    with pytest.raises(DomainError, match="ข้อ 1.1: ยังไม่ได้ระบุค่าที่ทำได้"):
        workflow.report_submit(report=report, actor=people["deputy"])


def test_return_resubmit_accept_keeps_each_version_frozen_and_tells_people(
    people, django_capture_on_commit_callbacks
):
    deputy, director = people["deputy"], people["supervisor"]
    report = make_report(deputy, director)
    with django_capture_on_commit_callbacks(execute=True):
        first = workflow.report_submit(report=report, actor=deputy)
    assert first.sha256 == snapshot_hash(first.snapshot)
    assert director.notifications.filter(subject__contains="รายงานผล").exists()

    with pytest.raises(DomainError):
        workflow.report_return(report=report, actor=director, comment="  ")
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_return(report=report, actor=director, comment="ข้อ 1.1 ขอหลักฐานเพิ่ม")
    report.refresh_from_db()
    assert report.status == "returned"
    assert deputy.notifications.filter(body__contains="ข้อ 1.1 ขอหลักฐานเพิ่ม").exists()

    basis = report.basis.snapshot
    drafts.report_update(
        report=report,
        actor=deputy,
        data={"part1": [row_results(basis, "1.1", text="แนบหลักฐานการประชุมเพิ่มแล้ว")]},
        expected_revision=None,
    )
    second = workflow.report_submit(report=report, actor=deputy)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_accept(report=report, actor=director)
    report.refresh_from_db()
    assert report.status == "accepted"
    assert [s.version for s in ResultsSubmission.objects.filter(report=report)] == [1, 2]
    assert "แนบหลักฐานการประชุมเพิ่มแล้ว" not in str(ResultsSubmission.objects.get(pk=first.pk).snapshot)
    assert "แนบหลักฐานการประชุมเพิ่มแล้ว" in str(second.snapshot)
    assert deputy.notifications.filter(subject__contains="รับรองรายงานผล").exists()


def test_only_the_offices_director_reviews_and_only_the_owner_writes(people):
    from django.core.exceptions import PermissionDenied

    report = make_report(people["deputy"], people["supervisor"], submit=True)
    with pytest.raises(PermissionDenied):
        workflow.report_accept(report=report, actor=people["other_supervisor"])
    with pytest.raises(PermissionDenied):
        drafts.report_update(report=report, actor=people["other_deputy"], data={}, expected_revision=None)


def test_a_submitted_version_can_be_neither_changed_nor_deleted(people):
    report = make_report(people["deputy"], people["supervisor"], submit=True)
    submitted = ResultsSubmission.objects.get(report=report)
    submitted.snapshot = {"part1": []}
    with pytest.raises(ValidationError, match="รายงานผลฉบับที่ส่งแล้วแก้ไขไม่ได้"):
        submitted.save()
    with pytest.raises(ValidationError, match="รายงานผลฉบับที่ส่งแล้วลบไม่ได้"):
        submitted.delete()
    stored = ResultsSubmission.objects.get(pk=submitted.pk)
    assert stored.snapshot != {"part1": []} and stored.sha256 == snapshot_hash(stored.snapshot)
