"""Every URL pattern of the project, visited by every persona, answers as this table says.

The table is the access policy written down. A URL pattern that is not in it fails
`test_every_url_pattern_is_in_the_matrix`: whoever adds a view decides here who may open it.
Who may not see an object gets 404 (never 403), so a guessed address reveals nothing;
anonymous visitors are sent to the sign-in page.
"""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audit.models import AuditEntry

ANONYMOUS = "anonymous"
# evaluator: evaluator1, chair of the committee of the agreed agreement; other_evaluator:
# evaluator4, on no committee.
PERSONAS = [
    ANONYMOUS,
    "deputy",
    "other_deputy",
    "supervisor",
    "other_supervisor",
    "evaluator",
    "other_evaluator",
    "hr",
    "admin",
]
USERS = {"evaluator": "evaluator1", "other_evaluator": "evaluator4"}
SIGNED_IN = PERSONAS[1:]
LOGIN = "login"  # expected for anonymous: a redirect to the sign-in page with ?next=


def allow(*who, ok=200, others=404, anonymous=LOGIN) -> dict:
    """`who` get `ok`, every other signed-in persona `others`."""
    unknown = set(who) - set(SIGNED_IN)
    assert not unknown, unknown
    table = {persona: (ok if persona in who else others) for persona in SIGNED_IN}
    table[ANONYMOUS] = anonymous
    return table


def everyone(status=200, anonymous=LOGIN) -> dict:
    return allow(*SIGNED_IN, ok=status, anonymous=anonymous)


DEPUTIES = ("deputy", "other_deputy")
SUPERVISORS = ("supervisor", "other_supervisor")
HR = ("hr", "admin")
# The agreed agreement's readers: owner, own office's supervisor, assigned evaluator, HR.
READERS = ("deputy", "supervisor", "evaluator", *HR)


@dataclass(frozen=True)
class Row:
    kwargs: Callable  # world -> the URL's kwargs
    expect: dict  # persona -> status
    query: str = ""


def no_kwargs(world):
    return {}


def agreed(world):
    return {"pk": world.agreed.pk}


