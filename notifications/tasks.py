"""Thin Celery tasks: they take ids and call the services."""

from celery import shared_task

from .services import notification_email_send


# SMTPException and socket errors are OSErrors: a mail server that is briefly away is retried.
@shared_task(
    autoretry_for=(OSError,),
    retry_backoff=60,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def send_notification_email(notification_id: int) -> bool:
    return notification_email_send(notification_id=notification_id)
