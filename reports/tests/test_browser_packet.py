"""HR asks for a packet in a real browser (headless Chromium through Playwright), with no worker
running: the request returns at once and the page shows the documents being made, then the
download link. Choosing offices works among the country's 245: search, by province and kind,
all shown at once."""

import pytest
from playwright.sync_api import expect

from accounts.models import Office
from agreements.models import FiscalYear
from reports.models import PacketExport
from testsupport.browser import assert_accessible, assert_no_horizontal_scroll, assert_tap_targets

from .factories import compact_data, deputy, submitted_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROVINCES = ["พิษณุโลก", "เชียงใหม่", "ขอนแก่น", "สงขลา", "นครราชสีมา"]


def make_offices(count: int) -> None:
    """Offices up to `count`, spread over five provinces and both kinds, as the real list is."""
    have = Office.objects.count()
    Office.objects.bulk_create(
        Office(
            code=f"9{n:07d}",
            name=f"สำนักงานเขตพื้นที่การศึกษา{'ประถม' if n % 3 else 'มัธยม'}ศึกษา{PROVINCES[n % 5]} เขต {n}",
            kind=Office.Kind.PRIMARY if n % 3 else Office.Kind.SECONDARY,
            province=PROVINCES[n % 5],
        )
        for n in range(count - have)
    )


def test_without_a_worker_the_page_shows_the_packet_being_made(
    role_groups, standards, policies, people, media, live_server, open_as
):
    for owner in (people["deputy"], deputy(people["office"])):
        submitted_agreement(owner, data=compact_data())
    page = open_as(people["hr"])  # script errors fail the test (the `watch` fixture)
    page.goto("/reports/packets/")
    page.get_by_role("button", name="สร้างชุดเอกสาร").click()
    page.wait_for_url("**/reports/packets/*/")
    export = PacketExport.objects.get()
    # Every number the count showed, as the page's progress requests made the documents.
    page.evaluate(
        """() => { const count = document.getElementById('packet-count');
                   window.shown = [count.textContent];
                   new MutationObserver(() => window.shown.push(count.textContent))
                       .observe(count, {childList: true, characterData: true, subtree: true}); }"""
    )
    expect(page.locator("#packet-download a")).to_be_visible()
    expect(page.locator("#packet-status")).to_have_text("เสร็จแล้ว")
    expect(page.locator("#packet-banner")).to_have_text("สร้างชุดเอกสารครบทั้ง 2 เอกสารแล้ว ดาวน์โหลดได้")
    assert "1 / 2" in page.evaluate("window.shown") and page.text_content("#packet-count") == "2 / 2"
    assert page.get_attribute("#packet-progress", "aria-valuenow") == "100"
    assert_accessible(page)

    href = page.get_attribute("#packet-download a", "href")
    assert href == f"/reports/packets/{export.pk}/download"
    download = page.request.get(f"{live_server.url}{href}")
    assert download.ok and download.body().startswith(b"%PDF-")


def test_hr_chooses_offices_among_245_by_search_province_and_kind(role_groups, people, open_as):
    FiscalYear.objects.get_or_create(year=2570)
    make_offices(245)
    page = open_as(people["hr"])
    page.goto("/reports/packets/")
    picker = page.get_by_role("group", name="เลือกสำนักงาน")
    count = page.locator("#id_offices-count")
    expect(count).to_have_text("ยังไม่ได้เลือก: ระบบจะรวมทุกสำนักงาน")

    # Every secondary office of one province, in two choices and a click.
    page.get_by_label("จังหวัด", exact=True).select_option("ขอนแก่น")
    page.get_by_label("ประเภท", exact=True).select_option("สพม.")
    wanted = set(
        Office.objects.filter(province="ขอนแก่น", kind=Office.Kind.SECONDARY).values_list("pk", flat=True)
    )
    expect(count).to_have_text(f"ยังไม่ได้เลือก: ระบบจะรวมทุกสำนักงาน · แสดง {len(wanted)} แห่งตามที่ค้นหา")
    picker.get_by_role("button", name="เลือกทุกแห่งที่แสดง").click()

    # And one more, found by its code.
    page.get_by_label("ประเภท", exact=True).select_option("")
    page.get_by_label("จังหวัด", exact=True).select_option("")
    extra = Office.objects.get(name__endswith="สงขลา เขต 13")
    page.get_by_label("ค้นหาสำนักงาน").fill(extra.code)
    picker.get_by_label(f"{extra.name} ({extra.code})", exact=True).check()
    expect(count).to_have_text(f"เลือกแล้ว {len(wanted) + 1} จาก 245 สำนักงาน · แสดง 1 แห่งตามที่ค้นหา")
    assert_accessible(page)

    for box in page.locator('input[name="kinds"]').all():
        box.check()
    page.get_by_role("button", name="สร้างชุดเอกสาร").click()
    page.wait_for_url("**/reports/packets/*/")
    export = PacketExport.objects.get()
    assert set(export.offices.values_list("pk", flat=True)) == wanted | {extra.pk}


def test_the_packet_form_fits_a_phone_and_the_server_refuses_an_unknown_office(
    role_groups, people, open_as, client_for
):
    make_offices(245)
    phone = open_as(people["hr"], phone=True)
    phone.goto("/reports/packets/")
    assert_no_horizontal_scroll(phone)
    assert_tap_targets(phone, ".office-picker button, .office-picker .form-check")
    assert_accessible(phone)

    year = FiscalYear.objects.get_or_create(year=2570)[0]
    response = client_for(people["hr"]).post(
        "/reports/packets/", {"fiscal_year": year.pk, "kinds": ["pa1"], "format": "pdf", "offices": [999999]}
    )
    assert response.status_code == 200 and not PacketExport.objects.exists()
    assert "999999" in response.context["form"].errors["offices"][0]
