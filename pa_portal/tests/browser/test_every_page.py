"""Every role's main pages, on a 1366x768 laptop and on a 390x844 phone, over the demo year that
`make run` seeds (plus a resubmitted agreement, one waiting for the director and a finished
packet): axe-core finds no serious or critical accessibility problem, the phone never scrolls
sideways, the top bar fits one line on the laptop, and each page's screenshot is refreshed in
docs/screenshots/<role>-<page>-{desktop,phone}.png."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Office
from accounts.services import person_create
from agreements import drafts, workflow
from agreements.models import Agreement, FiscalYear
from evaluations.models import Committee, Evaluation, EvaluationRound
from pa_portal import roles
from pa_portal.tests.conftest import COMPLETE
from reports import services as packets
from testsupport.browser import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_no_horizontal_scroll,
    assert_tap_targets,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROLES = ["deputy", "director", "evaluator", "chair", "hr", "admin"]


@pytest.fixture
def demo(standards, media, settings):
    """The demo year, plus what it lacks for these pages: deputy2's agreement returned twice (two
    versions to compare, comments to read), deputy4's waiting for the director, and a packet
    of PA1 and PA3 (built: those without a committee yet have no PA3, so it lists them)."""
    call_command("seed_demo", "--force", stdout=StringIO())
    users = {u.username: u for u in get_user_model().objects.all()}
    director = users["director"]

    returned = Agreement.objects.get(owner=users["deputy2"])
    drafts.agreement_update(agreement=returned, actor=users["deputy2"], data=COMPLETE, expected_revision=None)
    for _ in range(2):
        workflow.agreement_submit(agreement=returned, actor=users["deputy2"])
        workflow.agreement_return(
            agreement=returned,
            actor=director,
            comment="ขอให้ปรับตัวชี้วัดให้วัดผลได้",
            item_comments={"item:1.1": "ระบุจำนวนโรงเรียนเป้าหมาย"},
        )
    deputy4 = person_create(
        username="deputy4",
        password="pa-demo-2570",  # noqa: S106 (the demo password)
        roles=[roles.DEPUTY],
        title="นาย",
        first_name="อนุสรณ์",
        last_name="มีสุข",
        office=Office.objects.get(code="65020000"),
        position="รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
        academic_standing="senior",
        salary_rank="คศ.3",
        salary_rate="55000.00",
        email="deputy4@example.go.th",
    )
    waiting = drafts.agreement_start(owner=deputy4, fiscal_year=2570)
    drafts.agreement_update(agreement=waiting, actor=deputy4, data=COMPLETE, expected_revision=None)
    workflow.agreement_submit(agreement=waiting, actor=deputy4)

    export = packets.packet_export_request(
        actor=users["hr1"], fiscal_year=FiscalYear.objects.get(year=2570), kinds=["pa1", "pa3"], queue=False
    )
    packets.packet_export_run(export=export)

    evaluation_round = EvaluationRound.objects.get()
    scored = Committee.objects.get(submission__agreement__owner=users["deputy1"])
    users.update(deputy4=deputy4)
    return {
        "users": users,
        "returned": returned,
        "waiting": waiting,
        "agreed": Agreement.objects.get(owner=users["deputy1"]),
        "round": evaluation_round,
        "scored": scored,
        "open_sheet": Evaluation.objects.get(
            member__evaluator=users["evaluator2"],
            member__committee__submission__agreement__owner=users["deputy3"],
        ),
        "final_sheet": Evaluation.objects.get(
            member__evaluator=users["evaluator2"], member__committee=scored
        ),
        "packet": export,
    }


def pages_of(role: str, demo: dict) -> tuple[str, list[tuple[str, str]]]:
    """(username, [(page name, url)]) for a role's main pages."""
    returned, waiting, agreed = demo["returned"], demo["waiting"], demo["agreed"]
    if role == "deputy":
        return "deputy2", [
            ("home", "/"),
            ("agreements", "/agreements/mine/"),
            ("part1", f"/agreements/{returned.pk}/part1/"),
            ("part2", f"/agreements/{returned.pk}/part2/?issue=1"),
            ("detail", f"/agreements/{returned.pk}/"),
            ("history", f"/agreements/{returned.pk}/history/"),
            ("compare", f"/agreements/{returned.pk}/compare/1/2/"),
            ("notifications", "/cycle/notifications/"),
            ("evaluations", "/evaluations/mine/"),
            ("standards", "/standards/"),
        ]
    if role == "director":
        return "director", [
            ("home", "/"),
            ("review-list", "/agreements/review/"),
            ("review", f"/agreements/{waiting.pk}/review/"),
            ("compare", f"/agreements/{returned.pk}/compare/1/2/"),
            ("detail", f"/agreements/{agreed.pk}/"),
            ("notifications", "/cycle/notifications/"),
        ]
    if role == "evaluator":
        return "evaluator2", [
            ("home", "/"),
            ("inbox", "/evaluations/"),
            ("sheet", f"/evaluations/sheets/{demo['open_sheet'].pk}/"),
            ("sheet-final", f"/evaluations/sheets/{demo['final_sheet'].pk}/"),
            ("notifications", "/cycle/notifications/"),
        ]
    if role == "chair":
        return "evaluator1", [
            ("inbox", "/evaluations/"),
            ("results", f"/evaluations/committees/{demo['scored'].pk}/results/"),
        ]
    if role == "hr":
        return "hr1", [
            ("home", "/"),
            ("agreements", "/agreements/all/"),
            ("dashboard", "/cycle/dashboard/"),
            ("extensions", "/cycle/extensions/"),
            ("rounds", "/evaluations/rounds/"),
            ("round", f"/evaluations/rounds/{demo['round'].pk}/"),
            ("results", f"/evaluations/committees/{demo['scored'].pk}/results/"),
            ("packets", "/reports/packets/"),
            ("packet", f"/reports/packets/{demo['packet'].pk}/"),
            ("history", f"/agreements/{agreed.pk}/history/"),
        ]
    return "admin", [
        ("home", "/"),
        ("admin", "/admin/"),
        ("agreements", "/agreements/all/"),
        ("dashboard", "/cycle/dashboard/"),
    ]


