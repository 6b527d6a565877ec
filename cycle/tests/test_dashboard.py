"""HR's dashboard: counts by state and office that match the data, each leading to its list."""

import datetime as dt
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from agreements import deadlines, drafts
from agreements.deadlines import SubmissionWindow
from agreements.models import Agreement
from cycle import selectors
from pa_portal import roles
from testsupport.factories import OfficeFactory, make_person

from .conftest import bangkok, year_2570


def start(owner, status=Agreement.Status.DRAFT):
    agreement = drafts.agreement_start(owner=owner, fiscal_year=2570)
    Agreement.objects.filter(pk=agreement.pk).update(status=status)
    return agreement


@pytest.fixture
def year(cast):
    """Office: 5 deputies (draft, 2 submitted, returned, not started).
    Other office: 3 deputies (agreed, evaluated, not started) and an inactive one who is ignored."""
    office, other = cast["office"], cast["other_office"]
    deputies = [make_person(f"d{i}", [roles.DEPUTY], office, first_name=f"รอง{i}") for i in range(1, 5)]
    start(cast["deputy"])
    start(deputies[0], Agreement.Status.SUBMITTED)
    start(deputies[1], Agreement.Status.SUBMITTED)
    start(deputies[2], Agreement.Status.RETURNED)
    start(cast["other_deputy"], Agreement.Status.AGREED)
    start(make_person("o1", [roles.DEPUTY], other, first_name="รองโอ"), Agreement.Status.EVALUATED)
    make_person("o2", [roles.DEPUTY], other, first_name="ยังไม่เริ่ม")
    gone = make_person("o3", [roles.DEPUTY], other, first_name="ย้ายออก")
    gone.is_active = False
    gone.save()
    # Another year's agreement never counts in 2570.
    drafts.agreement_start(owner=deputies[3], fiscal_year=2569)
    return year_2570()


def test_counts_by_state_and_office_match_the_data(cast, year):
    rows, totals = selectors.dashboard_counts(year)
    by_office = {row.office.code: row.counts for row in rows}
    assert by_office[cast["office"].code] == {
        "not_started": 1,
        "draft": 1,
        "submitted": 2,
        "returned": 1,
        "agreed": 0,
        "evaluated": 0,
    }
    assert by_office[cast["other_office"].code] == {
        "not_started": 1,
        "draft": 0,
        "submitted": 0,
        "returned": 0,
        "agreed": 1,
        "evaluated": 1,
    }
    assert totals.total == 8
    # The same figures, counted the slow way from the rows themselves.
    assert (
        totals.counts["draft"]
        + totals.counts["submitted"]
        + totals.counts["returned"]
        + totals.counts["agreed"]
        + totals.counts["evaluated"]
        == Agreement.objects.filter(fiscal_year=year).count()
    )


def _cell_links(html: str) -> list[tuple[str, int]]:
    """The links of the table's row for the office 65020000: (URL, the number shown)."""
    row = re.search(r"<tr><th scope=\"row\" class=\"fw-normal\">[^<]*เขต 2</th>(.*?)</tr>", html, re.S).group(
        1
    )
    return [(unescape(url), int(n)) for url, n in re.findall(r'<a href="([^"]+)">(\d+)</a>', row)]


def test_the_dashboard_table_and_chart_link_every_cell_to_its_list(cast, year, client_for):
    client = client_for(cast["hr"])
    html = client.get("/cycle/dashboard/?year=2570").content.decode()
    assert "<svg" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing loaded from elsewhere
    assert "สพป.พิษณุโลก เขต 2" in html  # the chart's short office label
    links = _cell_links(html)
    assert [n for _, n in links] == [1, 1, 2, 1, 5]  # not started, draft, submitted, returned, total
    for url, count in links:
        listing = client.get(url).content.decode()
        assert f"({count} รายการ)" in listing
        assert url in html.replace("&amp;", "&")  # the chart links the same lists
    submitted = client.get(links[2][0]).content.decode()
    assert "รอง1" in submitted and "รอง2" in submitted and "รอง3" not in submitted


def test_the_not_started_list_names_deputies_without_an_agreement(cast, year, client_for):
    html = client_for(cast["hr"]).get("/cycle/dashboard/list/?year=2570&state=not_started").content.decode()
    assert "รอง4" in html
    assert "ยังไม่เริ่ม" in html
    assert "ย้ายออก" not in html
    assert f"/cycle/extensions/2570/{cast['other_deputy'].pk}/" not in html


