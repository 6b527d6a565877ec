import datetime as dt
import json
import zoneinfo

import pytest
from django.conf import settings
from django.utils import timezone

from agreements import drafts
from agreements.models import FiscalYear

BANGKOK = zoneinfo.ZoneInfo("Asia/Bangkok")
COMPLETE = json.loads(
    (settings.BASE_DIR / "fixtures/demo/agreement-complete.json").read_text(encoding="utf-8")
)


def bangkok(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BANGKOK)


class Clock:
    """A frozen clock: `timezone.now()` (and so localdate, auto_now and defaults) returns `now`."""

    def __init__(self, now: dt.datetime):
        self.now = now

    def set(self, *args):
        self.now = bangkok(*args)

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    frozen = Clock(bangkok(2027, 1, 10, 9, 0))
    monkeypatch.setattr(timezone, "now", lambda: frozen.now.astimezone(dt.UTC))
    return frozen


@pytest.fixture
def cast(standards, policies, people, clock):
    """The personas with e-mail addresses, and fiscal year 2570 due on 15 Jan 2027 at 16:30."""
    for user in people.values():
        if hasattr(user, "email"):
            user.email = f"{user.username}@example.go.th"
            user.save(update_fields=["email"])
    FiscalYear.objects.filter(year=2570).update(
        opens_on=dt.date(2026, 10, 1),
        submission_deadline=bangkok(2027, 1, 15, 16, 30),
        review_deadline=bangkok(2027, 1, 31, 16, 30),
    )
    return people


def complete_draft(owner, year=2570):
    """An agreement with everything the rules ask for, still a draft."""
    agreement = drafts.agreement_start(owner=owner, fiscal_year=year)
    drafts.agreement_update(agreement=agreement, actor=owner, data=COMPLETE, expected_revision=None)
    agreement.refresh_from_db()
    return agreement


def year_2570() -> FiscalYear:
    return FiscalYear.objects.get(year=2570)