MATRIX: dict[str, Row] = {
    # --- accounts and the portal itself
    "healthz": Row(no_kwargs, everyone(200, anonymous=200)),
    "login": Row(no_kwargs, everyone(200, anonymous=200)),
    "logout": Row(no_kwargs, everyone(405)),  # sign-out is a POST
    "home": Row(no_kwargs, everyone(200)),
    # --- standards: public to every signed-in user
    "standards:list": Row(no_kwargs, everyone(200)),
    "standards:detail": Row(lambda w: {"pk": w.agreed.standard_id}, everyone(200)),
    # --- agreements
    "agreements:mine": Row(no_kwargs, allow(*DEPUTIES)),
    "agreements:start": Row(no_kwargs, everyone(405)),  # POST only
    "agreements:review_list": Row(no_kwargs, allow(*SUPERVISORS)),
    "agreements:all": Row(no_kwargs, allow(*HR)),
    "agreements:detail": Row(agreed, allow(*READERS)),
    # A draft: only its owner sees it, not yet the supervisor.
    "agreements:part1": Row(lambda w: {"pk": w.draft.pk}, allow("deputy")),
    "agreements:part2": Row(lambda w: {"pk": w.draft.pk}, allow("deputy")),
    "agreements:submit": Row(lambda w: {"pk": w.draft.pk}, allow("deputy")),
    "agreements:review": Row(lambda w: {"pk": w.submitted.pk}, allow("supervisor")),
    "agreements:version": Row(lambda w: {"pk": w.agreed.pk, "version": 1}, allow(*READERS)),
    "agreements:compare": Row(lambda w: {"pk": w.agreed.pk, "old": 1, "new": 1}, allow(*READERS)),
    # The audit trail: owner, supervisor and HR; not the evaluators.
    "agreements:history": Row(agreed, allow("deputy", "supervisor", *HR)),
    # --- results reports: the agreed agreement's report, returned to its owner for revision
    "results:mine": Row(no_kwargs, allow(*DEPUTIES, *SUPERVISORS, *HR)),
    "results:start": Row(lambda w: {"agreement_pk": w.agreed.pk}, everyone(405)),
    "results:detail": Row(lambda w: {"pk": w["results"].pk}, allow(*READERS)),
    "results:part1": Row(lambda w: {"pk": w["results"].pk}, allow("deputy")),
    "results:part2": Row(lambda w: {"pk": w["results"].pk}, allow("deputy")),
    "results:submit": Row(lambda w: {"pk": w["results"].pk}, everyone(405)),
    "results:review": Row(lambda w: {"pk": w["results"].pk}, everyone(405)),
    "results:export": Row(lambda w: {"pk": w["results"].pk}, allow(*READERS)),
    "results:import": Row(lambda w: {"pk": w["results"].pk}, everyone(405)),
    # --- evaluations
    "evaluations:inbox": Row(no_kwargs, allow("evaluator", "other_evaluator")),
    "evaluations:mine": Row(no_kwargs, everyone(200)),
    # Sheets stay independent: only their own evaluator while the committee is at work.
    "evaluations:sheet": Row(lambda w: {"pk": w["sheet"].pk}, allow("evaluator")),
    # HR follows a committee at any time; others once every sheet is final (not yet here).
    "evaluations:results": Row(lambda w: {"pk": w["committee"].pk}, allow(*HR)),
    "evaluations:evidence": Row(agreed, allow(*READERS)),
    "evaluations:evidence_download": Row(lambda w: {"pk": w["evidence"].pk}, allow(*READERS)),
    "evaluations:evidence_delete": Row(lambda w: {"pk": w["evidence"].pk}, everyone(405)),
    "evaluations:rounds": Row(no_kwargs, allow(*HR)),
    "evaluations:round": Row(lambda w: {"pk": w["round"].pk}, allow(*HR)),
    "evaluations:round_status": Row(lambda w: {"pk": w["round"].pk}, everyone(405)),
    "evaluations:round_export": Row(lambda w: {"pk": w["round"].pk}, allow(*HR)),
    "evaluations:committee_assign": Row(
        lambda w: {"pk": w["round"].pk, "agreement_pk": w.agreed.pk}, allow(*HR)
    ),
    "evaluations:committee_assign_office": Row(
        lambda w: {"pk": w["round"].pk, "office_pk": w.people["office"].pk}, allow(*HR)
    ),
    # HR switches an office's optional exclusions and records declared conflicts; nobody else sees it.
    "evaluations:office_rules": Row(lambda w: {"office_pk": w.people["office"].pk}, allow(*HR)),
    # --- the yearly cycle: notifications are personal, the dashboard is HR's
    "notifications:list": Row(no_kwargs, everyone(200)),
    "notifications:open": Row(lambda w: {"pk": w["notification"].pk}, allow("deputy", ok=302)),
    "notifications:read_all": Row(no_kwargs, everyone(405)),
    "notifications:preferences": Row(no_kwargs, everyone(200)),
    "cycle:dashboard": Row(no_kwargs, allow(*HR)),
    "cycle:dashboard_list": Row(no_kwargs, allow(*HR)),
    "cycle:dashboard_export": Row(no_kwargs, allow(*HR)),
    "cycle:extensions": Row(no_kwargs, allow(*HR)),
    "cycle:extension_grant": Row(lambda w: {"year": 2570, "person_id": w.people["deputy"].pk}, allow(*HR)),
    # --- reports: an agreement's PDF for its readers; packets for HR (their own) and admins
    "reports:agreement_pdf reports/agreements/<int:pk>/pa1.pdf": Row(agreed, allow(*READERS)),
    "reports:agreement_pdf reports/agreements/<int:pk>/v<int:version>/pa1.pdf": Row(
        lambda w: {"pk": w.agreed.pk, "version": 1}, allow(*READERS)
    ),
    # PA2: its evaluator, and HR once final. PA3: the finished committee's readers.
    # Not rendered yet: who may read them is told they are being prepared (202; web never renders).
    "reports:sheet_pdf": Row(lambda w: {"pk": w["final_sheet"].pk}, allow("evaluator", *HR, ok=202)),
    "reports:committee_pdf": Row(lambda w: {"pk": w["complete_committee"].pk}, allow(*READERS, ok=202)),
    # The results report's latest submitted version, for its readers (not rendered yet: 202).
    "reports:results_pdf": Row(lambda w: {"pk": w["results"].pk}, allow(*READERS, ok=202)),
    "reports:packets": Row(no_kwargs, allow(*HR)),
    "reports:packet": Row(lambda w: {"pk": w["packet"].pk}, allow(*HR)),
    "reports:packet_status": Row(lambda w: {"pk": w["packet"].pk}, allow(*HR)),
    "reports:packet_download": Row(lambda w: {"pk": w["packet"].pk}, allow(*HR)),
    "cycle:results_extensions": Row(lambda w: {"year": 2569}, allow(*HR)),
    "cycle:results_export": Row(lambda w: {"year": 2569}, allow(*HR)),
    "cycle:results_extension_grant": Row(
        lambda w: {"year": 2569, "person_id": w.people["deputy"].pk}, allow(*HR)
    ),
    # --- verification: the public check page, for anyone (the packet's PA1 has a code)
    "verification:check": Row(no_kwargs, everyone(200, anonymous=200)),
    "verification:code": Row(lambda w: {"code": w["document_code"].code}, everyone(200, anonymous=200)),
    "cycle:scoring_extensions": Row(lambda w: {"round_pk": w["round"].pk}, allow(*HR)),
    "cycle:scoring_extension_grant": Row(
        lambda w: {"round_pk": w["round"].pk, "person_id": w.people["evaluator1"].pk}, allow(*HR)
    ),
}


