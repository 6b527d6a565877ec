"""Every main page runs a fixed number of SQL queries, whatever the amount of data: the counts
are pinned here, measured once on the small world and again after the world has grown (more
agreements in the office, more submissions, more committees for the same evaluator, more
notifications). A change that adds a query per row fails here before it slows deadline day.

The counts are for a signed-in user's second visit (the session exists and the standard's
tree is cached, as for every page after the first). bench/load measures the same pages' time.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import drafts, workflow
from agreements.snapshot import agreement_to_dict
from testsupport.factories import make_person

from .conftest import COMPLETE, copy_policies, fill

# (persona, page name, URL from the world) -> pinned query count
PAGES = [
    ("deputy", "home", lambda w: "/"),
    ("deputy", "agreements:mine", lambda w: "/agreements/mine/"),
    ("deputy", "agreements:detail (draft)", lambda w: f"/agreements/{w.draft.pk}/"),
    ("deputy", "agreements:detail (agreed)", lambda w: f"/agreements/{w.agreed.pk}/"),
    ("deputy", "agreements:part1", lambda w: f"/agreements/{w.draft.pk}/part1/"),
    ("deputy", "agreements:part2", lambda w: f"/agreements/{w.draft.pk}/part2/"),
    ("deputy", "agreements:part2 (one issue)", lambda w: f"/agreements/{w.draft.pk}/part2/?issue=2"),
    ("deputy", "agreements:submit", lambda w: f"/agreements/{w.draft.pk}/submit/"),
    ("deputy", "agreements:version", lambda w: f"/agreements/{w.agreed.pk}/versions/1/"),
    ("deputy", "agreements:history", lambda w: f"/agreements/{w.agreed.pk}/history/"),
    ("deputy", "standards:list", lambda w: "/standards/"),
    ("deputy", "standards:detail", lambda w: f"/standards/{w.agreed.standard_id}/"),
    ("deputy", "evaluations:mine", lambda w: "/evaluations/mine/"),
    ("deputy", "evaluations:evidence", lambda w: f"/evaluations/agreements/{w.agreed.pk}/evidence/"),
    ("deputy", "notifications:list", lambda w: "/cycle/notifications/"),
    ("supervisor", "home", lambda w: "/"),
    ("supervisor", "agreements:review_list", lambda w: "/agreements/review/"),
    ("supervisor", "agreements:review", lambda w: f"/agreements/{w.submitted.pk}/review/"),
    ("evaluator1", "home", lambda w: "/"),
    ("evaluator1", "evaluations:inbox", lambda w: "/evaluations/"),
    ("evaluator1", "evaluations:sheet", lambda w: f"/evaluations/sheets/{w['sheet'].pk}/"),
    ("hr", "home", lambda w: "/"),
    ("hr", "agreements:all", lambda w: "/agreements/all/"),
    ("hr", "agreements:all (submitted)", lambda w: "/agreements/all/?status=submitted"),
    ("hr", "evaluations:rounds", lambda w: "/evaluations/rounds/"),
    ("hr", "evaluations:round", lambda w: f"/evaluations/rounds/{w['round'].pk}/"),
    ("hr", "evaluations:results", lambda w: f"/evaluations/committees/{w['committee'].pk}/results/"),
    ("hr", "reports:packets", lambda w: "/reports/packets/"),
    ("hr", "cycle:dashboard", lambda w: "/cycle/dashboard/"),
    ("hr", "cycle:dashboard_list", lambda w: "/cycle/dashboard/list/"),
]

# Every signed-in request pays ~3 of these: the session read, the user with their profile and
# roles (one query, accounts/backends.py), and the menu's unread count. The session's sliding
# expiry is written at most every SESSION_REFRESH_SECONDS (pa_portal/middleware.py), so not on
# these second visits.
PINNED = {
    "deputy home": 5,
    "deputy agreements:mine": 4,
    "deputy agreements:detail (draft)": 9,
    "deputy agreements:detail (agreed)": 10,
    "deputy agreements:part1": 5,
    "deputy agreements:part2": 6,
    "deputy agreements:part2 (one issue)": 6,
    "deputy agreements:submit": 6,
    "deputy agreements:version": 5,
    "deputy agreements:history": 6,
    "deputy standards:list": 4,
    "deputy standards:detail": 7,
    "deputy evaluations:mine": 8,
    "deputy evaluations:evidence": 11,  # + the indicators each item is linked to, and the agreed rows
    "deputy notifications:list": 5,
    "supervisor home": 4,
    "supervisor agreements:review_list": 5,
    "supervisor agreements:review": 5,
    "evaluator1 home": 7,
    "evaluator1 evaluations:inbox": 7,
    "evaluator1 evaluations:sheet": 11,  # + the results report beside the scores, per indicator
    "hr home": 3,
    "hr agreements:all": 5,
    "hr agreements:all (submitted)": 5,
    "hr evaluations:rounds": 9,
    "hr evaluations:round": 10,
    "hr evaluations:results": 7,
    "hr reports:packets": 7,
    "hr cycle:dashboard": 9,
    "hr cycle:dashboard_list": 7,
}


def count_queries(client, url: str) -> int:
    client.get(url)  # the first visit fills the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries.captured_queries)


def measure(world, clients) -> dict:
    return {f"{persona} {name}": count_queries(clients[persona], url(world)) for persona, name, url in PAGES}


def grow(world) -> None:
    """Three more deputies in the office with submitted agreements, two more agreed agreements
    on evaluator1's committees, and more notifications for everyone involved."""
    from evaluations import committees as evaluation_committees

    people = world.people
    office = people["office"]
    copy_policies(2570, to_years=(2569,))
    for n in range(3):
        deputy = make_person(f"more_deputy{n}", ["deputy"], office, first_name=f"รอง{n}")
        workflow.agreement_submit(
            agreement=fill(drafts.agreement_start(owner=deputy, fiscal_year=2570), deputy), actor=deputy
        )
        earlier = fill(drafts.agreement_start(owner=deputy, fiscal_year=2569), deputy, COMPLETE)
        workflow.agreement_submit(agreement=earlier, actor=deputy)
        workflow.agreement_agree(agreement=earlier, actor=people["supervisor"])
        evaluation_committees.committee_assign(
            evaluation_round=world["round"],
            agreement=earlier,
            chair=people["evaluator1"],
            members=[people["evaluator2"], people["evaluator3"]],
            actor=people["hr"],
        )


