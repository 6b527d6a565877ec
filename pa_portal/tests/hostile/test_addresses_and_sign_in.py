"""Hostile addresses, query strings and sign-in posts: huge ids, odd page numbers and filters,
an open redirect, an over-long username."""

from django.test import Client


def test_22_a_pk_beyond_any_integer_column_is_404(draft, deputy):
    assert deputy.get("/agreements/99999999999999999999999/").status_code == 404


def test_23_negative_and_non_numeric_page_numbers_are_harmless(people, client_for):
    client = client_for(people["deputy"])
    for page in ("-1", "0", "abc", "1e999", "99999999999999999999"):
        response = client.get(f"/cycle/notifications/?page={page}")
        assert response.status_code == 200, page


def test_24_hostile_filters_on_hr_lists_are_ignored_or_404(people, client_for, draft):
    hr = client_for(people["hr"])
    response = hr.get("/agreements/all/?year=-2570&status=<script>alert(1)</script>")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert hr.get("/cycle/dashboard/?year=abc").status_code == 404
    assert hr.get("/cycle/dashboard/?year=99999999999999999999999").status_code == 404


def test_25_an_open_redirect_through_sign_in_is_refused(people):
    client = Client()
    from testsupport.factories import PASSWORD

    response = client.post(
        "/accounts/login/",
        {"username": "deputy", "password": PASSWORD, "next": "https://evil.example/phish"},
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_26_an_over_long_username_or_a_nul_at_sign_in_is_refused_without_error(people):
    from axes.models import AccessAttempt

    client = Client()
    response = client.post("/accounts/login/", {"username": "ก" * 10000, "password": "wrong-password-123"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert AccessAttempt.objects.get().username == "ก" * 150
    response = client.post("/accounts/login/", {"username": "deputy", "password": "x\x00y"})
    assert response.status_code == 200
    assert "ข้อความมีอักขระควบคุม (NUL) ที่ใช้ไม่ได้" in response.content.decode()
