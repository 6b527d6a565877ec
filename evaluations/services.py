"""Rounds and scoring sheets: every write of the evaluation goes through here (committees:\nevaluations/committees.py)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from agreements.models import Agreement, FiscalYear
from agreements.rules import challenge_anchor, item_anchor
from audit.services import audit_record
from pa_portal.errors import DomainError, Problem, StaleRevision
from pa_portal.events import send_on_commit
from pa_portal.thaitext import clean_text

from . import deadlines, permissions, signals
from .models import Committee, Evaluation, EvaluationRound, Score, ScoringScheme
from .scoring import CommitteeResult, Rubric, SheetResult, committee_result, number_text, sheet_result

COMMENT_MAX = 3000
SHEET_STALE = (
    "แบบประเมินนี้ถูกบันทึกจากหน้าต่างหรืออุปกรณ์อื่นหลังจากที่คุณเปิดหน้านี้ "
    "ระบบจึงยังไม่บันทึกระดับและความเห็นของคุณ (ยังอยู่ในหน้านี้และเก็บสำรองไว้ในเครื่องนี้แล้ว) "
    'กรุณาโหลดหน้าใหม่เพื่อดูฉบับล่าสุด แล้วกด "กู้คืน" หากต้องการใช้ค่าที่เลือกไว้'
)
LEVEL_MISSING = "ยังไม่ได้เลือกระดับ"


# --- keys: what a level, a comment or a piece of evidence is given to --------------------------
# Stored in Score.anchor and Evidence.anchor ("item:1.4", "challenge:2", "challenge:2:method");
# the page sections they belong to have the ids of agreements.rules.item_anchor ("item-1.4").


def item_key(code: str) -> str:
    return f"item:{code}"


def issue_key(order: int) -> str:
    return f"challenge:{order}"


def criterion_key(order: int, code: str) -> str:
    return f"challenge:{order}:{code}"


def sheet_keys(snapshot: dict, rubric: Rubric) -> tuple[list[str], list[list[str]]]:
    """The keys of a sheet: one per Part 1 row, and per challenge issue one per criterion."""
    part1 = [item_key(row["sub_item"]) for row in snapshot.get("part1", [])]
    part2 = [
        [criterion_key(issue["order"], c.code) for c in rubric.criteria]
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
    problems = [f"เกณฑ์การให้คะแนนใช้ไม่ได้: {p}" for p in scheme.problems()]
    if due_on < starts_on:
        problems.append("กำหนดแล้วเสร็จต้องไม่ก่อนวันเริ่มประเมิน")
    year, _ = FiscalYear.objects.get_or_create(year=fiscal_year)
    if EvaluationRound.objects.filter(fiscal_year=year, number=number).exists():
        problems.append(f"ปีงบประมาณ {fiscal_year} มีการประเมินครั้งที่ {number} อยู่แล้ว")
    if problems:
        raise DomainError(problems)
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
        raise DomainError("สถานะรอบการประเมินไม่ถูกต้อง")
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


# --- sheets -----------------------------------------------------------------------------------


def evaluation_rubric(evaluation: Evaluation) -> Rubric:
    """A finalised sheet keeps the rubric it was finalised under; a draft follows its round's."""
    if evaluation.is_final and evaluation.rubric_snapshot:
        return Rubric.from_dict(evaluation.rubric_snapshot)
    return evaluation.member.committee.round.scheme.rubric()


def _levels(evaluation: Evaluation, rubric: Rubric, scores: dict[str, Score]):
    snapshot = evaluation.member.committee.submission.snapshot
    part1_anchors, part2_anchors = sheet_keys(snapshot, rubric)
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


def level_field(anchor: str) -> str:
    """The sheet form's field of a key's level: a problem's path, so the page can mark it."""
    return f"level__{anchor}"


def sheet_state_label(evaluation: Evaluation) -> str:
    """What a sheet's own evaluator reads as its state: a finalised sheet is only "done" once the
    whole committee is; before that it says how many members have still to finalise."""
    if not evaluation.is_final:
        return Evaluation.Status.DRAFT.label
    committee = evaluation.member.committee
    if committee.completed_at is not None:
        return Evaluation.Status.FINAL.label
    waiting = getattr(evaluation, "waiting", None)  # annotated by selectors.evaluation_get
    if waiting is None:
        waiting = (
            Evaluation.objects.filter(member__committee=committee)
            .exclude(status=Evaluation.Status.FINAL)
            .count()
        )
    if not waiting:
        return Evaluation.Status.FINAL.label
    return f"ส่งผลการประเมินของท่านแล้ว — รอกรรมการอีก {waiting} คน"


