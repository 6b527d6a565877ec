"""Reads of the yearly cycle: notifications, deadlines and HR's dashboard."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts import roles
from accounts.models import Office
from agreements.models import Agreement, FiscalYear
from pa_portal import thai

from .models import Notification, SubmissionExtension

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


# --- notifications ---------------------------------------------------------------------------------


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


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


@dataclass
class Window:
    """What the owner sees about their submission deadline."""

    deadline: object
    extension: SubmissionExtension | None
    effective: object
    closed: bool


def submission_window_for(agreement: Agreement) -> Window | None:
    year = agreement.fiscal_year
    extension = SubmissionExtension.objects.filter(person_id=agreement.owner_id, fiscal_year=year).first()
    if year.submission_deadline is None and extension is None:
        return None
    effective = year.submission_deadline
    if extension is not None and (effective is None or extension.until > effective):
        effective = extension.until
    return Window(
        deadline=year.submission_deadline,
        extension=extension,
        effective=effective,
        closed=effective is not None and timezone.now() > effective,
    )


# --- HR's dashboard --------------------------------------------------------------------------------


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
