"""Sign-in protection, sessions, headers and the production settings."""

import json
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from testsupport.factories import PASSWORD

LOGIN = "/accounts/login/"
LOCKED = "ระงับการเข้าสู่ระบบชั่วคราว"


def production_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECURE", "SECURE_HSTS_SECONDS")}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="pa.example.go.th",
        DJANGO_SETTINGS_MODULE="pa_portal.settings",
        **extra,
    )
    return env


def run_manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- production settings ----------------------------------------------------------------------


def test_check_deploy_is_clean_under_production_settings(tmp_path):
    from verification.devcert import create_chain

    seal = create_chain(tmp_path, common_name="สพป.ทดสอบ เขต 1")  # the office's own certificate
    env = production_env(SIGNING_CERT=str(seal.cert), SIGNING_KEY=str(seal.key), SIGNING_CHAIN=str(seal.ca))
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_use_secure_cookies_hsts_and_a_strict_policy():
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SESSION_COOKIE_HTTPONLY', 'SESSION_REFRESH_SECONDS', 'SESSION_COOKIE_AGE', 'DEBUG', "
        "'CONTENT_SECURITY_POLICY')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000 and values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True and 0 < values["SESSION_REFRESH_SECONDS"] <= 600
    assert values["SESSION_COOKIE_AGE"] <= 8 * 3600
    directives = values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]


def test_production_refuses_to_start_without_a_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


# --- sign-in lockout --------------------------------------------------------------------------


def fail_sign_in(client, username, times):
    responses = []
    for _ in range(times):
        responses.append(client.post(LOGIN, {"username": username, "password": "wrong-password-123"}))
    return responses


def test_five_wrong_passwords_lock_the_username_with_a_thai_page(people):
    client = Client()
    responses = fail_sign_in(client, "deputy", 4)
    for response in responses:
        assert response.status_code == 200
        assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    fifth = fail_sign_in(client, "deputy", 1)[0]
    page = fifth.content.decode()
    assert fifth.status_code == 429
    assert LOCKED in page and "15 นาที" in page and "5 ครั้ง" in page
    # Even the right password is refused while locked, and no session is opened.
    right = client.post(LOGIN, {"username": "deputy", "password": PASSWORD})
    assert right.status_code == 429 and LOCKED in right.content.decode()
    assert client.get("/").status_code == 302
    assert AccessAttempt.objects.get(username="deputy").failures_since_start >= 5


def test_lockout_of_one_username_leaves_colleagues_in_the_same_office_alone(people):
    """Offices share one NAT address: a locked username must not lock the whole address."""
    fail_sign_in(Client(), "deputy", 5)
    colleague = Client()
    response = colleague.post(LOGIN, {"username": "supervisor", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert colleague.get("/").status_code == 200


def test_lockout_ends_after_the_cool_off_period(people):
    client = Client()
    fail_sign_in(client, "deputy", 5)
    assert client.post(LOGIN, {"username": "deputy", "password": PASSWORD}).status_code == 429
    # Age the recorded attempts past the cool-off instead of waiting for it.
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )
    response = client.post(LOGIN, {"username": "deputy", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_successful_sign_in_resets_the_failure_count(people):
    client = Client()
    fail_sign_in(client, "deputy", 4)
    assert client.post(LOGIN, {"username": "deputy", "password": PASSWORD}).status_code == 302
    client.post("/accounts/logout/")
    responses = fail_sign_in(client, "deputy", 4)
    assert [r.status_code for r in responses] == [200, 200, 200, 200]


def test_admin_sign_in_is_protected_by_the_same_lockout(people):
    client = Client()
    for _ in range(5):
        response = client.post(
            "/admin/login/?next=/admin/", {"username": "admin", "password": "wrong-password-123"}
        )
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


# --- passwords and sessions -------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, message",
    [
        ("short1!", "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย 10 ตัวอักษร"),
        ("1234567890123", "รหัสผ่านเป็นตัวเลขทั้งหมด"),
        ("password1234", "รหัสผ่านนี้ใช้กันทั่วไปและเดาได้ง่าย"),
        ("qwertyuiop", "รหัสผ่านนี้ใช้กันทั่วไปและเดาได้ง่าย"),
    ],
    ids=["too-short", "numeric", "common", "common-keyboard"],
)
def test_weak_passwords_are_refused_in_thai(people, password, message):
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        validate_password(password, user=people["deputy"])
    assert message in caught.value.messages


def test_a_password_like_the_username_is_refused(people):
    with pytest.raises(ValidationError):
        validate_password("other_deputy1", user=people["other_deputy"])


def test_a_long_passphrase_is_accepted(people):
    assert validate_password("ครูไทยใจดี-2570-พิษณุโลก", user=people["deputy"]) is None


def test_each_request_pushes_the_session_expiry_forward(people, client_for):
    client = client_for(people["deputy"])
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=5))
    assert client.get("/").status_code == 200
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_requests_within_the_refresh_interval_do_not_write_the_session(people, client_for):
    client = client_for(people["deputy"])
    key = client.session.session_key
    assert client.get("/").status_code == 200  # the first request refreshes
    pushed = Session.objects.get(session_key=key).expire_date
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert Session.objects.get(session_key=key).expire_date == pushed


