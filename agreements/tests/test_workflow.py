"""The agreement's life after the rules: saves that never overwrite each other, the frozen
submission, revisions, who may do what, and the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agreements import drafts, workflow
from agreements.models import Agreement, Submission
from agreements.snapshot import agreement_to_dict, snapshot_hash
from agreements.tests.factories import (
    complete_agreement_data,
    ensure_reference_data,
    make_agreement,
    row,
)
from agreements.tests.steps import save
from audit.models import AuditEntry
from pa_portal.errors import DomainError, NoLongerEditable, StaleRevision


def test_the_second_of_two_saves_from_the_same_revision_is_refused_and_writes_nothing(setup):
    deputy = setup["deputy"]
    agreement = make_agreement(deputy, complete=False)
    opened_at = agreement.revision  # both tabs opened the page at this revision

    save(agreement, {"part1": [{"sub_item": "1.1", "tasks": "ข้อความจากแท็บแรก"}]}, revision=opened_at)
    entries = AuditEntry.objects.count()
    with pytest.raises(StaleRevision) as error:
        save(
            Agreement.objects.get(pk=agreement.pk),
            {
                "part1": [
                    {"sub_item": "1.1", "tasks": "ข้อความจากแท็บที่สอง"},
                    {"sub_item": "1.2", "tasks": "ใหม่"},
                ]
            },
            revision=opened_at,
        )

    assert "ข้อความยังอยู่ในแบบฟอร์ม" in error.value.problems[0].message
    stored = agreement_to_dict(agreement)
    assert (row(stored, "1.1")["tasks"], row(stored, "1.2")["tasks"]) == ("ข้อความจากแท็บแรก", "")
    assert Agreement.objects.get(pk=agreement.pk).revision == opened_at + 1
    assert AuditEntry.objects.count() == entries


def test_a_save_from_the_current_revision_goes_through(setup):
    agreement = make_agreement(setup["deputy"], complete=False)
    first = save(agreement, {"part1": [{"sub_item": "1.1", "tasks": "ร่างแรก"}]}, revision=agreement.revision)
    save(agreement, {"part1": [{"sub_item": "1.1", "tasks": "ร่างที่สอง"}]}, revision=first.revision)
    assert row(agreement_to_dict(agreement), "1.1")["tasks"] == "ร่างที่สอง"


# --- the submission is frozen -----------------------------------------------------------------


def test_submit_freezes_the_agreement(setup):
    deputy = setup["deputy"]
    agreement = make_agreement(deputy)
    expected = agreement_to_dict(agreement)
    submission = workflow.agreement_submit(agreement=agreement, actor=deputy)

    # Its owner is told it has been sent (a parallel click or another tab), not refused as a stranger.
    with pytest.raises(NoLongerEditable, match="ส่งแล้ว"):
        save(agreement, {"part1": [{"sub_item": "1.1", "tasks": "แก้หลังส่ง"}]})
    with pytest.raises(NoLongerEditable, match="ส่งแล้ว"):
        workflow.agreement_submit(agreement=agreement, actor=deputy)
    assert agreement_to_dict(agreement) == expected

    stored = Submission.objects.get(pk=submission.pk)
    assert stored.snapshot == expected
    assert stored.sha256 == snapshot_hash(stored.snapshot)
    stored.snapshot["part1"][0]["tasks"] = "แก้ในฉบับที่ส่งแล้ว"
    with pytest.raises(ValidationError):
        stored.save()
    with pytest.raises(ValidationError):
        stored.delete()
    assert Submission.objects.get(pk=submission.pk).snapshot == expected


def test_the_hash_changes_with_any_word_of_the_snapshot(setup):
    snapshot = agreement_to_dict(make_agreement(setup["deputy"]))
    digest = snapshot_hash(snapshot)
    row(snapshot, "4.2")["tasks"] += "."
    assert snapshot_hash(snapshot) != digest


def test_return_edit_resubmit_makes_version_2_and_keeps_version_1(setup):
    deputy, supervisor = setup["deputy"], setup["supervisor"]
    agreement = make_agreement(deputy, submit=True)
    first = agreement.submissions.get()

    workflow.agreement_return(
        agreement=agreement,
        actor=supervisor,
        comment="ขอให้ปรับปรุงตามความเห็น",
        item_comments={"item:1.1": "ตัวชี้วัดยังไม่ชัดเจน", "challenge:2": ""},
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.RETURNED
    review = agreement.reviews.get()
    assert list(review.comments.values_list("anchor", "text")) == [("item:1.1", "ตัวชี้วัดยังไม่ชัดเจน")]

    data = complete_agreement_data()
    revised = row(data, "1.1")["targets"][0]
    revised["indicator"] = "ร้อยละ 95 ของโครงการดำเนินการแล้วเสร็จตามแผน"
    save(agreement, data)
    second = workflow.agreement_submit(agreement=agreement, actor=deputy)

    agreement.refresh_from_db()
    assert (agreement.status, second.version) == (Agreement.Status.SUBMITTED, 2)
    entry = next(t for t in row(second.snapshot, "1.1")["targets"] if t["group"] == revised["group"])
    assert entry["indicator"] == "ร้อยละ 95 ของโครงการดำเนินการแล้วเสร็จตามแผน"
    assert Submission.objects.get(pk=first.pk).snapshot == first.snapshot
    assert first.sha256 != second.sha256

    workflow.agreement_agree(agreement=agreement, actor=supervisor)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.agreed_by) == (Agreement.Status.AGREED, supervisor)
    assert agreement.reviews.order_by("id").last().submission == second


def test_a_return_needs_a_comment(setup):
    agreement = make_agreement(setup["deputy"], submit=True)
    with pytest.raises(DomainError, match="กรุณาระบุเหตุผล"):
        workflow.agreement_return(agreement=agreement, actor=setup["supervisor"], comment="  ")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED


# --- who may do what --------------------------------------------------------------------------


def test_another_deputy_cannot_save_or_submit_someone_elses_agreement(setup):
    agreement = make_agreement(setup["deputy"])
    before = agreement_to_dict(agreement)
    for intruder in ("other_deputy", "supervisor", "hr", "evaluator1", "admin"):
        with pytest.raises(PermissionDenied):
            save(agreement, {"part1": [{"sub_item": "1.1", "tasks": "แก้โดยผู้อื่น"}]}, actor=setup[intruder])
        with pytest.raises(PermissionDenied):
            workflow.agreement_submit(agreement=agreement, actor=setup[intruder])
    assert agreement_to_dict(agreement) == before


@pytest.mark.parametrize("who", ["other_supervisor", "deputy", "other_deputy", "hr", "evaluator1", "admin"])
def test_only_the_offices_supervisor_returns_or_agrees(setup, who):
    agreement = make_agreement(setup["deputy"], submit=True)
    with pytest.raises(PermissionDenied):
        workflow.agreement_return(agreement=agreement, actor=setup[who], comment="ส่งกลับ")
    with pytest.raises(PermissionDenied):
        workflow.agreement_agree(agreement=agreement, actor=setup[who])
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED
    assert not agreement.reviews.exists()


def test_the_supervisor_cannot_review_a_draft_or_an_agreed_agreement(setup):
    supervisor = setup["supervisor"]
    draft = make_agreement(setup["deputy"])
    with pytest.raises(PermissionDenied):
        workflow.agreement_agree(agreement=draft, actor=supervisor)
    workflow.agreement_submit(agreement=draft, actor=setup["deputy"])
    workflow.agreement_agree(agreement=draft, actor=supervisor)
    with pytest.raises(PermissionDenied):
        workflow.agreement_return(agreement=draft, actor=supervisor, comment="ขอแก้อีกครั้ง")


def test_only_a_deputy_starts_an_agreement_and_only_once_a_year(setup):
    ensure_reference_data()
    for who in ("supervisor", "hr", "evaluator1"):
        with pytest.raises(PermissionDenied):
            drafts.agreement_start(owner=setup[who], fiscal_year=2570)
    drafts.agreement_start(owner=setup["deputy"], fiscal_year=2570)
    with pytest.raises(DomainError, match="มีข้อตกลงของปีงบประมาณ 2570 อยู่แล้ว"):
        drafts.agreement_start(owner=setup["deputy"], fiscal_year=2570)
    assert Agreement.objects.filter(owner=setup["deputy"]).count() == 1


# --- the audit trail --------------------------------------------------------------------------


def test_saving_unchanged_text_makes_no_revision_and_no_history_row(setup):
    agreement = make_agreement(setup["deputy"])
    revision = agreement.revision
    entries = AuditEntry.objects.filter(agreement=agreement).count()
    save(agreement, complete_agreement_data())
    agreement.refresh_from_db()
    assert agreement.revision == revision
    assert AuditEntry.objects.filter(agreement=agreement).count() == entries


def test_every_transition_is_logged_with_who_did_it(setup):
    deputy, supervisor = setup["deputy"], setup["supervisor"]
    agreement = make_agreement(deputy, submit=True)
    workflow.agreement_return(agreement=agreement, actor=supervisor, comment="ปรับปรุงข้อ 1.1")
    revised = complete_agreement_data()
    revised["part1"][0]["tasks"] += " โดยครอบคลุมโรงเรียนทุกแห่ง"
    save(agreement, revised)
    workflow.agreement_submit(agreement=agreement, actor=deputy)
    workflow.agreement_agree(agreement=agreement, actor=supervisor)

    entries = list(AuditEntry.objects.filter(agreement=agreement).order_by("id"))
    assert [(e.action, e.actor) for e in entries] == [
        ("agreement.created", deputy),
        ("agreement.saved", deputy),
        ("agreement.submitted", deputy),
        ("agreement.returned", supervisor),
        ("agreement.saved", deputy),
        ("agreement.submitted", deputy),
        ("agreement.agreed", supervisor),
    ]
    assert all(e.at is not None and e.actor_name for e in entries)
    assert entries[2].changes["version"] == 1 and entries[5].changes["version"] == 2
    assert entries[2].changes["sha256"] == agreement.submissions.get(version=1).sha256
    assert entries[3].changes["comment"] == "ปรับปรุงข้อ 1.1"


def test_a_save_logs_before_and_after_of_the_changed_rows_only(setup):
    agreement = make_agreement(setup["deputy"])
    data = complete_agreement_data()
    old = row(data, "2.3")["tasks"]
    row(data, "2.3")["tasks"] = "จัดอบรมครูด้านภาษาอังกฤษเพื่อการสื่อสาร"
    save(agreement, data)
    entry = AuditEntry.objects.filter(agreement=agreement, action="agreement.saved").order_by("id").last()
    assert list(entry.changes) == ["item:2.3"]
    assert entry.changes["item:2.3"]["before"]["tasks"] == old
    assert entry.changes["item:2.3"]["after"]["tasks"] == "จัดอบรมครูด้านภาษาอังกฤษเพื่อการสื่อสาร"


def test_the_dict_is_the_same_whether_year_standard_and_office_come_with_the_agreement(setup):
    """agreement_to_dict takes the head from a select_related instance (views, locked saves) and
    reads it otherwise: both must give the snapshot byte for byte."""
    agreement = make_agreement(setup["deputy"])
    save(agreement, complete_agreement_data())
    Agreement.objects.filter(pk=agreement.pk).update(owner_salary_rate="43250.50")
    bare = Agreement.objects.get(pk=agreement.pk)
    loaded = Agreement.objects.select_related("fiscal_year", "standard", "office").get(pk=agreement.pk)
    from_query, from_instance = agreement_to_dict(bare), agreement_to_dict(loaded)
    assert from_instance == from_query
    assert from_instance["owner"]["salary_rate"] == "43250.50"
    assert snapshot_hash(from_instance) == snapshot_hash(from_query)
