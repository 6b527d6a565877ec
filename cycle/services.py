"""The yearly cycle: the calendar's locks, HR's extensions and the notifications of each event.

Times are compared as aware datetimes and shown in Asia/Bangkok (settings.TIME_ZONE).
E-mails never leave inside a request's transaction: `notification_create` queues a Celery task
with `transaction.on_commit`, so a rolled-back action sends nothing.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts import roles
from accounts.selectors import display_name, office_supervisors
from agreements.models import Agreement, FiscalYear
from agreements.services import AgreementError
from audit.services import audit_record
from pa_portal import permissions
from pa_portal.thai import thai_date, thai_datetime
from pa_portal.thaitext import clean_text

from .models import Notification, SubmissionExtension

# --- the calendar's locks ------------------------------------------------------------------------


def submission_extension_of(*, person, fiscal_year: FiscalYear) -> SubmissionExtension | None:
    return SubmissionExtension.objects.filter(person=person, fiscal_year=fiscal_year).first()


def submission_deadline_for(*, person, fiscal_year: FiscalYear):
    """The moment after which `person` can no longer submit a first draft: the year's deadline,
    or HR's extension when it is later. None when the year has no deadline."""
    deadline = fiscal_year.submission_deadline
    extension = submission_extension_of(person=person, fiscal_year=fiscal_year)
    if extension is not None and (deadline is None or extension.until > deadline):
        return extension.until
    return deadline


def submission_window_check(agreement: Agreement) -> None:
    """Refuse a submission outside the fiscal year's calendar (called by agreement_submit).

    The deadline binds the first submission of a draft only: an agreement the supervisor returned
    for revision can always be sent back, or it could never be agreed once the deadline passed.
    """
    year = agreement.fiscal_year
    now = timezone.now()
    if year.opens_on is not None and timezone.localdate(now) < year.opens_on:
        raise AgreementError(
            f"ยังไม่เปิดให้ส่งข้อตกลงของปีงบประมาณ {year.year} (เปิดให้ส่งตั้งแต่วันที่ {thai_date(year.opens_on)})"
        )
    if agreement.status != Agreement.Status.DRAFT or year.submission_deadline is None:
        return
    if now <= year.submission_deadline:
        return
    extension = submission_extension_of(person=agreement.owner, fiscal_year=year)
    if extension is not None and now <= extension.until:
        return
    message = (
        f"เลยกำหนดส่งข้อตกลงของปีงบประมาณ {year.year} แล้ว (กำหนดส่ง {thai_datetime(year.submission_deadline)}"
    )
    if extension is not None:
        message += f" และการขยายเวลาสิ้นสุดเมื่อ {thai_datetime(extension.until)}"
    raise AgreementError(message + ") กรุณาติดต่อเจ้าหน้าที่บริหารงานบุคคลเพื่อขอขยายเวลา")


@transaction.atomic
def extension_grant(*, person, fiscal_year: FiscalYear, until, reason: str, actor) -> SubmissionExtension:
    """HR lets `person` submit until `until`. Granting again replaces the previous date; every
    grant stays in the audit trail and is told to the person."""
    if not permissions.is_hr(actor):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่บริหารงานบุคคลเท่านั้นที่ขยายเวลาได้")
    if not permissions.has_role(person, roles.DEPUTY):
        raise ValidationError("ขยายเวลาได้เฉพาะผู้จัดทำข้อตกลง (รองผู้อำนวยการ สพท.)")
    reason = clean_text(reason)
    if not reason:
        raise ValidationError("กรุณาระบุเหตุผลของการขยายเวลา")
    if until <= timezone.now():
        raise ValidationError("วันที่ขยายเวลาต้องอยู่หลังเวลาปัจจุบัน")
    if fiscal_year.submission_deadline is not None and until <= fiscal_year.submission_deadline:
        raise ValidationError(
            f"วันที่ขยายเวลาต้องอยู่หลังกำหนดส่ง ({thai_datetime(fiscal_year.submission_deadline)})"
        )
    previous = submission_extension_of(person=person, fiscal_year=fiscal_year)
    extension, _ = SubmissionExtension.objects.update_or_create(
        person=person,
        fiscal_year=fiscal_year,
        defaults={"until": until, "reason": reason, "granted_by": actor, "granted_at": timezone.now()},
    )
    agreement = Agreement.objects.filter(owner=person, fiscal_year=fiscal_year).first()
    audit_record(
        actor=actor,
        action="cycle.extension_granted",
        obj=extension,
        agreement=agreement,
        changes={
            "person": display_name(person),
            "fiscal_year": fiscal_year.year,
            "until": {"before": previous.until if previous else None, "after": until},
            "reason": reason,
        },
    )
    notification_create(
        recipient=person,
        kind=Notification.Kind.EXTENSION,
        subject=f"ได้รับการขยายเวลาส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ {fiscal_year.year} ถึง {thai_datetime(until)}",
        body=f"{display_name(actor)} ขยายเวลาส่งข้อตกลงให้ท่านถึง {thai_datetime(until)}\n\nเหตุผล: {reason}",
        link=agreement_link(agreement) if agreement else _url("agreements:mine"),
    )
    return extension


