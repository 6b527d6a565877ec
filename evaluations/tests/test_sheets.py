from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from agreements.models import Agreement
from audit.models import AuditEntry
from evaluations import documents, schemes, selectors, services
from evaluations.models import EvaluationRound, ScoringCriterion, ScoringLevel, ScoringScheme
from pa_portal.errors import DomainError

from .conftest import all_levels, score_and_finalise, sheet_of


def test_a_draft_saves_partially_and_shows_a_running_total(people, committee):
    sheet = sheet_of(committee, people["evaluator1"])
    services.sheet_save(
        evaluation=sheet,
        actor=people["evaluator1"],
        levels={"item:1.1": 4, "item:1.2": 4, "challenge:1:method": 4},
        comments={"item:1.1": "  ชัดเจน\u200b ครบถ้วน "},
    )
    sheet.refresh_from_db()
    result = services.sheet_result_for(sheet)
    assert not result.complete
    assert result.part1 == Decimal("5.45")  # 8 / 22 rows × 60 / 4 = 5.4545…
    assert result.part2 == Decimal("6.67")  # (4 × 5) / 3 issues
    assert sheet.scores.get(anchor="item:1.1").comment == "ชัดเจน ครบถ้วน"
    assert sheet.status == sheet.Status.DRAFT


def test_saving_records_what_changed_in_the_audit_trail(people, committee):
    sheet = sheet_of(committee, people["evaluator1"])
    services.sheet_save(evaluation=sheet, actor=people["evaluator1"], levels={"item:1.1": 2}, comments={})
    services.sheet_save(evaluation=sheet, actor=people["evaluator1"], levels={"item:1.1": 3}, comments={})
    services.sheet_save(evaluation=sheet, actor=people["evaluator1"], levels={"item:1.1": 3}, comments={})

    entries = list(AuditEntry.objects.filter(action="evaluation.scores_saved").order_by("id"))
    assert len(entries) == 2  # the unchanged third save writes nothing
    assert entries[1].changes == {
        "item:1.1": {"before": {"level": 2, "comment": ""}, "after": {"level": 3, "comment": ""}}
    }
    assert entries[1].agreement_id == committee.agreement_id


def test_a_level_outside_the_scheme_or_an_unknown_row_is_refused(people, committee):
    sheet = sheet_of(committee, people["evaluator1"])
    with pytest.raises(DomainError, match="ระดับ 5"):
        services.sheet_save(evaluation=sheet, actor=people["evaluator1"], levels={"item:1.1": 5}, comments={})
    with pytest.raises(DomainError, match="ไม่พบหัวข้อ"):
        services.sheet_save(evaluation=sheet, actor=people["evaluator1"], levels={"item:9.9": 3}, comments={})


def test_finalising_needs_every_level(people, committee):
    sheet = sheet_of(committee, people["evaluator1"])
    levels = all_levels(sheet)
    del levels["item:2.3"], levels["challenge:3:qualitative"]
    services.sheet_save(evaluation=sheet, actor=people["evaluator1"], levels=levels, comments={})

    with pytest.raises(DomainError) as error:
        services.sheet_finalise(evaluation=sheet, actor=people["evaluator1"])
    assert "ยังไม่ได้เลือกระดับของข้อ 2.3" in error.value.messages
    assert any("ประเด็นท้าทายที่ 3" in m for m in error.value.messages)
    sheet.refresh_from_db()
    assert not sheet.is_final


def test_finalising_stores_the_results_and_locks_the_sheet(people, committee):
    sheet = score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"], part1=[3, 4])
    sheet.refresh_from_db()
    assert sheet.is_final and sheet.finalised_at is not None
    assert sheet.part1_score == Decimal("52.50")  # mean 3.5 × 15
    assert sheet.part2_score == Decimal("30.00")
    assert sheet.total == Decimal("82.50") and sheet.passed is True
    assert sheet.rubric_snapshot["pass_mark"] == "70.00"
    assert AuditEntry.objects.filter(action="evaluation.sheet_finalised", object_id=str(sheet.pk)).exists()

    with pytest.raises(PermissionDenied):
        services.sheet_save(evaluation=sheet, actor=people["evaluator1"], levels={"item:1.1": 1}, comments={})
    with pytest.raises(PermissionDenied):
        services.sheet_finalise(evaluation=sheet, actor=people["evaluator1"])


