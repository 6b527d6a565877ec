"""What the public check page may say of a submission's PA1 (verification/registry.py): no more
than the document's first page shows (name, position, office, fiscal year), and its state now."""

from pa_portal import thai

from .models import Review, Submission


def submission_facts(submission_id: int) -> dict | None:
    submission = (
        Submission.objects.select_related("agreement__fiscal_year")
        .only(
            "version",
            "submitted_at",
            "agreement__owner_name",
            "agreement__owner_position",
            "agreement__office_name",
            "agreement__fiscal_year__year",
        )
        .filter(pk=submission_id)
        .first()
    )
    if submission is None:
        return None
    agreement = submission.agreement
    newer = (
        Submission.objects.filter(agreement_id=agreement.pk, version__gt=submission.version)
        .order_by("-version")
        .values("version", "submitted_at")
        .first()
    )
    review = Review.objects.filter(submission_id=submission.pk).values("decision", "created_at").first()
    facts = {
        "person": agreement.owner_name,
        "position": agreement.owner_position,
        "office": agreement.office_name,
        "fiscal_year": agreement.fiscal_year.year,
        "title": f"ฉบับที่ {submission.version} (ส่งเมื่อ {thai.thai_date(submission.submitted_at)})",
        "current": newer is None,
        "superseded_by": None,
    }
    if newer is not None:
        facts["superseded_by"] = newer
        facts["state"] = (
            f"ถูกแทนที่แล้ว โดยฉบับที่ {newer['version']} ซึ่งส่งเมื่อ {thai.thai_date(newer['submitted_at'])}"
        )
    elif review is None:
        facts["state"] = "ส่งแล้ว รอผู้บังคับบัญชาพิจารณา"
    elif review["decision"] == Review.Decision.AGREED:
        facts["state"] = f"ผู้บังคับบัญชาเห็นชอบแล้ว เมื่อ {thai.thai_date(review['created_at'])}"
    else:
        facts["state"] = f"ผู้บังคับบัญชาส่งกลับให้แก้ไข เมื่อ {thai.thai_date(review['created_at'])}"
    return facts