# --- notifications ---------------------------------------------------------------------------------


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # a page another app has not built yet
        return reverse("home")


def agreement_link(agreement: Agreement, anchor: str = "") -> str:
    return _url("agreements:detail", agreement.pk) + (f"#{anchor}" if anchor else "")


def wants_email(user) -> bool:
    profile = getattr(user, "profile", None)
    return bool(user.email) and user.is_active and (profile is None or profile.email_notifications)


# No savepoint of its own: it is called inside the workflow's transaction (submit, return, ...),
# where a failure must undo the whole action anyway, and a savepoint costs two statements.
@transaction.atomic(savepoint=False)
def notification_create(
    *, recipient, kind: str, subject: str, body: str = "", link: str = ""
) -> Notification:
    """An entry in the recipient's list, and an e-mail queued for after the commit."""
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, subject=subject[:300], body=body, link=link
    )
    if wants_email(recipient):
        # robust: a mail server that is down must not turn a saved action into an error page.
        transaction.on_commit(_email_later(notification.pk), robust=True)
    return notification


def _email_later(notification_id: int):
    def queue_notification_email():
        from . import tasks

        tasks.send_notification_email.delay(notification_id)

    return queue_notification_email


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notification's e-mail (the Celery task's body). Returns whether a mail left."""
    notification = (
        Notification.objects.select_related("recipient", "recipient__profile")
        .filter(pk=notification_id)
        .first()
    )
    if notification is None or notification.emailed_at is not None:
        return False
    recipient = notification.recipient
    if not wants_email(recipient):  # the person may have opted out since the event
        return False
    base = settings.PORTAL_BASE_URL
    lines = [f"เรียน {display_name(recipient)}", "", notification.body or notification.subject, ""]
    if notification.link:
        lines += [f"ดูรายละเอียด: {base}{notification.link}", ""]
    lines += [
        "ระบบข้อตกลงในการพัฒนางาน (PA)",
        f"ปิดการแจ้งเตือนทางอีเมลได้ที่ {base}{reverse('cycle:preferences')}",
    ]
    send_mail(
        subject=notification.subject,
        message="\n".join(lines),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True


def notification_mark_read(*, notification: Notification, user) -> None:
    if notification.recipient_id != user.pk:
        raise PermissionDenied
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def email_notifications_set(*, user, enabled: bool) -> None:
    from accounts.models import Profile

    Profile.objects.filter(user=user).update(email_notifications=enabled)
    audit_record(
        actor=user,
        action="cycle.email_notifications",
        obj=user,
        changes={"email_notifications": enabled},
    )


def anchor_label(anchor: str) -> str:
    """'item-1.1' -> 'ข้อ 1.1', 'challenge-2' -> 'ประเด็นท้าทายที่ 2'."""
    kind, _, code = anchor.replace(":", "-").partition("-")
    if kind == "item":
        return f"ข้อ {code}"
    if kind == "challenge":
        return f"ประเด็นท้าทายที่ {code}"
    return anchor


def notify_agreement_submitted(*, agreement: Agreement) -> list[Notification]:
    """To the office's supervisor(s): an agreement waits for their decision."""
    year = agreement.fiscal_year
    when = thai_datetime(agreement.submitted_at or timezone.now())
    body = (
        f"{agreement.owner_name} ({agreement.office_name}) ส่งข้อตกลงในการพัฒนางาน {agreement.number} "
        f"เมื่อ {when} กรุณาพิจารณาเห็นชอบหรือส่งกลับให้แก้ไข"
    )
    if year.review_deadline is not None:
        body += f" ภายใน {thai_datetime(year.review_deadline)}"
    return [
        notification_create(
            recipient=supervisor,
            kind=Notification.Kind.SUBMITTED,
            subject=f"{agreement.owner_name} ส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ {year.year} รอการพิจารณา",
            body=body,
            link=agreement_link(agreement),
        )
        for supervisor in office_supervisors(agreement.office).exclude(pk=agreement.owner_id)
    ]


def notify_agreement_returned(*, agreement: Agreement, review) -> Notification:
    """To the owner, with the supervisor's comments (overall and per row or issue)."""
    lines = [f"{review.reviewer_name} ส่งข้อตกลงในการพัฒนางาน {agreement.number} กลับให้แก้ไข"]
    if review.comment:
        lines += ["", "ความเห็นของผู้บังคับบัญชา:", review.comment]
    comments = list(review.comments.all())
    if comments:
        lines += ["", "ความเห็นรายข้อ:"]
        lines += [f"- {anchor_label(c.anchor)}: {c.text}" for c in comments]
    return notification_create(
        recipient=agreement.owner,
        kind=Notification.Kind.RETURNED,
        subject=f"ข้อตกลงในการพัฒนางาน ปีงบประมาณ {agreement.fiscal_year.year} ถูกส่งกลับให้แก้ไข",
        body="\n".join(lines),
        link=agreement_link(agreement),
    )