def test_nobody_else_scores_a_sheet(people, committee):
    sheet = sheet_of(committee, people["evaluator1"])
    for name in ("evaluator2", "hr", "admin", "deputy", "supervisor"):
        with pytest.raises(PermissionDenied):
            services.sheet_save(evaluation=sheet, actor=people[name], levels={"item:1.1": 4}, comments={})


def test_a_closed_round_takes_no_more_scores(people, committee):
    services.round_set_status(
        evaluation_round=committee.round, actor=people["hr"], status=EvaluationRound.Status.CLOSED
    )
    sheet = selectors.evaluation_get(sheet_of(committee, people["evaluator1"]).pk)
    with pytest.raises(PermissionDenied):
        services.sheet_save(evaluation=sheet, actor=people["evaluator1"], levels={"item:1.1": 4}, comments={})


def test_the_last_sheet_completes_the_committee_and_marks_the_agreement_evaluated(people, committee):
    score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"], part1=3)
    score_and_finalise(sheet_of(committee, people["evaluator2"]), people["evaluator2"], part1=4)
    committee.refresh_from_db()
    assert committee.completed_at is None
    assert Agreement.objects.get(pk=committee.agreement_id).status == Agreement.Status.AGREED

    score_and_finalise(sheet_of(committee, people["evaluator3"]), people["evaluator3"], part1=[3, 4])

    committee.refresh_from_db()
    assert committee.completed_at is not None
    assert Agreement.objects.get(pk=committee.agreement_id).status == Agreement.Status.EVALUATED
    outcome = services.committee_outcome(committee)
    assert outcome.totals == (Decimal("75.00"), Decimal("100.00"), Decimal("82.50"))
    assert outcome.mean == Decimal("85.83") and outcome.passed
    entry = AuditEntry.objects.get(action="evaluation.committee_completed")
    assert entry.changes["passed"] is True


def test_one_evaluator_below_the_pass_mark_fails_the_committee_whatever_the_mean(people, committee):
    score_and_finalise(
        sheet_of(committee, people["evaluator1"]), people["evaluator1"], part1=2
    )  # 30 + 20 = 50
    score_and_finalise(sheet_of(committee, people["evaluator2"]), people["evaluator2"], part1=4)
    score_and_finalise(sheet_of(committee, people["evaluator3"]), people["evaluator3"], part1=4)

    committee.refresh_from_db()
    outcome = services.committee_outcome(committee)
    assert outcome.mean == Decimal("83.33")
    assert outcome.complete and not outcome.passed


def test_changing_the_scheme_does_not_alter_finalised_results(people, committee, scheme):
    score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"], part1=3)
    draft = sheet_of(committee, people["evaluator2"])
    services.sheet_save(
        evaluation=draft, actor=people["evaluator2"], levels=all_levels(draft, part1=3), comments={}
    )

    # Someone bypasses the admin's lock and rewrites the pinned edition's numbers.
    ScoringScheme.objects.filter(pk=scheme.pk).update(part1_points=80, part2_points=20, pass_mark=90)
    ScoringCriterion.objects.filter(scheme=scheme, code="method").update(points=0)
    ScoringLevel.objects.filter(scheme=scheme, value=4).delete()

    final = selectors.evaluation_get(sheet_of(committee, people["evaluator1"]).pk)
    result = services.sheet_result_for(final)
    assert (result.part1, result.part2, result.total, result.passed) == (
        Decimal("45.00"),
        Decimal("30.00"),
        Decimal("75.00"),
        True,
    )
    assert "× 60 ÷ 4" in "\n".join(documents.sheet_for_pdf(final.pk)["formula"])
    # The draft follows the edition as it now stands.
    assert services.sheet_result_for(selectors.evaluation_get(draft.pk)).part1 == Decimal("80.00")


def test_a_new_scheme_edition_leaves_the_old_rounds_results_alone(people, committee, scheme):
    score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"], part1=3)
    new = schemes.scheme_new_edition(scheme=scheme)
    new.pass_mark = Decimal(80)
    new.save()

    assert new.edition == scheme.edition + 1
    final = selectors.evaluation_get(sheet_of(committee, people["evaluator1"]).pk)
    assert services.sheet_result_for(final).passed is True
    assert final.member.committee.round.scheme_id == scheme.pk