def test_the_expiry_moves_again_once_the_refresh_interval_has_passed(people, client_for, settings):
    client = client_for(people["deputy"])
    key = client.session.session_key
    assert client.get("/").status_code == 200
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=5))
    settings.SESSION_REFRESH_SECONDS = 0
    assert client.get("/").status_code == 200
    expires = Session.objects.get(session_key=key).expire_date
    assert expires > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_an_idle_session_expires_and_asks_to_sign_in_again(people, client_for):
    client = client_for(people["deputy"])
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/agreements/mine/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/agreements/mine/"


def test_sign_out_needs_a_post(people, client_for):
    client = client_for(people["deputy"])
    assert client.get("/accounts/logout/").status_code == 405
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


# --- headers and the content security policy --------------------------------------------------


def test_pages_carry_the_content_security_policy_and_security_headers(people, client_for):
    response = client_for(people["deputy"]).get("/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip()
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_sign_in_page_has_the_policy_too():
    response = Client().get(LOGIN)
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def test_no_template_needs_inline_script():
    """The policy allows scripts from static files only: an inline <script>, an onclick= or a
    javascript: link would silently stop working in the browser."""
    offenders = []
    for path in sorted((settings.BASE_DIR / "templates").rglob("*.html")):
        if "pdf" in path.relative_to(settings.BASE_DIR / "templates").parts:
            continue  # rendered by WeasyPrint, never served to a browser
        text = path.read_text(encoding="utf-8")
        for pattern in (
            INLINE_SCRIPT,
            INLINE_HANDLER,
            re.compile("javascript:", re.I),
            re.compile("<style", re.I),
        ):
            if pattern.search(text):
                offenders.append(f"{path.relative_to(settings.BASE_DIR)}: {pattern.pattern}")
    assert offenders == []


# --- error pages ------------------------------------------------------------------------------


def test_a_page_someone_may_not_see_answers_in_thai(people, client_for):
    response = client_for(people["deputy"]).get("/agreements/all/")
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()


def test_an_expired_form_answers_in_thai(people):
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["deputy"])
    response = client.post("/agreements/start/", {"fiscal_year": "2570"})
    assert response.status_code == 403
    assert "ส่งแบบฟอร์มไม่สำเร็จ" in response.content.decode()


def test_too_many_fields_answer_in_thai(people, client_for):
    response = client_for(people["deputy"]).post(
        "/agreements/start/", {f"field{i}": "x" for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    )
    assert response.status_code == 400
    assert "คำขอไม่ถูกต้อง" in response.content.decode()


def test_the_compiled_thai_messages_match_their_source():
    """locale/th is committed compiled (CI has no msgfmt): a .po edited without recompiling the
    .mo would silently show the old text."""
    import gettext

    folder = settings.BASE_DIR / "locale" / "th" / "LC_MESSAGES"
    source = (folder / "django.po").read_text(encoding="utf-8")
    entries = re.findall(r'msgid "(.+)"\n(?:msgid_plural "(.+)"\n)?msgstr(?:\[0\])? "(.+)"', source)
    assert len(entries) >= 25
    with open(folder / "django.mo", "rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for msgid, plural, msgstr in entries:
        assert (catalog.ngettext(msgid, plural, 2) if plural else catalog.gettext(msgid)) == msgstr


def test_passwords_are_stored_with_argon2id_at_owasp_minimum_and_old_pbkdf2_hashes_upgrade(people, settings):
    """With the production hasher list (conftest swaps in MD5 to keep the suite fast)."""
    from django.contrib.auth.hashers import identify_hasher, make_password

    from pa_portal import settings as production

    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    deputy = people["deputy"]
    deputy.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    deputy.save(update_fields=["password"])

    client = Client()
    response = client.post(LOGIN, {"username": "deputy", "password": PASSWORD})

    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert identify_hasher(deputy.password).algorithm == "argon2"
    assert client.post(LOGIN, {"username": "deputy", "password": "wrong-password-123"}).status_code == 200


def test_signed_in_answers_are_private_no_store_and_static_files_are_not(client, django_user_model, rf):
    user = django_user_model.objects.create_user("cache-probe", password=PASSWORD)
    client.force_login(user)
    page = client.get("/")
    assert {"private", "no-store"} <= {d.strip() for d in page["Cache-Control"].split(",")}

    from django.http import HttpResponse

    from pa_portal.middleware import PrivateNoStoreMiddleware

    static = rf.get(settings.STATIC_URL + "js/autosave.js")
    static.user = user
    response = PrivateNoStoreMiddleware(lambda request: HttpResponse("x"))(static)
    assert not response.has_header("Cache-Control")
