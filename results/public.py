"""What the public check page may say of a results report's PDF (verification/registry.py): no
more than the document's first page shows (name, position, office, fiscal year), and its state now."""

from pa_portal import thai

from .models import ResultsReview, ResultsSubmission


def submission_facts(submission_id: int) -> dict | None:
    submission = (
        ResultsSubmission.objects.select_related("report__agreement__fiscal_year")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return None
    agreement = submission.report.agreement
    newer = (
        ResultsSubmission.objects.filter(report_id=submission.report_id, version__gt=submission.version)
        .order_by("-version")
        .values("version", "submitted_at")
        .first()
    )
    review = (
        ResultsReview.objects.filter(submission_id=submission.pk).values("decision", "created_at").first()
    )
    facts = {
        "person": agreement.owner_name,
        "position": agreement.owner_position,
        "office": agreement.office_name,
        "fiscal_year": agreement.fiscal_year.year,
        "title": f"รายงานผลการพัฒนางาน ฉบับที่ {submission.version} (ส่งเมื่อ {thai.thai_date(submission.submitted_at)})",
        "current": newer is None,
        "superseded_by": newer,
    }
    if newer is not None:
        facts["state"] = (
            f"ถูกแทนที่แล้ว โดยฉบับที่ {newer['version']} ซึ่งส่งเมื่อ {thai.thai_date(newer['submitted_at'])}"
        )
    elif review is None:
        facts["state"] = "ส่งแล้ว รอผู้บังคับบัญชาพิจารณา"
    elif review["decision"] == ResultsReview.Decision.ACCEPTED:
        facts["state"] = f"ผู้บังคับบัญชารับรองแล้ว เมื่อ {thai.thai_date(review['created_at'])}"
    else:
        facts["state"] = f"ผู้บังคับบัญชาส่งกลับให้แก้ไข เมื่อ {thai.thai_date(review['created_at'])}"
    return facts
