"""Rounds, committees and scoring sheets: every write of the evaluation goes through here."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.selectors import display_name
from agreements.models import Agreement, FiscalYear
from audit.services import audit_record
from pa_portal import permissions
from pa_portal.thaitext import clean_text

from .models import Committee, CommitteeMember, Evaluation, EvaluationRound, Score, ScoringScheme
from .scoring import CommitteeResult, Rubric, SheetResult, committee_result, sheet_result

COMMENT_MAX = 3000


class EvaluationError(Exception):
    """A rule was broken; `messages` lists each problem in Thai."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(self.messages))


# --- anchors: what a level is given to --------------------------------------------------------


def item_anchor(code: str) -> str:
    return f"item:{code}"


def issue_anchor(order: int) -> str:
    return f"challenge:{order}"


def criterion_anchor(order: int, code: str) -> str:
    return f"challenge:{order}:{code}"


def sheet_anchors(snapshot: dict, rubric: Rubric) -> tuple[list[str], list[list[str]]]:
    """The anchors of a sheet: one per Part 1 row, and per challenge issue one per criterion."""
    part1 = [item_anchor(row["sub_item"]) for row in snapshot.get("part1", [])]
    part2 = [
        [criterion_anchor(issue["order"], c.code) for c in rubric.criteria]
        for issue in snapshot.get("part2", [])
    ]
    return part1, part2


# --- rounds -----------------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *,
    actor,
    fiscal_year: int,
    number: int,
    title: str,
    scheme: ScoringScheme,
    starts_on,
    due_on,
    offices=(),
) -> EvaluationRound:
    if not permissions.can_manage_evaluations(actor):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่บริหารงานบุคคลหรือผู้ดูแลระบบที่สร้างรอบการประเมินได้")
    problems = [f"เกณฑ์การให้คะแนนใช้ไม่ได้: {p}" for p in scheme.rubric().problems()]
    if due_on < starts_on:
        problems.append("กำหนดแล้วเสร็จต้องไม่ก่อนวันเริ่มประเมิน")
    year, _ = FiscalYear.objects.get_or_create(year=fiscal_year)
    if EvaluationRound.objects.filter(fiscal_year=year, number=number).exists():
        problems.append(f"ปีงบประมาณ {fiscal_year} มีการประเมินครั้งที่ {number} อยู่แล้ว")
    if problems:
        raise EvaluationError(problems)
    evaluation_round = EvaluationRound.objects.create(
        fiscal_year=year,
        number=number,
        title=clean_text(title, multiline=False),
        scheme=scheme,
        starts_on=starts_on,
        due_on=due_on,
        created_by=actor,
    )
    evaluation_round.offices.set(offices)
    audit_record(
        actor=actor,
        action="evaluation.round_created",
        obj=evaluation_round,
        changes={
            "fiscal_year": fiscal_year,
            "number": number,
            "scheme": f"{scheme.code}@{scheme.edition}",
            "starts_on": starts_on,
            "due_on": due_on,
            "offices": [o.code for o in offices],
        },
    )
    return evaluation_round


@transaction.atomic
def round_set_status(*, evaluation_round: EvaluationRound, actor, status: str) -> EvaluationRound:
    if not permissions.can_manage_evaluations(actor):
        raise PermissionDenied("คุณไม่มีสิทธิ์เปิดหรือปิดรอบการประเมิน")
    if status not in EvaluationRound.Status.values:
        raise EvaluationError("สถานะรอบการประเมินไม่ถูกต้อง")
    before = evaluation_round.status
    if before != status:
        evaluation_round.status = status
        evaluation_round.save(update_fields=["status"])
        audit_record(
            actor=actor,
            action="evaluation.round_status",
            obj=evaluation_round,
            changes={"status": {"before": before, "after": status}},
        )
    return evaluation_round


def round_agreements(evaluation_round: EvaluationRound):
    """The agreements a round scores: agreed (or already evaluated) ones of its year and offices."""
    qs = Agreement.objects.filter(
        fiscal_year_id=evaluation_round.fiscal_year_id,
        status__in=[Agreement.Status.AGREED, Agreement.Status.EVALUATED],
    )
    office_ids = [o.pk for o in evaluation_round.offices.all()]
    if office_ids:
        qs = qs.filter(office_id__in=office_ids)
    return qs


# --- committees -------------------------------------------------------------------------------


