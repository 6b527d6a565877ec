"""What the public check page may say of a PA2 sheet or a PA3 summary (verification/registry.py):
the evaluated person as the document's first page shows them, and the evaluation's state now."""

from pa_portal import thai

from .models import Committee, Evaluation


def _person(committee: Committee) -> dict:
    agreement = committee.agreement
    return {
        "person": agreement.owner_name,
        "position": agreement.owner_position,
        "office": agreement.office_name,
        "fiscal_year": agreement.fiscal_year.year,
    }


def _superseded(committee: Committee) -> dict | None:
    """A later round's complete committee for the same agreement replaces this result."""
    later = (
        Committee.objects.filter(
            agreement_id=committee.agreement_id,
            round__number__gt=committee.round.number,
            round__fiscal_year_id=committee.round.fiscal_year_id,
            completed_at__isnull=False,
        )
        .order_by("-round__number")
        .values("round__number", "completed_at")
        .first()
    )
    return {"version": later["round__number"], "at": later["completed_at"]} if later else None


def _facts(committee: Committee, title: str, final_at) -> dict:
    later = _superseded(committee)
    if later is not None:
        state = f"มีผลการประเมินครั้งที่ {later['version']} แทนแล้ว เมื่อ {thai.thai_date(later['at'])}"
    elif final_at is not None:
        state = f"ยืนยันผลแล้ว เมื่อ {thai.thai_date(final_at)}"
    else:
        state = "ยังประเมินไม่เสร็จ"
    return {
        **_person(committee),
        "title": title,
        "state": state,
        "current": later is None,
        "superseded_by": later,
    }


def sheet_facts(evaluation_id: int) -> dict | None:
    evaluation = (
        Evaluation.objects.select_related(
            "member__committee__round", "member__committee__agreement__fiscal_year"
        )
        .filter(pk=evaluation_id)
        .first()
    )
    if evaluation is None:
        return None
    committee = evaluation.member.committee
    title = f"การประเมินครั้งที่ {committee.round.number} ({evaluation.member.get_role_display()})"
    return _facts(committee, title, evaluation.finalised_at)


def committee_facts(committee_id: int) -> dict | None:
    committee = (
        Committee.objects.select_related("round", "agreement__fiscal_year").filter(pk=committee_id).first()
    )
    if committee is None:
        return None
    return _facts(committee, f"การประเมินครั้งที่ {committee.round.number}", committee.completed_at)
