import os
import tempfile
from pathlib import Path

import pytest
from django.conf import settings

from agreements import workflow

from .factories import compact_data, submitted_agreement

# The worker test needs a database that a `celery worker` process can open too. SQLite's test
# database is in memory unless it gets a file name, so give it one (PostgreSQL is shared anyway).
if os.environ.get("PA_TEST_BROKER_URL") and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = str(
        Path(tempfile.mkdtemp(prefix="pa-reports-test-")) / "test.sqlite3"
    )


@pytest.fixture
def media(settings, tmp_path):
    """Stored PDFs and packets go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def agreed_submission(standards, policies, people, media):
    """The deputy's complete agreement (22 rows, 3 challenge issues), agreed by the supervisor."""
    submission = submitted_agreement(people["deputy"])
    workflow.agreement_agree(
        agreement=submission.agreement, actor=people["supervisor"], comment="เห็นชอบ ให้ดำเนินการตามแผน"
    )
    return submission


@pytest.fixture
def compact_submission(standards, policies, people, media):
    """A short agreement (one line per cell): quick to render where the content is not the point."""
    return submitted_agreement(people["deputy"], data=compact_data())


@pytest.fixture
def download(django_capture_on_commit_callbacks):
    """download(client, url) -> the response that serves a PDF not stored yet: the first request
    answers 202 and queues the render (run here on commit, as a worker would), the next serves it."""

    def get(client, url):
        with django_capture_on_commit_callbacks(execute=True) as queued:
            first = client.get(url)
        assert first.status_code == 202, first.status_code
        assert "กำลังจัดเตรียมเอกสาร" in first.content.decode()
        assert len(queued) == 1
        second = client.get(url)
        assert second.status_code == 200, second.status_code
        return second

    return get
