from django.db.models import QuerySet

from agreements.models import Agreement
from pa_portal.permissions import user_office_id

from . import permissions
from .models import ResultsExtension, ResultsReport, ResultsReview, ResultsSubmission
from .snapshot import report_to_dict

RELATED = ("agreement__fiscal_year", "agreement__office", "agreement__owner", "basis")


def reports_for(user) -> QuerySet[ResultsReport]:
    return permissions.reports_visible_to(user, ResultsReport.objects.select_related(*RELATED))


def report_lock(report: ResultsReport) -> ResultsReport:
    """The report, locked for the rest of the transaction (saves and steps serialise on it)."""
    return ResultsReport.objects.select_for_update(of=("self",)).select_related(*RELATED).get(pk=report.pk)


def agreements_to_report(user) -> QuerySet[Agreement]:
    """The deputy's agreed agreements, newest year first, with their report if started."""
    return (
        Agreement.objects.filter(owner=user, status__in=[Agreement.Status.AGREED, Agreement.Status.EVALUATED])
        .select_related("fiscal_year", "results_report")
        .order_by("-fiscal_year__year")
    )


def reports_to_review(user) -> QuerySet[ResultsReport]:
    office_id = user_office_id(user)
    return (
        ResultsReport.objects.filter(agreement__office_id=office_id)
        .exclude(status=ResultsReport.Status.DRAFT)
        .exclude(agreement__owner=user)
        .select_related(*RELATED)
        .order_by("status", "agreement__owner_name")
    )


def latest_submission(report: ResultsReport) -> ResultsSubmission | None:
    return report.submissions.order_by("-version").first()


def latest_review(report: ResultsReport) -> ResultsReview | None:
    return ResultsReview.objects.filter(submission__report=report).order_by("-created_at").first()


def results_for_sheet(sheet) -> dict | None:
    """What an evaluator reads beside the score sheet: the latest submitted results of the
    sheet's agreement (an unsubmitted draft is the deputy's own), as the snapshot says them.
    `sheet` is an evaluations Evaluation; results is below evaluations, so it is read by its
    committee's agreement id only."""
    agreement_id = sheet.member.committee.agreement_id
    submission = (
        ResultsSubmission.objects.filter(report__agreement_id=agreement_id)
        .select_related("report")
        .order_by("-version")
        .first()
    )
    if submission is None:
        return None
    return {"report": submission.report, "submission": submission, "data": submission.snapshot}


def reporters_of_year(fiscal_year) -> list[dict]:
    """HR's view of a year's results: each agreed agreement's owner, their report's state and
    their extension of the results deadline, by office and name."""
    extensions = {e.person_id: e for e in ResultsExtension.objects.filter(fiscal_year=fiscal_year)}
    agreements = (
        Agreement.objects.filter(
            fiscal_year=fiscal_year, status__in=[Agreement.Status.AGREED, Agreement.Status.EVALUATED]
        )
        .select_related("office", "results_report")
        .order_by("office__code", "owner_name")
    )
    return [
        {
            "agreement": agreement,
            "report": getattr(agreement, "results_report", None),
            "extension": extensions.get(agreement.owner_id),
        }
        for agreement in agreements
    ]


NOT_STARTED = "not_started"
REPORT_STATES = [(NOT_STARTED, "ยังไม่เริ่ม"), *ResultsReport.Status.choices]


def counts_by_office(rows: list[dict]) -> list[dict]:
    """reporters_of_year's rows counted by office and report state, with a totals row last."""
    offices: dict[str, dict] = {}
    total = {"office": "รวม", "counts": dict.fromkeys((s for s, _ in REPORT_STATES), 0)}
    for row in rows:
        state = row["report"].status if row["report"] else NOT_STARTED
        name = row["agreement"].office_name
        entry = offices.setdefault(
            name, {"office": name, "counts": dict.fromkeys((s for s, _ in REPORT_STATES), 0)}
        )
        entry["counts"][state] += 1
        total["counts"][state] += 1
    return [*offices.values(), total] if offices else []


def achievement(data: dict) -> dict:
    """How many quantitative targets of a report's snapshot dict were met, of how many: Part 1
    indicators whose target states a number (so their verdict is computed) and Part 2
    quantitative targets. A target without an achieved value counts as not met."""
    part1 = [e for row in data["part1"] for e in row["indicators"] if e["target"] is not None]
    part2 = [t for issue in data["part2"] for t in issue["targets"] if t.get("target")]
    return {
        "part1_targets": len(part1),
        "part1_met": sum(1 for e in part1 if e["met"]),
        "part2_targets": len(part2),
        "part2_met": sum(1 for t in part2 if t["met"]),
    }


def achievements_of_year(fiscal_year) -> list[dict]:
    """reporters_of_year's rows, each with its report's achievement (None when not started):
    what was submitted last, or the draft as it stands when nothing was submitted yet."""
    rows = reporters_of_year(fiscal_year)
    for row in rows:
        report = row["report"]
        if report is None:
            row["achievement"] = None
            continue
        submission = latest_submission(report)
        row["achievement"] = achievement(submission.snapshot if submission else report_to_dict(report))
    return rows
