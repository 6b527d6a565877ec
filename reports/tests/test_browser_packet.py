"""HR watches a packet being built in a real browser (headless Chromium through Playwright): the
progress bar follows the documents as they are prepared, then the download link appears."""

import pytest

from agreements.models import FiscalYear
from reports import services

from .factories import compact_data, deputy, submitted_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_progress_bar_follows_the_packet_and_offers_the_download(
    role_groups, standards, policies, people, media, live_server, open_as
):
    for owner in (people["deputy"], deputy(people["office"])):
        submitted_agreement(owner, data=compact_data())
    export = services.packet_export_request(
        actor=people["hr"], fiscal_year=FiscalYear.objects.get(year=2570), kinds=["pa1"], queue=False
    )
    page = open_as(people["hr"])  # script errors fail the test (the `watch` fixture)
    page.goto(f"/reports/packets/{export.pk}/")
    assert page.text_content("#packet-status") == "รอคิว"
    assert not page.is_visible("#packet-download")

    def shows(count: str, percent: str):
        page.wait_for_function(
            "([count, percent]) => document.getElementById('packet-count').textContent === count"
            " && document.getElementById('packet-progress').getAttribute('aria-valuenow') === percent",
            arg=[count, percent],
        )

    pending, _ = services.packet_export_plan(export_id=export.pk)
    shows("0 / 2", "0")
    assert page.text_content("#packet-status") == "กำลังสร้างเอกสาร"
    services.packet_document_prepare(document_id=pending[0])
    shows("1 / 2", "50")
    services.packet_document_prepare(document_id=pending[1])
    services.packet_export_assemble(export_id=export.pk)
    page.wait_for_selector("#packet-download a", state="visible")
    shows("2 / 2", "100")
    assert page.text_content("#packet-status") == "เสร็จแล้ว"

    href = page.get_attribute("#packet-download a", "href")
    assert href == f"/reports/packets/{export.pk}/download"
    download = page.request.get(f"{live_server.url}{href}")
    assert download.ok and download.body().startswith(b"%PDF-")
