"""Browser-test fixtures for every app (a pytest plugin, loaded by the root conftest): headless
Chromium (Debian's, never a downloaded build) driven by Playwright's sync API against
pytest-django's live server. `open_as(user)` gives a signed-in page (`phone=True`: a 390x844 touch
phone); `watch` fails the test on a script error or a Content Security Policy refusal.

Checks a page can be put through: `assert_accessible` (axe-core, no serious or critical
violation), `assert_no_horizontal_scroll` and `assert_tap_targets` (at least 44x44 CSS px)."""

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
AXE_JS = settings.BASE_DIR / "testsupport" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}


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
    """open_as(user) -> a page in a fresh browser context, signed in through the sign-in form.
    open_as(user, phone=True): the same on a 390x844 touch screen; desktop=True: a 1366x768 laptop."""
    from testsupport.factories import PASSWORD

    contexts = []

    def sign_in(user, password=PASSWORD, *, phone=False, desktop=False):
        size = PHONE if phone else DESKTOP if desktop else {"viewport": {"width": 1280, "height": 900}}
        # Reduced motion: Bootstrap then scrolls instantly, so a screenshot shows where we scrolled.
        context = chromium.new_context(
            base_url=live_server.url,
            locale="th-TH",
            timezone_id="Asia/Bangkok",
            reduced_motion="reduce",
            **size,
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


# WCAG 2.2 A and AA plus axe's best practices; a rule's impact says how badly it blocks a person.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
BLOCKING = ("serious", "critical")


def axe_violations(page) -> list[dict]:
    """Runs axe-core in the page. The portal's CSP refuses inline scripts, so axe is evaluated
    through the DevTools protocol (which the CSP does not govern) rather than added as a tag."""
    if not AXE_JS.exists():
        pytest.fail(f"axe-core is not installed at {AXE_JS}: run `make axe`")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
            .then(result => result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary,
                                          impact: n.impact})),
            })))""",
        AXE_TAGS,
    )


def assert_accessible(page):
    """No axe-core violation of impact serious or critical on the page as it is now."""
    blocking = [v for v in axe_violations(page) if v["impact"] in BLOCKING]
    lines = []
    for violation in blocking:
        lines.append(
            f"[{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:8]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more")
    assert not blocking, f"{page.url}: axe-core found {len(blocking)} blocking problem(s)\n" + "\n".join(
        lines
    )


def assert_no_horizontal_scroll(page):
    """The page as a whole never scrolls sideways; wide content scrolls inside its own box.
    A phone browser zooms out to show a page wider than the screen, which widens innerWidth with
    it: the width the page is given to fit in is the context's viewport."""
    widths = page.evaluate(
        """limit => {
            const root = document.scrollingElement;
            const wide = [...document.body.querySelectorAll('*')]
                .filter(el => el.getBoundingClientRect().right > limit + 0.5)
                .filter(el => !el.parentElement.closest('.table-responsive, .scroll-box'))
                .slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                    + (el.className && typeof el.className === 'string'
                       ? '.' + el.className.trim().split(/\\s+/).join('.') : ''));
            return {scroll: root.scrollWidth, inner: Math.min(window.innerWidth, limit), wide};
        }""",
        page.viewport_size["width"],
    )
    if widths["scroll"] > widths["inner"]:
        raise AssertionError(
            f"{page.url} scrolls sideways: {widths['scroll']} px wide in a {widths['inner']} px window; "
            f"too wide: {widths['wide']}"
        )


def assert_tap_targets(page, selector: str, *, minimum: int = 44):
    """Every visible element matching `selector` is at least `minimum` CSS px in both directions."""
    small = page.evaluate(
        """([selector, minimum]) => [...document.querySelectorAll(selector)]
            .filter(el => el.offsetParent !== null || el.getClientRects().length)
            .map(el => { const r = el.getBoundingClientRect();
                         return {what: el.outerHTML.slice(0, 120), w: r.width, h: r.height}; })
            .filter(box => box.w > 0 && (box.w < minimum || box.h < minimum))""",
        [selector, minimum],
    )
    assert page.locator(selector).count(), f"{page.url}: nothing matches {selector}"
    if small:
        raise AssertionError(
            f"{page.url}: tap targets smaller than {minimum}x{minimum} px: "
            + "; ".join(f"{round(box['w'])}x{round(box['h'])} {box['what']}" for box in small[:8])
        )
