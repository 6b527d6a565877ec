"""The results workbook (.xlsx): a summary sheet, then one sheet per office with one row per
agreement. The HR page and `manage.py export_results` both call `results_workbook`."""

import io
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pa_portal.xlsx import append_row

from . import selectors
from .models import EvaluationRound, RoundState
from .scoring import Rubric

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SUMMARY_TITLE = "สรุปภาพรวม"
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_ABBREVIATIONS = (
    ("สำนักงานเขตพื้นที่การศึกษาประถมศึกษา", "สพป."),
    ("สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา", "สพม."),
    ("สำนักงานเขตพื้นที่การศึกษา", "สพท."),
)
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE7F6")
_NUMBER_FORMAT = "0.00"


def _n(value) -> str:
    return format(value.normalize(), "f")


def sheet_title(name: str, taken: set[str]) -> str:
    """An Excel sheet name (31 characters, no []:*?/\\) that is short, readable and unique."""
    for long, short in _ABBREVIATIONS:
        name = name.replace(long, short)
    base = _SHEET_FORBIDDEN.sub(" ", name).strip()[:31] or "สำนักงาน"
    title, n = base, 2
    while title in taken:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title)
    return title


def _rubric(rounds: list[EvaluationRound]) -> Rubric:
    return rounds[0].scheme.rubric()


def _headers(rubric: Rubric) -> list[str]:
    p1, p2, total = _n(rubric.part1_points), _n(rubric.part2_points), _n(rubric.total_points)
    headers = [
        "ลำดับ",
        "รอบการประเมิน",
        "เลขที่ข้อตกลง",
        "ชื่อ-นามสกุล",
        "ตำแหน่ง",
        "วิทยฐานะ",
        "สถานะการประเมิน",
    ]
    for i in range(rubric.committee_size):
        seat = "ประธานกรรมการ" if i == 0 else f"กรรมการคนที่ {i}"
        headers += [
            f"{seat}: ชื่อ-นามสกุล",
            f"{seat}: ส่วนที่ 1 ({p1})",
            f"{seat}: ส่วนที่ 2 ({p2})",
            f"{seat}: รวม ({total})",
            f"{seat}: ผล",
        ]
    headers += [f"คะแนนเฉลี่ยของคณะกรรมการ ({total})", "ผลการประเมินของคณะกรรมการ"]
    return headers


def _verdict(passed: bool) -> str:
    return "ผ่านเกณฑ์" if passed else "ไม่ผ่านเกณฑ์"


def _row(index: int, evaluation_round: EvaluationRound, row: selectors.AgreementRow, size: int) -> list:
    agreement = row.agreement
    values = [
        index,
        evaluation_round.title,
        agreement.number,
        agreement.owner_name,
        agreement.owner_position,
        agreement.owner_academic_standing,
        row.state_label,
    ]
    for i in range(size):
        seat = row.seats[i] if i < len(row.seats) else None
        if seat is None:
            values += ["", None, None, None, ""]
        elif seat.result is None:
            values += [seat.member.evaluator_name, None, None, None, seat.evaluation.get_status_display()]
        else:
            values += [
                seat.member.evaluator_name,
                seat.result.part1,
                seat.result.part2,
                seat.result.total,
                _verdict(seat.result.passed),
            ]
    outcome = row.outcome
    if outcome is not None and outcome.complete:
        values += [outcome.mean, _verdict(outcome.passed)]
    else:
        values += [None, ""]
    return values


def _style_header(ws, width: int) -> None:
    for col in range(1, width + 1):
        cell = ws.cell(row=1, column=col)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = 14 if col > 7 else 22
    ws.column_dimensions["A"].width = 7
    ws.freeze_panes = "E2"


def results_workbook(rounds: list[EvaluationRound]) -> Workbook:
    rounds = list(rounds)
    workbook = Workbook()
    summary = workbook.active
    summary.title = SUMMARY_TITLE
    state_labels = [label for _, label in RoundState.choices]
    append_row(
        summary,
        ["รอบการประเมิน", "สำนักงานเขตพื้นที่การศึกษา", "จำนวนข้อตกลง", *state_labels, "ผ่านเกณฑ์", "ไม่ผ่านเกณฑ์"],
    )
    _style_header(summary, 7 + 1)
    summary.freeze_panes = "A2"
    if not rounds:
        return workbook
    rubric = _rubric(rounds)
    headers = _headers(rubric)
    office_sheets, taken = {}, {SUMMARY_TITLE}
    counters = {}
    for evaluation_round in rounds:
        for table in selectors.round_table(evaluation_round):
            ws = office_sheets.get(table.office.pk)
            if ws is None:
                ws = workbook.create_sheet(sheet_title(table.office.name, taken))
                append_row(ws, headers)
                _style_header(ws, len(headers))
                office_sheets[table.office.pk] = ws
            for row in table.rows:
                counters[table.office.pk] = counters.get(table.office.pk, 0) + 1
                append_row(ws, _row(counters[table.office.pk], evaluation_round, row, rubric.committee_size))
            counts = table.counts
            passed = sum(1 for r in table.rows if r.outcome and r.outcome.complete and r.outcome.passed)
            failed = sum(1 for r in table.rows if r.outcome and r.outcome.complete and not r.outcome.passed)
            append_row(
                summary,
                [
                    evaluation_round.title,
                    table.office.name,
                    len(table.rows),
                    *[counts[s] for s in RoundState.values],
                    passed,
                    failed,
                ],
            )
    for ws in office_sheets.values():
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, Decimal):
                    cell.number_format = _NUMBER_FORMAT
    return workbook


def results_workbook_bytes(rounds: list[EvaluationRound]) -> bytes:
    buffer = io.BytesIO()
    results_workbook(rounds).save(buffer)
    return buffer.getvalue()
