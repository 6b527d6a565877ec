"""Evaluation rounds in the calendar: the scoring window's lock and its extensions, the
evaluators' notifications and reminders, and the dashboard's scoring progress."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from agreements import workflow
from agreements.deadlines import extension_grant
from audit.models import AuditEntry
from cycle import reminders, selectors
from evaluations import committees as evaluation_committees
from evaluations import services as evaluation_services
from evaluations.deadlines import ScoringWindow
from evaluations.models import ScoringExtension
from evaluations.schemes import scheme_latest, schemes_load_all
from notifications.models import Notification
from pa_portal.errors import DomainError

from .conftest import bangkok, complete_draft, year_2570


def agreed(owner, supervisor):
    agreement = complete_draft(owner)
    workflow.agreement_submit(agreement=agreement, actor=owner)
    workflow.agreement_agree(agreement=agreement, actor=supervisor)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def evaluation_round(cast):
    schemes_load_all()
    return evaluation_services.round_create(
        actor=cast["hr"],
        fiscal_year=2570,
        number=1,
        title="การประเมิน ครั้งที่ 1 ปีงบประมาณ 2570",
        scheme=scheme_latest(),
        starts_on=dt.date(2027, 3, 1),
        due_on=dt.date(2027, 4, 30),
    )


@pytest.fixture
def committee(cast, evaluation_round, django_capture_on_commit_callbacks):
    agreement = agreed(cast["deputy"], cast["supervisor"])
    agreed(cast["other_deputy"], cast["other_supervisor"])  # in the round, no committee yet
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return evaluation_committees.committee_assign(
            evaluation_round=evaluation_round,
            agreement=agreement,
            chair=cast["evaluator1"],
            members=[cast["evaluator2"], cast["evaluator3"]],
            actor=cast["hr"],
        )


def sheet_of(committee, user):
    return committee.members.select_related("evaluation").get(evaluator=user).evaluation


def every_level(evaluation, level=3) -> dict:
    snapshot = evaluation.member.committee.submission.snapshot
    rubric = evaluation_services.evaluation_rubric(evaluation)
    levels = {evaluation_services.item_key(row["sub_item"]): level for row in snapshot["part1"]}
    for issue in snapshot["part2"]:
        for criterion in rubric.criteria:
            levels[evaluation_services.criterion_key(issue["order"], criterion.code)] = level
    return levels


def score(committee, user, finalise=True):
    sheet = sheet_of(committee, user)
    evaluation_services.sheet_save(evaluation=sheet, actor=user, levels=every_level(sheet), comments={})
    if finalise:
        evaluation_services.sheet_finalise(evaluation=sheet, actor=user)


# --- the scoring window ----------------------------------------------------------------------------


def test_an_unfinished_sheet_saves_until_midnight_after_the_due_date(cast, clock, committee):
    clock.set(2027, 4, 30, 23, 59)
    score(committee, cast["evaluator1"], finalise=False)
    clock.set(2027, 5, 1, 0, 0)
    with pytest.raises(DomainError) as refused:
        score(committee, cast["evaluator2"], finalise=False)
    assert "สิ้นสุดแล้ว (กำหนดประเมินแล้วเสร็จ 30 เมษายน พ.ศ. 2570)" in str(refused.value)
    with pytest.raises(DomainError):
        evaluation_services.sheet_finalise(
            evaluation=sheet_of(committee, cast["evaluator1"]), actor=cast["evaluator1"]
        )


def test_a_scoring_extension_lets_one_evaluator_finish_and_is_audited(
    cast, clock, committee, django_capture_on_commit_callbacks
):
    clock.set(2027, 5, 2, 9, 0)
    with django_capture_on_commit_callbacks(execute=True):
        extension_grant(
            person=cast["evaluator1"],
            window=ScoringWindow(committee.round),
            until=bangkok(2027, 5, 7, 16, 30),
            reason="ติดภารกิจราชการต่างจังหวัด",
            actor=cast["hr"],
        )
    clock.set(2027, 5, 7, 16, 0)
    score(committee, cast["evaluator1"])
    assert sheet_of(committee, cast["evaluator1"]).is_final
    with pytest.raises(DomainError):
        score(committee, cast["evaluator2"])

    entry = AuditEntry.objects.get(action="cycle.scoring_extension_granted")
    assert entry.actor == cast["hr"] and entry.changes["reason"] == "ติดภารกิจราชการต่างจังหวัด"
    told = Notification.objects.get(recipient=cast["evaluator1"], kind=Notification.Kind.EXTENSION)
    assert "7 พฤษภาคม พ.ศ. 2570 เวลา 16:30 น." in told.subject
    assert told.link == "/evaluations/"
    assert any(m.to == ["evaluator1@example.go.th"] and m.subject == told.subject for m in mail.outbox)


def test_a_scoring_extension_that_ran_out_locks_again(cast, clock, committee):
    clock.set(2027, 5, 2, 9, 0)
    extension_grant(
        person=cast["evaluator2"],
        window=ScoringWindow(committee.round),
        until=bangkok(2027, 5, 3, 12, 0),
        reason="ป่วย",
        actor=cast["hr"],
    )
    clock.set(2027, 5, 3, 12, 1)
    with pytest.raises(DomainError) as refused:
        score(committee, cast["evaluator2"], finalise=False)
    assert "การขยายเวลาสิ้นสุดเมื่อ 3 พฤษภาคม พ.ศ. 2570 เวลา 12:00 น." in str(refused.value)


def test_only_hr_extends_scoring_and_only_for_someone_with_open_sheets(cast, clock, committee):
    clock.set(2027, 5, 2, 9, 0)
    grant = {
        "window": ScoringWindow(committee.round),
        "until": bangkok(2027, 5, 7, 16, 30),
        "reason": "เหตุจำเป็น",
    }
    with pytest.raises(PermissionDenied):
        extension_grant(person=cast["evaluator1"], actor=cast["evaluator1"], **grant)
    with pytest.raises(DomainError):
        extension_grant(person=cast["evaluator4"], actor=cast["hr"], **grant)
    assert not ScoringExtension.objects.exists()


def test_hr_grants_a_scoring_extension_in_the_browser(cast, clock, committee, client_for):
    clock.set(2027, 5, 2, 9, 0)
    page = f"/cycle/rounds/{committee.round.pk}/extensions/"
    grant = f"{page}{cast['evaluator3'].pk}/"
    for who in ("evaluator3", "supervisor", "deputy"):
        assert client_for(cast[who]).get(page).status_code == 404
        assert client_for(cast[who]).get(grant).status_code == 404
    hr = client_for(cast["hr"])
    assert hr.get(f"{page}{cast['evaluator4'].pk}/").status_code == 404  # no sheet in this round
    listing = hr.get(page).content.decode()
    assert grant in listing
    response = hr.post(
        grant, {"until": "9 พ.ค. 2570", "until_time": "12.00 น.", "reason": "รอเอกสารหลักฐานเพิ่มเติม"}
    )
    assert response.status_code == 302
    assert ScoringExtension.objects.get(person=cast["evaluator3"]).until == bangkok(2027, 5, 9, 12, 0)
    assert "9 พฤษภาคม พ.ศ. 2570 เวลา 12:00 น." in hr.get(page).content.decode()


# --- notifications -------------------------------------------------------------------------------


def test_each_evaluator_is_told_of_their_appointment(cast, committee):
    for user, role in (("evaluator1", "ประธานกรรมการ"), ("evaluator2", "กรรมการ"), ("evaluator3", "กรรมการ")):
        told = Notification.objects.get(recipient=cast[user], kind=Notification.Kind.COMMITTEE_ASSIGNED)
        assert told.subject == f"ท่านได้รับแต่งตั้งเป็น{role}ประเมินข้อตกลงของ นายสุภาพร แก้วมณี"
        assert told.link == f"/evaluations/sheets/{sheet_of(committee, cast[user]).pk}/"
        assert "30 เมษายน พ.ศ. 2570" in told.body
    assert sorted(m.to[0] for m in mail.outbox) == [
        "evaluator1@example.go.th",
        "evaluator2@example.go.th",
        "evaluator3@example.go.th",
    ]


def test_a_reappointment_tells_only_the_newcomer(cast, committee, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        evaluation_committees.committee_assign(
            evaluation_round=committee.round,
            agreement=committee.agreement,
            chair=cast["evaluator1"],
            members=[cast["evaluator2"], cast["evaluator4"]],
            actor=cast["hr"],
        )
    assert [m.to for m in mail.outbox] == [["evaluator4@example.go.th"]]
    assert Notification.objects.filter(kind=Notification.Kind.COMMITTEE_ASSIGNED).count() == 4


def test_the_chair_and_hr_are_told_when_every_sheet_is_final(
    cast, clock, committee, django_capture_on_commit_callbacks
):
    clock.set(2027, 4, 1, 9, 0)
    with django_capture_on_commit_callbacks(execute=True):
        score(committee, cast["evaluator1"])
        score(committee, cast["evaluator2"])
    assert not Notification.objects.filter(kind=Notification.Kind.SHEETS_FINAL).exists()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        score(committee, cast["evaluator3"])
    told = Notification.objects.filter(kind=Notification.Kind.SHEETS_FINAL)
    assert {n.recipient.username for n in told} == {"evaluator1", "hr"}
    for notification in told:
        assert notification.subject == "กรรมการประเมินข้อตกลงของ นายสุภาพร แก้วมณี ยืนยันผลครบทุกคนแล้ว"
        assert notification.link == f"/evaluations/committees/{committee.pk}/results/"
    assert sorted(m.to[0] for m in mail.outbox) == ["evaluator1@example.go.th", "hr@example.go.th"]


# --- reminders and the dashboard -------------------------------------------------------------------


def test_evaluators_with_open_sheets_are_reminded_3_and_1_days_before_the_window_closes(
    cast, clock, committee, django_capture_on_commit_callbacks
):
    clock.set(2027, 4, 20, 9, 0)
    score(committee, cast["evaluator1"])  # done: never reminded
    reminded = {}
    for day in range(25, 32):
        now = bangkok(2027, 4, day, 8, 0) if day <= 30 else bangkok(2027, 5, 1, 8, 0)
        with django_capture_on_commit_callbacks(execute=True):
            plans = reminders.reminders_send(dry_run=False, now=now)
        reminded[day] = {p.recipient.username: [i.text for i in p.items] for p in plans}
    days_told = {day: sorted(who) for day, who in reminded.items() if who}
    assert days_told == {27: ["evaluator2", "evaluator3"], 29: ["evaluator2", "evaluator3"]}
    assert reminded[27]["evaluator2"] == [
        "การประเมิน ครั้งที่ 1 ปีงบประมาณ 2570: แบบประเมินที่ยังไม่ยืนยันผล 1 ฉบับ "
        "ให้คะแนนได้ถึง 30 เมษายน พ.ศ. 2570 (อีก 3 วัน)"
    ]
    told = Notification.objects.filter(recipient=cast["evaluator2"], kind=Notification.Kind.REMINDER).first()
    assert told.subject == "อีก 1 วันจะสิ้นสุดช่วงเวลาให้คะแนน: ท่านมีแบบประเมินที่ยังไม่ยืนยันผล 1 ฉบับ"
    assert told.link == "/evaluations/"


def test_the_dashboard_shows_each_rounds_scoring_progress(cast, clock, committee, client_for):
    (progress,) = selectors.dashboard_progress(year_2570())
    assert progress["counts"] == (2, 1, 1, 0)  # in the round, not assigned, being scored, final
    assert progress["sheets"] == "0/3"
    clock.set(2027, 4, 1, 9, 0)
    for user in ("evaluator1", "evaluator2", "evaluator3"):
        score(committee, cast[user])
    (progress,) = selectors.dashboard_progress(year_2570())
    assert progress["counts"] == (2, 1, 0, 1)
    assert progress["sheets"] == "3/3"
    rows, totals = selectors.dashboard_counts(year_2570())
    assert totals.counts["evaluated"] == 1 and totals.counts["agreed"] == 1

    html = client_for(cast["hr"]).get("/cycle/dashboard/?year=2570").content.decode()
    assert "การประเมิน ครั้งที่ 1 ปีงบประมาณ 2570" in html
    assert "1 มีนาคม พ.ศ. 2570 – 30 เมษายน พ.ศ. 2570" in html
    assert f'href="/evaluations/rounds/{committee.round.pk}/"' in html