def test_the_list_exports_to_excel_with_thai_headers(cast, year, client_for):
    deadlines.extension_grant(
        person=cast["deputy"],
        window=SubmissionWindow(year),
        until=bangkok(2027, 1, 20, 16, 30),
        reason="ลาป่วย",
        actor=cast["hr"],
    )
    response = client_for(cast["hr"]).get(
        f"/cycle/dashboard/list.xlsx?year=2570&office={cast['office'].code}"
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="pa-2570-all-65020000.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "ลำดับ",
        "ชื่อ-นามสกุล",
        "รหัสหน่วยงาน",
        "สังกัด",
        "สถานะ",
        "เลขที่ข้อตกลง",
        "วันที่ส่ง",
        "วันที่ผู้บังคับบัญชาเห็นชอบ",
        "ขยายเวลาส่งถึง",
    )
    body = rows[1:]
    assert len(body) == 5
    assert {r[4] for r in body} == {"ยังไม่เริ่มจัดทำ", "ร่าง", "ส่งแล้ว รอการพิจารณา", "ส่งกลับให้แก้ไข"}
    mine = next(r for r in body if r[1] == "นายสุภาพร แก้วมณี")
    assert mine[2] == "65020000"
    assert mine[5] == Agreement.objects.get(owner=cast["deputy"]).number
    # A real date and time, which Excel and LibreOffice show in พ.ศ. ("20 มกราคม 2570 16:30").
    assert mine[8] == dt.datetime(2027, 1, 20, 16, 30)
    extended = next(row[8] for row in sheet.iter_rows(min_row=2) if row[1].value == "นายสุภาพร แก้วมณี")
    assert extended.number_format.startswith("[$-107041E]")


@pytest.mark.parametrize(
    "url",
    [
        "/cycle/dashboard/?year=2570",
        "/cycle/dashboard/list/?year=2570&state=draft",
        "/cycle/dashboard/list.xlsx?year=2570",
        "/cycle/extensions/?year=2570",
    ],
)
@pytest.mark.parametrize("who", ["deputy", "supervisor", "evaluator1"])
def test_only_hr_sees_the_dashboard(cast, client_for, url, who):
    assert client_for(cast[who]).get(url).status_code == 404


def test_hr_and_admin_may_open_it(cast, year, client_for):
    for who in ("hr", "admin"):
        assert client_for(cast[who]).get("/cycle/dashboard/").status_code == 200


def test_an_unknown_state_or_year_is_not_found(cast, year, client_for):
    client = client_for(cast["hr"])
    assert client.get("/cycle/dashboard/list/?year=2570&state=lost").status_code == 404
    assert client.get("/cycle/dashboard/?year=2999").status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_and_its_lists_cost_the_same_queries_for_more_offices(cast, year, client_for):
    client = client_for(cast["hr"])
    urls = [
        "/cycle/dashboard/?year=2570",
        "/cycle/dashboard/list/?year=2570",
        "/cycle/dashboard/list.xlsx?year=2570",
    ]
    for url in urls:
        client.get(url)  # warm the session
    before = [_queries(client, url) for url in urls]
    for n in range(4):
        office = OfficeFactory(code=f"6600{n:04d}")
        start(make_person(f"more{n}", [roles.DEPUTY], office, first_name=f"เพิ่ม{n}"), Agreement.Status.AGREED)
        make_person(f"idle{n}", [roles.DEPUTY], office, first_name=f"ว่าง{n}")
    assert [_queries(client, url) for url in urls] == before


def test_a_name_that_looks_like_a_formula_is_exported_as_text(cast, year, client_for):
    make_person("formula", [roles.DEPUTY], cast["office"], title="", first_name="=1+2")
    response = client_for(cast["hr"]).get(
        f"/cycle/dashboard/list.xlsx?year=2570&office={cast['office'].code}"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2)]
    hostile = [cell for cell in names if "1+2" in str(cell.value)]
    assert hostile and all(c.data_type == "s" and c.value.startswith("'=1+2") for c in hostile)
    assert all(isinstance(row[0].value, int) for row in sheet.iter_rows(min_row=2))
