"""Thin Celery tasks of the yearly cycle."""

from celery import shared_task

from .reminders import reminders_send


@shared_task(soft_time_limit=900, time_limit=960)
def send_reminders() -> int:
    """The daily run of Celery beat (settings.CELERY_BEAT_SCHEDULE)."""
    return len(reminders_send(dry_run=False))
