"""Reads of the yearly cycle: the calendar, extensions and HR's dashboard."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import Office
from agreements.models import Agreement, FiscalYear, SubmissionExtension
from evaluations.models import Committee, CommitteeMember, Evaluation, EvaluationRound
from evaluations.services import round_agreements
from pa_portal import roles, thai

NOT_STARTED = "not_started"
# The dashboard's columns, in the order of the workflow.
STATES = (
    NOT_STARTED,
    Agreement.Status.DRAFT,
    Agreement.Status.SUBMITTED,
    Agreement.Status.RETURNED,
    Agreement.Status.AGREED,
    Agreement.Status.EVALUATED,
)
STATE_LABELS = {NOT_STARTED: "ยังไม่เริ่มจัดทำ", **dict(Agreement.Status.choices)}


# --- the calendar ------------------------------------------------------------------------------------


def fiscal_year_current() -> FiscalYear | None:
    """This fiscal year if it is in the database, else the latest one."""
    year = thai.fiscal_year_of(timezone.localdate())
    return FiscalYear.objects.filter(year=year).first() or FiscalYear.objects.order_by("-year").first()


def extensions_of_year(fiscal_year: FiscalYear) -> QuerySet[SubmissionExtension]:
    return (
        SubmissionExtension.objects.filter(fiscal_year=fiscal_year)
        .select_related("person", "person__profile", "person__profile__office", "granted_by")
        .order_by("person__profile__office__code", "person__profile__first_name")
    )


def _deputies():
    return get_user_model().objects.filter(
        groups__name=roles.DEPUTY, is_active=True, profile__office__isnull=False
    )


def _not_started(fiscal_year: FiscalYear):
    has_agreement = Agreement.objects.filter(owner=OuterRef("pk"), fiscal_year=fiscal_year)
    return _deputies().exclude(Exists(has_agreement))


@dataclass
class OfficeRow:
    office: Office | None  # None for the totals row
    counts: dict = field(default_factory=lambda: dict.fromkeys(STATES, 0))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[str, int]]:
        return [(state, self.counts[state]) for state in STATES]


def dashboard_counts(fiscal_year: FiscalYear) -> tuple[list[OfficeRow], OfficeRow]:
    """Per office, how many agreements are in each state, and how many deputies have none yet.
    Two grouped queries whatever the number of offices."""
    rows: dict[int, OfficeRow] = {}
    for entry in (
        Agreement.objects.filter(fiscal_year=fiscal_year)
        .values("office_id", "status")
        .annotate(n=Count("pk"))
    ):
        rows.setdefault(entry["office_id"], OfficeRow(None)).counts[entry["status"]] += entry["n"]
    for entry in _not_started(fiscal_year).values("profile__office_id").annotate(n=Count("pk")):
        rows.setdefault(entry["profile__office_id"], OfficeRow(None)).counts[NOT_STARTED] += entry["n"]
    offices = Office.objects.in_bulk(rows.keys())
    for office_id, row in rows.items():
        row.office = offices[office_id]
    ordered = sorted(rows.values(), key=lambda r: r.office.code)
    totals = OfficeRow(None)
    for row in ordered:
        for state in STATES:
            totals.counts[state] += row.counts[state]
    return ordered, totals


@dataclass
class PersonRow:
    """One line of the list behind a dashboard cell."""

    person_id: int
    name: str
    office: Office | None
    state: str
    agreement: Agreement | None = None
    extension_until: object = None

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def dashboard_people(fiscal_year: FiscalYear, *, state: str | None, office: Office | None) -> list[PersonRow]:
    """The people and agreements counted in one cell (or row, or column) of the dashboard."""
    rows = []
    if state in (None, NOT_STARTED):
        people = _not_started(fiscal_year).select_related("profile", "profile__office")
        if office is not None:
            people = people.filter(profile__office=office)
        for user in people.order_by("profile__office__code", "profile__first_name", "username"):
            rows.append(
                PersonRow(
                    person_id=user.pk,
                    name=user.profile.full_name,
                    office=user.profile.office,
                    state=NOT_STARTED,
                )
            )
    if state != NOT_STARTED:
        agreements = Agreement.objects.filter(fiscal_year=fiscal_year).select_related("office", "fiscal_year")
        if state is not None:
            agreements = agreements.filter(status=state)
        if office is not None:
            agreements = agreements.filter(office=office)
        for agreement in agreements.order_by("office__code", "owner_name"):
            rows.append(
                PersonRow(
                    person_id=agreement.owner_id,
                    name=agreement.owner_name,
                    office=agreement.office,
                    state=agreement.status,
                    agreement=agreement,
                )
            )
    extensions = dict(
        SubmissionExtension.objects.filter(
            fiscal_year=fiscal_year, person_id__in=[r.person_id for r in rows]
        ).values_list("person_id", "until")
    )
    for row in rows:
        row.extension_until = extensions.get(row.person_id)
    rows.sort(key=lambda r: (r.office.code if r.office else "", STATES.index(r.state), r.name))
    return rows


# --- scoring progress ------------------------------------------------------------------------------

PROGRESS_LABELS = ("อยู่ในรอบ", "ยังไม่แต่งตั้งคณะกรรมการ", "อยู่ระหว่างการประเมิน", "ประเมินเสร็จสิ้น")


def dashboard_progress(fiscal_year) -> list[dict]:
    """Per round of the year: agreements in scope, not assigned, being scored, final."""
    progress = []
    for evaluation_round in EvaluationRound.objects.filter(fiscal_year=fiscal_year).order_by("number"):
        committees = Committee.objects.filter(round=evaluation_round).aggregate(
            total=Count("pk"), final=Count("pk", filter=Q(completed_at__isnull=False))
        )
        not_assigned = round_agreements(evaluation_round).exclude(committees__round=evaluation_round).count()
        sheets = CommitteeMember.objects.filter(committee__round=evaluation_round).aggregate(
            total=Count("pk"), final=Count("pk", filter=Q(evaluation__status=Evaluation.Status.FINAL))
        )
        progress.append(
            {
                "name": evaluation_round.title,
                "url": reverse("evaluations:round", args=[evaluation_round.pk]),
                "extensions_url": reverse("cycle:scoring_extensions", args=[evaluation_round.pk]),
                "window": f"{thai.thai_date(evaluation_round.starts_on)} – {thai.thai_date(evaluation_round.due_on)}",
                "labels": PROGRESS_LABELS,
                "counts": (
                    not_assigned + committees["total"],
                    not_assigned,
                    committees["total"] - committees["final"],
                    committees["final"],
                ),
                "sheets": f"{sheets['final']}/{sheets['total']}",
            }
        )
    return progress
