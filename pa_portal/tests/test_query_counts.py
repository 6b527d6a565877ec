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

from agreements import services
from pa_portal.testing import make_person

from .conftest import COMPLETE, copy_policies, fill

# (persona, page name, URL from the world) -> pinned query count
PAGES = [
    ("deputy", "home", lambda w: "/"),
    ("deputy", "agreements:mine", lambda w: "/agreements/mine/"),
    ("deputy", "agreements:detail (draft)", lambda w: f"/agreements/{w.draft.pk}/"),
    ("deputy", "agreements:detail (agreed)", lambda w: f"/agreements/{w.agreed.pk}/"),
    ("deputy", "agreements:part1", lambda w: f"/agreements/{w.draft.pk}/part1/"),
    ("deputy", "agreements:part2", lambda w: f"/agreements/{w.draft.pk}/part2/"),
    ("deputy", "agreements:submit", lambda w: f"/agreements/{w.draft.pk}/submit/"),
    ("deputy", "agreements:version", lambda w: f"/agreements/{w.agreed.pk}/versions/1/"),
    ("deputy", "agreements:history", lambda w: f"/agreements/{w.agreed.pk}/history/"),
    ("deputy", "standards:list", lambda w: "/standards/"),
    ("deputy", "standards:detail", lambda w: f"/standards/{w.agreed.standard_id}/"),
    ("deputy", "evaluations:mine", lambda w: "/evaluations/mine/"),
    ("deputy", "evaluations:evidence", lambda w: f"/evaluations/agreements/{w.agreed.pk}/evidence/"),
    ("deputy", "cycle:notifications", lambda w: "/cycle/notifications/"),
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

# Every signed-in request pays ~5 of these: the session read, the user, their roles and profile,
# and the menu's unread count. The session's sliding expiry is written at most every
# SESSION_REFRESH_SECONDS (pa_portal/middleware.py), so not on these second visits.
PINNED = {
    "deputy home": 7,
    "deputy agreements:mine": 6,
    "deputy agreements:detail (draft)": 14,
    "deputy agreements:detail (agreed)": 14,
    "deputy agreements:part1": 10,
    "deputy agreements:part2": 11,
    "deputy agreements:submit": 10,
    "deputy agreements:version": 7,
    "deputy agreements:history": 7,
    "deputy standards:list": 6,
    "deputy standards:detail": 9,
    "deputy evaluations:mine": 10,
    "deputy evaluations:evidence": 11,
    "deputy cycle:notifications": 7,
    "supervisor home": 6,
    "supervisor agreements:review_list": 6,
    "supervisor agreements:review": 12,
    "evaluator1 home": 9,
    "evaluator1 evaluations:inbox": 9,
    "evaluator1 evaluations:sheet": 10,
    "hr home": 5,
    "hr agreements:all": 7,
    "hr agreements:all (submitted)": 7,
    "hr evaluations:rounds": 11,
    "hr evaluations:round": 12,
    "hr evaluations:results": 9,
    "hr reports:packets": 9,
    "hr cycle:dashboard": 11,
    "hr cycle:dashboard_list": 9,
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
    from evaluations import services as evaluation_services

    people = world.people
    office = people["office"]
    copy_policies(2570, to_years=(2569,))
    for n in range(3):
        deputy = make_person(f"more_deputy{n}", ["deputy"], office, first_name=f"รอง{n}")
        services.agreement_submit(
            agreement=fill(services.agreement_start(owner=deputy, fiscal_year=2570), deputy), actor=deputy
        )
        earlier = fill(services.agreement_start(owner=deputy, fiscal_year=2569), deputy, COMPLETE)
        services.agreement_submit(agreement=earlier, actor=deputy)
        services.agreement_agree(agreement=earlier, actor=people["supervisor"])
        evaluation_services.committee_assign(
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
