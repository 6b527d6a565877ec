"""The demo year's calendar for seed_demo, set relative to today so that the deadline is always a
few days ahead: `send_reminders --dry-run` then has a draft's owner to name."""

import datetime as dt

from django.utils import timezone

from agreements.demo import DEMO_FISCAL_YEAR
from agreements.models import FiscalYear

DAYS_TO_DEADLINE = 5
REVIEW_DAYS = 14


def seed(users: dict) -> FiscalYear:
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    deadline = dt.datetime.combine(today + dt.timedelta(days=DAYS_TO_DEADLINE), dt.time(16, 30), tzinfo=tz)
    year, _ = FiscalYear.objects.get_or_create(year=DEMO_FISCAL_YEAR)
    year.opens_on = min(today - dt.timedelta(days=30), year.starts_on)
    year.submission_deadline = deadline
    year.review_deadline = deadline + dt.timedelta(days=REVIEW_DAYS)
    year.save(update_fields=["opens_on", "submission_deadline", "review_deadline"])
    return year