def committee_conflicts(*, agreement: Agreement, evaluator) -> list[str]:
    """Why `evaluator` may not sit on this agreement's committee (empty when they may)."""
    name = display_name(evaluator)
    problems = []
    if evaluator.pk == agreement.owner_id:
        problems.append(f"{name} เป็นเจ้าของข้อตกลงนี้ จึงเป็นกรรมการประเมินข้อตกลงของตนเองไม่ได้")
    elif permissions.is_office_supervisor(evaluator, agreement) or agreement.agreed_by_id == evaluator.pk:
        problems.append(f"{name} เป็นผู้บังคับบัญชาของเจ้าของข้อตกลง จึงเป็นกรรมการประเมินข้อตกลงนี้ไม่ได้")
    if not evaluator.is_active or not permissions.has_role(evaluator, roles.EVALUATOR):
        problems.append(f"{name} ไม่ได้มีบทบาทผู้ประเมินในระบบ")
    return problems


def _composition_problems(evaluation_round, agreement, chair, members) -> list[str]:
    size = evaluation_round.scheme.committee_size
    people = [chair, *members]
    problems = []
    if len({p.pk for p in people}) != len(people):
        problems.append("มีรายชื่อกรรมการซ้ำกัน")
    if len(people) != size:
        problems.append(f"คณะกรรมการต้องมี {size} คน (ประธานกรรมการ 1 คน และกรรมการ {size - 1} คน)")
    if not round_agreements(evaluation_round).filter(pk=agreement.pk).exists():
        problems.append(f"ข้อตกลง {agreement.number} ไม่อยู่ในขอบเขตของรอบการประเมินนี้ (ต้องได้รับความเห็นชอบแล้ว)")
    for person in people:
        problems.extend(committee_conflicts(agreement=agreement, evaluator=person))
    return problems


@transaction.atomic
def committee_assign(
    *, evaluation_round: EvaluationRound, agreement: Agreement, chair, members: list, actor
) -> Committee:
    """Appoint (or re-appoint, while nobody has finalised) the committee of one agreement.
    A person who stays on keeps their draft; a person who leaves takes their draft with them."""
    if not permissions.can_assign_committee(actor, evaluation_round):
        raise PermissionDenied("คุณไม่มีสิทธิ์แต่งตั้งคณะกรรมการในรอบการประเมินนี้")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    problems = _composition_problems(evaluation_round, agreement, chair, members)
    if problems:
        raise EvaluationError(problems)
    committee = (
        Committee.objects.select_for_update().filter(round=evaluation_round, agreement=agreement).first()
    )
    before = None
    if committee is None:
        committee = Committee.objects.create(
            round=evaluation_round,
            agreement=agreement,
            submission=agreement.submissions.order_by("-version").first(),
            assigned_by=actor,
        )
    else:
        if committee.members.filter(evaluation__status=Evaluation.Status.FINAL).exists():
            raise EvaluationError("มีกรรมการยืนยันผลการประเมินแล้ว จึงเปลี่ยนคณะกรรมการไม่ได้")
        before = [(m.role, m.evaluator_name) for m in committee.members.all()]
        # Free the chair's unique slot before seats are re-dealt.
        committee.members.exclude(evaluator__in=[chair, *members]).delete()
        committee.members.update(role=CommitteeMember.Role.MEMBER)
    seats = {m.evaluator_id: m for m in committee.members.all()}
    for order, (person, role) in enumerate(
        [(chair, CommitteeMember.Role.CHAIR)] + [(m, CommitteeMember.Role.MEMBER) for m in members], start=1
    ):
        seat = seats.get(person.pk)
        if seat is None:
            profile = getattr(person, "profile", None)
            seat = CommitteeMember.objects.create(
                committee=committee,
                evaluator=person,
                role=role,
                order=order,
                evaluator_name=display_name(person),
                evaluator_position=profile.position if profile else "",
            )
            Evaluation.objects.create(member=seat)
        else:
            seat.role, seat.order = role, order
            seat.save(update_fields=["role", "order"])
    from cycle.services import notify_committee_assigned  # cycle imports this module

    notify_committee_assigned(committee=committee)
    audit_record(
        actor=actor,
        action="evaluation.committee_assigned",
        obj=committee,
        agreement=agreement,
        changes={
            "round": str(evaluation_round),
            "before": before,
            "after": [(m.role, m.evaluator_name) for m in committee.members.all()],
        },
    )
    return committee


