"""Reads for the evaluation pages, the Excel export and the PA2/PA3 PDFs. Every figure comes from
services.sheet_result_for / services.committee_outcome, so a page, a workbook and a PDF can never
disagree."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Office

from . import services
from .models import (
    Committee,
    CommitteeMember,
    Evaluation,
    EvaluationRound,
    Evidence,
    RoundState,
)
from .scoring import CommitteeResult, SheetResult, criterion_points, formula_lines


def _committees():
    return Committee.objects.select_related(
        "round__fiscal_year", "round__scheme", "agreement__office", "agreement__fiscal_year", "submission"
    ).prefetch_related(
        Prefetch(
            "members",
            queryset=CommitteeMember.objects.select_related("evaluation", "evaluator").order_by("order"),
        ),
        "round__scheme__levels",
        "round__scheme__criteria",
    )


def _evaluations():
    # How many sheets of the same committee are not final yet, for services.sheet_state_label:
    # part of this one query rather than one more per sheet.
    waiting = (
        Evaluation.objects.filter(member__committee=OuterRef("member__committee"))
        .exclude(status=Evaluation.Status.FINAL)
        .order_by()
        .values("member__committee")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Evaluation.objects.annotate(waiting=Coalesce(Subquery(waiting), 0))
        .select_related(
            "member__evaluator",
            "member__committee__round__fiscal_year",
            "member__committee__round__scheme",
            "member__committee__agreement__office",
            "member__committee__agreement__fiscal_year",
            "member__committee__submission",
        )
        .prefetch_related(
            "scores",
            "member__committee__round__scheme__levels",
            "member__committee__round__scheme__criteria",
        )
    )


def evaluation_get(pk: int) -> Evaluation:
    return _evaluations().get(pk=pk)


def committee_get(pk: int) -> Committee:
    return _committees().get(pk=pk)


def rounds_all() -> QuerySet[EvaluationRound]:
    return EvaluationRound.objects.select_related("fiscal_year", "scheme").prefetch_related("offices")


def rounds_of_year(year: int) -> QuerySet[EvaluationRound]:
    return rounds_all().filter(fiscal_year__year=year).order_by("number")


# --- the evaluator's inbox ----------------------------------------------------------------------


@dataclass
class InboxEntry:
    evaluation: Evaluation
    state_label: str
    scored: int
    total_anchors: int


def inbox_for(user) -> list[InboxEntry]:
    """The sheets assigned to `user` in open rounds, and their finalised sheets of any round (the
    way to their PA2 once a round closes); drafts first, then by due date."""
    evaluations = _evaluations().filter(
        Q(member__committee__round__status=EvaluationRound.Status.OPEN) | Q(status=Evaluation.Status.FINAL),
        member__evaluator=user,
    )
    entries = []
    for evaluation in evaluations:
        rubric = services.evaluation_rubric(evaluation)
        part1, part2 = services.sheet_keys(evaluation.member.committee.submission.snapshot, rubric)
        anchors = set(part1) | {a for group in part2 for a in group}
        scored = sum(1 for s in evaluation.scores.all() if s.level is not None and s.anchor in anchors)
        if evaluation.is_final:
            label = services.sheet_state_label(evaluation)
        else:
            label = "ยังไม่เริ่มประเมิน" if scored == 0 else "กำลังประเมิน"
        entries.append(InboxEntry(evaluation, label, scored, len(anchors)))
    entries.sort(
        key=lambda e: (e.evaluation.is_final, e.evaluation.member.committee.round.due_on, e.evaluation.pk)
    )
    return entries


# --- a scoring sheet ----------------------------------------------------------------------------


def evidence_by_anchor(agreement_id: int) -> dict[str, list[Evidence]]:
    grouped = defaultdict(list)
    for evidence in Evidence.objects.filter(agreement_id=agreement_id).order_by("created_at"):
        grouped[evidence.anchor].append(evidence)
    return dict(grouped)


def sheet_rows(evaluation: Evaluation) -> dict:
    """The sheet as rows beside the submitted snapshot: Part 1 rows and Part 2 issues with each
    criterion's anchor, saved level and comment."""
    rubric = services.evaluation_rubric(evaluation)
    snapshot = evaluation.member.committee.submission.snapshot
    scores = services.sheet_scores(evaluation)
    result = services.sheet_result_for(evaluation, scores)

    def cell(anchor):
        score = scores.get(anchor)
        level = score.level if score else None
        return {
            "anchor": anchor,
            "level": level,
            "level_label": rubric.level_label(level),
            "comment": score.comment if score else "",
        }

    part1 = [{"row": row, **cell(services.item_key(row["sub_item"]))} for row in snapshot.get("part1", [])]
    part2 = []
    for index, issue in enumerate(snapshot.get("part2", [])):
        criteria = []
        for criterion in rubric.criteria:
            data = cell(services.criterion_key(issue["order"], criterion.code))
            data.update(code=criterion.code, label=criterion.label, points=criterion.points)
            if data["level"] is not None:
                data["score"] = criterion_points(rubric, data["level"], criterion.points)
            criteria.append(data)
        part2.append(
            {
                "issue": issue,
                "anchor": services.issue_key(issue["order"]),
                "criteria": criteria,
                "subtotal": result.issue_scores[index] if index < len(result.issue_scores) else None,
            }
        )
    return {"rubric": rubric, "result": result, "part1": part1, "part2": part2, "snapshot": snapshot}


