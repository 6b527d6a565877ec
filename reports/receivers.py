"""Render an agreement's PA1 ahead of its first download whenever a new one exists: after a
submit (the unsigned PA1) and after the supervisor agrees (the signed one)."""

from django.dispatch import receiver

from agreements.signals import agreement_agreed, agreement_submitted

from . import tasks


@receiver(agreement_submitted)
def prerender_submitted(sender, *, submission, **kwargs):
    tasks.agreement_pdf_prerender.delay(submission.pk)


@receiver(agreement_agreed)
def prerender_agreed(sender, *, review, **kwargs):
    tasks.agreement_pdf_prerender.delay(review.submission_id)
