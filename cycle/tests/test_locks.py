"""The calendar locks submissions; HR's extension reopens them for one person."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from agreements import deadlines, workflow
from agreements.deadlines import SubmissionWindow
from agreements.models import Agreement, SubmissionExtension
from audit.models import AuditEntry
from notifications.models import Notification
from pa_portal.errors import DomainError

from .conftest import bangkok, complete_draft, year_2570


def test_a_draft_submits_until_the_last_minute_of_the_deadline(cast, clock):
    agreement = complete_draft(cast["deputy"])
    clock.set(2027, 1, 15, 16, 30)
    workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED


def test_after_the_deadline_a_draft_is_refused_with_the_deadline_in_thai(cast, clock):
    agreement = complete_draft(cast["deputy"])
    clock.set(2027, 1, 15, 16, 31)
    with pytest.raises(DomainError) as refused:
        workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    assert "เลยกำหนดส่งข้อตกลงของปีงบประมาณ 2570 แล้ว" in str(refused.value)
    assert "15 มกราคม พ.ศ. 2570 เวลา 16:30 น." in str(refused.value)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT
    assert not agreement.submissions.exists()


def test_the_deadline_is_bangkok_time_not_utc(cast, clock):
    """16:30 in Bangkok is 09:30 UTC: at 10:00 UTC the window is closed."""
    agreement = complete_draft(cast["deputy"])
    clock.now = dt.datetime(2027, 1, 15, 10, 0, tzinfo=dt.UTC)
    with pytest.raises(DomainError):
        workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])


def test_nothing_can_be_submitted_before_the_year_opens(cast, clock):
    agreement = complete_draft(cast["deputy"])
    year = year_2570()
    year.opens_on = dt.date(2027, 2, 1)
    year.save()
    with pytest.raises(DomainError) as refused:
        workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    assert "1 กุมภาพันธ์ พ.ศ. 2570" in str(refused.value)


def test_a_returned_agreement_can_be_resubmitted_after_the_deadline(cast, clock):
    agreement = complete_draft(cast["deputy"])
    workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    clock.set(2027, 1, 20, 10, 0)
    workflow.agreement_return(agreement=agreement, actor=cast["supervisor"], comment="เพิ่มตัวเลข")
    workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED
    assert agreement.submissions.count() == 2


def test_hr_extension_lets_one_person_submit_late_and_is_audited(cast, clock):
    late, other = complete_draft(cast["deputy"]), complete_draft(cast["other_deputy"])
    clock.set(2027, 1, 16, 9, 0)
    extension = deadlines.extension_grant(
        person=cast["deputy"],
        window=SubmissionWindow(year_2570()),
        until=bangkok(2027, 1, 20, 16, 30),
        reason="ลาป่วยช่วงกำหนดส่ง",
        actor=cast["hr"],
    )
    workflow.agreement_submit(agreement=late, actor=cast["deputy"])
    with pytest.raises(DomainError):
        workflow.agreement_submit(agreement=other, actor=cast["other_deputy"])

    entry = AuditEntry.objects.get(action="cycle.extension_granted")
    assert entry.actor == cast["hr"]
    assert entry.agreement == late
    assert entry.changes["reason"] == "ลาป่วยช่วงกำหนดส่ง"
    assert entry.object_id == str(extension.pk)
    told = Notification.objects.get(recipient=cast["deputy"], kind=Notification.Kind.EXTENSION)
    assert "20 มกราคม พ.ศ. 2570 เวลา 16:30 น." in told.subject
    assert "ลาป่วยช่วงกำหนดส่ง" in told.body
    assert told.link == f"/agreements/{late.pk}/"


def test_an_extension_that_has_run_out_locks_again(cast, clock):
    agreement = complete_draft(cast["deputy"])
    clock.set(2027, 1, 16, 9, 0)
    deadlines.extension_grant(
        person=cast["deputy"],
        window=SubmissionWindow(year_2570()),
        until=bangkok(2027, 1, 17, 12, 0),
        reason="ติดราชการ",
        actor=cast["hr"],
    )
    clock.set(2027, 1, 17, 12, 1)
    with pytest.raises(DomainError) as refused:
        workflow.agreement_submit(agreement=agreement, actor=cast["deputy"])
    assert "การขยายเวลาสิ้นสุดเมื่อ 17 มกราคม พ.ศ. 2570 เวลา 12:00 น." in str(refused.value)


def test_granting_again_moves_the_date_and_keeps_both_grants_in_the_audit(cast, clock):
    complete_draft(cast["deputy"])
    for until in (bangkok(2027, 1, 18, 16, 30), bangkok(2027, 1, 25, 16, 30)):
        deadlines.extension_grant(
            person=cast["deputy"],
            window=SubmissionWindow(year_2570()),
            until=until,
            reason="เหตุจำเป็น",
            actor=cast["hr"],
        )
    assert SubmissionExtension.objects.get().until == bangkok(2027, 1, 25, 16, 30)
    assert AuditEntry.objects.filter(action="cycle.extension_granted").count() == 2


def test_only_hr_grants_extensions_and_only_with_a_reason(cast, clock):
    grant = {
        "person": cast["deputy"],
        "window": SubmissionWindow(year_2570()),
        "until": bangkok(2027, 1, 20, 16, 30),
    }
    with pytest.raises(PermissionDenied):
        deadlines.extension_grant(**grant, reason="ขอเอง", actor=cast["supervisor"])
    with pytest.raises(DomainError):
        deadlines.extension_grant(**grant, reason="   ", actor=cast["hr"])
    with pytest.raises(DomainError):
        deadlines.extension_grant(
            **grant | {"until": bangkok(2027, 1, 14)}, reason="ก่อนกำหนด", actor=cast["hr"]
        )
    assert not SubmissionExtension.objects.exists()


def test_hr_grants_an_extension_in_the_browser_and_the_owner_sees_it_at_home(cast, clock, client_for):
    agreement = complete_draft(cast["deputy"])
    url = f"/cycle/extensions/2570/{cast['deputy'].pk}/"
    assert client_for(cast["deputy"]).get(url).status_code == 404
    assert client_for(cast["supervisor"]).get(url).status_code == 404
    response = client_for(cast["hr"]).post(
        url, {"until": "22/1/2570", "until_time": "16:30", "reason": "ย้ายสถานที่ทำงาน"}
    )
    assert response.status_code == 302
    assert SubmissionExtension.objects.get(person=cast["deputy"]).until == bangkok(2027, 1, 22, 16, 30)

    home = client_for(cast["deputy"]).get("/").content.decode()
    assert "ได้รับการขยายเวลาส่งถึง" in home
    assert "22 มกราคม พ.ศ. 2570 เวลา 16:30 น." in home
    assert "ย้ายสถานที่ทำงาน" in home
    assert agreement.status == Agreement.Status.DRAFT


def test_the_extension_page_refuses_someone_who_makes_no_agreement(cast, clock, client_for):
    response = client_for(cast["hr"]).get(f"/cycle/extensions/2570/{cast['supervisor'].pk}/")
    assert response.status_code == 404


def test_the_owner_sees_the_deadline_and_the_extension_on_the_agreement_page(cast, clock, client_for):
    agreement = complete_draft(cast["deputy"])
    page = client_for(cast["deputy"]).get(f"/agreements/{agreement.pk}/").content.decode()
    assert "กำหนดส่งข้อตกลง: 15 มกราคม พ.ศ. 2570 เวลา 16:30 น." in page
    clock.set(2027, 1, 16, 9, 0)
    page = client_for(cast["deputy"]).get(f"/agreements/{agreement.pk}/").content.decode()
    assert "เลยกำหนดส่งแล้ว กรุณาติดต่อเจ้าหน้าที่บริหารงานบุคคลเพื่อขอขยายเวลา" in page
    deadlines.extension_grant(
        person=cast["deputy"],
        window=SubmissionWindow(year_2570()),
        until=bangkok(2027, 1, 19, 16, 30),
        reason="ลาป่วย",
        actor=cast["hr"],
    )
    page = client_for(cast["deputy"]).get(f"/agreements/{agreement.pk}/").content.decode()
    assert "ได้รับการขยายเวลาส่งถึง <strong>19 มกราคม พ.ศ. 2570 เวลา 16:30 น.</strong> — เหตุผล: ลาป่วย" in page
    assert "เลยกำหนดส่งแล้ว" not in page
