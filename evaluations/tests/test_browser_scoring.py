"""An evaluator scores in a real browser (headless Chromium through Playwright): the running total
follows the clicks before anything is saved, a draft saves, and finalising locks the sheet."""

import pytest

from cycle.management.commands.seed_demo import DEMO_PASSWORD
from evaluations.models import Evaluation

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