# --- enumerating the URL patterns -----------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the namespaced name, or the route when the pattern has no name
    route: str


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), prefix + str(entry.pattern)


def url_patterns() -> list[Pattern]:
    """Every URL pattern of the project, walking included URLconfs recursively. A pattern is
    known by its name; by its route when it has none; by both when two patterns share a name."""
    found = list(_walk(get_resolver().url_patterns))
    names = [name for name, _ in found]
    return [
        Pattern(route if name is None else f"{name} {route}" if names.count(name) > 1 else name, route)
        for name, route in found
    ]


def url_name(key: str) -> str:
    return key.split(" ", 1)[0]


def is_admin(pattern: Pattern) -> bool:
    return pattern.route.startswith("admin/")


def test_every_url_pattern_is_in_the_matrix():
    missing = sorted(p.key for p in url_patterns() if not is_admin(p) and p.key not in MATRIX)
    assert missing == [], f"add these URLs to MATRIX in {__file__}: {missing}"


def test_the_matrix_names_no_url_that_is_gone():
    known = {p.key for p in url_patterns()}
    assert sorted(set(MATRIX) - known) == []


def test_the_matrix_covers_a_reasonable_number_of_urls():
    """A guard against the enumeration silently finding nothing."""
    keys = [p.key for p in url_patterns()]
    assert len([k for k in keys if not k.startswith("admin")]) == len(MATRIX)
    assert len([k for k in keys if k.startswith("admin")]) > 50


# --- visiting them -------------------------------------------------------------------------


def clients(world) -> dict:
    result = {ANONYMOUS: Client()}
    for persona in SIGNED_IN:
        client = Client()
        client.force_login(world.people[USERS.get(persona, persona)])
        result[persona] = client
    return result


@pytest.fixture
def world_with_results(world):
    """The world plus the agreed agreement's results report, submitted and returned for revision
    (its owner may edit it; its readers see the submitted version)."""
    from results import drafts as results_drafts
    from results import workflow as results_workflow
    from results.tests.factories import complete_results_data, open_window

    people = world.people
    open_window(world.agreed.fiscal_year)
    report = results_drafts.report_start(agreement=world.agreed, actor=people["deputy"])
    results_drafts.report_update(
        report=report, actor=people["deputy"], data=complete_results_data(report), expected_revision=None
    )
    results_workflow.report_submit(report=report, actor=people["deputy"])
    results_workflow.report_return(report=report, actor=people["supervisor"], comment="ขอหลักฐานเพิ่ม")
    world.extra["results"] = report
    return world


@pytest.fixture
def world_with_documents(world_with_results):
    world = world_with_results
    """The world plus what only HR's and the committees' later work creates: a second round whose
    committee has finished (so its PA2 and PA3 exist) and a finished PDF packet HR asked for."""
    import datetime

    from evaluations import committees as evaluation_committees
    from evaluations import services as evaluation_services
    from pa_portal.tests.conftest import score_all
    from reports import services as report_services
    from verification.models import DocumentCode

    people = world.people
    second = evaluation_services.round_create(
        actor=people["hr"],
        fiscal_year=2569,
        number=2,
        title="การประเมินครั้งที่ 2 ปีงบประมาณ 2569",
        scheme=world["round"].scheme,
        starts_on=datetime.date(2026, 10, 1),
        due_on=datetime.date(2027, 3, 31),
    )
    committee = evaluation_committees.committee_assign(
        evaluation_round=second,
        agreement=world.agreed,
        chair=people["evaluator1"],
        members=[people["evaluator2"], people["evaluator3"]],
        actor=people["hr"],
    )
    for member in committee.members.select_related("evaluation", "evaluator"):
        score_all(member.evaluation, member.evaluator)
        evaluation_services.sheet_finalise(evaluation=member.evaluation, actor=member.evaluator)
    committee.refresh_from_db()
    assert committee.completed_at is not None
    world.extra["complete_committee"] = committee
    world.extra["final_sheet"] = committee.members.get(evaluator=people["evaluator1"]).evaluation
    export = report_services.packet_export_request(
        actor=people["hr"], fiscal_year=world.agreed.fiscal_year, kinds=["pa1"], states=[], queue=False
    )
    world.extra["packet"] = report_services.packet_export_run(export=export)
    assert world["packet"].status == "done"
    world.extra["document_code"] = DocumentCode.objects.get(stored_at__isnull=False)
    return world


