"""The results report (รายงานผลการพัฒนางานตามข้อตกลง) as data for its PDF: the PA1 layout with a
results column, Part 2 target vs achieved. Built from a results submission's frozen snapshot
alone (checked against its SHA-256) and the director's review of that submission; the snapshot
is embedded in the PDF like PA1's."""

import hashlib
import json

from agreements.models import IndicatorKind, TargetGroup
from agreements.snapshot import snapshot_hash
from pa_portal import thai
from pa_portal.errors import DomainError
from results import measures
from results.models import ResultsReview, ResultsSubmission, SelfRating, StepResult
from results.snapshot import FORMAT

GROUP_LABELS = dict(TargetGroup.choices)
KIND_LABELS = dict(IndicatorKind.choices)
STEP_LABELS = dict(StepResult.Status.choices)
RATING_LABELS = dict(SelfRating.choices)


def results_check(submission: ResultsSubmission) -> dict:
    snapshot = submission.snapshot
    if not isinstance(snapshot, dict) or snapshot.get("format") != FORMAT:
        raise DomainError("ข้อมูลรายงานผลฉบับที่ส่งอยู่ในรูปแบบที่ระบบไม่รู้จัก")
    if snapshot_hash(snapshot) != submission.sha256:
        raise DomainError("ข้อมูลรายงานผลไม่ตรงกับค่า SHA-256 ที่บันทึกไว้ตอนส่ง จึงไม่สร้างเอกสาร")
    return snapshot


def _met(entry: dict) -> str:
    return {True: "บรรลุเป้าหมาย", False: "ไม่บรรลุเป้าหมาย"}.get(entry.get("met"), "")


def _rating(value, reason: str) -> str:
    if not value:
        return ""
    return f"{RATING_LABELS.get(value, value)}" + (f" ({reason})" if reason else "")


def results_context(data) -> dict:
    submission, review = data
    snapshot = results_check(submission)
    year = snapshot["agreement"]["fiscal_year"]
    starts_on, ends_on = thai.fiscal_year_bounds(year)
    domains: list[dict] = []
    for row in snapshot["part1"]:
        if not domains or domains[-1]["number"] != row["domain"]:
            domains.append({"number": row["domain"], "title": row["domain_title"], "rows": []})
        domains[-1]["rows"].append(
            {
                "code": row["sub_item"],
                "text": row["sub_item_text"],
                "tasks": row["tasks"],
                "done": row["done"],
                "rating": _rating(row["self_rating"], row["rating_reason"]),
                "indicators": [
                    {
                        "label": GROUP_LABELS.get(e["group"], e["group"]),
                        "indicator": e["indicator"],
                        "kind": KIND_LABELS.get(e["kind"], ""),
                        "target": measures.target_text(e["target"]),
                        "achieved": measures.amount(e["achieved"], e["target"]),
                        "description": e["description"],
                        "met": _met(e),
                    }
                    for e in row["indicators"]
                ],
            }
        )
    issues = [
        {
            "order": issue["order"],
            "title": issue["title"],
            "quantitative": [
                {
                    "text": t["text"],
                    "target": measures.target_text(t.get("target")),
                    "achieved": measures.amount(t["achieved"], t.get("target")),
                    "met": _met(t),
                }
                for t in issue["targets"]
                if t["kind"] == "quantitative"
            ],
            "qualitative": [
                {"text": t["text"], "outcome": t["outcome"]}
                for t in issue["targets"]
                if t["kind"] == "qualitative"
            ],
            "steps": [
                {**step, "status_label": STEP_LABELS.get(step["status"], "-")} for step in issue["method"]
            ],
            "lessons": issue["lessons"],
            "rating": _rating(issue["self_rating"], issue["rating_reason"]),
        }
        for issue in snapshot["part2"]
    ]
    return {
        "number": snapshot["agreement"]["number"],
        "version": submission.version,
        "sha_short": submission.sha256[:12],
        "submitted_at": submission.submitted_at,
        "fiscal_year": year,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "owner": snapshot["owner"],
        "standard": snapshot["standard"],
        "domains": domains,
        "issues": issues,
        "review": review,
        "accepted": review is not None and review.decision == ResultsReview.Decision.ACCEPTED,
        "returned": review is not None and review.decision == ResultsReview.Decision.RETURNED,
    }


def results_load(source_id: int) -> tuple[object, str]:
    submission = ResultsSubmission.objects.select_related("report__agreement").get(pk=source_id)
    review = ResultsReview.objects.filter(submission=submission).first()
    signed = None
    if review is not None:
        signed = [review.decision, review.reviewer_name, review.reviewer_position, review.comment]
        signed.append(review.created_at.isoformat())
    variant = hashlib.sha256(
        json.dumps([submission.version, signed], ensure_ascii=False).encode()
    ).hexdigest()
    return (submission, review), f"{submission.sha256}/{variant[:16]}"


def results_render(data, thai_digits: bool, verification: dict | None = None) -> bytes:
    from . import pdf  # WeasyPrint loads only in the processes that render

    submission, _ = data
    snapshot_json = json.dumps(submission.snapshot, ensure_ascii=False, sort_keys=True, indent=1)
    name = f"{submission.snapshot['agreement']['number']}-results-v{submission.version}.json"
    return pdf.render_pdf(
        "reports/pdf/results.html",
        results_context(data),
        thai_digits=thai_digits,
        attachments={name: snapshot_json.encode()},
        verification=verification,
    )


def results_sources(agreement) -> list[tuple[int, str]]:
    latest = (
        ResultsSubmission.objects.filter(report__agreement=agreement)
        .order_by("-version")
        .values_list("pk", "version")
        .first()
    )
    return [(latest[0], f"ฉบับที่ {latest[1]}")] if latest else []