def committee_outcome_reason(committee: Committee, outcome: CommitteeResult | None = None) -> str:
    """Why a complete committee's verdict is a fail although its mean may pass: the members whose
    own total is under the pass mark. Empty for a pass or an incomplete committee."""
    outcome = outcome or committee_outcome(committee)
    if not outcome.complete or outcome.passed:
        return ""
    below = [
        m
        for m in committee.members.all()
        if m.evaluation.is_final and not m.evaluation.passed and m.evaluation.total is not None
    ]
    if not below:
        return ""
    rubric = evaluation_rubric(below[0].evaluation)
    mark = number_text(rubric.pass_mark)
    names = ", ".join(
        f"{m.evaluator_name} ({m.get_role_display()}) {m.evaluation.total} คะแนน" for m in below
    )
    return (
        f"คะแนนรวมของ {names} ต่ำกว่าเกณฑ์ {mark} คะแนน "
        f"(ผ่านเกณฑ์เมื่อกรรมการทุกคนให้คะแนนรวมไม่ต่ำกว่า {mark} คะแนน ไม่ใช่จากค่าเฉลี่ย)"
    )


def _missing(evaluation: Evaluation, rubric: Rubric, scores: dict[str, Score]) -> list[Problem]:
    """One problem per key without a level, in the sheet's order, each pointing at its field."""
    snapshot = evaluation.member.committee.submission.snapshot
    missing = []
    for row in snapshot.get("part1", []):
        key = item_key(row["sub_item"])
        if getattr(scores.get(key), "level", None) is None:
            message = f"{LEVEL_MISSING}ของข้อ {row['sub_item']}"
            missing.append(Problem(level_field(key), item_anchor(row["sub_item"]), message))
    for issue in snapshot.get("part2", []):
        for criterion in rubric.criteria:
            key = criterion_key(issue["order"], criterion.code)
            if getattr(scores.get(key), "level", None) is None:
                message = f"{LEVEL_MISSING}ของประเด็นท้าทายที่ {issue['order']} ด้าน{criterion.label}"
                missing.append(Problem(level_field(key), challenge_anchor(issue["order"]), message))
    return missing


@transaction.atomic
def sheet_save(
    *, evaluation: Evaluation, actor, levels: dict, comments: dict, expected_revision: int | None = None
) -> Evaluation:
    """Save a draft: levels (anchor -> level or None) and comments (anchor -> text) given.

    `expected_revision` is the revision the page was opened at: a save from a page opened before
    another save of the sheet (a second tab) is refused with StaleRevision and writes nothing.
    None (the demo data, the tests' set-ups) skips the check."""
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    locked.member = evaluation.member
    if not permissions.can_score(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์บันทึกคะแนนในแบบประเมินนี้")
    deadlines.scoring_window_check(locked)
    if expected_revision is not None and expected_revision != locked.revision:
        raise StaleRevision(SHEET_STALE)
    rubric = evaluation_rubric(locked)
    part1_anchors, part2_anchors = sheet_keys(locked.member.committee.submission.snapshot, rubric)
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
        raise DomainError(problems)
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
    # An autosave that changes nothing is not a new revision: another tab stays valid.
    if changes:
        locked.revision += 1
        locked.save(update_fields=["revision", "updated_at"])
        audit_record(
            actor=actor,
            action="evaluation.scores_saved",
            obj=locked,
            agreement=locked.member.committee.agreement,
            changes=changes,
        )
    evaluation.revision = locked.revision
    return locked


@transaction.atomic
def sheet_finalise(*, evaluation: Evaluation, actor) -> Evaluation:
    """Lock a complete sheet and store its results with the rubric they were computed under."""
    locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    locked.member = evaluation.member
    if not permissions.can_score(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์ยืนยันผลแบบประเมินนี้")
    deadlines.scoring_window_check(locked)
    rubric = evaluation_rubric(locked)
    scores = sheet_scores(locked)
    missing = _missing(locked, rubric, scores)
    if missing:
        raise DomainError(missing)
    result = sheet_result(rubric, *_levels(locked, rubric, scores))
    locked.part1_score, locked.part2_score, locked.total = result.part1, result.part2, result.total
    locked.passed = result.passed
    locked.rubric_snapshot = rubric.to_dict()
    locked.status = Evaluation.Status.FINAL
    locked.finalised_at = timezone.now()
    locked.revision += 1
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
    send_on_commit(signals.sheets_finalised, Committee, committee=committee)
    outcome = committee_outcome(committee)
    audit_record(
        actor=actor,
        action="evaluation.committee_completed",
        obj=committee,
        agreement=committee.agreement,
        changes={"totals": list(outcome.totals), "mean": outcome.mean, "passed": outcome.passed},
    )
