"""An evaluator scores in a real browser (headless Chromium through Playwright): the running total
follows the clicks before anything is saved, a draft saves, and finalising locks the sheet. The
work is not lost: levels autosave and survive leaving the page, a second tab of the same sheet is
refused and keeps its choices (offered back after a reload), finalising too early lists what is
missing, and the level buttons are big enough to tap on a phone."""

import pytest
from playwright.sync_api import expect

from cycle.management.commands.seed_demo import DEMO_PASSWORD
from evaluations.models import Evaluation
from testsupport.browser import screenshot

from .conftest import make_agreed, make_round, sheet_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scoring(people, standards, policies, scheme):
    from evaluations import committees

    for user in people.values():
        if hasattr(user, "set_password"):
            user.set_password(DEMO_PASSWORD)
            user.save()
    agreement = make_agreed(people["deputy"], people["supervisor"])
    committee = committees.committee_assign(
        evaluation_round=make_round(people["hr"], scheme),
        agreement=agreement,
        chair=people["evaluator1"],
        members=[people["evaluator2"], people["evaluator3"]],
        actor=people["hr"],
    )
    return sheet_of(committee, people["evaluator1"])


def test_an_evaluator_scores_a_sheet_in_the_browser(role_groups, scoring, people, open_as):
    page = open_as(people["evaluator1"], DEMO_PASSWORD)  # script errors fail the test (`watch`)
    page.goto("/evaluations/")
    page.click(f"a[href='/evaluations/sheets/{scoring.pk}/']")

    assert page.inner_text("#total-all") == "0.00"
    # Level 4 on row 1.1: 4 / 22 rows × 60 / 4 = 2.73 (before anything is saved).
    page.click("label[for='id_level__item:1.1_3']")
    assert page.inner_text("#total-part1") == "2.73"
    # Level 4 for the method of issue 1: 4 × 20 / 4 / 3 issues = 6.67.
    page.click("label[for='id_level__challenge:1:method_3']")
    assert page.inner_text("#total-part2") == "6.67"
    assert page.inner_text("#total-all") == "9.40"

    page.click("button[value=save]")
    assert "บันทึกร่างแล้ว" in page.inner_text("main")
    assert page.inner_text("#total-all") == "9.40"  # the server's figure, after the reload

    for label in page.query_selector_all("label.btn[for$='_2']"):  # level 3 everywhere
        label.click()
    assert page.inner_text("#total-all") == "75.00"
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("button[value=finalise]")
    assert "ยืนยันผลการประเมินแล้ว" in page.inner_text("main")
    assert page.query_selector("button[value=save]") is None
    assert page.inner_text("#total-verdict") == "ผ่านเกณฑ์"

    scoring.refresh_from_db()
    assert scoring.status == Evaluation.Status.FINAL and str(scoring.total) == "75.00"


def _level(page, anchor: str, index: int):
    """The radio of one level (index 0 = level 1); ids carry ':' and '.', hence the attribute form."""
    return page.locator(f"[id='id_level__{anchor}_{index}']")


def _choose(page, anchor: str, index: int):
    page.click(f"label[for='id_level__{anchor}_{index}']")


FIVE = ["item:1.1", "item:1.2", "item:1.3", "item:1.4", "item:2.1"]


def test_chosen_levels_survive_leaving_the_sheet_and_coming_back(role_groups, scoring, people, open_as):
    page = open_as(people["evaluator1"], DEMO_PASSWORD)
    page.goto(f"/evaluations/sheets/{scoring.pk}/")
    for anchor in FIVE:
        _choose(page, anchor, 2)
    # Autosave: nothing pressed, yet the page says it saved the five levels.
    expect(page.locator("#save-status")).to_contain_text("บันทึกแล้ว")

    page.click("nav[aria-label=breadcrumb] a[href='/evaluations/']")
    page.wait_for_url("**/evaluations/")
    page.click(f"a[href='/evaluations/sheets/{scoring.pk}/']")
    for anchor in FIVE:
        assert _level(page, anchor, 2).is_checked(), anchor
    assert page.inner_text("#total-part1") == "10.23"  # 5 rows × level 3 / 22 rows × 60 / 4
    assert page.query_selector("#restore-bar") is None  # the server has it all: nothing to offer
    assert {s.anchor: s.level for s in scoring.scores.all()} == dict.fromkeys(FIVE, 3)


