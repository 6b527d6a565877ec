"""When a document is sealed, and the reason its seal states, taken from the audit trail: a PA1
once its supervisor agreed, a PA3 once the committee is complete, a results report once its supervisor accepted it. A document still open to change
(a submitted or returned PA1, a PA2 sheet) carries its verification code but no seal."""

from agreements.models import Review
from audit.selectors import entry_of
from pa_portal import thai
from results.models import ResultsReview


def never(data) -> None:
    return None


def _supervisor_said(submission, review, *, action: str, obj_label: str, obj_id, verb: str, what: str) -> str:
    """The seal's reason for a document its supervisor decided on: who and when from the audit
    entry of that decision (the review's own record where the entry is missing)."""
    entry = entry_of(action, obj_label=obj_label, obj_id=obj_id, since=review.created_at)
    name, at = (entry.actor_name, entry.at) if entry else (review.reviewer_name, review.created_at)
    return f"{verb}โดย {name} เมื่อ {thai.thai_datetime(at)} ({what}ฉบับที่ {submission.version})"


def pa1_agreed(data) -> str | None:
    submission, review = data
    if review is None or review.decision != Review.Decision.AGREED:
        return None
    return _supervisor_said(
        submission,
        review,
        action="agreement.agreed",
        obj_label="agreements.agreement",
        obj_id=submission.agreement_id,
        verb="เห็นชอบ",
        what="ข้อตกลง",
    )


def pa3_final(data: dict) -> str | None:
    if not data.get("complete"):
        return None
    entry = entry_of(
        "evaluation.committee_completed", obj_label="evaluations.committee", obj_id=data["committee_id"]
    )
    chair = next((m["name"] for m in data["members"] if m.get("role") == "chair"), "")
    at = entry.at if entry else data["completed_at"]
    by = f"คณะกรรมการ (ประธาน {chair})" if chair else "คณะกรรมการ"
    return f"ผลการประเมินครบถ้วน ยืนยันโดย{by} เมื่อ {thai.thai_datetime(at)}"


def results_accepted(data) -> str | None:
    submission, review = data
    if review is None or review.decision != ResultsReview.Decision.ACCEPTED:
        return None
    return _supervisor_said(
        submission,
        review,
        action="results.accepted",
        obj_label="results.resultsreport",
        obj_id=submission.report_id,
        verb="รับรอง",
        what="รายงานผล",
    )
