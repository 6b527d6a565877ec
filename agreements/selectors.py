from django.db.models import QuerySet

from . import permissions
from .models import Agreement, Submission
from .snapshot import HEAD_RELATIONS


def agreements_for(user) -> QuerySet[Agreement]:
    return permissions.agreements_visible_to(
        user, Agreement.objects.select_related("fiscal_year", "standard", "office", "owner")
    )


def agreements_of_owner(user) -> QuerySet[Agreement]:
    return Agreement.objects.filter(owner=user).select_related("fiscal_year", "office")


def agreements_to_review(user) -> QuerySet[Agreement]:
    """Submitted agreements waiting for this supervisor."""
    office_id = permissions.user_office_id(user)
    return (
        Agreement.objects.filter(office_id=office_id, status=Agreement.Status.SUBMITTED)
        .exclude(owner=user)
        .select_related("fiscal_year", "office")
        .order_by("submitted_at")
    )


def latest_submission(agreement: Agreement) -> Submission | None:
    return agreement.submissions.order_by("-version").first()


def agreement_progress(agreement: Agreement, data: dict) -> dict:
    """Completeness for the overview: rows with Tasks and a complete Outcome/Indicator, and
    challenge issues with their essentials."""
    rows_total = len(data["part1"])
    rows_done = sum(
        1
        for row in data["part1"]
        if row["tasks"].strip()
        and any(t["outcome"].strip() and t["indicator"].strip() for t in row["targets"])
    )
    issues_done = sum(
        1
        for issue in data["part2"]
        if issue["title"].strip()
        and issue["problem"].strip()
        and issue["method"]
        and any(t["kind"] == "quantitative" for t in issue["targets"])
        and any(t["kind"] == "qualitative" for t in issue["targets"])
    )
    missing_rows = [
        row["sub_item"]
        for row in data["part1"]
        if not (
            row["tasks"].strip()
            and any(t["outcome"].strip() and t["indicator"].strip() for t in row["targets"])
        )
    ]
    return {
        "rows_done": rows_done,
        "rows_total": rows_total,
        "issues_done": issues_done,
        "issues_total": 3,
        "missing_rows": missing_rows,
        "percent": round(100 * (rows_done + issues_done) / max(rows_total + 3, 1)),
    }


def latest_review(agreement: Agreement):
    return agreement.reviews.select_related("submission").order_by("-created_at", "-id").first()


def review_comments(agreement: Agreement) -> dict[str, str]:
    """The supervisor's comments per row/issue, shown to the owner while the agreement is returned."""
    if agreement.status != Agreement.Status.RETURNED:
        return {}
    review = latest_review(agreement)
    if review is None:
        return {}
    comments = {c.anchor: c.text for c in review.comments.all()}
    if review.comment:
        comments["general"] = review.comment
    return comments


def agreement_lock(agreement: Agreement, *also: str) -> Agreement:
    """The agreement's row, locked until the transaction ends, with its year, standard and
    office (which the snapshot and the rules read) and the relations in `also`. Only the
    agreement's own row is locked."""
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related(*HEAD_RELATIONS, *also)
        .get(pk=agreement.pk)
    )
