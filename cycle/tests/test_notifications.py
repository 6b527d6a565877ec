"""Each workflow event reaches the right person in the portal and by e-mail, after the commit."""

import smtplib

import pytest
from django.core import mail
from django.db import transaction

from agreements import drafts, workflow
from agreements.models import Agreement
from audit.models import AuditEntry
from notifications.models import Notification
from pa_portal.tests.conftest import COMPLETE

from .conftest import complete_draft, year_2570

LINK_BASE = "http://localhost:8000"


@pytest.fixture
def submitted(cast, django_capture_on_commit_callbacks):
    agreement = complete_draft(cast["deputy"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    mail.outbox.clear()
    return agreement


def test_submitting_tells_the_office_supervisor_in_the_portal_and_by_email(
    cast, django_capture_on_commit_callbacks
):
    agreement = complete_draft(cast["deputy"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])

    told = Notification.objects.get()
    assert told.recipient == cast["supervisor"]  # not the other office's director
    assert told.kind == Notification.Kind.SUBMITTED
    assert told.subject == "นายสุภาพร แก้วมณี ส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ 2570 รอการพิจารณา"
    assert told.link == f"/agreements/{agreement.pk}/"
    assert "กรุณาพิจารณาเห็นชอบหรือส่งกลับให้แก้ไข ภายใน 31 มกราคม พ.ศ. 2570 เวลา 16:30 น." in told.body

    (email,) = mail.outbox
    assert email.to == ["supervisor@example.go.th"]
    assert email.subject == told.subject
    assert f"{LINK_BASE}/agreements/{agreement.pk}/" in email.body
    assert f"{LINK_BASE}/cycle/preferences/" in email.body
    told.refresh_from_db()
    assert told.emailed_at is not None


def test_nobody_is_told_before_the_commit(cast, django_capture_on_commit_callbacks):
    agreement = complete_draft(cast["deputy"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    assert Notification.objects.count() == 0
    assert mail.outbox == []
    # One announcement waits for the commit; its receivers tell the supervisor and render the PA1.
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True):
        callbacks[0]()
    assert Notification.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["supervisor@example.go.th"]]


def test_no_email_and_no_notification_when_the_transaction_rolls_back(
    cast, django_capture_on_commit_callbacks
):
    agreement = complete_draft(cast["deputy"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
            raise RuntimeError("a later step of the same request failed")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT


def test_returning_tells_the_owner_with_every_comment(cast, submitted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.agreement_return(
            agreement=submitted,
            actor=cast["supervisor"],
            comment="ตัวชี้วัดยังไม่มีค่าเป้าหมาย",
            item_comments={"item-1.1": "ระบุจำนวนโรงเรียน", "challenge-2": "เพิ่มสถิติปีล่าสุด"},
        )
    told = Notification.objects.get(kind=Notification.Kind.RETURNED)
    assert told.recipient == cast["deputy"]
    assert told.subject == "ข้อตกลงในการพัฒนางาน ปีงบประมาณ 2570 ถูกส่งกลับให้แก้ไข"
    assert told.link == f"/agreements/{submitted.pk}/"
    assert "ตัวชี้วัดยังไม่มีค่าเป้าหมาย" in told.body
    assert "- ข้อ 1.1: ระบุจำนวนโรงเรียน" in told.body
    assert "- ประเด็นท้าทายที่ 2: เพิ่มสถิติปีล่าสุด" in told.body
    (email,) = mail.outbox
    assert email.to == ["deputy@example.go.th"]
    assert "- ข้อ 1.1: ระบุจำนวนโรงเรียน" in email.body


def test_a_resubmission_tells_the_supervisor_its_version_and_what_changed(
    cast, submitted, django_capture_on_commit_callbacks
):
    deputy = cast["deputy"]
    workflow.agreement_return(agreement=submitted, actor=cast["supervisor"], comment="ปรับงานข้อ 1.1")
    revised = {"part1": [dict(COMPLETE["part1"][0], tasks="งานที่แก้ไขตามความเห็นแล้ว")]}
    drafts.agreement_update(agreement=submitted, actor=deputy, data=revised, expected_revision=None)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.agreement_submit(agreement=submitted, actor=deputy)

    told = Notification.objects.filter(kind=Notification.Kind.SUBMITTED).latest("id")
    assert told.recipient == cast["supervisor"]
    assert told.subject == ("นายสุภาพร แก้วมณี ส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ 2570 ฉบับที่ 2 (แก้ไขแล้ว) รอการพิจารณา")
    assert "ฉบับที่ 2 ที่แก้ไขตามความเห็นของท่าน" in told.body
    assert "เทียบกับฉบับที่ 1: แก้ไข 1 รายการ (ข้อ 1.1)" in told.body


def test_agreeing_tells_the_owner(cast, submitted, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.agreement_agree(agreement=submitted, actor=cast["supervisor"], comment="ดีมาก")
    told = Notification.objects.get(kind=Notification.Kind.AGREED)
    assert told.recipient == cast["deputy"]
    assert told.subject == "ผู้บังคับบัญชาเห็นชอบข้อตกลงในการพัฒนางาน ปีงบประมาณ 2570 แล้ว"
    assert told.link == f"/agreements/{submitted.pk}/"
    assert "ดีมาก" in told.body
    assert [m.to for m in mail.outbox] == [["deputy@example.go.th"]]


def test_a_person_who_turned_email_off_still_sees_the_notification(
    cast, submitted, client_for, django_capture_on_commit_callbacks
):
    response = client_for(cast["deputy"]).post("/cycle/preferences/", {})
    assert response.status_code == 302
    cast["deputy"].profile.refresh_from_db()
    assert cast["deputy"].profile.email_notifications is False
    assert AuditEntry.objects.filter(action="cycle.email_notifications", actor=cast["deputy"]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        workflow.agreement_agree(agreement=submitted, actor=cast["supervisor"])
    assert Notification.objects.filter(recipient=cast["deputy"], kind=Notification.Kind.AGREED).exists()
    assert mail.outbox == []

    client_for(cast["deputy"]).post("/cycle/preferences/", {"email_notifications": "on"})
    cast["deputy"].profile.refresh_from_db()
    assert cast["deputy"].profile.email_notifications is True


def test_a_mail_server_that_is_down_never_undoes_the_action(
    cast, monkeypatch, django_capture_on_commit_callbacks
):
    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection refused")

    monkeypatch.setattr("notifications.services.send_mail", refuse)
    agreement = complete_draft(cast["deputy"])
    with django_capture_on_commit_callbacks(execute=True):
        workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED
    told = Notification.objects.get()
    assert told.emailed_at is None


def test_the_navigation_bar_counts_unread_notifications_until_opened(cast, submitted, client_for):
    client = client_for(cast["supervisor"])
    page = client.get("/").content.decode()
    assert 'title="ยังไม่ได้อ่าน 1 รายการ">1</span>' in page

    told = Notification.objects.get(recipient=cast["supervisor"])
    listing = client.get("/cycle/notifications/").content.decode()
    assert told.subject in listing
    response = client.get(f"/cycle/notifications/{told.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/agreements/{submitted.pk}/"
    told.refresh_from_db()
    assert told.read_at is not None
    assert "ยังไม่ได้อ่าน" not in client.get("/").content.decode()


def test_nobody_opens_or_even_sees_someone_elses_notification(cast, submitted, client_for):
    told = Notification.objects.get(recipient=cast["supervisor"])
    intruder = client_for(cast["other_supervisor"])
    assert intruder.get(f"/cycle/notifications/{told.pk}/").status_code == 404
    assert told.subject not in intruder.get("/cycle/notifications/").content.decode()
    told.refresh_from_db()
    assert told.read_at is None


def test_mark_all_read(cast, submitted, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        workflow.agreement_return(agreement=submitted, actor=cast["supervisor"], comment="แก้ไข")
        workflow.agreement_submit(agreement=submitted, actor=cast["deputy"])
    assert Notification.objects.filter(recipient=cast["supervisor"], read_at__isnull=True).count() == 2
    client_for(cast["supervisor"]).post("/cycle/notifications/read-all/")
    assert not Notification.objects.filter(recipient=cast["supervisor"], read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=cast["deputy"], read_at__isnull=True).exists()


def test_whoever_asked_for_a_packet_is_told_when_it_is_ready(
    cast, submitted, settings, tmp_path, django_capture_on_commit_callbacks
):
    from reports import services as report_services

    settings.MEDIA_ROOT = tmp_path
    export = report_services.packet_export_request(
        actor=cast["hr"], fiscal_year=submitted.fiscal_year, kinds=["pa1"], states=["submitted"], queue=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.packet_export_run(export=export)
    told = Notification.objects.get(kind=Notification.Kind.PACKET_READY)
    assert told.recipient == cast["hr"]
    assert told.subject == "ชุดเอกสาร PDF ปีงบประมาณ 2570 พร้อมดาวน์โหลดแล้ว"
    assert told.link == f"/reports/packets/{export.pk}/"
    assert [m.to for m in mail.outbox] == [["hr@example.go.th"]]


def test_an_empty_packet_is_reported_as_not_made(
    cast, settings, tmp_path, django_capture_on_commit_callbacks
):
    from reports import services as report_services

    settings.MEDIA_ROOT = tmp_path
    export = report_services.packet_export_request(
        actor=cast["hr"], fiscal_year=year_2570(), kinds=["pa1"], states=["agreed"], queue=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        report_services.packet_export_run(export=export)
    told = Notification.objects.get(kind=Notification.Kind.PACKET_READY)
    assert told.subject == "สร้างชุดเอกสาร PDF ปีงบประมาณ 2570 ไม่สำเร็จ"
    assert "ไม่มีเอกสารที่สร้างได้ตามเงื่อนไขที่เลือก" in told.body
