from django.db.models import QuerySet

from standards import selectors as standard_selectors

from . import permissions, rules
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


def agreement_progress(agreement: Agreement, data: dict, problems: list | None = None) -> dict:
    """Completeness for the overview, by the submit's own rules: a row or an issue counts as
    complete when the submit finds nothing to fix in it. `problems` are the submit's problems
    when the caller has them already."""
    if problems is None:
        problems = rules.submit_problems(data, standard_selectors.standard_sub_item_codes(agreement.standard))
    flagged = {p.anchor for p in problems}
    missing_rows = [row["sub_item"] for row in data["part1"] if rules.item_anchor(row["sub_item"]) in flagged]
    rows_total = len(data["part1"])
    rows_done = rows_total - len(missing_rows)
    issues_done = sum(1 for issue in data["part2"] if rules.challenge_anchor(issue["order"]) not in flagged)
    return {
        "rows_done": rows_done,
        "rows_total": rows_total,
        "issues_done": issues_done,
        "issues_total": rules.CHALLENGE_COUNT,
        "missing_rows": missing_rows,
        "percent": round(100 * (rows_done + issues_done) / max(rows_total + rules.CHALLENGE_COUNT, 1)),
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
