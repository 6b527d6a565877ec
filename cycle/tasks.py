"""Thin Celery tasks: they take ids and call the cycle's services."""

from celery import shared_task


# SMTPException and socket errors are OSErrors: a mail server that is briefly away is retried.
@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def send_notification_email(notification_id: int) -> bool:
    from .services import notification_email_send

    return notification_email_send(notification_id=notification_id)


@shared_task(soft_time_limit=900, time_limit=960)
def send_reminders() -> int:
    """The daily run of Celery beat (settings.CELERY_BEAT_SCHEDULE)."""
    from .reminders import reminders_send

    return len(reminders_send(dry_run=False))
