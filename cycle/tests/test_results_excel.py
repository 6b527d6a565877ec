"""HR downloads a year's results as Excel: per deputy, how many quantitative targets were met."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from results import drafts
from results.snapshot import report_to_dict, summary
from results.tests.factories import make_agreed, make_report, row_results

pytestmark = pytest.mark.django_db


def test_hr_downloads_each_deputys_quantitative_targets_met_of_how_many(people, client_for):
    deputy = people["deputy"]
    report = make_report(deputy, people["supervisor"], submit=False)
    basis = report.basis.snapshot
    # One indicator reported far below its target: not every target is met.
    missed = next(
        row["sub_item"]
        for row in report_to_dict(report)["part1"]
        if any(e["target"] and e["target"]["comparison"] == "at_least" for e in row["indicators"])
    )
    drafts.report_update(
        report=report,
        actor=deputy,
        data={"part1": [row_results(basis, missed, achieved="0")]},
        expected_revision=None,
    )
    make_agreed(people["other_deputy"], people["other_supervisor"])
    expected = summary(report_to_dict(report))
    assert 0 < expected["met"] < expected["targets"]

    year = report.agreement.fiscal_year.year
    page = client_for(people["hr"]).get(reverse("cycle:results_extensions", args=[year]))
    assert reverse("cycle:results_export", args=[year]) in page.content.decode()
    response = client_for(people["hr"]).get(reverse("cycle:results_export", args=[year]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}

    mine = rows[report.agreement.owner_name]
    assert mine[4] == "ร่าง"
    part1_targets, part1_met, part2_targets, part2_met, targets, met, share = mine[5:12]
    assert all(isinstance(n, int) for n in (part1_targets, part1_met, part2_targets, part2_met, targets, met))
    assert (targets, met) == (expected["targets"], expected["met"])
    assert part1_targets + part2_targets == targets and part1_met + part2_met == met
    assert part2_targets > 0 and part1_met < part1_targets
    assert share == pytest.approx(round(met * 100 / targets, 2))

    not_started = next(row for name, row in rows.items() if name != report.agreement.owner_name)
    assert not_started[4] == "ยังไม่เริ่ม"
    assert not_started[5:12] == (None,) * 7


def test_only_hr_downloads_the_results_excel(people, client_for):
    report = make_report(people["deputy"], people["supervisor"])
    url = reverse("cycle:results_export", args=[report.agreement.fiscal_year.year])
    assert client_for(people["deputy"]).get(url).status_code in (403, 404)
