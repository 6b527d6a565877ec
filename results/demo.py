"""Demo results reports for seed_demo (after the agreements are agreed): deputy1's complete and
accepted by the director, deputy3's in progress (Part 1 domain 1 and the first challenge issue).
The results window is set around today so that the demo can be tried at any time of year."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from agreements.demo import DEMO_FISCAL_YEAR
from agreements.models import Agreement

from . import drafts, measures, workflow
from .models import ResultsCalendar
from .snapshot import QUALITATIVE_KINDS, QUANTITATIVE_KINDS

DAYS_OPEN = 30
DAYS_TO_DEADLINE = 20


def _achieved(measure, shortfall: bool) -> str:
    """A plausible achieved value: a little better than the target, or a little short of it."""
    if measure is None:
        return "1"
    value = Decimal(measure.value)
    step = max(value * Decimal("0.05"), Decimal("0.5")) if value else Decimal("1")
    better = value - step if measure.comparison == measures.AT_MOST else value + step
    worse = value + step if measure.comparison == measures.AT_MOST else value - step
    chosen = worse if shortfall else better
    if measure.unit == measures.PERCENT:
        chosen = min(chosen, Decimal(100))
    return measures.plain(max(chosen, Decimal(0)).quantize(Decimal("0.1")))


def _row(row: dict, number: int) -> dict:
    first_task = (row["tasks"].splitlines() or [""])[0].strip(" -•")
    return {
        "sub_item": row["sub_item"],
        "done": f"ดำเนินการครบตามแผน: {first_task} มีการประชุมชี้แจง นิเทศติดตาม และสรุปรายงานผลต่อผู้บริหาร",
        "self_rating": 3 if number % 4 else 4,
        "rating_reason": "ผลการดำเนินงานเป็นไปตามตัวชี้วัดที่กำหนด มีหลักฐานเชิงประจักษ์",
        "indicators": [
            {
                "group": target["group"],
                "achieved": _achieved(measures.measure_of_indicator(target["indicator"]), number == 5)
                if target.get("kind") in QUANTITATIVE_KINDS
                else "",
                "description": "บรรลุตามตัวชี้วัด ผู้เกี่ยวข้องสะท้อนผลว่าการดำเนินงานเป็นประโยชน์และนำไปใช้ได้จริง"
                if target.get("kind") in QUALITATIVE_KINDS or not target.get("kind")
                else "",
            }
            for target in row.get("targets", [])
        ],
    }


def _issue(issue: dict) -> dict:
    targets = []
    for index, target in enumerate(issue["targets"]):
        if target["kind"] == "quantitative":
            measure = measures.measure_of_target(target["text"], target.get("value"), target.get("unit", ""))
            targets.append({"index": index, "achieved": _achieved(measure, index == 1), "outcome": ""})
        else:
            targets.append(
                {"index": index, "achieved": "", "outcome": "ผลการสังเกตและแบบสอบถามพบว่าเป็นไปตามที่คาดหวัง"}
            )
    last = len(issue["method"]) - 1
    return {
        "order": issue["order"],
        "lessons": "ช่วงเปิดภาคเรียนสถานศึกษามีภาระงานมาก จึงปรับการนิเทศเป็นแบบออนไลน์ผสมการลงพื้นที่ "
        "และใช้เครือข่ายครูแกนนำช่วยติดตามผล",
        "self_rating": 3,
        "rating_reason": "ผลลัพธ์ส่วนใหญ่บรรลุเป้าหมาย",
        "targets": targets,
        "steps": [
            {
                "index": index,
                "status": "partly" if index == last else "done",
                "reason": "อยู่ระหว่างสรุปผลและเผยแพร่ ตามปฏิทินสิ้นปีงบประมาณ" if index == last else "",
            }
            for index in range(len(issue["method"]))
        ],
    }


def results_data(report, *, domains=None, issues=None) -> dict:
    basis = report.basis.snapshot
    rows = [row for row in basis["part1"] if domains is None or row["domain"] in domains]
    chosen = [issue for issue in basis["part2"] if issues is None or issue["order"] in issues]
    return {
        "part1": [_row(row, number) for number, row in enumerate(rows)],
        "part2": [_issue(issue) for issue in chosen],
    }


def seed(users: dict) -> dict:
    today = timezone.localdate()
    year = Agreement.objects.get(owner=users["deputy1"], fiscal_year__year=DEMO_FISCAL_YEAR).fiscal_year
    ResultsCalendar.objects.update_or_create(
        fiscal_year=year,
        defaults={
            "opens_on": today - dt.timedelta(days=DAYS_OPEN),
            "deadline": timezone.now() + dt.timedelta(days=DAYS_TO_DEADLINE),
        },
    )
    complete_agreement = Agreement.objects.get(owner=users["deputy1"], fiscal_year=year)
    complete = drafts.report_start(agreement=complete_agreement, actor=users["deputy1"])
    drafts.report_update(
        report=complete, actor=users["deputy1"], data=results_data(complete), expected_revision=None
    )
    workflow.report_submit(report=complete, actor=users["deputy1"])
    workflow.report_accept(report=complete, actor=users["director"], comment="รับรองผลการดำเนินงาน")

    started_agreement = Agreement.objects.get(owner=users["deputy3"], fiscal_year=year)
    started = drafts.report_start(agreement=started_agreement, actor=users["deputy3"])
    drafts.report_update(
        report=started,
        actor=users["deputy3"],
        data=results_data(started, domains={1}, issues={1}),
        expected_revision=None,
    )
    return {"complete": complete, "in_progress": started}