# --- results ----------------------------------------------------------------------------------


@dataclass
class Seat:
    member: CommitteeMember
    evaluation: Evaluation
    result: SheetResult | None  # only for a finalised sheet


@dataclass
class AgreementRow:
    agreement: object
    committee: Committee | None
    state: str
    seats: list[Seat] = field(default_factory=list)
    outcome: CommitteeResult | None = None
    reason: str = ""  # why a complete committee failed (services.committee_outcome_reason)

    @property
    def state_label(self) -> str:
        return RoundState(self.state).label


def _seats(committee: Committee) -> list[Seat]:
    seats = []
    for member in committee.members.all():
        evaluation = member.evaluation
        result = services.sheet_result_for(evaluation, scores={}) if evaluation.is_final else None
        seats.append(Seat(member, evaluation, result))
    return seats


def _state(committee: Committee | None) -> str:
    if committee is None:
        return RoundState.NOT_ASSIGNED
    return RoundState.FINAL if committee.completed_at is not None else RoundState.SCORING


def agreement_row(committee: Committee) -> AgreementRow:
    outcome = services.committee_outcome(committee)
    return AgreementRow(
        agreement=committee.agreement,
        committee=committee,
        state=_state(committee),
        seats=_seats(committee),
        outcome=outcome,
        reason=services.committee_outcome_reason(committee, outcome),
    )


@dataclass
class OfficeTable:
    office: Office
    rows: list[AgreementRow]

    @property
    def counts(self) -> dict[str, int]:
        counts = {state: 0 for state in RoundState.values}
        for row in self.rows:
            counts[row.state] += 1
        return counts

    @property
    def count_list(self) -> list[tuple[str, int]]:
        counts = self.counts
        return [(label, counts[value]) for value, label in RoundState.choices]


def round_table(evaluation_round: EvaluationRound) -> list[OfficeTable]:
    """A round's agreements by office, each with its committee, seats and outcome."""
    agreements = services.round_agreements(evaluation_round).select_related("office", "fiscal_year", "owner")
    committees = {c.agreement_id: c for c in _committees().filter(round=evaluation_round)}
    # An agreement keeps its row once it has a committee, whatever happened to it since.
    extra = [c.agreement for c in committees.values() if c.agreement_id not in {a.pk for a in agreements}]
    by_office = defaultdict(list)
    for agreement in [*agreements, *extra]:
        committee = committees.get(agreement.pk)
        if committee is None:
            by_office[agreement.office].append(AgreementRow(agreement, None, RoundState.NOT_ASSIGNED))
        else:
            by_office[agreement.office].append(agreement_row(committee))
    tables = [
        OfficeTable(office, sorted(rows, key=lambda r: (r.agreement.owner_name, r.agreement.pk)))
        for office, rows in by_office.items()
    ]
    return sorted(tables, key=lambda t: t.office.code)


def round_counts(tables: list[OfficeTable]) -> list[tuple[str, int]]:
    totals = {state: 0 for state in RoundState.values}
    for table in tables:
        for state, count in table.counts.items():
            totals[state] += count
    return [(label, totals[value]) for value, label in RoundState.choices]


def committees_of_owner(user) -> QuerySet[Committee]:
    return _committees().filter(agreement__owner=user).order_by("-round__fiscal_year__year", "-round__number")


# --- data for the PA2 / PA3 PDFs --------------------------------------------------------------


def _round_dict(evaluation_round: EvaluationRound) -> dict:
    return {
        "id": evaluation_round.pk,
        "title": evaluation_round.title,
        "fiscal_year": evaluation_round.fiscal_year.year,
        "number": evaluation_round.number,
        "starts_on": evaluation_round.starts_on,
        "due_on": evaluation_round.due_on,
    }


