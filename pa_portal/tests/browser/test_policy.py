"""The Content Security Policy allows only this site's own files: pages that rely on something
else (an inline script, a CDN) break silently in the browser. Chromium reports every refusal on
the console; the `watch` fixture fails the test on any."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_admin_site_works_under_the_policy(open_as, people, standards):
    page = open_as(people["admin"])
    for url in (
        "/admin/",
        "/admin/standards/positionstandard/",
        "/admin/audit/auditentry/",
        "/admin/auth/user/add/",
    ):
        page.goto(url)
        expect(page.locator("#content")).to_be_visible()
    page.goto("/admin/audit/auditentry/")
    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("#content")).to_contain_text("standard.loaded")


def test_each_personas_main_pages_load_without_a_refusal(open_as, people, standards, policies):
    pages = {
        "deputy": ["/", "/agreements/mine/", "/standards/", "/cycle/notifications/", "/cycle/preferences/"],
        "supervisor": ["/", "/agreements/review/"],
        "evaluator1": ["/", "/evaluations/"],
        "hr": ["/", "/agreements/all/", "/cycle/dashboard/", "/evaluations/rounds/", "/reports/packets/"],
    }
    for who, urls in pages.items():
        page = open_as(people[who])
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, (who, url, response.status)
            csp = response.headers["content-security-policy"]
            assert "script-src 'self'" in csp
