"""Who may open each evaluation view. A user who may not see an object gets 404 (never 403), and
an anonymous visitor is sent to the sign-in page. Each test walks the whole cast over one set-up
(those allowed to change something go last), and reports every persona that got it wrong."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from evaluations import evidence as evidence_services
from evaluations import services
from evaluations.models import Evidence, Score

from .conftest import score_and_finalise, sheet_of

PERSONAS = (
    "anonymous",
    "deputy",
    "other_deputy",
    "supervisor",
    "evaluator1",
    "evaluator2",
    "evaluator4",
    "hr",
    "admin",
)
HR = {"hr", "admin"}
VIEWERS_OF_AGREEMENT = {"deputy", "supervisor", "evaluator1", "evaluator2", "hr", "admin"}
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world(people, committee):
    pdf = evidence_services.evidence_add_file(
        agreement=committee.agreement,
        actor=people["deputy"],
        anchor="item:1.1",
        title="รายงานผล",
        upload=SimpleUploadedFile("report.pdf", PDF_BYTES),
    )
    return {"committee": committee, "round": committee.round, "agreement": committee.agreement, "pdf": pdf}


def _client(client_for, people, persona):
    return Client() if persona == "anonymous" else client_for(people[persona])


def _wrong(response, persona, allowed) -> str | None:
    if persona == "anonymous":
        ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif persona in allowed:
        ok = response.status_code in (200, 202, 302)  # 202: a PDF being prepared
    else:
        ok = response.status_code == 404
    return None if ok else f"{persona}: {response.status_code}"


def check(people, client_for, allowed, request, after=None):
    """request(client) -> response for every persona, the allowed ones last; `after(persona)`
    may assert what the request changed."""
    wrong = []
    for persona in sorted(PERSONAS, key=lambda p: p in allowed):
        response = request(_client(client_for, people, persona))
        problem = _wrong(response, persona, allowed)
        if problem:
            wrong.append(problem)
        if after is not None:
            after(persona, response)
    assert wrong == []


def _complete(people, committee):
    for name in ("evaluator1", "evaluator2", "evaluator3"):
        score_and_finalise(sheet_of(committee, people[name]), people[name])


def test_inbox_is_for_evaluators(people, world, client_for):
    check(
        people,
        client_for,
        {"evaluator1", "evaluator2", "evaluator4"},
        lambda c: c.get(reverse("evaluations:inbox")),
    )


def test_a_draft_sheet_is_seen_by_its_evaluator_only(people, world, client_for):
    url = reverse("evaluations:sheet", args=[sheet_of(world["committee"], people["evaluator1"]).pk])
    check(people, client_for, {"evaluator1"}, lambda c: c.get(url))


def test_only_the_sheets_evaluator_can_post_levels(people, world, client_for):
    sheet = sheet_of(world["committee"], people["evaluator1"])
    url = reverse("evaluations:sheet", args=[sheet.pk])

    def saved(persona, response):
        level_saved = Score.objects.filter(evaluation=sheet, anchor="item:1.1", level=4).exists()
        assert level_saved is (persona == "evaluator1"), persona

    check(
        people,
        client_for,
        {"evaluator1"},
        lambda c: c.post(url, {"level__item:1.1": "4", "action": "save"}),
        saved,
    )


def test_a_finalised_sheet_of_an_incomplete_committee(people, world, client_for):
    sheet = score_and_finalise(sheet_of(world["committee"], people["evaluator2"]), people["evaluator2"])
    url = reverse("evaluations:sheet", args=[sheet.pk])
    # The chair (evaluator1) waits for everyone; HR reads finalised sheets.
    check(people, client_for, {"evaluator2", "hr", "admin"}, lambda c: c.get(url))


def test_a_sheet_once_the_committee_is_complete(people, world, client_for):
    _complete(people, world["committee"])
    url = reverse("evaluations:sheet", args=[sheet_of(world["committee"], people["evaluator2"]).pk])
    check(people, client_for, {"evaluator1", "evaluator2", "hr", "admin"}, lambda c: c.get(url))


def test_a_draft_sheet_has_no_pa2_even_for_its_evaluator(people, world, client_for):
    url = reverse("reports:sheet_pdf", args=[sheet_of(world["committee"], people["evaluator1"]).pk])
    check(people, client_for, set(), lambda c: c.get(url))


def test_a_finalised_sheets_pa2_is_for_its_evaluator_and_hr(people, world, client_for):
    sheet = score_and_finalise(sheet_of(world["committee"], people["evaluator2"]), people["evaluator2"])
    url = reverse("reports:sheet_pdf", args=[sheet.pk])
    # The chair (evaluator1) waits for the whole committee, as for the sheet itself.
    check(people, client_for, {"evaluator2", "hr", "admin"}, lambda c: c.get(url))

    # The evaluator finds the link on the sheet and in their list of sheets; HR on the sheet.
    evaluator = client_for(people["evaluator2"])
    assert url in evaluator.get(reverse("evaluations:sheet", args=[sheet.pk])).content.decode()
    assert url in evaluator.get(reverse("evaluations:inbox")).content.decode()
    assert url in client_for(people["hr"]).get(reverse("evaluations:sheet", args=[sheet.pk])).content.decode()


def test_a_finalised_sheets_pa2_stays_in_the_evaluators_list_after_the_round_closes(
    people, world, client_for
):
    sheet = score_and_finalise(sheet_of(world["committee"], people["evaluator2"]), people["evaluator2"])
    draft = sheet_of(world["committee"], people["evaluator1"])
    services.round_set_status(evaluation_round=world["round"], actor=people["hr"], status="closed")
    pa2 = reverse("reports:sheet_pdf", args=[sheet.pk])
    assert pa2 in client_for(people["evaluator2"]).get(reverse("evaluations:inbox")).content.decode()
    # A draft of a closed round can no longer be scored: it leaves the list.
    inbox = client_for(people["evaluator1"]).get(reverse("evaluations:inbox")).content.decode()
    assert reverse("evaluations:sheet", args=[draft.pk]) not in inbox


def test_pa3_waits_for_the_whole_committee_even_for_hr(people, world, client_for):
    url = reverse("reports:committee_pdf", args=[world["committee"].pk])
    check(people, client_for, set(), lambda c: c.get(url))


def test_pa3_of_a_complete_committee_is_for_hr_the_chair_and_the_readers_of_the_result(
    people, world, client_for
):
    _complete(people, world["committee"])
    url = reverse("reports:committee_pdf", args=[world["committee"].pk])
    check(people, client_for, VIEWERS_OF_AGREEMENT, lambda c: c.get(url))
    results = reverse("evaluations:results", args=[world["committee"].pk])
    # HR and the chair (evaluator1) find the link on the results page.
    for persona in ("hr", "evaluator1"):
        assert url in client_for(people[persona]).get(results).content.decode(), persona


def test_results_while_scoring_are_for_hr(people, world, client_for):
    url = reverse("evaluations:results", args=[world["committee"].pk])
    check(people, client_for, HR, lambda c: c.get(url))


def test_results_once_complete(people, world, client_for):
    _complete(people, world["committee"])
    url = reverse("evaluations:results", args=[world["committee"].pk])
    check(people, client_for, VIEWERS_OF_AGREEMENT, lambda c: c.get(url))


@pytest.mark.parametrize(
    "name", ["rounds", "round", "round_export", "committee_assign", "committee_assign_office"]
)
def test_hr_pages(people, world, client_for, name):
    args = {
        "rounds": [],
        "round": [world["round"].pk],
        "round_export": [world["round"].pk],
        "committee_assign": [world["round"].pk, world["agreement"].pk],
        "committee_assign_office": [world["round"].pk, people["office"].pk],
    }[name]
    url = reverse(f"evaluations:{name}", args=args)
    check(people, client_for, HR, lambda c: c.get(url))


def test_closing_a_round_is_for_hr(people, world, client_for):
    url = reverse("evaluations:round_status", args=[world["round"].pk])

    def still_open(persona, response):
        world["round"].refresh_from_db()
        assert world["round"].is_open is (persona not in HR), persona

    check(people, client_for, HR, lambda c: c.post(url, {"status": "closed"}), still_open)


def test_appointing_by_post_is_for_hr(people, world, client_for):
    url = reverse("evaluations:committee_assign", args=[world["round"].pk, world["agreement"].pk])
    data = {
        "chair": people["evaluator4"].pk,
        "member_1": people["evaluator2"].pk,
        "member_2": people["evaluator3"].pk,
    }

    def chair(persona, response):
        current = world["committee"].members.get(role="chair").evaluator
        assert current == (people["evaluator4"] if persona in HR else people["evaluator1"]), persona

    check(people, client_for, HR, lambda c: c.post(url, data), chair)


def test_evidence_page(people, world, client_for):
    url = reverse("evaluations:evidence", args=[world["agreement"].pk])
    check(people, client_for, VIEWERS_OF_AGREEMENT, lambda c: c.get(url))


def test_evidence_download(people, world, client_for):
    url = reverse("evaluations:evidence_download", args=[world["pdf"].pk])

    def content(persona, response):
        if response.status_code == 200:
            assert b"".join(response.streaming_content) == PDF_BYTES

    check(people, client_for, VIEWERS_OF_AGREEMENT, lambda c: c.get(url), content)


def test_adding_evidence_is_for_the_owner(people, world, client_for):
    url = reverse("evaluations:evidence", args=[world["agreement"].pk])

    def added(persona, response):
        assert Evidence.objects.filter(anchor="item:1.2").exists() is (persona == "deputy"), persona

    data = {"anchor": "item:1.2", "title": "ลิงก์", "url": "https://example.go.th/x"}
    check(people, client_for, {"deputy"}, lambda c: c.post(url, data), added)


def test_deleting_evidence_is_for_the_owner(people, world, client_for):
    url = reverse("evaluations:evidence_delete", args=[world["pdf"].pk])

    def kept(persona, response):
        assert Evidence.objects.filter(pk=world["pdf"].pk).exists() is (persona != "deputy"), persona

    check(people, client_for, {"deputy"}, lambda c: c.post(url), kept)


def test_my_evaluations_page_lists_only_my_own(people, world, client_for):
    def own(persona, response):
        if persona != "anonymous":
            assert (world["agreement"].number in response.content.decode()) is (persona == "deputy"), persona

    check(people, client_for, set(PERSONAS), lambda c: c.get(reverse("evaluations:mine")), own)
