import datetime as dt

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from audit.models import AuditEntry
from evaluations import committees, selectors, services
from evaluations.models import Committee, EvaluationRound
from pa_portal import roles

from .conftest import load_edition, make_round, sheet_of


def test_hr_opens_a_round_for_one_office_from_the_page(people, scheme, client_for):
    response = client_for(people["hr"]).post(
        reverse("evaluations:rounds"),
        {
            "fiscal_year": "2570",
            "number": "2",
            "title": "การประเมิน ครั้งที่ 2 ปีงบประมาณ 2570",
            "scheme": scheme.pk,
            "starts_on": "2027-08-01",
            "due_on": "2027-09-15",
            "offices": [people["other_office"].pk],
        },
    )
    evaluation_round = EvaluationRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "evaluations:round", args=[evaluation_round.pk]
    )
    assert (evaluation_round.number, evaluation_round.due_on) == (2, dt.date(2027, 9, 15))
    assert list(evaluation_round.offices.all()) == [people["other_office"]]
    assert AuditEntry.objects.filter(action="evaluation.round_created").exists()


def test_a_round_whose_due_date_is_before_its_start_is_refused(people, scheme, client_for):
    response = client_for(people["hr"]).post(
        reverse("evaluations:rounds"),
        {
            "fiscal_year": "2570",
            "number": "1",
            "title": "x",
            "scheme": scheme.pk,
            "starts_on": "2027-08-01",
            "due_on": "2027-07-01",
        },
    )
    assert response.status_code == 200
    assert "กำหนดแล้วเสร็จต้องไม่ก่อนวันเริ่มประเมิน" in response.content.decode()
    assert not EvaluationRound.objects.exists()


def test_the_committee_form_proposes_the_owners_supervisor_as_chair(people, open_round, agreed, client_for):
    people["supervisor"].groups.add(Group.objects.get(name=roles.EVALUATOR))
    url = reverse("evaluations:committee_assign", args=[open_round.pk, agreed.pk])

    page = client_for(people["hr"]).get(url).content.decode()

    assert f'<option value="{people["supervisor"].pk}" selected>' in page
    assert f"เสนอ {people['supervisor'].profile.full_name} (ผู้บังคับบัญชาของเจ้าของข้อตกลง) ตามกฎของเกณฑ์" in page
    assert "กฎการแต่งตั้งคณะกรรมการ (เกณฑ์ฉบับที่ 1)" in page
    assert "ผู้บังคับบัญชาของเจ้าของข้อตกลงเป็นประธานกรรมการหรือกรรมการได้" in page


def test_the_committee_form_explains_a_refusal_naming_the_rule(people, agreed, client_for):
    people["supervisor"].groups.add(Group.objects.get(name=roles.EVALUATOR))
    evaluation_round = make_round(people["hr"], load_edition(2, supervisor="excluded"))
    url = reverse("evaluations:committee_assign", args=[evaluation_round.pk, agreed.pk])
    client = client_for(people["hr"])
    assert "selected" not in client.get(url).content.decode()  # nobody is proposed under this edition

    response = client.post(
        url,
        {
            "chair": people["supervisor"].pk,
            "member_1": people["evaluator2"].pk,
            "member_2": people["evaluator3"].pk,
        },
    )
    assert response.status_code == 200
    assert (
        "เป็นผู้บังคับบัญชาของเจ้าของข้อตกลง จึงเป็นกรรมการประเมินข้อตกลงนี้ไม่ได้ "
        "ตามกฎ “ผู้บังคับบัญชาของเจ้าของข้อตกลงเป็นกรรมการไม่ได้” (เกณฑ์ฉบับที่ 2)"
    ) in response.content.decode()
    assert not Committee.objects.exists()


def test_hr_appoints_a_whole_office_from_the_page(people, open_round, agreed, other_agreed, client_for):
    url = reverse("evaluations:committee_assign_office", args=[open_round.pk, people["office"].pk])
    client = client_for(people["hr"])
    assert agreed.owner_name in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "chair": people["evaluator1"].pk,
            "member_1": people["evaluator2"].pk,
            "member_2": people["evaluator3"].pk,
        },
        follow=True,
    )
    assert "แต่งตั้งคณะกรรมการแล้ว 1 ข้อตกลง" in response.content.decode()
    assert list(Committee.objects.values_list("agreement_id", flat=True)) == [agreed.pk]


def test_the_round_page_counts_agreements_by_state_per_office(people, committee, other_agreed, client_for):
    tables = selectors.round_table(committee.round)
    assert [(t.office, t.counts) for t in tables] == [
        (people["other_office"], {"not_assigned": 1, "scoring": 0, "final": 0}),
        (people["office"], {"not_assigned": 0, "scoring": 1, "final": 0}),
    ]
    page = (
        client_for(people["hr"]).get(reverse("evaluations:round", args=[committee.round.pk])).content.decode()
    )
    assert reverse("evaluations:committee_assign", args=[committee.round.pk, other_agreed.pk]) in page


def test_the_round_table_reads_in_a_fixed_number_of_queries(people, committee, other_agreed):
    for name in ("evaluator1", "evaluator2"):
        sheet = sheet_of(committee, people[name])
        services.sheet_save(evaluation=sheet, actor=people[name], levels={"item:1.1": 3}, comments={})
    with CaptureQueriesContext(connection) as one:
        selectors.round_table(committee.round)
    committees.committee_assign(
        evaluation_round=committee.round,
        agreement=other_agreed,
        chair=people["evaluator4"],
        members=[people["evaluator2"], people["evaluator3"]],
        actor=people["hr"],
    )
    with CaptureQueriesContext(connection) as two:
        selectors.round_table(committee.round)
    assert len(two) == len(one)


def test_the_inbox_reads_in_a_fixed_number_of_queries(people, committee, other_agreed):
    with CaptureQueriesContext(connection) as one:
        selectors.inbox_for(people["evaluator2"])
    committees.committee_assign(
        evaluation_round=committee.round,
        agreement=other_agreed,
        chair=people["evaluator4"],
        members=[people["evaluator2"], people["evaluator3"]],
        actor=people["hr"],
    )
    with CaptureQueriesContext(connection) as two:
        entries = selectors.inbox_for(people["evaluator2"])
    assert len(entries) == 2
    assert len(two) == len(one)
