"""Concurrent writes through a real server: two tabs saving at once, a triple submit, an autosave
racing a submit. The loser waits for the lock and gets a refusal (409, 423, "ส่งแล้ว"), never a
500 "database is locked".

On SQLite the default test database lives in memory behind one shared connection, where nothing
can race; the test then runs itself again in a child pytest on a file database
(PA_TEST_SQLITE_FILE, read by pa_portal/settings.py), with SQLite configured as settings.py
configures it for a web server. On PostgreSQL it runs as it is."""

import os
import re
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from agreements import drafts
from agreements.models import Agreement
from agreements.tests.steps import COMPLETE, part1_post

RACE = "test_racing_writes_through_the_live_server_never_answer_500"


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and not os.environ.get("PA_TEST_SQLITE_FILE")


def test_sqlite_on_a_file_survives_the_race(tmp_path):
    if not _in_memory_sqlite():
        pytest.skip("the race below runs directly on this database")
    env = {**os.environ, "PA_TEST_SQLITE_FILE": str(tmp_path / "race.sqlite3")}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::{RACE}"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0 and " passed" in result.stdout, (
        result.stdout[-4000:] + result.stderr[-2000:]
    )


def test_sqlite_is_configured_for_a_web_server():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 10
    assert "journal_mode=WAL" in options["init_command"]


def _signed_in(user) -> requests.Session:
    client = Client()
    client.force_login(user)
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    return session


def _csrf(session, url) -> str:
    page = session.get(url, timeout=60)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)


def _race(calls):
    """Run the calls at the same moment, one thread each; their status codes."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_racing_writes_through_the_live_server_never_answer_500(
    transactional_db, role_groups, live_server, standards, policies, people
):
    if _in_memory_sqlite():
        pytest.skip("runs in a child pytest on a file database (test_sqlite_on_a_file_survives_the_race)")
    deputy = people["deputy"]
    agreement = drafts.agreement_start(owner=deputy, fiscal_year=2570)
    drafts.agreement_update(agreement=agreement, actor=deputy, data=COMPLETE, expected_revision=None)
    agreement.refresh_from_db()
    part1 = f"{live_server.url}/agreements/{agreement.pk}/part1/"
    submit = f"{live_server.url}/agreements/{agreement.pk}/submit/"
    sessions = [_signed_in(deputy) for _ in range(6)]
    token = {id(s): _csrf(s, part1) for s in sessions}

    def save(session, text):
        post = part1_post(agreement, **{"tasks__1.1": text})
        return lambda: (
            session.post(
                part1,
                data={**post, "csrfmiddlewaretoken": token[id(session)]},
                headers={"Accept": "application/json", "Referer": part1},
                timeout=120,
            ).status_code
        )

    def submit_now(session):
        return lambda: (
            session.post(
                submit,
                data={"csrfmiddlewaretoken": token[id(session)]},
                headers={"Referer": submit},
                allow_redirects=False,
                timeout=120,
            ).status_code
        )

    # Two (six) tabs save the same revision at once: one wins, the others are told it is stale.
    saves = _race([save(s, f"งานจากแท็บที่ {i}") for i, s in enumerate(sessions)])
    assert 500 not in saves and saves.count(200) >= 1 and set(saves) <= {200, 409}, saves

    # A triple submit racing two autosaves: one submission, no fault.
    agreement.refresh_from_db()
    answers = _race([submit_now(s) for s in sessions[:3]] + [save(s, "บันทึกอัตโนมัติ") for s in sessions[3:5]])
    assert 500 not in answers, answers
    # Every submit ends on the agreement's page (the losers with "ส่งแล้ว"), never 403; an autosave
    # is saved, stale, or told the agreement has been sent.
    assert answers[:3] == [302, 302, 302], answers
    assert set(answers[3:]) <= {200, 409, 423}, answers
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED
    assert agreement.submissions.count() == 1
