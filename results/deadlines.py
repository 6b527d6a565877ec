"""When a results report may be written: from the year's opening date (default 1 July) until its
deadline (default 15 September), later only with an extension HR granted through the one
extension service (agreements.deadlines.extension_grant with a ResultsWindow).

The deadline binds a draft only: a report the director returned for revision can always be sent
back, or it could never be accepted once the deadline passed (the agreement's rule too)."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import display_name
from agreements.deadlines import Window
from agreements.models import Agreement, FiscalYear
from audit.services import audit_record
from pa_portal import roles
from pa_portal.errors import DomainError
from pa_portal.permissions import has_role, is_hr
from pa_portal.thai import BE_OFFSET, thai_date, thai_datetime

from .models import ResultsCalendar, ResultsExtension, ResultsReport

DEFAULT_OPENS = (7, 1)  # 1 กรกฎาคม
DEFAULT_DEADLINE = (9, 15)  # 15 กันยายน, to the end of that day


def _calendar(fiscal_year: FiscalYear) -> ResultsCalendar | None:
    return ResultsCalendar.objects.filter(fiscal_year=fiscal_year).first()


def opens_on(fiscal_year: FiscalYear) -> dt.date:
    calendar = _calendar(fiscal_year)
    if calendar is not None and calendar.opens_on is not None:
        return calendar.opens_on
    return dt.date(fiscal_year.year - BE_OFFSET, *DEFAULT_OPENS)


def deadline(fiscal_year: FiscalYear) -> dt.datetime:
    calendar = _calendar(fiscal_year)
    if calendar is not None and calendar.deadline is not None:
        return calendar.deadline
    day = dt.date(fiscal_year.year - BE_OFFSET, *DEFAULT_DEADLINE)
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=timezone.get_current_timezone())


@dataclass(frozen=True)
class ResultsWindow(Window):
    """A fiscal year's results deadline."""

    fiscal_year: FiscalYear
    model = ResultsExtension
    audit_action = "results.extension_granted"

    def scope(self) -> dict:
        return {"fiscal_year": self.fiscal_year}

    def closes_at(self):
        return deadline(self.fiscal_year)

    def refusal(self, person):
        if not has_role(person, roles.DEPUTY):
            return "ขยายเวลาได้เฉพาะผู้จัดทำรายงานผล (รองผู้อำนวยการ สพท.)"
        return None

    def audit(self):
        return {"fiscal_year": self.fiscal_year.year, "window": "results"}

    def audit_agreement(self, person):
        return Agreement.objects.filter(owner=person, fiscal_year=self.fiscal_year).first()

    def notice(self, *, person, actor, until, reason):
        year = self.fiscal_year.year
        return (
            f"ได้รับการขยายเวลาส่งรายงานผลการพัฒนางาน ปีงบประมาณ {year} ถึง {thai_datetime(until)}",
            f"{display_name(actor)} ขยายเวลาส่งรายงานผลให้ท่านถึง {thai_datetime(until)}\n\nเหตุผล: {reason}",
            reverse("results:mine"),
        )


def open_check(agreement: Agreement) -> None:
    """Refuse to start a report before the agreement is agreed or before the opening date."""
    if agreement.status not in (Agreement.Status.AGREED, Agreement.Status.EVALUATED):
        raise DomainError("รายงานผลได้เมื่อผู้บังคับบัญชาเห็นชอบข้อตกลงแล้วเท่านั้น")
    first_day = opens_on(agreement.fiscal_year)
    if timezone.localdate() < first_day:
        raise DomainError(
            f"ยังไม่เปิดให้รายงานผลของปีงบประมาณ {agreement.fiscal_year.year} (เปิดตั้งแต่วันที่ {thai_date(first_day)})"
        )


