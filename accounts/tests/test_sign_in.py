from unittest import mock

import pytest
from django.db import DatabaseError
from django.urls import URLPattern, URLResolver, get_resolver

from testsupport.factories import PASSWORD


def test_sign_in_page_is_thai(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "เข้าสู่ระบบ" in page and "ชื่อผู้ใช้" in page and "รหัสผ่าน" in page


def test_deputy_signs_in_and_reaches_home(client, people):
    response = client.post("/accounts/login/", {"username": "deputy", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "สวัสดี นายสุภาพร แก้วมณี" in response.content.decode()


def test_wrong_password_is_refused_in_thai_and_keeps_the_username(client, people):
    response = client.post("/accounts/login/", {"username": "deputy", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in page
    assert 'value="deputy"' in page
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(client_for, people):
    client = client_for(people["deputy"])
    response = client.post("/accounts/logout/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/"
    assert "ออกจากระบบแล้ว" in response.content.decode()
    assert client.get("/").status_code == 302


def test_healthz_answers_200_with_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_without_the_database(client, db):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("connection refused")

    with mock.patch.object(CursorWrapper, "execute", broken):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


def _concrete_paths(resolver=None, prefix=""):
    """Every URL pattern of the project, with sample values for its arguments."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _concrete_paths(pattern, route)
        elif isinstance(pattern, URLPattern):
            path = route.replace("^", "").replace("$", "").replace("\\Z", "")
            for conv in ("<int:pk>", "<int:version>", "<int:agreement_id>", "<int:other>"):
                path = path.replace(conv, "1")
            import re

            path = re.sub(r"<int:\w+>", "1", path)
            path = re.sub(r"<(str|slug):\w+>", "x", path)
            path = re.sub(r"<path:\w+>", "x/y", path)
            path = re.sub(r"<uuid:\w+>", "00000000-0000-0000-0000-000000000000", path)
            yield "/" + path


@pytest.mark.django_db
def test_anonymous_user_is_sent_to_sign_in_from_every_page_but_healthz(client):
    # The public check page and its code pages are for any reader of a printed document.
    public = {"/healthz", "/accounts/login/", "/verify/", "/verify/x/"}
    checked = 0
    for path in _concrete_paths():
        if path in public or path.startswith("/admin/") or path.startswith("/static/"):
            continue
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path
        checked += 1
    assert checked >= 5
    # The admin has its own sign-in page.
    assert client.get("/admin/").status_code == 302