@pytest.fixture
def clients(world, client_for):
    return {persona: client_for(world.people[persona]) for persona in {p for p, _, _ in PAGES}}


def test_every_main_page_runs_a_fixed_number_of_queries_whatever_the_data(world, clients):
    small = measure(world, clients)
    grow(world)
    grown = measure(world, clients)
    assert {page: (small[page], grown[page]) for page in small} == {
        page: (count, count) for page, count in PINNED.items()
    }


# The writes of deadline day, as their pages post them: a fixed number of statements whether one
# row (or score) changes or all of them. The counts include the session and user reads.
SAVES = {
    "autosave of Part 1 (one row changed)": 11,
    "autosave of Part 1 (every row of the domain changed)": 11,
    "save of Part 1": 11,
    "save of Part 2": 23,
    "submit": 15,
    "return for revision, with a comment on a row": 12,
    "scoring sheet save (every level set)": 13,
    "scoring sheet save (every level changed)": 13,
}


def _posted(client, url: str, data: dict, **extra) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, data, **extra)
    assert response.status_code in (200, 302), (url, response.status_code)
    return len(queries.captured_queries)


def _part1_post(agreement, change=lambda code, text: text) -> dict:
    from agreements.forms import Part1Form

    agreement.refresh_from_db()
    initial = Part1Form.initial_from(agreement_to_dict(agreement), agreement.revision)
    post = {k: ("" if v is None else v) for k, v in initial.items()}
    for name in [n for n in post if n.startswith("tasks__")]:
        post[name] = change(name.removeprefix("tasks__"), post[name])
    return post


def test_every_save_runs_a_fixed_number_of_queries_whatever_it_changes(world, clients):
    from agreements.forms import Part2Form
    from evaluations.tests.test_demo_flow import _sheet_post_data

    deputy, supervisor, evaluator = clients["deputy"], clients["supervisor"], clients["evaluator1"]
    draft = fill(world.draft, world.people["deputy"], COMPLETE)
    part1 = f"/agreements/{draft.pk}/part1/?domain=2"
    deputy.get(part1)  # caches filled, as for any save after the page was opened
    as_json = {"HTTP_ACCEPT": "application/json"}
    measured = {
        "autosave of Part 1 (one row changed)": _posted(
            deputy,
            part1,
            _part1_post(draft, lambda code, text: text + " ก" if code == "2.1" else text),
            **as_json,
        ),
        "autosave of Part 1 (every row of the domain changed)": _posted(
            deputy, part1, _part1_post(draft, lambda code, text: text + " ข"), **as_json
        ),
        "save of Part 1": _posted(deputy, part1, _part1_post(draft, lambda code, text: text + " ค")),
    }
    draft.refresh_from_db()
    initial, _ = Part2Form.initial_from(agreement_to_dict(draft), draft.revision)
    post = {k: ("" if v is None else v) for k, v in initial.items()}
    post["c1_title"] += " (ปรับปรุง)"
    deputy.get(f"/agreements/{draft.pk}/part2/")
    measured["save of Part 2"] = _posted(deputy, f"/agreements/{draft.pk}/part2/", post)
    measured["submit"] = _posted(deputy, f"/agreements/{draft.pk}/submit/", {})
    draft.refresh_from_db()
    assert draft.status == "submitted"

    review = f"/agreements/{world.submitted.pk}/review/"
    supervisor.get(review)
    measured["return for revision, with a comment on a row"] = _posted(
        supervisor, review, {"decision": "return", "comment": "กรุณาแก้ไข", "note__item-1.1": "ระบุตัวชี้วัดให้ชัด"}
    )
    world.submitted.refresh_from_db()
    assert world.submitted.status == "returned"

    sheet = f"/evaluations/sheets/{world['sheet'].pk}/"
    page = evaluator.get(sheet).content.decode()
    for level, name in ((2, "set"), (4, "changed")):
        measured[f"scoring sheet save (every level {name})"] = _posted(
            evaluator, sheet, {**_sheet_post_data(page, level), "action": "save"}
        )
    assert measured == SAVES
