"""Daily reminders: drafts 7, 3 and 1 days before the deadline, supervisors who keep people
waiting, and nobody reminded twice in one day."""

from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from agreements import deadlines, drafts, workflow
from agreements.deadlines import SubmissionWindow
from agreements.models import Agreement
from cycle import reminders
from notifications.models import Notification, Reminder

from .conftest import bangkok, complete_draft, year_2570


def reminded(now_args, django_capture_on_commit_callbacks) -> dict[str, list[str]]:
    """Run the daily job at a Bangkok time; username -> what they were reminded of."""
    with django_capture_on_commit_callbacks(execute=True):
        plans = reminders.reminders_send(dry_run=False, now=bangkok(*now_args))
    return {plan.recipient.username: [item.text for item in plan.items] for plan in plans}


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    return lambda *now: reminded(now, django_capture_on_commit_callbacks)


def test_the_owner_of_a_draft_is_reminded_7_3_and_1_days_before_the_deadline(cast, run):
    agreement = complete_draft(cast["deputy"])
    days = {day: run(2027, 1, day, 8, 0) for day in range(6, 17)}
    reminded_on = sorted(day for day, who in days.items() if "deputy" in who)
    assert reminded_on == [8, 12, 14]
    assert days[8]["deputy"] == [
        f"ข้อตกลง {agreement.number} ปีงบประมาณ 2570 ยังเป็นร่าง กำหนดส่ง 15 มกราคม พ.ศ. 2570 เวลา 16:30 น. (อีก 7 วัน)"
    ]
    assert "(อีก 1 วัน)" in days[14]["deputy"][0]

    latest = Notification.objects.filter(recipient=cast["deputy"], kind=Notification.Kind.REMINDER).first()
    assert latest.subject == "อีก 1 วันจะถึงกำหนดส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ 2570"
    assert latest.link == f"/agreements/{agreement.pk}/"
    assert [m.subject for m in mail.outbox if m.to == ["deputy@example.go.th"]] == [
        "อีก 7 วันจะถึงกำหนดส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ 2570",
        "อีก 3 วันจะถึงกำหนดส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ 2570",
        "อีก 1 วันจะถึงกำหนดส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ 2570",
    ]


def test_a_missed_run_catches_up_on_the_next_day(cast, run):
    complete_draft(cast["deputy"])
    assert "(อีก 5 วัน)" in run(2027, 1, 10, 8, 0)["deputy"][0]
    assert run(2027, 1, 11, 8, 0) == {}


def test_nobody_is_reminded_twice_a_day(cast, run):
    complete_draft(cast["deputy"])
    assert "deputy" in run(2027, 1, 12, 8, 0)
    assert run(2027, 1, 12, 8, 0) == {}
    assert run(2027, 1, 12, 23, 59) == {}
    assert Reminder.objects.filter(recipient=cast["deputy"]).count() == 1
    assert Notification.objects.filter(recipient=cast["deputy"], kind=Notification.Kind.REMINDER).count() == 1


def test_what_came_due_later_that_day_waits_until_tomorrow(cast, clock, run):
    first, second = complete_draft(cast["deputy"]), complete_draft(cast["other_deputy"])
    clock.set(2027, 1, 4, 10, 0)
    workflow.agreement_submit(agreement=first, actor=cast["deputy"])
    clock.set(2027, 1, 4, 15, 0)
    workflow.agreement_submit(agreement=second, actor=cast["other_deputy"])
    Agreement.objects.filter(pk=second.pk).update(office=cast["office"])  # one director, two waiting

    morning = run(2027, 1, 7, 12, 0)  # the first waits 3 days 2 hours, the second not yet 3 days
    assert len(morning["supervisor"]) == 1 and "3 วันแล้ว" in morning["supervisor"][0]
    assert "supervisor" not in run(2027, 1, 7, 16, 0)
    assert len(run(2027, 1, 8, 8, 0)["supervisor"]) == 2


def test_a_supervisor_is_reminded_daily_of_an_agreement_waiting_more_than_3_days(cast, clock, run):
    agreement = complete_draft(cast["deputy"])
    clock.set(2027, 1, 5, 10, 0)
    workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    assert "supervisor" not in run(2027, 1, 8, 9, 0)
    told = run(2027, 1, 8, 10, 30)["supervisor"]
    assert told == [
        f"นายสุภาพร แก้วมณี ส่งข้อตกลง {agreement.number} เมื่อ 5 มกราคม พ.ศ. 2570 รอการพิจารณามา 3 วันแล้ว"
    ]
    assert "รอการพิจารณามา 4 วันแล้ว" in run(2027, 1, 9, 10, 30)["supervisor"][0]
    assert "other_supervisor" not in run(2027, 1, 10, 10, 30)
    workflow.agreement_agree(agreement=agreement, actor=cast["supervisor"])
    assert run(2027, 1, 11, 10, 30) == {}


def test_submitted_and_other_years_drafts_are_not_reminded(cast, run):
    agreement = complete_draft(cast["deputy"])
    workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    drafts.agreement_start(owner=cast["other_deputy"], fiscal_year=2571)  # no deadline yet
    assert "deputy" not in run(2027, 1, 12, 8, 0)
    assert "other_deputy" not in run(2027, 1, 12, 8, 0)


def test_an_extension_brings_new_reminders_before_the_new_date(cast, clock, run):
    complete_draft(cast["deputy"])
    assert "deputy" in run(2027, 1, 14, 8, 0)
    clock.set(2027, 1, 16, 9, 0)
    deadlines.extension_grant(
        person=cast["deputy"],
        window=SubmissionWindow(year_2570()),
        until=bangkok(2027, 1, 20, 16, 30),
        reason="ลาคลอด",
        actor=cast["hr"],
    )
    told = run(2027, 1, 17, 8, 0)["deputy"]
    assert "กำหนดส่ง 20 มกราคม พ.ศ. 2570 เวลา 16:30 น. (อีก 3 วัน)" in told[0]


def test_dry_run_prints_who_would_be_reminded_and_sends_nothing(cast, clock):
    complete_draft(cast["deputy"])
    clock.set(2027, 1, 12, 8, 0)
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "ผู้ที่จะได้รับการแจ้งเตือน (ทดลอง ไม่ได้ส่งจริง) 1 คน:" in text
    assert "นายสุภาพร แก้วมณี (deputy, deputy@example.go.th)" in text
    assert "(อีก 3 วัน)" in text
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()

    call_command("send_reminders", stdout=StringIO())
    assert Reminder.objects.count() == 1
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert "วันนี้ไม่มีผู้ที่ต้องได้รับการแจ้งเตือน" in out.getvalue()


def test_celery_beat_runs_the_same_job_every_morning(cast, clock, settings):
    from pa_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["cycle-send-reminders"]
    assert entry["task"] == "cycle.tasks.send_reminders"
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks

    complete_draft(cast["deputy"])
    clock.set(2027, 1, 14, 8, 0)
    assert app.tasks[entry["task"]].delay().get() == 1
    assert Reminder.objects.get().recipient == cast["deputy"]


def test_dry_run_on_the_demo_data_names_the_owner_of_the_draft(standards, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    draft = Agreement.objects.get(owner__username="deputy2", status=Agreement.Status.DRAFT)
    assert f"{draft.owner_name} (deputy2, deputy2@example.go.th)" in out.getvalue()
    assert f"ข้อตกลง {draft.number} ปีงบประมาณ 2570 ยังเป็นร่าง" in out.getvalue()
