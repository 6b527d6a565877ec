"""What the cycle tells people when something happens to an agreement, a results report or an
evaluation.

The apps below announce events as signals once they have committed (agreements/signals.py,
results/signals.py, evaluations/signals.py); each receiver here writes the Thai notification and hands it to the
notifications app, which delivers it in the portal and by e-mail."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from accounts.selectors import office_supervisors
from agreements import diff
from agreements import selectors as agreement_selectors
from agreements.models import Agreement
from agreements.signals import agreement_agreed, agreement_returned, agreement_submitted
from evaluations.signals import committee_assigned, sheets_finalised
from notifications.models import Notification
from notifications.services import notification_create, url_or_home
from pa_portal import roles
from pa_portal.thai import thai_date, thai_datetime
from results.signals import results_accepted, results_returned, results_submitted


def agreement_link(agreement: Agreement, anchor: str = "") -> str:
    return url_or_home("agreements:detail", agreement.pk) + (f"#{anchor}" if anchor else "")


def anchor_label(anchor: str) -> str:
    """'item-1.1' -> 'ข้อ 1.1', 'challenge-2' -> 'ประเด็นท้าทายที่ 2'."""
    kind, _, code = anchor.replace(":", "-").partition("-")
    if kind == "item":
        return f"ข้อ {code}"
    if kind == "challenge":
        return f"ประเด็นท้าทายที่ {code}"
    return anchor


@receiver(agreement_submitted)
def notify_agreement_submitted(
    sender, *, agreement: Agreement, submission=None, **kwargs
) -> list[Notification]:
    """To the office's supervisor(s): an agreement waits for their decision. A version after the
    first says which version it is and what changed since the one they returned."""
    year = agreement.fiscal_year
    when = thai_datetime(agreement.submitted_at or timezone.now())
    version = submission.version if submission is not None else 1
    changes = agreement_selectors.submission_changes(submission) if version > 1 else None
    if version > 1:
        subject = (
            f"{agreement.owner_name} ส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ {year.year} ฉบับที่ {version} "
            "(แก้ไขแล้ว) รอการพิจารณา"
        )
        body = (
            f"{agreement.owner_name} ({agreement.office_name}) ส่งข้อตกลงในการพัฒนางาน {agreement.number} "
            f"ฉบับที่ {version} ที่แก้ไขตามความเห็นของท่าน เมื่อ {when}"
        )
        if changes is not None:
            body += f"\nเทียบกับฉบับที่ {version - 1}: {diff.counts_text(changes)}"
            if changes["labels"]:
                body += f" ({', '.join(changes['labels'])})"
        body += "\nกรุณาพิจารณาเห็นชอบหรือส่งกลับให้แก้ไข"
    else:
        subject = f"{agreement.owner_name} ส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ {year.year} รอการพิจารณา"
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
            subject=subject,
            body=body,
            link=agreement_link(agreement),
        )
        for supervisor in office_supervisors(agreement.office).exclude(pk=agreement.owner_id)
    ]


@receiver(agreement_returned)
def notify_agreement_returned(sender, *, agreement: Agreement, review, **kwargs) -> Notification:
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


@receiver(agreement_agreed)
def notify_agreement_agreed(sender, *, agreement: Agreement, review, **kwargs) -> Notification:
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


# --- evaluation events ------------------------------------------------------------------------------


@receiver(committee_assigned)
def notify_committee_assigned(sender, *, committee, **kwargs) -> list[Notification]:
    """To each evaluator newly seated on the committee (a re-appointment tells only newcomers)."""
    agreement = committee.agreement
    evaluation_round = committee.round
    told = []
    for member in committee.members.select_related("evaluator", "evaluation"):
        link = url_or_home("evaluations:sheet", member.evaluation.pk)
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


@receiver(sheets_finalised)
def notify_sheets_final(sender, *, committee, **kwargs) -> list[Notification]:
    """To the chair and HR once every evaluator of the committee has finalised."""
    agreement = committee.agreement
    chairs = [m.evaluator for m in committee.members.select_related("evaluator") if m.is_chair]
    recipients = {user.pk: user for user in [*chairs, *hr_of_office(agreement.office)]}
    link = url_or_home("evaluations:results", committee.pk)
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


# --- results report events --------------------------------------------------------------------------


def results_link(report) -> str:
    return url_or_home("results:detail", report.pk)


@receiver(results_submitted)
def notify_results_submitted(sender, *, report, submission, **kwargs) -> list[Notification]:
    """To the office's director(s): a results report waits for their decision."""
    agreement = report.agreement
    return [
        notification_create(
            recipient=director,
            kind=Notification.Kind.SUBMITTED,
            subject=f"{agreement.owner_name} ส่งรายงานผลการพัฒนางาน ปีงบประมาณ {agreement.fiscal_year.year} รอการพิจารณา",
            body=f"{agreement.owner_name} ({agreement.office_name}) ส่งรายงานผลการพัฒนางานตามข้อตกลง "
            f"{agreement.number} ฉบับที่ {submission.version} เมื่อ {thai_datetime(submission.submitted_at)} "
            "กรุณารับรองหรือส่งกลับให้แก้ไข",
            link=results_link(report),
        )
        for director in office_supervisors(agreement.office).exclude(pk=agreement.owner_id)
    ]


@receiver(results_returned)
def notify_results_returned(sender, *, report, review, **kwargs) -> Notification:
    agreement = report.agreement
    return notification_create(
        recipient=agreement.owner,
        kind=Notification.Kind.RETURNED,
        subject=f"รายงานผลการพัฒนางาน ปีงบประมาณ {agreement.fiscal_year.year} ถูกส่งกลับให้แก้ไข",
        body=f"{review.reviewer_name} ส่งรายงานผล {agreement.number} กลับให้แก้ไข\n\n"
        f"ความเห็นของผู้บังคับบัญชา:\n{review.comment}",
        link=results_link(report),
    )


@receiver(results_accepted)
def notify_results_accepted(sender, *, report, review, **kwargs) -> Notification:
    agreement = report.agreement
    body = f"{review.reviewer_name} รับรองรายงานผล {agreement.number} เมื่อ {thai_datetime(review.created_at)}"
    if review.comment:
        body += f"\n\nความเห็นของผู้บังคับบัญชา:\n{review.comment}"
    return notification_create(
        recipient=agreement.owner,
        kind=Notification.Kind.AGREED,
        subject=f"ผู้บังคับบัญชารับรองรายงานผลการพัฒนางาน ปีงบประมาณ {agreement.fiscal_year.year} แล้ว",
        body=body,
        link=results_link(report),
    )
