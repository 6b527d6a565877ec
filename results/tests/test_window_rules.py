"""A report opens for an agreed agreement from the year's opening date and is written until its
deadline; after it only with an extension HR granted through the one extension service."""

import datetime as dt

import pytest
from django.utils import timezone

from agreements.deadlines import extension_grant
from agreements.tests.factories import make_agreement
from pa_portal.errors import DomainError
from results import deadlines, drafts, workflow
from results.models import ResultsCalendar
from results.tests.factories import complete_results_data, make_agreed, open_window, row_results

pytestmark = pytest.mark.django_db


def test_a_report_cannot_open_before_the_agreement_is_agreed(people):
    submitted = make_agreement(people["deputy"], submit=True)
    open_window(submitted.fiscal_year)
    with pytest.raises(DomainError, match="เห็นชอบข้อตกลงแล้วเท่านั้น"):
        drafts.report_start(agreement=submitted, actor=people["deputy"])


def test_a_report_cannot_open_before_the_years_opening_date(people):
    agreement = make_agreed(people["deputy"], people["supervisor"])
    ResultsCalendar.objects.create(
        fiscal_year=agreement.fiscal_year, opens_on=timezone.localdate() + dt.timedelta(days=3)
    )
    with pytest.raises(DomainError, match="ยังไม่เปิดให้รายงานผล"):
        drafts.report_start(agreement=agreement, actor=people["deputy"])


def test_the_default_calendar_is_1_july_to_15_september_of_the_fiscal_year(people):
    agreement = make_agreed(people["deputy"], people["supervisor"])  # ปีงบประมาณ 2570
    assert deadlines.opens_on(agreement.fiscal_year) == dt.date(2027, 7, 1)
    due = timezone.localtime(deadlines.deadline(agreement.fiscal_year))
    assert (due.date(), due.hour, due.minute) == (dt.date(2027, 9, 15), 23, 59)


def test_no_edit_after_the_deadline_until_hr_grants_an_extension(people):
    """The extension's notification is written by the grant itself (a call down, not a signal)."""
    deputy = people["deputy"]
    agreement = make_agreed(deputy, people["supervisor"])
    calendar = open_window(agreement.fiscal_year)
    report = drafts.report_start(agreement=agreement, actor=deputy)
    basis = report.basis.snapshot
    calendar.deadline = timezone.now() - dt.timedelta(hours=1)
    calendar.save()

    with pytest.raises(DomainError, match="เลยกำหนดส่งรายงานผล"):
        drafts.report_update(
            report=report, actor=deputy, data={"part1": [row_results(basis, "1.1")]}, expected_revision=None
        )

    extension_grant(
        window=deadlines.ResultsWindow(agreement.fiscal_year),
        person=deputy,
        until=timezone.now() + dt.timedelta(days=3),
        reason="ป่วยระหว่างกำหนดส่ง",
        actor=people["hr"],
    )
    drafts.report_update(
        report=report, actor=deputy, data=complete_results_data(report), expected_revision=None
    )
    workflow.report_submit(report=report, actor=deputy)
    report.refresh_from_db()
    assert report.status == "submitted"
    assert deputy.notifications.filter(subject__contains="ขยายเวลาส่งรายงานผล").exists()


def test_a_report_the_director_returned_can_be_resubmitted_after_the_deadline(people):
    deputy, director = people["deputy"], people["supervisor"]
    agreement = make_agreed(deputy, director)
    calendar = open_window(agreement.fiscal_year)
    report = drafts.report_start(agreement=agreement, actor=deputy)
    drafts.report_update(
        report=report, actor=deputy, data=complete_results_data(report), expected_revision=None
    )
    workflow.report_submit(report=report, actor=deputy)
    workflow.report_return(report=report, actor=director, comment="ขอหลักฐานเพิ่มในข้อ 1.1")
    calendar.deadline = timezone.now() - dt.timedelta(hours=1)
    calendar.save()

    workflow.report_submit(report=report, actor=deputy)
    report.refresh_from_db()
    assert report.status == "submitted"