@dataclass
class BulkAssignResult:
    assigned: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (agreement, [reasons])


def committee_assign_office(
    *, evaluation_round: EvaluationRound, office, chair, members: list, actor
) -> BulkAssignResult:
    """The same committee for every agreement of an office that has none yet in this round; an
    agreement where someone has a conflict is skipped and reported, the others are assigned."""
    if not permissions.can_assign_committee(actor, evaluation_round):
        raise PermissionDenied("คุณไม่มีสิทธิ์แต่งตั้งคณะกรรมการในรอบการประเมินนี้")
    result = BulkAssignResult()
    pending = (
        round_agreements(evaluation_round)
        .filter(office=office)
        .exclude(committees__round=evaluation_round)
        .order_by("owner_name")
    )
    for agreement in pending:
        try:
            with transaction.atomic():
                committee_assign(
                    evaluation_round=evaluation_round,
                    agreement=agreement,
                    chair=chair,
                    members=members,
                    actor=actor,
                )
        except EvaluationError as exc:
            result.skipped.append((agreement, exc.messages))
        else:
            result.assigned.append(agreement)
    return result


# --- sheets -----------------------------------------------------------------------------------


def evaluation_rubric(evaluation: Evaluation) -> Rubric:
    """A finalised sheet keeps the rubric it was finalised under; a draft follows its round's."""
    if evaluation.is_final and evaluation.rubric_snapshot:
        return Rubric.from_dict(evaluation.rubric_snapshot)
    return evaluation.member.committee.round.scheme.rubric()


def _levels(evaluation: Evaluation, rubric: Rubric, scores: dict[str, Score]):
    snapshot = evaluation.member.committee.submission.snapshot
    part1_anchors, part2_anchors = sheet_anchors(snapshot, rubric)
    part1 = [getattr(scores.get(a), "level", None) for a in part1_anchors]
    part2 = [
        {c.code: getattr(scores.get(a), "level", None) for c, a in zip(rubric.criteria, anchors, strict=True)}
        for anchors in part2_anchors
    ]
    return part1, part2


def sheet_scores(evaluation: Evaluation) -> dict[str, Score]:
    return {score.anchor: score for score in evaluation.scores.all()}


def sheet_result_for(evaluation: Evaluation, scores: dict[str, Score] | None = None) -> SheetResult:
    """A sheet's figures: the stored ones once final, the running total of a draft otherwise."""
    rubric = evaluation_rubric(evaluation)
    scores = sheet_scores(evaluation) if scores is None else scores
    computed = sheet_result(rubric, *_levels(evaluation, rubric, scores))
    if not evaluation.is_final:
        return computed
    return SheetResult(
        part1=evaluation.part1_score,
        part2=evaluation.part2_score,
        total=evaluation.total,
        passed=bool(evaluation.passed),
        complete=True,
        rows=computed.rows,
        part1_level_sum=computed.part1_level_sum,
        issue_scores=computed.issue_scores,
    )


def committee_outcome(committee: Committee) -> CommitteeResult:
    evaluations = [m.evaluation for m in committee.members.all()]
    final = [e for e in evaluations if e.is_final]
    rubric = evaluation_rubric(final[0]) if final else committee.round.scheme.rubric()
    return committee_result(rubric, [(e.total, bool(e.passed)) for e in final])


def _missing(evaluation: Evaluation, rubric: Rubric, scores: dict[str, Score]) -> list[str]:
    snapshot = evaluation.member.committee.submission.snapshot
    missing = [
        f"ยังไม่ได้เลือกระดับของข้อ {row['sub_item']}"
        for row in snapshot.get("part1", [])
        if getattr(scores.get(item_anchor(row["sub_item"])), "level", None) is None
    ]
    for issue in snapshot.get("part2", []):
        for criterion in rubric.criteria:
            if getattr(scores.get(criterion_anchor(issue["order"], criterion.code)), "level", None) is None:
                missing.append(f"ยังไม่ได้เลือกระดับของประเด็นท้าทายที่ {issue['order']} ด้าน{criterion.label}")
    return missing


def _check_window(evaluation: Evaluation) -> None:
    """The round's scoring window (its due date, or HR's extension) is the cycle app's rule."""
    from cycle.scoring import scoring_window_check  # cycle imports this module

    scoring_window_check(evaluation)