def test_every_url_answers_each_persona_as_the_matrix_says(world_with_documents):
    world = world_with_documents
    visitors = clients(world)
    audit_before = AuditEntry.objects.count()
    failures = []
    for name, row in MATRIX.items():
        url = reverse(url_name(name), kwargs=row.kwargs(world)) + row.query
        for persona in PERSONAS:
            want = row.expect[persona]
            response = visitors[persona].get(url)
            if want == LOGIN:
                ok = (
                    response.status_code == 302
                    and response["Location"] == f"/accounts/login/?next={quote(url)}"
                )
            else:
                ok = response.status_code == want
            if not ok:
                failures.append(f"{name} {url} as {persona}: got {response.status_code}, want {want}")
            # A signed-in visitor's answer, whatever it is, stays out of every cache.
            cache_control = {d.strip() for d in response.get("Cache-Control", "").split(",")}
            if persona != ANONYMOUS and not {"private", "no-store"} <= cache_control:
                failures.append(f"{name} {url} as {persona}: Cache-Control {cache_control or 'missing'}")
    assert not failures, "\n".join(failures)
    # Looking is not changing: no visit wrote to the audit trail.
    assert AuditEntry.objects.count() == audit_before


WRITES = {
    # URL name -> (kwargs, who may write). Everyone else must get 404 (302 to sign-in when anonymous)
    # and nothing may be written.
    "agreements:start": (no_kwargs, DEPUTIES),
    "agreements:part1": (lambda w: {"pk": w.draft.pk}, ("deputy",)),
    "agreements:part2": (lambda w: {"pk": w.draft.pk}, ("deputy",)),
    "agreements:submit": (lambda w: {"pk": w.draft.pk}, ("deputy",)),
    "agreements:review": (lambda w: {"pk": w.submitted.pk}, ("supervisor",)),
    "evaluations:sheet": (lambda w: {"pk": w["sheet"].pk}, ("evaluator",)),
    "evaluations:evidence": (agreed, ("deputy",)),
    "evaluations:evidence_delete": (lambda w: {"pk": w["evidence"].pk}, ("deputy",)),
    "evaluations:rounds": (no_kwargs, HR),
    "evaluations:round_status": (lambda w: {"pk": w["round"].pk}, HR),
    "evaluations:committee_assign": (lambda w: {"pk": w["round"].pk, "agreement_pk": w.agreed.pk}, HR),
    "evaluations:office_rules": (lambda w: {"office_pk": w.people["office"].pk}, HR),
    "cycle:extension_grant": (lambda w: {"year": 2570, "person_id": w.people["deputy"].pk}, HR),
    "cycle:results_extensions": (lambda w: {"year": 2569}, HR),
    "cycle:results_extension_grant": (lambda w: {"year": 2569, "person_id": w.people["deputy"].pk}, HR),
    "results:start": (lambda w: {"agreement_pk": w.agreed.pk}, ("deputy",)),
    "results:part1": (lambda w: {"pk": w["results"].pk}, ("deputy",)),
    "results:part2": (lambda w: {"pk": w["results"].pk}, ("deputy",)),
    "results:submit": (lambda w: {"pk": w["results"].pk}, ("deputy",)),
    "results:review": (lambda w: {"pk": w["results"].pk}, ("supervisor",)),
    "results:import": (lambda w: {"pk": w["results"].pk}, ("deputy",)),
}


def test_strangers_posting_to_write_urls_get_404_and_change_nothing(world_with_results):
    world = world_with_results
    visitors = clients(world)
    audit_before = AuditEntry.objects.count()
    failures = []
    for name, (kwargs, writers) in WRITES.items():
        url = reverse(url_name(name), kwargs=kwargs(world))
        for persona in PERSONAS:
            if persona in writers:
                continue
            response = visitors[persona].post(
                url, {"decision": "agree", "status": "closed", "revision": "99"}
            )
            want = 302 if persona == ANONYMOUS else 404
            if response.status_code != want:
                failures.append(f"POST {name} as {persona}: got {response.status_code}, want {want}")
    assert failures == []
    assert AuditEntry.objects.count() == audit_before