def write_check(report: ResultsReport) -> None:
    """Refuse a write to a draft outside the year's results window (save and submit call this)."""
    agreement = report.agreement
    open_check(agreement)
    if report.status != ResultsReport.Status.DRAFT:
        return
    year = agreement.fiscal_year
    is_open, extension = ResultsWindow(year).is_open_for(agreement.owner, timezone.now())
    if is_open:
        return
    message = f"เลยกำหนดส่งรายงานผลของปีงบประมาณ {year.year} แล้ว (กำหนดส่ง {thai_datetime(deadline(year))}"
    if extension is not None:
        message += f" และการขยายเวลาสิ้นสุดเมื่อ {thai_datetime(extension.until)}"
    raise DomainError(message + ") กรุณาติดต่อเจ้าหน้าที่บริหารงานบุคคลเพื่อขอขยายเวลา")


@dataclass
class OwnerWindow:
    """What the deputy sees about their results window."""

    opens_on: dt.date
    deadline: dt.datetime
    extension: ResultsExtension | None
    effective: dt.datetime
    closed: bool
    not_yet: bool


def owner_window(agreement: Agreement) -> OwnerWindow:
    year = agreement.fiscal_year
    extension = ResultsWindow(year).extension_of(agreement.owner_id)
    due = deadline(year)
    effective = max(due, extension.until) if extension is not None else due
    now = timezone.now()
    first_day = opens_on(year)
    return OwnerWindow(
        opens_on=first_day,
        deadline=due,
        extension=extension,
        effective=effective,
        closed=now > effective,
        not_yet=timezone.localdate(now) < first_day,
    )


def unreported(now: dt.datetime) -> list[tuple[Agreement, dt.datetime]]:
    """Agreed agreements whose results report is not submitted yet, in a window that has opened
    and not closed for their owner at `now`: each with its owner's deadline (an extension counts).
    The reminders (cycle/reminders.py) read this."""
    out = []
    agreed = [Agreement.Status.AGREED, Agreement.Status.EVALUATED]
    for year in FiscalYear.objects.filter(agreements__status__in=agreed).distinct().order_by("year"):
        if timezone.localdate(now) < opens_on(year):
            continue
        due = deadline(year)
        extended = {
            e.person_id: e.until for e in ResultsExtension.objects.filter(fiscal_year=year, until__gte=now)
        }
        if due < now and not extended:
            continue
        pending = (
            Agreement.objects.filter(fiscal_year=year, status__in=agreed, owner__is_active=True)
            .filter(Q(results_report__isnull=True) | Q(results_report__status=ResultsReport.Status.DRAFT))
            .select_related("fiscal_year", "owner", "owner__profile", "results_report")
            .order_by("pk")
        )
        for agreement in pending:
            effective = max(due, extended.get(agreement.owner_id, due))
            if effective >= now:
                out.append((agreement, effective))
    return out


@transaction.atomic
def calendar_set(
    *, fiscal_year: FiscalYear, opens_on: dt.date, deadline: dt.datetime, actor
) -> ResultsCalendar:
    """HR sets a year's results window: the first day reports may be written and the deadline."""
    if not is_hr(actor):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่บริหารงานบุคคลเท่านั้นที่กำหนดปฏิทินรายงานผลได้")
    if timezone.localdate(deadline) < opens_on:
        raise DomainError("กำหนดส่งต้องไม่ก่อนวันที่เปิดให้รายงานผล", path="deadline")
    calendar = ResultsCalendar.objects.filter(fiscal_year=fiscal_year).first()
    before = {"opens_on": calendar.opens_on, "deadline": calendar.deadline} if calendar else None
    calendar, _ = ResultsCalendar.objects.update_or_create(
        fiscal_year=fiscal_year, defaults={"opens_on": opens_on, "deadline": deadline}
    )
    audit_record(
        actor=actor,
        action="results.calendar_set",
        obj=calendar,
        changes={
            "fiscal_year": fiscal_year.year,
            "before": before,
            "after": {"opens_on": opens_on, "deadline": deadline},
        },
    )
    return calendar
