"""HR extends one deputy's results deadline from the year's results page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from results import drafts
from results.tests.factories import make_agreed, open_window

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

    until = timezone.localtime() + dt.timedelta(days=5)
    response = hr.post(
        reverse("cycle:results_extension_grant", args=[2570, deputy.pk]),
        {"until": until.strftime("%Y-%m-%dT%H:%M"), "reason": "ไปราชการต่างประเทศช่วงกำหนดส่ง"},
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
