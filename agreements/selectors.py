from django.db.models import Max, QuerySet
from django.utils import timezone

from accounts.selectors import display_name, users_with_role
from pa_portal import roles, thai
from standards import selectors as standard_selectors

from . import diff, permissions, rules
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


def previous_round(submission: Submission | None) -> dict | None:
    """For a version after the first: the version before it, the supervisor's decision on it
    (with their comments per row/issue, by anchor) and what has changed since
    (diff.change_counts). None for a first version."""
    if submission is None or submission.version < 2:
        return None
    earlier = (
        Submission.objects.filter(agreement_id=submission.agreement_id, version=submission.version - 1)
        .select_related("review")
        .first()
    )
    if earlier is None:
        return None
    review = getattr(earlier, "review", None)  # a missing one-to-one raises AttributeError
    return {
        "submission": earlier,
        "review": review,
        "comments": {c.anchor: c.text for c in review.comments.all()} if review else {},
        "counts": diff.change_counts(earlier.snapshot, submission.snapshot),
    }


def submission_changes(submission: Submission) -> dict | None:
    """What a resubmission changed since the version before (diff.change_counts), or None for a
    first version. The notification to the supervisor says it."""
    if submission.version < 2:
        return None
    earlier = Submission.objects.filter(
        agreement_id=submission.agreement_id, version=submission.version - 1
    ).first()
    return diff.change_counts(earlier.snapshot, submission.snapshot) if earlier else None


# The supervisor's list of the office's agreements, by state (a tab each).
OFFICE_STATES = (
    ("submitted", "รอพิจารณา"),
    ("returned", "ส่งกลับแก้ไข"),
    ("agreed", "เห็นชอบแล้ว"),
    ("not_sent", "ยังไม่ส่ง"),
)
_STATE_OF = {
    Agreement.Status.SUBMITTED: "submitted",
    Agreement.Status.RETURNED: "returned",
    Agreement.Status.AGREED: "agreed",
    Agreement.Status.EVALUATED: "agreed",
    Agreement.Status.DRAFT: "not_sent",
}


def office_agreements(user, year: int | None = None) -> dict:
    """The agreements of the supervisor's office for a fiscal year (the latest with any, by
    default), one row per deputy: those not started yet are listed as not sent.
    {"year", "years", "rows": [{"name", "agreement", "state", "version"}], "counts": {state: n}}."""
    office_id = permissions.user_office_id(user)
    agreements = list(
        Agreement.objects.filter(office_id=office_id)
        .exclude(owner=user)
        .select_related("fiscal_year")
        .annotate(latest_version=Max("submissions__version"))
        .order_by("owner_name")
    )
    years = sorted({a.fiscal_year.year for a in agreements}, reverse=True)
    if year not in years:
        year = years[0] if years else thai.fiscal_year_of(timezone.localdate())
    rows = [
        {"name": a.owner_name, "agreement": a, "state": _STATE_OF[a.status], "version": a.latest_version}
        for a in agreements
        if a.fiscal_year.year == year
    ]
    started = {row["agreement"].owner_id for row in rows}
    not_started = (
        users_with_role(roles.DEPUTY).filter(profile__office_id=office_id).exclude(pk=user.pk)
        if office_id is not None
        else []
    )
    rows += [
        {"name": display_name(deputy), "agreement": None, "state": "not_sent", "version": None}
        for deputy in not_started
        if deputy.pk not in started
    ]
    order = [state for state, _ in OFFICE_STATES]
    rows.sort(key=lambda row: order.index(row["state"]))
    counts = {state: sum(1 for row in rows if row["state"] == state) for state in order}
    return {"year": year, "years": years, "rows": rows, "counts": counts}
