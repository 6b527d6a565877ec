"""The results pages as the deputy and the director use them."""

import pytest
from django.urls import reverse

from results.models import ResultsReport
from results.tests.factories import complete_results_data, make_agreed, make_report, open_window

pytestmark = pytest.mark.django_db


def _part1_post(report, client, **changes):
    page = client.get(reverse("results:part1", args=[report.pk]) + "?domain=1")
    assert page.status_code == 200
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(changes)
    return data


def test_the_deputy_starts_fills_a_domain_and_submits(people, client_for):
    deputy = people["deputy"]
    agreement = make_agreed(deputy, people["supervisor"])
    open_window(agreement.fiscal_year)
    client = client_for(deputy)
    listing = client.get(reverse("results:mine"))
    assert "เริ่มรายงานผล" in listing.content.decode()
    response = client.post(reverse("results:start", args=[agreement.pk]))
    report = ResultsReport.objects.get(agreement=agreement)
    assert response.url == reverse("results:detail", args=[report.pk])

    data = _part1_post(
        report, client, **{"done__1.1": "จัดประชุมทบทวนแผน 4 ครั้ง", "achieved__1.1__office": "92"}
    )
    saved = client.post(
        reverse("results:part1", args=[report.pk]) + "?domain=1", data, HTTP_ACCEPT="application/json"
    )
    assert saved.status_code == 200 and saved.json()["ok"]
    page = client.get(reverse("results:detail", args=[report.pk])).content.decode()
    assert "จัดประชุมทบทวนแผน 4 ครั้ง" in page
    assert "ร้อยละ 92" in page and "บรรลุเป้าหมาย" in page

    # The rest through the service, then the submit button.
    from results import drafts

    drafts.report_update(
        report=report, actor=deputy, data=complete_results_data(report), expected_revision=None
    )
    client.post(reverse("results:submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "submitted"
    # Submitted: the edit pages send the deputy back to the report, autosave gets 423.
    assert client.get(reverse("results:part2", args=[report.pk])).status_code == 302
    locked = client.post(reverse("results:part2", args=[report.pk]), {}, HTTP_ACCEPT="application/json")
    assert locked.status_code == 423


def test_a_stale_autosave_is_refused_with_409_and_a_number_is_required(people, client_for):
    report = make_report(people["deputy"], people["supervisor"], complete=False)
    client = client_for(people["deputy"])
    url = reverse("results:part1", args=[report.pk]) + "?domain=1"
    data = _part1_post(report, client, **{"done__1.1": "ครั้งแรก"})
    assert client.post(url, data, HTTP_ACCEPT="application/json").status_code == 200
    data["done__1.1"] = "จากแท็บเก่า"
    stale = client.post(url, data, HTTP_ACCEPT="application/json")
    assert stale.status_code == 409 and stale.json()["stale"]

    fresh = _part1_post(report, client, **{"achieved__1.1__office": "เกือบครบ"})
    refused = client.post(url, fresh)
    assert refused.status_code == 400
    assert "ไม่ใช่ตัวเลข" in refused.content.decode()


def test_the_director_returns_with_a_comment_and_then_accepts(people, client_for):
    report = make_report(people["deputy"], people["supervisor"], submit=True)
    director = client_for(people["supervisor"])
    url = reverse("results:review", args=[report.pk])
    page = director.get(reverse("results:detail", args=[report.pk])).content.decode()
    assert "พิจารณารายงานผล" in page
    director.post(url, {"decision": "return", "comment": "ขอหลักฐานเพิ่มในข้อ 1.1"})
    report.refresh_from_db()
    assert report.status == "returned"

    deputy = client_for(people["deputy"])
    assert "ขอหลักฐานเพิ่มในข้อ 1.1" in deputy.get(reverse("results:detail", args=[report.pk])).content.decode()
    deputy.post(reverse("results:submit", args=[report.pk]))
    director.post(url, {"decision": "accept", "comment": ""})
    report.refresh_from_db()
    assert report.status == "accepted"


def test_another_offices_people_get_404(people, client_for):
    report = make_report(people["deputy"], people["supervisor"], submit=True)
    for name in ("other_deputy", "other_supervisor"):
        client = client_for(people[name])
        assert client.get(reverse("results:detail", args=[report.pk])).status_code == 404
        assert (
            client.post(reverse("results:review", args=[report.pk]), {"decision": "accept"}).status_code
            == 404
        )


def test_a_refused_field_is_marked_and_keeps_what_was_typed(people, client_for):
    report = make_report(people["deputy"], people["supervisor"], complete=False)
    client = client_for(people["deputy"])
    typed = "๙" * 31  # one more than a result's value may hold
    data = _part1_post(report, client, **{"achieved__1.1__office": typed, "done__1.1": "ประชุม 4 ครั้ง"})
    refused = client.post(reverse("results:part1", args=[report.pk]) + "?domain=1", data)
    assert refused.status_code == 400
    page = refused.content.decode()
    box = page[page.index('name="achieved__1.1__office"') :].split(">", 1)[0]
    assert "is-invalid" in box and 'aria-invalid="true"' in box and f'value="{typed}"' in box
    assert 'id="id_achieved__1.1__office_error"' in page and "ประชุม 4 ครั้ง" in page
