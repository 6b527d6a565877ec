"""Results reports for tests, built through the real services.

agreement = make_agreed(people["deputy"], people["supervisor"])    # agreed, 2570
open_window(agreement.fiscal_year)                                  # opened yesterday, due in 30 days
report = drafts.report_start(agreement=agreement, actor=deputy)
drafts.report_update(report=report, actor=deputy, data=complete_results_data(report), ...)
"""

import datetime as dt

from django.utils import timezone

from agreements import workflow as agreement_workflow
from agreements.tests.factories import make_agreement
from results import drafts
from results.models import ResultsCalendar


def make_agreed(owner, supervisor, **kwargs):
    agreement = make_agreement(owner, submit=True, **kwargs)
    agreement_workflow.agreement_agree(agreement=agreement, actor=supervisor, comment="เห็นชอบ")
    agreement.refresh_from_db()
    return agreement


def open_window(fiscal_year, *, opened_days_ago: int = 1, due_in_days: int = 30) -> ResultsCalendar:
    now = timezone.now()
    calendar, _ = ResultsCalendar.objects.update_or_create(
        fiscal_year=fiscal_year,
        defaults={
            "opens_on": timezone.localdate(now) - dt.timedelta(days=opened_days_ago),
            "deadline": now + dt.timedelta(days=due_in_days),
        },
    )
    return calendar


def row_results(basis: dict, code: str, *, achieved: str = "95", text: str = "") -> dict:
    row = next(r for r in basis["part1"] if r["sub_item"] == code)
    return {
        "sub_item": code,
        "done": text or f"ดำเนินการตามงานข้อ {code} ครบทุกกิจกรรม",
        "self_rating": 3,
        "rating_reason": f"ผลงานข้อ {code} เป็นไปตามที่คาดหวัง",
        "indicators": [
            {
                "group": t["group"],
                "achieved": achieved if t.get("kind") in ("quantitative", "both") else "",
                "description": f"ผลเชิงคุณภาพข้อ {code} กลุ่ม {t['group']}"
                if t.get("kind") != "quantitative"
                else "",
            }
            for t in row.get("targets", [])
        ],
    }


def issue_results(basis: dict, order: int, *, achieved: str = "98") -> dict:
    issue = next(i for i in basis["part2"] if i["order"] == order)
    return {
        "order": order,
        "lessons": f"ปัญหาของประเด็นที่ {order}: ช่วงเปิดภาคเรียนครูมีภาระงานมาก แก้โดยนิเทศออนไลน์",
        "self_rating": 4,
        "rating_reason": "ผลลัพธ์สูงกว่าเป้าหมาย",
        "targets": [
            {
                "index": index,
                "achieved": achieved if t["kind"] == "quantitative" else "",
                "outcome": f"ผลเชิงคุณภาพของเป้าหมายที่ {index + 1}" if t["kind"] == "qualitative" else "",
            }
            for index, t in enumerate(issue["targets"])
        ],
        "steps": [{"index": index, "status": "done", "reason": ""} for index in range(len(issue["method"]))],
    }


def complete_results_data(report) -> dict:
    basis = report.basis.snapshot
    return {
        "part1": [row_results(basis, row["sub_item"]) for row in basis["part1"]],
        "part2": [issue_results(basis, issue["order"]) for issue in basis["part2"]],
    }


def make_report(owner, supervisor, *, complete: bool = True, submit: bool = False):
    agreement = make_agreed(owner, supervisor)
    open_window(agreement.fiscal_year)
    report = drafts.report_start(agreement=agreement, actor=owner)
    if complete:
        drafts.report_update(
            report=report, actor=owner, data=complete_results_data(report), expected_revision=None
        )
    if submit:
        from results import workflow

        workflow.report_submit(report=report, actor=owner)
    report.refresh_from_db()
    return report


def committee_sheet(agreement, people):
    """Seat evaluator1 (chair), 2 and 3 on the agreement's committee in a round open today;
    evaluator1's score sheet."""
    from evaluations import committees, schemes, services
    from evaluations.models import Evaluation

    schemes.schemes_load_all()
    evaluation_round = services.round_create(
        actor=people["hr"],
        fiscal_year=agreement.fiscal_year.year,
        number=1,
        title=f"การประเมินครั้งที่ 1 ปีงบประมาณ {agreement.fiscal_year.year}",
        scheme=schemes.scheme_latest(),
        starts_on=timezone.localdate() - dt.timedelta(days=7),
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    committee = committees.committee_assign(
        evaluation_round=evaluation_round,
        agreement=agreement,
        chair=people["evaluator1"],
        members=[people["evaluator2"], people["evaluator3"]],
        actor=people["hr"],
    )
    return Evaluation.objects.get(member__committee=committee, member__evaluator=people["evaluator1"])