def nav_fits_one_line(page):
    """The top bar's items share one row: none starts below the brand's baseline."""
    rows = page.evaluate(
        """() => {
            const bar = document.querySelector('nav.navbar .container');
            const items = [...bar.querySelectorAll('.navbar-brand, .navbar-nav > .nav-item, #nav-user')]
                .filter(el => el.getClientRects().length);
            return {height: bar.getBoundingClientRect().height, tops: items.map(el => el.getBoundingClientRect().top)};
        }"""
    )
    if max(rows["tops"]) - min(rows["tops"]) >= 20 or rows["height"] >= 70:
        raise AssertionError(f"{page.url}: the top bar takes more than one line {rows}")


def test_every_page_of_every_role_reads_well_on_a_laptop_and_a_phone(
    open_as, demo, chromium, live_server, watch
):
    """One walk over all the roles' pages (the demo year is seeded once): every page is checked
    and photographed, then everything that failed is reported together."""
    problems = []
    for size, options in (("desktop", DESKTOP), ("phone", PHONE)):
        context = chromium.new_context(base_url=live_server.url, locale="th-TH", **options)
        page = watch.attach(context.new_page())
        page.goto("/accounts/login/")
        screenshot(page, f"signed-out-sign-in-{size}")
        for check in (assert_accessible, assert_no_horizontal_scroll):
            try:
                check(page)
            except AssertionError as failure:
                problems.append(f"signed out, {size}: {failure}")
        context.close()
    for role in ROLES:
        username, pages = pages_of(role, demo)
        user = demo["users"][username]
        laptop = open_as(user, "pa-demo-2570", desktop=True)
        phone = open_as(user, "pa-demo-2570", phone=True)
        for name, url in pages:
            for size, page in (("desktop", laptop), ("phone", phone)):
                response = page.goto(url)
                assert response.ok, f"{role} {url}: HTTP {response.status}"
                screenshot(page, f"{role}-{name}-{size}")
                checks = [assert_accessible]
                if size == "phone":
                    checks.append(assert_no_horizontal_scroll)
                elif not url.startswith("/admin/"):
                    checks.append(nav_fits_one_line)
                for check in checks:
                    try:
                        check(page)
                    except AssertionError as failure:
                        problems.append(f"{role}, {size}: {failure}")
        laptop.close()
        phone.close()
    assert not problems, "\n".join(problems)


def test_the_phone_menu_and_score_buttons_are_big_enough_to_tap(open_as, demo):
    phone = open_as(demo["users"]["evaluator2"], "pa-demo-2570", phone=True)
    assert_tap_targets(phone, "nav .navbar-toggler")
    phone.get_by_role("button", name="เมนู").click()
    expect(phone.locator("#nav")).to_be_visible()
    assert_tap_targets(phone, "#nav .nav-link")
    phone.get_by_role("button", name="การประเมิน").click()
    expect(phone.get_by_role("link", name="ข้อตกลงที่ต้องประเมิน")).to_be_visible()
    assert_tap_targets(phone, "#nav .dropdown-item")
    phone.get_by_role("link", name="ข้อตกลงที่ต้องประเมิน").click()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    phone.goto(f"/evaluations/sheets/{demo['open_sheet'].pk}/")
    assert_tap_targets(phone, ".btn-check + .btn")
