"""Delivering notifications: an entry in the person's list, and an e-mail unless they opted out.

What each domain event says is written by the app that reacts to it (cycle/receivers.py, reports);
this app only delivers. E-mails never leave inside a request's transaction: `notification_create`
queues a Celery task with `transaction.on_commit`, so a rolled-back action sends nothing.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from accounts.models import Profile
from accounts.selectors import display_name
from audit.services import audit_record

from .models import Notification, Reminder, ReminderItem


def url_or_home(name: str, *args) -> str:
    """A link for a notification; the home page when the target page does not exist (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return reverse("home")


def wants_email(user) -> bool:
    profile = getattr(user, "profile", None)
    return bool(user.email) and user.is_active and (profile is None or profile.email_notifications)


@transaction.atomic
def notification_create(
    *, recipient, kind: str, subject: str, body: str = "", link: str = ""
) -> Notification:
    """An entry in the recipient's list, and an e-mail queued for after the commit."""
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, subject=subject[:300], body=body, link=link
    )
    if wants_email(recipient):
        # robust: a mail server that is down must not turn a saved action into an error page.
        transaction.on_commit(lambda: _queue_email(notification.pk), robust=True)
    return notification


def _queue_email(notification_id: int) -> None:
    from . import tasks  # tasks imports this module

    tasks.send_notification_email.delay(notification_id)


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
        f"ปิดการแจ้งเตือนทางอีเมลได้ที่ {base}{reverse('notifications:preferences')}",
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
    Profile.objects.filter(user=user).update(email_notifications=enabled)
    audit_record(
        actor=user,
        action="cycle.email_notifications",
        obj=user,
        changes={"email_notifications": enabled},
    )


def reminder_send(
    *, recipient, items: list[tuple[str, str]], subject: str, link: str, now: dt.datetime
) -> bool:
    """One reminder to one person today, about `items` (key, text): recorded so that no one is
    reminded twice a day, nor twice of the same item. False when another run got there first."""
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                recipient=recipient, day=timezone.localdate(now), created_at=now
            )
            ReminderItem.objects.bulk_create(
                ReminderItem(reminder=reminder, key=key, text=text[:500]) for key, text in items
            )
            reminder.notification = notification_create(
                recipient=recipient,
                kind=Notification.Kind.REMINDER,
                subject=subject,
                body="\n".join(f"- {text}" for _, text in items),
                link=link,
            )
            reminder.save(update_fields=["notification"])
    except IntegrityError:  # another run reminded this person today, a moment ago
        return False
    return True
