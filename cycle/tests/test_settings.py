"""Mail settings come from the environment, as production sets them."""

import json
import os
import subprocess
import sys

from django.conf import settings

SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
    "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.PORTAL_BASE_URL]))"
)


def settings_with(**env) -> list:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    result = subprocess.run(
        [sys.executable, "-c", SHOW],
        env={**clean, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "pa_portal.settings", **env},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_mail_goes_to_the_console_unless_an_smtp_host_is_set():
    assert settings_with()[0] == "django.core.mail.backends.console.EmailBackend"


def test_smtp_settings_come_from_the_environment():
    assert settings_with(
        EMAIL_HOST="smtp.example.go.th",
        EMAIL_PORT="587",
        EMAIL_HOST_USER="pa-portal",
        EMAIL_HOST_PASSWORD="not-a-real-secret",
        EMAIL_USE_TLS="1",
        PORTAL_BASE_URL="https://pa.example.go.th/",
    ) == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.go.th",
        587,
        "pa-portal",
        "not-a-real-secret",
        True,
        "https://pa.example.go.th",
    ]
