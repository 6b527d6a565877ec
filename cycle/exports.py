"""The dashboard's lists as Excel workbooks (Thai headers; real dates, shown in พ.ศ.)."""

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from pa_portal.xlsx import append_row

HEADERS = (
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
WIDTHS = (8, 32, 14, 50, 24, 18, 22, 26, 28)


def _day(moment):
    """The day of a moment in Thailand: a real date, which the writer shows in พ.ศ."""
    return timezone.localtime(moment).date() if moment else None


def people_workbook(rows, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "รายชื่อ"
    append_row(sheet, HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        agreement = row.agreement
        append_row(
            sheet,
            [
                number,
                row.name,
                row.office.code if row.office else "",
                row.office.name if row.office else "",
                row.state_label,
                agreement.number if agreement else "",
                _day(agreement.submitted_at) if agreement else None,
                _day(agreement.agreed_at) if agreement else None,
                row.extension_until,
            ],
        )
    for i, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.title = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


RESULTS_HEADERS = (
    "ลำดับ",
    "ชื่อ-นามสกุล",
    "สังกัด",
    "เลขที่ข้อตกลง",
    "สถานะรายงานผล",
    "ส่วนที่ 1 ตัวชี้วัดเชิงปริมาณ",
    "ส่วนที่ 1 บรรลุ",
    "ส่วนที่ 2 เป้าหมายเชิงปริมาณ",
    "ส่วนที่ 2 บรรลุ",
    "รวมเป้าหมายเชิงปริมาณ",
    "รวมบรรลุ",
    "ร้อยละที่บรรลุ",
)
RESULTS_WIDTHS = (8, 32, 50, 18, 24, 16, 12, 16, 12, 16, 12, 14)


def results_workbook(rows, *, title: str) -> bytes:
    """One line per deputy with an agreed agreement: how many quantitative targets were met of
    how many (results.selectors.achievements_of_year's rows). Counts are numbers, blank when the
    report was not started."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "ผลสัมฤทธิ์รายบุคคล"
    append_row(sheet, RESULTS_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=1):
        agreement, report, counts = row["agreement"], row["report"], row["achievement"]
        figures = [None] * 7
        if counts is not None:
            targets = counts["part1_targets"] + counts["part2_targets"]
            met = counts["part1_met"] + counts["part2_met"]
            share = round(met * 100 / targets, 2) if targets else None
            figures = [
                counts["part1_targets"],
                counts["part1_met"],
                counts["part2_targets"],
                counts["part2_met"],
                targets,
                met,
                share,
            ]
        append_row(
            sheet,
            [
                number,
                agreement.owner_name,
                agreement.office_name,
                agreement.number,
                report.get_status_display() if report else "ยังไม่เริ่ม",
                *figures,
            ],
        )
    for i, width in enumerate(RESULTS_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.title = title
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
