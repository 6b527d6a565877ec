"""`make run` shows a complete results report for deputy1 and one in progress for deputy3."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from results.models import ResultsReport
from results.snapshot import report_to_dict, summary
from results.workflow import report_problems


@pytest.fixture
def demo(standards, settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=StringIO())


def test_deputy1s_report_is_complete_and_accepted_and_deputy3s_is_in_progress(demo, client_for):
    complete = ResultsReport.objects.get(agreement__owner__username="deputy1")
    assert complete.status == "accepted"
    data = complete.submissions.get().snapshot
    assert report_problems(complete, data) == []
    counts = summary(data)
    assert counts["reported"] == counts["targets"] > counts["met"] > 0  # one row falls short

    started = ResultsReport.objects.get(agreement__owner__username="deputy3")
    assert started.status == "draft"
    live = report_to_dict(started)
    assert {row["domain"] for row in live["part1"] if row["done"]} == {1}
    assert report_problems(started, live)  # not ready to submit yet

    deputy = client_for(complete.agreement.owner)
    page = deputy.get(reverse("results:detail", args=[complete.pk])).content.decode()
    assert "ผู้บังคับบัญชารับรองแล้ว" in page and "บรรลุเป้าหมาย" in page
    listing = client_for(started.agreement.owner).get(reverse("results:mine")).content.decode()
    assert "เปิดรายงานผล" in listing
