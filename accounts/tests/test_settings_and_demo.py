import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agreements.models import Agreement


def _run_check(env_overrides: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_check({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_malformed_boolean_fails_loudly():
    result = _run_check({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_defaults_are_thai_and_bangkok():
    assert settings.LANGUAGE_CODE == "th"
    assert settings.TIME_ZONE == "Asia/Bangkok"


def test_seed_demo_refuses_with_debug_off(db):
    with pytest.raises(CommandError, match="DEBUG=1"):
        call_command("seed_demo")


def test_seed_demo_creates_the_cast_and_prints_passwords(standards, settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", stdout=out)
    text = out.getvalue()
    for username in ("director", "deputy1", "deputy2", "evaluator1", "evaluator2", "evaluator3", "hr1"):
        assert username in text
        assert get_user_model().objects.filter(username=username).exists()
    assert "pa-demo-2570" in text
    submitted = Agreement.objects.get(owner__username="deputy1")
    # evaluations.demo then agrees it and has its committee score it (see evaluations/tests).
    assert submitted.status == Agreement.Status.EVALUATED
    assert submitted.submissions.count() == 1
    assert Agreement.objects.get(owner__username="deputy2").status == Agreement.Status.DRAFT
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "already present" in out.getvalue()
