"""The results report in the yearly cycle: HR extends one deputy's deadline from the year's
results page, and owners of unsubmitted reports are reminded 7, 3 and 1 days before it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from cycle import reminders
from notifications.models import Notification
from results import drafts, workflow
from results.tests.factories import complete_results_data, make_agreed, open_window

from .conftest import bangkok

pytestmark = pytest.mark.django_db


def test_hr_extends_a_late_deputys_results_deadline_and_the_deputy_can_start(people, client_for):
    deputy = people["deputy"]
    agreement = make_agreed(deputy, people["supervisor"])
    calendar = open_window(agreement.fiscal_year)
    calendar.deadline = timezone.now() - dt.timedelta(days=1)
    calendar.save()
    hr = client_for(people["hr"])
    listing = hr.get(reverse("cycle:results_extensions", args=[2570])).content.decode()
    assert agreement.owner_name in listing and "ยังไม่เริ่ม" in listing
    counts = listing.split('id="results-counts"')[1].split("</table>")[0]
    assert f'<td>{agreement.office_name}</td><td class="text-end">1</td>' in counts  # 1 not started

    form = hr.get(reverse("cycle:results_extension_grant", args=[2570, deputy.pk])).content.decode()
    assert "data-thaidate" in form and "js/thaidate.js" in form  # the Thai calendar, as on every date
    until = timezone.localtime() + dt.timedelta(days=5)
    response = hr.post(
        reverse("cycle:results_extension_grant", args=[2570, deputy.pk]),
        {
            "until": f"{until.day}/{until.month}/{until.year + 543}",
            "until_time": until.strftime("%H:%M"),
            "reason": "ไปราชการต่างประเทศช่วงกำหนดส่ง",
        },
    )
    assert response.status_code == 302
    assert deputy.notifications.filter(subject__contains="ขยายเวลาส่งรายงานผล").exists()
    report = drafts.report_start(agreement=agreement, actor=deputy)  # open for them now
    assert report.status == "draft"


def test_only_deputies_with_an_agreed_agreement_can_be_extended(people, client_for):
    make_agreed(people["deputy"], people["supervisor"])
    hr = client_for(people["hr"])
    url = reverse("cycle:results_extension_grant", args=[2570, people["other_deputy"].pk])
    assert hr.get(url).status_code == 404
    assert (
        client_for(people["deputy"]).get(reverse("cycle:results_extensions", args=[2570])).status_code == 404
    )


def test_owners_of_unsubmitted_reports_are_reminded_7_3_and_1_days_before_15_september(
    people, django_capture_on_commit_callbacks
):
    late = make_agreed(people["deputy"], people["supervisor"])  # ปีงบประมาณ 2570: due 15 ก.ย. 2570
    done = make_agreed(people["other_deputy"], people["other_supervisor"])
    open_window(done.fiscal_year)
    report = drafts.report_start(agreement=done, actor=people["other_deputy"])
    drafts.report_update(
        report=report,
        actor=people["other_deputy"],
        data=complete_results_data(report),
        expected_revision=None,
    )
    workflow.report_submit(report=report, actor=people["other_deputy"])
    done.fiscal_year.results_calendar.delete()  # back to the default calendar

    reminded = {}
    for day in range(6, 17):
        with django_capture_on_commit_callbacks(execute=True):
            plans = reminders.reminders_send(dry_run=False, now=bangkok(2027, 9, day, 8, 0))
        reminded[day] = {plan.recipient.username: [i.text for i in plan.items] for plan in plans}
    assert sorted(day for day, who in reminded.items() if who) == [8, 12, 14]
    assert reminded[8] == {
        "deputy": [
            f"รายงานผลตามข้อตกลง {late.number} ยังไม่เริ่มจัดทำ กำหนดส่ง 15 กันยายน พ.ศ. 2570 เวลา 23:59 น. (อีก 7 วัน)"
        ]
    }
    latest = Notification.objects.filter(recipient=people["deputy"], kind=Notification.Kind.REMINDER).first()
    assert latest.subject == "อีก 1 วันจะถึงกำหนดส่งรายงานผลการพัฒนางาน ปีงบประมาณ 2570"
    assert latest.link == reverse("results:mine")


def test_hr_sets_the_years_results_window_and_a_deadline_before_the_opening_is_refused(people, client_for):
    from agreements.drafts import fiscal_year_get_or_create
    from audit.models import AuditEntry
    from results import deadlines

    year = fiscal_year_get_or_create(2570)
    hr = client_for(people["hr"])
    url = reverse("cycle:results_extensions", args=[2570])
    page = hr.get(url).content.decode()
    # the defaults, in พ.ศ.
    assert 'value="1 กรกฎาคม 2570"' in page and 'value="15 กันยายน 2570"' in page and 'value="23:59"' in page

    refused = hr.post(url, {"opens_on": "2027-08-01", "deadline": "31/7/2570", "deadline_time": "16:30"})
    assert refused.status_code == 400
    assert "กำหนดส่งต้องไม่ก่อนวันที่เปิดให้รายงานผล" in refused.content.decode()

    assert (
        hr.post(
            url, {"opens_on": "2027-06-15", "deadline": "20/9/2570", "deadline_time": "16:30"}
        ).status_code
        == 302
    )
    assert deadlines.opens_on(year).isoformat() == "2027-06-15"
    assert timezone.localtime(deadlines.deadline(year)).strftime("%Y-%m-%d %H:%M") == "2027-09-20 16:30"
    assert AuditEntry.objects.filter(action="results.calendar_set").count() == 1
