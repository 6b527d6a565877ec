"""HR watches a packet being built in a real browser (headless Chromium through Playwright): the
progress bar follows the documents as they are prepared, then the download link appears."""

import os
from pathlib import Path

import pytest

from agreements.models import FiscalYear
from pa_portal.testing import PASSWORD
from reports import services

from .factories import compact_data, deputy, submitted_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = os.environ.get("PA_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def role_groups(db):
    """The role groups come from a data migration; a transactional test before this one may have
    flushed them away."""
    from django.contrib.auth.models import Group

    from accounts.roles import ALL_ROLES

    for name in ALL_ROLES:
        Group.objects.get_or_create(name=name)


@pytest.fixture
def browser(monkeypatch):
    if not Path(CHROMIUM).exists():
        if os.environ.get("PA_REQUIRE_REAL_SERVICES") == "1":
            pytest.fail(f"PA_REQUIRE_REAL_SERVICES=1 but there is no Chromium at {CHROMIUM}")
        pytest.skip(f"no Chromium at {CHROMIUM}")
    # Playwright's sync API keeps an event loop in this thread; the test's own database calls
    # are still plain synchronous ones (Playwright's documented setting for Django).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


def test_progress_bar_follows_the_packet_and_offers_the_download(
    role_groups, standards, policies, people, media, live_server, browser
):
    for owner in (people["deputy"], deputy(people["office"])):
        submitted_agreement(owner, data=compact_data())
    export = services.packet_export_request(
        actor=people["hr"], fiscal_year=FiscalYear.objects.get(year=2570), kinds=["pa1"], queue=False
    )
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "hr")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/reports/packets/{export.pk}/")
    assert page.text_content("#packet-status") == "รอคิว"
    assert not page.is_visible("#packet-download")

    def shows(count: str, percent: str):
        page.wait_for_function(
            "([count, percent]) => document.getElementById('packet-count').textContent === count"
            " && document.getElementById('packet-progress').getAttribute('aria-valuenow') === percent",
            arg=[count, percent],
        )

    pending, _ = services.packet_export_plan(export_id=export.pk)
    shows("0 / 2", "0")
    assert page.text_content("#packet-status") == "กำลังสร้างเอกสาร"
    services.packet_document_prepare(document_id=pending[0])
    shows("1 / 2", "50")
    services.packet_document_prepare(document_id=pending[1])
    services.packet_export_assemble(export_id=export.pk)
    page.wait_for_selector("#packet-download a", state="visible")
    shows("2 / 2", "100")
    assert page.text_content("#packet-status") == "เสร็จแล้ว"

    href = page.get_attribute("#packet-download a", "href")
    assert href == f"/reports/packets/{export.pk}/download"
    download = page.request.get(f"{live_server.url}{href}")
    assert download.ok and download.body().startswith(b"%PDF-")
    assert errors == []
