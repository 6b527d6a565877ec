"""Deadlines that gate a write, and HR's extensions of them.

A window is a deadline that closes a kind of write: a fiscal year's submission (here) or an
evaluation round's scoring (evaluations/deadlines.py). After it closes, only a person HR granted
an extension to may still write, until the extension ends. Both kinds are granted by the one
service below, `extension_grant`; each window says what differs (who may be granted, the
wording, where the notification links to).

Times are compared as aware datetimes and shown in Asia/Bangkok (settings.TIME_ZONE).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import display_name
from audit.services import audit_record
from notifications.models import Notification
from notifications.services import notification_create
from pa_portal import roles
from pa_portal.errors import DomainError
from pa_portal.permissions import has_role, is_hr
from pa_portal.thai import thai_date, thai_datetime
from pa_portal.thaitext import clean_text

from .models import Agreement, Extension, FiscalYear, SubmissionExtension


@dataclass(frozen=True)
class Window:
    """What a deadline needs from its kind: subclasses fill in the fields and the wording."""

    model = Extension  # the concrete extension model of this window
    audit_action = ""

    def scope(self) -> dict:
        """The extension's own field(s) naming this window, e.g. {"fiscal_year": year}."""
        raise NotImplementedError

    def closes_at(self) -> dt.datetime | None:
        raise NotImplementedError

    def is_closed(self, now: dt.datetime) -> bool:
        """Whether the deadline has passed at `now` (the deadline itself is still inside)."""
        closes_at = self.closes_at()
        return closes_at is not None and now > closes_at

    def refusal(self, person) -> str | None:
        """Why `person` cannot be granted an extension of this window (Thai), or None."""
        raise NotImplementedError

    def notice(self, *, person, actor, until, reason: str) -> tuple[str, str, str]:
        """The granted person's notification: subject, body, link."""
        raise NotImplementedError

    def audit(self) -> dict:
        raise NotImplementedError

    def audit_agreement(self, person):
        return None

    def extension_of(self, person) -> Extension | None:
        return self.model.objects.filter(person=person, **self.scope()).first()

    def extensions(self):
        return self.model.objects.filter(**self.scope()).select_related("person__profile", "granted_by")

    def is_open_for(self, person, now: dt.datetime) -> tuple[bool, Extension | None]:
        """Whether `person` may still write at `now`, and their extension (if any)."""
        if not self.is_closed(now):
            return True, None
        extension = self.extension_of(person)
        return extension is not None and now <= extension.until, extension


@transaction.atomic
def extension_grant(*, window: Window, person, until: dt.datetime, reason: str, actor) -> Extension:
    """HR lets `person` write in a closed `window` until `until`. Granting again moves the date;
    every grant stays in the audit trail and is told to the person."""
    if not is_hr(actor):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่บริหารงานบุคคลเท่านั้นที่ขยายเวลาได้")
    refusal = window.refusal(person)
    if refusal:
        raise DomainError(refusal)
    reason = clean_text(reason)
    if not reason:
        raise DomainError("กรุณาระบุเหตุผลของการขยายเวลา", path="reason")
    closes_at = window.closes_at()
    if until <= timezone.now():
        raise DomainError("วันที่ขยายเวลาต้องอยู่หลังเวลาปัจจุบัน", path="until")
    if closes_at is not None and until <= closes_at:
        raise DomainError(f"วันที่ขยายเวลาต้องอยู่หลังกำหนดเดิม ({thai_datetime(closes_at)})", path="until")
    previous = window.extension_of(person)
    extension, _ = window.model.objects.update_or_create(
        person=person,
        **window.scope(),
        defaults={"until": until, "reason": reason, "granted_by": actor, "granted_at": timezone.now()},
    )
    audit_record(
        actor=actor,
        action=window.audit_action,
        obj=extension,
        agreement=window.audit_agreement(person),
        changes={
            "person": display_name(person),
            **window.audit(),
            "until": {"before": previous.until if previous else None, "after": until},
            "reason": reason,
        },
    )
    subject, body, link = window.notice(person=person, actor=actor, until=until, reason=reason)
    notification_create(
        recipient=person, kind=Notification.Kind.EXTENSION, subject=subject, body=body, link=link
    )
    return extension


@dataclass(frozen=True)
class SubmissionWindow(Window):
    """A fiscal year's submission deadline: it binds the first submission of a draft only."""

    fiscal_year: FiscalYear
    model = SubmissionExtension
    audit_action = "cycle.extension_granted"

    def scope(self) -> dict:
        return {"fiscal_year": self.fiscal_year}

    def closes_at(self):
        return self.fiscal_year.submission_deadline

    def refusal(self, person):
        if not has_role(person, roles.DEPUTY):
            return "ขยายเวลาได้เฉพาะผู้จัดทำข้อตกลง (รองผู้อำนวยการ สพท.)"
        return None

    def audit(self):
        return {"fiscal_year": self.fiscal_year.year}

    def audit_agreement(self, person):
        return Agreement.objects.filter(owner=person, fiscal_year=self.fiscal_year).first()

    def notice(self, *, person, actor, until, reason):
        year = self.fiscal_year.year
        agreement = self.audit_agreement(person)
        return (
            f"ได้รับการขยายเวลาส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ {year} ถึง {thai_datetime(until)}",
            f"{display_name(actor)} ขยายเวลาส่งข้อตกลงให้ท่านถึง {thai_datetime(until)}\n\nเหตุผล: {reason}",
            reverse("agreements:detail", args=[agreement.pk]) if agreement else reverse("agreements:mine"),
        )


def submission_window_check(agreement: Agreement) -> None:
    """Refuse a submission outside the fiscal year's calendar (agreement_submit calls this).

    The deadline binds the first submission of a draft only: an agreement the supervisor returned
    for revision can always be sent back, or it could never be agreed once the deadline passed.
    """
    year = agreement.fiscal_year
    now = timezone.now()
    if year.opens_on is not None and timezone.localdate(now) < year.opens_on:
        raise DomainError(
            f"ยังไม่เปิดให้ส่งข้อตกลงของปีงบประมาณ {year.year} (เปิดให้ส่งตั้งแต่วันที่ {thai_date(year.opens_on)})"
        )
    if agreement.status != Agreement.Status.DRAFT:
        return
    is_open, extension = SubmissionWindow(year).is_open_for(agreement.owner, now)
    if is_open:
        return
    message = (
        f"เลยกำหนดส่งข้อตกลงของปีงบประมาณ {year.year} แล้ว (กำหนดส่ง {thai_datetime(year.submission_deadline)}"
    )
    if extension is not None:
        message += f" และการขยายเวลาสิ้นสุดเมื่อ {thai_datetime(extension.until)}"
    raise DomainError(message + ") กรุณาติดต่อเจ้าหน้าที่บริหารงานบุคคลเพื่อขอขยายเวลา")


@dataclass
class OwnerDeadline:
    """What the owner sees about their submission deadline."""

    deadline: object
    extension: SubmissionExtension | None
    effective: object
    closed: bool


def owner_deadline(agreement: Agreement) -> OwnerDeadline | None:
    year = agreement.fiscal_year
    extension = SubmissionWindow(year).extension_of(agreement.owner_id)
    if year.submission_deadline is None and extension is None:
        return None
    effective = year.submission_deadline
    if extension is not None and (effective is None or extension.until > effective):
        effective = extension.until
    return OwnerDeadline(
        deadline=year.submission_deadline,
        extension=extension,
        effective=effective,
        closed=effective is not None and timezone.now() > effective,
    )


# --- HR's dashboard --------------------------------------------------------------------------------