def test_sheet_for_pdf_gives_every_row_and_figure(people, committee):
    sheet = score_and_finalise(sheet_of(committee, people["evaluator2"]), people["evaluator2"], part1=4)
    data = documents.sheet_for_pdf(sheet.pk)

    assert data["evaluator"]["role_label"] == "กรรมการ"
    assert data["agreement"]["owner_name"] == committee.agreement.owner_name
    assert len(data["part1"]) == 22 and data["part1"][0]["level_label"] == "ปฏิบัติได้สูงกว่าระดับที่คาดหวัง"
    assert [c["score"] for c in data["part2"][0]["criteria"]] == [
        Decimal("20.00"),
        Decimal("10.00"),
        Decimal("10.00"),
    ]
    assert (data["part1_score"], data["part2_score"], data["total"]) == (
        Decimal("60.00"),
        Decimal("40.00"),
        Decimal("100.00"),
    )
    assert data["verdict"] == "ผ่านเกณฑ์"


def test_committee_summary_gives_three_signature_blocks_and_the_verdict(people, committee):
    for name, level in (("evaluator1", 3), ("evaluator2", 4), ("evaluator3", 3)):
        score_and_finalise(sheet_of(committee, people[name]), people[name], part1=level)

    data = documents.committee_summary(committee.agreement_id, committee.round_id)
    assert [m["role_label"] for m in data["members"]] == ["ประธานกรรมการ", "กรรมการ", "กรรมการ"]
    assert [m["total"] for m in data["members"]] == [Decimal("75.00"), Decimal("100.00"), Decimal("75.00")]
    assert data["mean"] == Decimal("83.33")
    assert data["complete"] and data["verdict"] == "ผ่านเกณฑ์"
    assert any("ไม่ต่ำกว่า 70" in line for line in data["formula"])


def test_the_sheet_page_reports_what_is_missing_when_finalising_too_early(people, committee, client_for):
    sheet = sheet_of(committee, people["evaluator1"])
    response = client_for(people["evaluator1"]).post(
        reverse("evaluations:sheet", args=[sheet.pk]),
        {"level__item:1.1": "3", "action": "finalise"},
        follow=True,
    )
    page = response.content.decode()
    assert "ยังไม่ได้เลือกระดับของข้อ 1.2" in page
    sheet.refresh_from_db()
    assert not sheet.is_final
    assert sheet.scores.get(anchor="item:1.1").level == 3  # the draft part was still saved


def test_a_level_that_is_not_offered_is_a_form_error(people, committee, client_for):
    sheet = sheet_of(committee, people["evaluator1"])
    response = client_for(people["evaluator1"]).post(
        reverse("evaluations:sheet", args=[sheet.pk]), {"level__item:1.1": "7", "action": "save"}
    )
    assert response.status_code == 200
    assert "ยังไม่ได้บันทึก" in response.content.decode()
    assert not sheet.scores.exists()


def test_the_sheet_prints_django_radios_that_the_running_total_reads(people, committee, client_for):
    sheet = sheet_of(committee, people["evaluator1"])
    client = client_for(people["evaluator1"])
    url = reverse("evaluations:sheet", args=[sheet.pk])
    client.post(url, {"level__item:1.1": "3", "comment__item:1.1": "ชัดเจน", "action": "save"})
    page = client.get(url).content.decode()
    assert (
        '<input type="radio" name="level__item:1.1" value="3" class="btn-check level-input" data-part="1"'
        ' id="id_level__item:1.1_2" checked>'
    ) in page
    assert (
        '<input type="radio" name="level__challenge:1:method" value="1" class="btn-check level-input"'
        ' data-criterion="method" data-issue="0" data-part="2" id="id_level__challenge:1:method_0">'
    ) in page
    assert '<label class="btn btn-outline-primary" for="id_level__item:1.1_2"' in page
    assert 'id="id_comment__item:1.1">\nชัดเจน</textarea>' in page


def test_a_comment_over_the_limit_is_marked_beside_its_box(people, committee, client_for):
    sheet = sheet_of(committee, people["evaluator1"])
    response = client_for(people["evaluator1"]).post(
        reverse("evaluations:sheet", args=[sheet.pk]),
        {"level__item:1.1": "3", "comment__item:1.1": "ก" * (services.COMMENT_MAX + 1), "action": "save"},
    )
    page = response.content.decode()
    assert 'class="form-control form-control-sm is-invalid"' in page
    assert 'aria-invalid="true"' in page
    assert (
        '<div class="invalid-feedback" id="id_comment__item:1.1_error"><div>'
        f"ข้อความยาวเกินกำหนด (สูงสุด {services.COMMENT_MAX} ตัวอักษร"
    ) in page
    assert not sheet.scores.exists()
