"""Every change to an agreement, a score, a committee or a standard leaves an entry with who, when
and what changed (before and after); nobody edits or deletes an entry through the application."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client

from agreements import drafts, workflow
from audit.models import AuditEntry
from audit.services import audit_record
from pa_portal.tests.conftest import COMPLETE, build_world, score_all
from standards.models import PositionStandard
from standards.services import STANDARDS_DIR, standard_load


@pytest.fixture
def world(standards, policies, people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_world(people)


def entries(action, **filters):
    return list(AuditEntry.objects.filter(action=action, **filters).order_by("id"))


# --- standards ----------------------------------------------------------------------------------


def test_loading_a_standard_edition_is_recorded_as_the_system(standards):
    loaded = entries("standard.loaded")
    assert {e.changes["code"] for e in loaded} == set(standards)
    entry = next(e for e in reversed(loaded) if e.changes["code"] == "deputy-director")
    assert entry.actor is None and entry.actor_name == "ระบบ"
    assert entry.object_type == "standards.positionstandard"
    assert entry.object_id == str(standards["deputy-director"].pk)
    assert entry.changes["sub_items"] == 22 and entry.changes["edition"] == 2
    assert entry.changes["content_hash"] == standards["deputy-director"].content_hash


def test_loading_the_same_edition_again_records_nothing(standards):
    before = AuditEntry.objects.count()
    data = json.loads(sorted(STANDARDS_DIR.glob("*.json"))[0].read_text(encoding="utf-8"))
    _, created = standard_load(data=data)
    assert created is False
    assert AuditEntry.objects.count() == before


def test_a_new_edition_loaded_by_a_person_names_them(standards, people):
    data = json.loads(sorted(STANDARDS_DIR.glob("*.json"))[0].read_text(encoding="utf-8"))
    editions = PositionStandard.objects.filter(code=data["code"]).count()
    data["edition"] = editions + 1
    standard, created = standard_load(data=data, actor=people["admin"])
    assert created
    entry = AuditEntry.objects.get(action="standard.loaded", object_id=str(standard.pk))
    assert entry.actor == people["admin"] and entry.actor_name == "นายผู้ดูแล ระบบ"
    assert PositionStandard.objects.filter(code=data["code"]).count() == editions + 1


# --- agreements ---------------------------------------------------------------------------------


def test_saving_an_agreement_records_the_row_before_and_after(standards, policies, people):
    deputy = people["deputy"]
    agreement = drafts.agreement_start(owner=deputy, fiscal_year=2570)
    drafts.agreement_update(
        agreement=agreement, actor=deputy, data={"part1": COMPLETE["part1"][:1]}, expected_revision=1
    )
    revised = json.loads(json.dumps(COMPLETE["part1"][:1]))
    revised[0]["tasks"] = "งานที่แก้ไขแล้ว"
    drafts.agreement_update(agreement=agreement, actor=deputy, data={"part1": revised}, expected_revision=2)
    first, second = entries("agreement.saved", agreement=agreement)
    assert first.actor == deputy and first.actor_name == "นายสุภาพร แก้วมณี"
    assert first.changes["item:1.1"]["before"]["tasks"] == ""
    assert first.changes["item:1.1"]["after"]["tasks"] == COMPLETE["part1"][0]["tasks"]
    assert second.changes["item:1.1"]["before"]["tasks"] == COMPLETE["part1"][0]["tasks"]
    assert second.changes["item:1.1"]["after"]["tasks"] == "งานที่แก้ไขแล้ว"
    assert list(second.changes) == ["item:1.1"]  # unchanged rows are not repeated
    assert second.at >= first.at


def test_every_workflow_step_of_an_agreement_is_recorded(world):
    actions = list(
        AuditEntry.objects.filter(agreement=world.agreed).order_by("id").values_list("action", "actor")
    )
    assert actions[:4] == [
        ("agreement.created", world.people["deputy"].pk),
        ("agreement.saved", world.people["deputy"].pk),
        ("agreement.submitted", world.people["deputy"].pk),
        ("agreement.agreed", world.people["supervisor"].pk),
    ]
    submitted = entries("agreement.submitted", agreement=world.agreed)[0]
    assert submitted.changes["version"] == 1 and len(submitted.changes["sha256"]) == 64


# --- committees and scores (recorded by the evaluations services) -------------------------------


def test_appointing_and_changing_a_committee_is_recorded_with_before_and_after(world):
    from evaluations import committees as evaluation_committees

    people = world.people
    first = entries("evaluation.committee_assigned", agreement=world.agreed)[0]
    assert first.actor == people["hr"]
    assert first.changes["before"] is None
    assert [role for role, _ in first.changes["after"]] == ["chair", "member", "member"]
    evaluation_committees.committee_assign(
        evaluation_round=world["round"],
        agreement=world.agreed,
        chair=people["evaluator1"],
        members=[people["evaluator2"], people["evaluator4"]],
        actor=people["hr"],
    )
    second = entries("evaluation.committee_assigned", agreement=world.agreed)[1]
    assert second.changes["before"] == first.changes["after"]
    names_after = [name for _, name in second.changes["after"]]
    assert any("evaluator" not in n for n in names_after) and len(names_after) == 3
    assert second.changes["after"] != second.changes["before"]


def test_every_score_change_is_recorded_with_the_level_before_and_after(world):
    sheet, evaluator = world["sheet"], world.people["evaluator1"]
    first = entries("evaluation.scores_saved", object_id=str(sheet.pk))
    assert len(first) == 1 and first[0].actor == evaluator
    assert first[0].changes["item:1.1"] == {
        "before": {"level": None, "comment": ""},
        "after": {"level": 3, "comment": "ชัดเจน ครบถ้วน"},
    }
    score_all(sheet, evaluator, level=4)
    latest = entries("evaluation.scores_saved", object_id=str(sheet.pk))[-1]
    assert latest.changes["item:1.1"]["before"]["level"] == 3
    assert latest.changes["item:1.1"]["after"]["level"] == 4
    assert latest.agreement == world.agreed


def test_finalising_a_sheet_is_recorded_with_its_result(world):
    from evaluations import services as evaluation_services

    sheet, evaluator = world["sheet"], world.people["evaluator1"]
    evaluation_services.sheet_finalise(evaluation=sheet, actor=evaluator)
    entry = entries("evaluation.sheet_finalised", object_id=str(sheet.pk))[0]
    assert entry.actor == evaluator
    assert entry.changes["total"] == "75.00" and entry.changes["passed"] is True


# --- append-only --------------------------------------------------------------------------------


def test_an_entry_refuses_to_be_changed_or_deleted(standards, people):
    entry = audit_record(actor=people["hr"], action="test.recorded", obj=people["hr"], changes={"a": 1})
    entry.action = "tampered"
    with pytest.raises(ValidationError, match="แก้ไขไม่ได้"):
        entry.save()
    with pytest.raises(ValidationError, match="ลบไม่ได้"):
        entry.delete()
    with pytest.raises(ValidationError, match="แก้ไขไม่ได้"):
        AuditEntry.objects.filter(pk=entry.pk).update(action="tampered")
    with pytest.raises(ValidationError, match="ลบไม่ได้"):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "test.recorded"


def test_removing_a_person_keeps_their_entries_under_their_name(standards, people):
    person = people["other_deputy"]
    entry = audit_record(actor=person, action="test.recorded", obj=person)
    name = entry.actor_name
    get_user_model().objects.filter(pk=person.pk).delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor is None and entry.actor_name == name and name.startswith("นายธนากร")


def test_the_admin_shows_entries_read_only(world):
    admin = Client()
    admin.force_login(world.people["admin"])
    entry = AuditEntry.objects.filter(agreement=world.agreed).first()
    count = AuditEntry.objects.count()
    listing = admin.get("/admin/audit/auditentry/").content.decode()
    assert "ผู้บังคับบัญชาเห็นชอบ" in listing and ">agreement.agreed<" not in listing  # Thai, not codes
    assert (
        "ข้อตกลงในการพัฒนางาน" in admin.get("/admin/audit/auditentry/?action=agreement.agreed").content.decode()
    )
    page = admin.get(f"/admin/audit/auditentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin.post(f"/admin/audit/auditentry/{entry.pk}/change/", {"action": "x"}).status_code == 403
    assert admin.get(f"/admin/audit/auditentry/{entry.pk}/delete/").status_code == 403
    assert admin.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert admin.get("/admin/audit/auditentry/add/").status_code == 403
    bulk = admin.post(
        "/admin/audit/auditentry/",
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert bulk.status_code in (200, 302)
    assert AuditEntry.objects.count() == count
    assert AuditEntry.objects.get(pk=entry.pk).action == entry.action


def test_the_owner_the_supervisor_and_hr_read_the_history_and_nobody_else(world, client_for):
    url = f"/agreements/{world.agreed.pk}/history/"
    for who in ("deputy", "supervisor", "hr"):
        page = client_for(world.people[who]).get(url)
        assert page.status_code == 200
        assert "ส่งข้อตกลง" in page.content.decode()
    for who in ("other_deputy", "other_supervisor", "evaluator1"):
        assert client_for(world.people[who]).get(url).status_code == 404


def test_the_history_page_names_each_step_in_thai_with_before_and_after(
    standards, policies, people, client_for
):
    deputy = people["deputy"]
    agreement = drafts.agreement_start(owner=deputy, fiscal_year=2570)
    row = json.loads(json.dumps(COMPLETE["part1"][:1]))
    row[0]["tasks"] = "ประชุมผู้บริหารทุกเดือน"
    drafts.agreement_update(agreement=agreement, actor=deputy, data={"part1": row}, expected_revision=1)
    row[0]["tasks"] = "ประชุมผู้บริหารทุกไตรมาส"
    drafts.agreement_update(agreement=agreement, actor=deputy, data={"part1": row}, expected_revision=2)
    page = client_for(deputy).get(f"/agreements/{agreement.pk}/history/").content.decode()
    # Two saves a moment apart are one editing session, compared from its start to its end.
    assert "สร้างข้อตกลง" in page and "แก้ไขร่าง 2 ครั้ง" in page
    assert "ช่องที่เปลี่ยน: ข้อ 1.1: งาน (Tasks)" in page
    assert '<ins class="diff-ins">ประชุมผู้บริหารทุกไตรมาส</ins>' in page


def test_a_return_shows_the_supervisors_comments_in_the_history(world, client_for):
    from evaluations.models import Committee

    people = world.people
    workflow.agreement_return(
        agreement=world.submitted,
        actor=people["supervisor"],
        comment="ปรับตัวชี้วัด",
        item_comments={"item-1.1": "ระบุจำนวนโรงเรียน"},
    )
    page = client_for(people["deputy"]).get(f"/agreements/{world.submitted.pk}/history/").content.decode()
    assert "ส่งกลับให้แก้ไข" in page
    assert "ความเห็นโดยรวม: ปรับตัวชี้วัด" in page and "ข้อ 1.1: ระบุจำนวนโรงเรียน" in page
    assert Committee.objects.count() == 1


def test_the_history_never_shows_draft_scores_to_the_owner(world, client_for):
    page = client_for(world.people["deputy"]).get(f"/agreements/{world.agreed.pk}/history/").content.decode()
    assert "กรรมการบันทึกคะแนน" in page
    assert "ชัดเจน ครบถ้วน" not in page  # the evaluator's comment
    assert "item:1.1" not in page


def test_the_admin_cannot_change_what_the_audit_trail_covers(world, rf):
    """A change made in the admin would bypass the services and so the audit trail: the admin
    shows standards, committees and sheets read-only and has no page for agreements or scores."""
    from django.contrib import admin

    from agreements.models import Agreement, Submission
    from evaluations.models import Committee, Evaluation, Score
    from standards.models import SubItem

    request = rf.get("/admin/")
    request.user = world.people["admin"]
    objects = [
        world.agreed.standard,
        SubItem.objects.first(),
        world["committee"],
        world["sheet"],
        AuditEntry.objects.first(),
    ]
    for obj in objects:
        model_admin = admin.site._registry[type(obj)]
        assert not model_admin.has_change_permission(request, obj), type(obj)
        assert not model_admin.has_delete_permission(request, obj), type(obj)
        assert not model_admin.has_add_permission(request), type(obj)
    for model in (Agreement, Submission, Score):
        assert model not in admin.site._registry
    assert Committee in admin.site._registry and Evaluation in admin.site._registry