@transaction.atomic
def sheet_save(*, evaluation: Evaluation, actor, levels: dict, comments: dict) -> Evaluation:
    """Save a draft: levels (anchor -> level or None) and comments (anchor -> text) given."""
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    locked.member = evaluation.member
    if not permissions.can_score(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์บันทึกคะแนนในแบบประเมินนี้")
    _check_window(locked)
    rubric = evaluation_rubric(locked)
    part1_anchors, part2_anchors = sheet_anchors(locked.member.committee.submission.snapshot, rubric)
    known = set(part1_anchors) | {a for anchors in part2_anchors for a in anchors}
    problems = [f"ไม่พบหัวข้อ '{a}' ในแบบประเมิน" for a in sorted((set(levels) | set(comments)) - known)]
    for level in levels.values():
        if level is not None and level not in rubric.level_values:
            problems.append(f"ระดับ {level} ไม่อยู่ในเกณฑ์การให้คะแนน")
    cleaned = {a: clean_text(text) for a, text in comments.items()}
    problems += [
        f"ความเห็นยาวเกิน {COMMENT_MAX} ตัวอักษร" for text in cleaned.values() if len(text) > COMMENT_MAX
    ]
    if problems:
        raise EvaluationError(problems)
    scores = sheet_scores(locked)
    changes, changed, created = {}, [], []
    for anchor in sorted(set(levels) | set(cleaned)):
        score = scores.get(anchor) or Score(evaluation=locked, anchor=anchor)
        before = {"level": score.level, "comment": score.comment}
        if anchor in levels:
            score.level = levels[anchor]
        if anchor in cleaned:
            score.comment = cleaned[anchor]
        after = {"level": score.level, "comment": score.comment}
        if after != before:
            (changed if score.pk else created).append(score)
            changes[anchor] = {"before": before, "after": after}
    # One statement for the changed scores and one for the new ones: a sheet has ~30 anchors.
    if changed:
        Score.objects.bulk_update(changed, ["level", "comment"])
    if created:
        Score.objects.bulk_create(created)
    if changes:
        locked.save(update_fields=["updated_at"])
        audit_record(
            actor=actor,
            action="evaluation.scores_saved",
            obj=locked,
            agreement=locked.member.committee.agreement,
            changes=changes,
        )
    return locked


@transaction.atomic
def sheet_finalise(*, evaluation: Evaluation, actor) -> Evaluation:
    """Lock a complete sheet and store its results with the rubric they were computed under."""
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    locked.member = evaluation.member
    if not permissions.can_score(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์ยืนยันผลแบบประเมินนี้")
    _check_window(locked)
    rubric = evaluation_rubric(locked)
    scores = sheet_scores(locked)
    missing = _missing(locked, rubric, scores)
    if missing:
        raise EvaluationError(missing)
    result = sheet_result(rubric, *_levels(locked, rubric, scores))
    locked.part1_score, locked.part2_score, locked.total = result.part1, result.part2, result.total
    locked.passed = result.passed
    locked.rubric_snapshot = rubric.to_dict()
    locked.status = Evaluation.Status.FINAL
    locked.finalised_at = timezone.now()
    locked.save()
    committee = locked.member.committee
    audit_record(
        actor=actor,
        action="evaluation.sheet_finalised",
        obj=locked,
        agreement=committee.agreement,
        changes={
            "part1": result.part1,
            "part2": result.part2,
            "total": result.total,
            "passed": result.passed,
        },
    )
    _committee_complete_if_done(committee, actor)
    return locked


def _committee_complete_if_done(committee: Committee, actor) -> None:
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if committee.completed_at is not None:
        return
    statuses = list(Evaluation.objects.filter(member__committee=committee).values_list("status", flat=True))
    if not statuses or any(status != Evaluation.Status.FINAL for status in statuses):
        return
    committee.completed_at = timezone.now()
    committee.save(update_fields=["completed_at"])
    Agreement.objects.filter(pk=committee.agreement_id, status=Agreement.Status.AGREED).update(
        status=Agreement.Status.EVALUATED, updated_at=timezone.now()
    )
    from cycle.services import notify_sheets_final  # cycle imports this module

    notify_sheets_final(committee=committee)
    outcome = committee_outcome(committee)
    audit_record(
        actor=actor,
        action="evaluation.committee_completed",
        obj=committee,
        agreement=committee.agreement,
        changes={"totals": list(outcome.totals), "mean": outcome.mean, "passed": outcome.passed},
    )
