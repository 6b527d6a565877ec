"""Reads for the evaluation pages, the Excel export and (through documents.py) the PA2/PA3 PDFs.
Every figure comes from services.sheet_result_for / services.committee_outcome, so a page, a
workbook and a PDF can never disagree."""

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
from .scoring import CommitteeResult, SheetResult, criterion_points


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


def committee_of(agreement_id: int, round_id: int) -> Committee:
    return _committees().get(agreement_id=agreement_id, round_id=round_id)
