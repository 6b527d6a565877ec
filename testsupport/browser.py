"""Browser-test fixtures for every app (a pytest plugin, loaded by the root conftest): headless
Chromium (Debian's, never a downloaded build) driven by Playwright's sync API against
pytest-django's live server. `open_as(user)` gives a signed-in page; `watch` fails the test on a
script error or a Content Security Policy refusal."""

import os
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("PA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
SCREENSHOTS = settings.BASE_DIR / "docs" / "screenshots"


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        if os.environ.get("PA_REQUIRE_REAL_SERVICES") == "1":
            pytest.fail(
                f"PA_REQUIRE_REAL_SERVICES=1 but there is no Chromium at {CHROMIUM} (.ci/run installs it)"
            )
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in this thread, which makes Django refuse
    # ORM calls from the test itself ("async context"); the calls are in fact synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class Watch:
    """Collects what the browser complains about: script errors and Content Security Policy
    refusals (an inline script or a foreign resource slipped into a template)."""

    def __init__(self):
        self.problems = []

    def attach(self, page):
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: script error {error}"))
        page.on(
            "console",
            lambda message: (
                self.problems.append(f"{page.url}: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        return page


@pytest.fixture
def watch():
    watcher = Watch()
    yield watcher
    assert watcher.problems == []


@pytest.fixture
def open_as(chromium, live_server, watch):
    """open_as(user) -> a page in a fresh browser context, signed in through the sign-in form."""
    from testsupport.factories import PASSWORD

    contexts = []

    def sign_in(user, password=PASSWORD):
        # Reduced motion: Bootstrap then scrolls instantly, so a screenshot shows where we scrolled.
        context = chromium.new_context(
            base_url=live_server.url,
            locale="th-TH",
            timezone_id="Asia/Bangkok",
            viewport={"width": 1280, "height": 900},
            reduced_motion="reduce",
        )
        contexts.append(context)
        page = watch.attach(context.new_page())
        page.goto("/accounts/login/")
        page.fill("input[name=username]", user.username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/")
        return page

    yield sign_in
    for context in contexts:
        context.close()


def screenshot(page, name: str, *, full_page: bool = False):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)