def notify_agreement_agreed(*, agreement: Agreement, review) -> Notification:
    body = (
        f"{review.reviewer_name} เห็นชอบข้อตกลงในการพัฒนางาน {agreement.number} "
        f"เมื่อ {thai_datetime(review.created_at)}"
    )
    if review.comment:
        body += f"\n\nความเห็นของผู้บังคับบัญชา:\n{review.comment}"
    return notification_create(
        recipient=agreement.owner,
        kind=Notification.Kind.AGREED,
        subject=f"ผู้บังคับบัญชาเห็นชอบข้อตกลงในการพัฒนางาน ปีงบประมาณ {agreement.fiscal_year.year} แล้ว",
        body=body,
        link=agreement_link(agreement),
    )


# --- evaluation and reports events -----------------------------------------------------------------


def notify_committee_assigned(*, committee) -> list[Notification]:
    """To each evaluator newly seated on the committee (a re-appointment tells only newcomers)."""
    agreement = committee.agreement
    evaluation_round = committee.round
    told = []
    for member in committee.members.select_related("evaluator", "evaluation"):
        link = _url("evaluations:sheet", member.evaluation.pk)
        already = Notification.objects.filter(
            recipient=member.evaluator, kind=Notification.Kind.COMMITTEE_ASSIGNED, link=link
        ).exists()
        if already:
            continue
        told.append(
            notification_create(
                recipient=member.evaluator,
                kind=Notification.Kind.COMMITTEE_ASSIGNED,
                subject=f"ท่านได้รับแต่งตั้งเป็น{member.get_role_display()}ประเมินข้อตกลงของ {agreement.owner_name}",
                body=f"{evaluation_round.title}\nข้อตกลง {agreement.number} ของ {agreement.owner_name} "
                f"({agreement.office_name})\nให้คะแนนได้ตั้งแต่ {thai_date(evaluation_round.starts_on)} "
                f"ถึง {thai_date(evaluation_round.due_on)}",
                link=link,
            )
        )
    return told


def hr_of_office(office):
    """HR staff of the office, and HR without an office (central staff)."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.HR, is_active=True)
        .filter(Q(profile__office=office) | Q(profile__office__isnull=True) | Q(profile__isnull=True))
        .distinct()
    )


def notify_sheets_final(*, committee) -> list[Notification]:
    """To the chair and HR once every evaluator of the committee has finalised."""
    agreement = committee.agreement
    chairs = [m.evaluator for m in committee.members.select_related("evaluator") if m.is_chair]
    recipients = {user.pk: user for user in [*chairs, *hr_of_office(agreement.office)]}
    link = _url("evaluations:results", committee.pk)
    return [
        notification_create(
            recipient=user,
            kind=Notification.Kind.SHEETS_FINAL,
            subject=f"กรรมการประเมินข้อตกลงของ {agreement.owner_name} ยืนยันผลครบทุกคนแล้ว",
            body=f"{committee.round.title}\nข้อตกลง {agreement.number} ของ {agreement.owner_name} "
            f"({agreement.office_name}) ประเมินเสร็จสิ้นเมื่อ "
            f"{thai_datetime(committee.completed_at or timezone.now())} ดูผลการประเมินได้ที่ลิงก์นี้",
            link=link,
        )
        for user in recipients.values()
    ]


def notify_packet_ready(*, export) -> Notification | None:
    """To whoever asked for a PDF packet, once it is finished (made, or not)."""
    if export.requested_by is None:  # the command line
        return None
    year = export.fiscal_year.year
    ready = export.status == export.Status.DONE and bool(export.file)
    if ready:
        subject = f"ชุดเอกสาร PDF ปีงบประมาณ {year} พร้อมดาวน์โหลดแล้ว"
        body = f"ชุดเอกสารที่ท่านขอเมื่อ {thai_datetime(export.created_at)} พร้อมแล้ว ({export.pages} หน้า)"
        if export.manifest:
            body += f"\nมีเอกสารที่สร้างไม่สำเร็จ {len(export.manifest)} รายการ ดูรายละเอียดในหน้าดาวน์โหลด"
    else:
        subject = f"สร้างชุดเอกสาร PDF ปีงบประมาณ {year} ไม่สำเร็จ"
        body = f"ชุดเอกสารที่ท่านขอเมื่อ {thai_datetime(export.created_at)} สร้างไม่สำเร็จ"
        if export.error:
            body += f": {export.error}"
    return notification_create(
        recipient=export.requested_by,
        kind=Notification.Kind.PACKET_READY,
        subject=subject,
        body=body,
        link=_url("reports:packet", export.pk),
    )