def test_the_same_sheet_open_twice_refuses_the_older_page_and_keeps_its_choices(
    role_groups, scoring, people, open_as
):
    first = open_as(people["evaluator1"], DEMO_PASSWORD)
    second = first.context.new_page()
    url = f"/evaluations/sheets/{scoring.pk}/"
    first.goto(url)
    second.goto(url)

    _choose(first, "item:1.1", 3)
    expect(first.locator("#save-status")).to_contain_text("บันทึกแล้ว")
    _choose(second, "item:1.1", 0)
    _choose(second, "item:1.2", 1)
    expect(second.locator("#save-status")).to_contain_text("ยังไม่ได้บันทึก: แบบประเมินนี้ถูกบันทึกจากหน้าต่างหรืออุปกรณ์อื่น")
    assert _level(second, "item:1.1", 0).is_checked() and _level(second, "item:1.2", 1).is_checked()
    assert {s.anchor: s.level for s in scoring.scores.all()} == {"item:1.1": 4}  # nothing overwritten

    # Reloaded, the second page shows the saved sheet and offers its own choices back.
    second.reload()
    assert _level(second, "item:1.1", 3).is_checked()
    bar = second.locator("#restore-bar")
    assert "พบข้อมูลที่ยังไม่ได้บันทึก" in bar.inner_text()
    bar.scroll_into_view_if_needed()
    screenshot(second, "12b-evaluation-sheet-restore")
    bar.get_by_role("button", name="กู้คืน").click()
    assert _level(second, "item:1.1", 0).is_checked() and _level(second, "item:1.2", 1).is_checked()
    assert second.inner_text("#total-part1") == "2.05"  # (1 + 2) / 22 rows × 60 / 4, recomputed


def test_finalising_an_incomplete_sheet_lists_each_missing_level_once_and_focuses_the_first(
    role_groups, scoring, people, open_as
):
    page = open_as(people["evaluator1"], DEMO_PASSWORD)
    page.goto(f"/evaluations/sheets/{scoring.pk}/")
    _choose(page, "item:1.1", 2)
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("button[value=finalise]")
    page.wait_for_selector("#missing-levels")

    links = page.locator("#missing-levels a.problem-link")
    texts = links.all_inner_texts()
    assert len(texts) == 21 + 3 * 3  # every other row, and three criteria of three issues
    assert len(set(texts)) == len(texts)
    assert texts[0] == "ยังไม่ได้เลือกระดับของข้อ 1.2"
    assert page.evaluate("document.activeElement.id") == "id_level__item:1.2_0"
    assert _level(page, "item:1.2", 0).get_attribute("aria-describedby") == "id_level__item:1.2_error"
    assert page.get_attribute("[id='id_level__item:1.2_0']", "aria-invalid") == "true"
    screenshot(page, "12c-evaluation-sheet-missing-levels")

    links.nth(5).click()  # 1.2 … 1.6, then 2.1
    assert page.evaluate("document.activeElement.id") == "id_level__item:2.1_0"
    scoring.refresh_from_db()
    assert not scoring.is_final


def test_level_buttons_are_big_enough_to_tap_on_a_phone(role_groups, scoring, people, open_as):
    page = open_as(people["evaluator1"], DEMO_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/evaluations/sheets/{scoring.pk}/")
    labels = page.locator(".level-buttons label.btn")
    assert labels.count() == (22 + 3 * 3) * 4
    for index in (0, 1, 2, 3, labels.count() - 1):
        box = labels.nth(index).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, box
    screenshot(page, "12d-evaluation-sheet-390")
