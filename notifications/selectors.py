"""Reads of notifications and of what reminders have been sent."""

from django.db.models import QuerySet

from .models import Notification, Reminder, ReminderItem


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def reminded_items(recipient_ids, keys) -> set[tuple[int, str]]:
    """(recipient id, item key) of every item those people were ever reminded of."""
    return set(
        ReminderItem.objects.filter(reminder__recipient_id__in=recipient_ids, key__in=keys).values_list(
            "reminder__recipient_id", "key"
        )
    )


def reminded_on(recipient_ids, day) -> set[int]:
    """Who of those people was reminded on `day`."""
    return set(
        Reminder.objects.filter(recipient_id__in=recipient_ids, day=day).values_list(
            "recipient_id", flat=True
        )
    )