def _agreement_dict(committee: Committee) -> dict:
    agreement = committee.agreement
    owner = committee.submission.snapshot.get("owner", {})
    return {
        "id": agreement.pk,
        "number": agreement.number,
        "owner_name": owner.get("name", agreement.owner_name),
        "owner_position": owner.get("position", agreement.owner_position),
        "owner_academic_standing": owner.get("academic_standing", agreement.owner_academic_standing),
        "office_name": owner.get("office_name", agreement.office_name),
        "submission_version": committee.submission.version,
        "submission_sha256": committee.submission.sha256,
    }


def _member_dict(member: CommitteeMember) -> dict:
    return {
        "role": member.role,
        "role_label": member.get_role_display(),
        "name": member.evaluator_name,
        "position": member.evaluator_position,
        "order": member.order,
    }


def _verdict(passed: bool | None) -> str:
    if passed is None:
        return ""
    return "ผ่านเกณฑ์" if passed else "ไม่ผ่านเกณฑ์"


def sheet_for_pdf(evaluation_id: int) -> dict:
    """Everything PA2 (one evaluator's sheet) prints. Callers check permissions.can_view_sheet."""
    evaluation = evaluation_get(evaluation_id)
    committee = evaluation.member.committee
    sheet = sheet_rows(evaluation)
    rubric, result = sheet["rubric"], sheet["result"]
    return {
        "evaluation_id": evaluation.pk,
        "status": evaluation.status,
        "is_final": evaluation.is_final,
        "finalised_at": evaluation.finalised_at,
        "round": _round_dict(committee.round),
        "agreement": _agreement_dict(committee),
        "evaluator": _member_dict(evaluation.member),
        "levels": [{"value": lv.value, "label": lv.label} for lv in rubric.levels],
        "part1_points": rubric.part1_points,
        "part2_points": rubric.part2_points,
        "total_points": rubric.total_points,
        "pass_mark": rubric.pass_mark,
        "part1": [
            {
                "sub_item": r["row"]["sub_item"],
                "domain": r["row"].get("domain"),
                "domain_title": r["row"].get("domain_title", ""),
                "sub_item_text": r["row"].get("sub_item_text", ""),
                "level": r["level"],
                "level_label": r["level_label"],
                "comment": r["comment"],
            }
            for r in sheet["part1"]
        ],
        "part1_level_sum": result.part1_level_sum,
        "part1_rows": result.rows,
        "part2": [
            {
                "order": i["issue"]["order"],
                "title": i["issue"].get("title", ""),
                "criteria": [
                    {
                        "code": c["code"],
                        "label": c["label"],
                        "points": c["points"],
                        "level": c["level"],
                        "level_label": c["level_label"],
                        "score": c.get("score"),
                        "comment": c["comment"],
                    }
                    for c in i["criteria"]
                ],
                "subtotal": i["subtotal"],
            }
            for i in sheet["part2"]
        ],
        "part1_score": result.part1,
        "part2_score": result.part2,
        "total": result.total,
        "passed": result.passed if evaluation.is_final else None,
        "verdict": _verdict(result.passed) if evaluation.is_final else "",
        "formula": formula_lines(rubric, len(sheet["part2"])),
    }


def committee_summary(agreement_id: int, round_id: int) -> dict:
    """Everything PA3 (the committee's summary, three signature blocks) prints. Callers check
    permissions.can_view_results on the committee."""
    committee = _committees().get(agreement_id=agreement_id, round_id=round_id)
    row = agreement_row(committee)
    rubric = (
        services.evaluation_rubric(row.seats[0].evaluation) if row.seats else committee.round.scheme.rubric()
    )
    return {
        "committee_id": committee.pk,
        "complete": committee.completed_at is not None,
        "completed_at": committee.completed_at,
        "round": _round_dict(committee.round),
        "agreement": _agreement_dict(committee),
        "members": [
            {
                **_member_dict(seat.member),
                "evaluation_id": seat.evaluation.pk,
                "is_final": seat.evaluation.is_final,
                "finalised_at": seat.evaluation.finalised_at,
                "part1_score": seat.result.part1 if seat.result else None,
                "part2_score": seat.result.part2 if seat.result else None,
                "total": seat.result.total if seat.result else None,
                "passed": seat.result.passed if seat.result else None,
                "verdict": _verdict(seat.result.passed) if seat.result else "",
            }
            for seat in row.seats
        ],
        "part1_points": rubric.part1_points,
        "part2_points": rubric.part2_points,
        "total_points": rubric.total_points,
        "pass_mark": rubric.pass_mark,
        "mean": row.outcome.mean,
        "passed": row.outcome.passed if row.outcome.complete else None,
        "verdict": _verdict(row.outcome.passed) if row.outcome.complete else "",
        "reason": row.reason,
        "formula": formula_lines(rubric, len(committee.submission.snapshot.get("part2", []))),
    }
