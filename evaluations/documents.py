"""What the PA2 (one evaluator's sheet) and PA3 (the committee's summary) print, as plain data.
Every figure comes from the same selectors as the pages and the Excel export (which read
services.sheet_result_for / committee_outcome), so a PDF never disagrees with them. Callers check
permissions (can_download_sheet, can_download_summary)."""

from . import selectors, services
from .models import Committee, CommitteeMember, EvaluationRound
from .scoring import formula_lines


def _round_dict(evaluation_round: EvaluationRound) -> dict:
    return {
        "id": evaluation_round.pk,
        "title": evaluation_round.title,
        "fiscal_year": evaluation_round.fiscal_year.year,
        "number": evaluation_round.number,
        "starts_on": evaluation_round.starts_on,
        "due_on": evaluation_round.due_on,
    }


def _agreement_dict(committee: Committee) -> dict:
    agreement = committee.agreement
    owner = committee.submission.snapshot.get("owner", {})
    return {
        "id": agreement.pk,
        "number": agreement.number,
        "owner_name": owner.get("name", agreement.owner_name),
        "owner_position": owner.get("position", agreement.owner_position),
        "owner_academic_standing": owner.get("academic_standing", agreement.owner_academic_standing),
        "office_name": owner.get("office_name", agreement.office_name),
        "submission_version": committee.submission.version,
        "submission_sha256": committee.submission.sha256,
    }


def _member_dict(member: CommitteeMember) -> dict:
    return {
        "role": member.role,
        "role_label": member.get_role_display(),
        "name": member.evaluator_name,
        "position": member.evaluator_position,
        "order": member.order,
    }


def _verdict(passed: bool | None) -> str:
    if passed is None:
        return ""
    return "ผ่านเกณฑ์" if passed else "ไม่ผ่านเกณฑ์"


def sheet_for_pdf(evaluation_id: int) -> dict:
    """Everything PA2 (one evaluator's sheet) prints. Callers check permissions.can_view_sheet."""
    evaluation = selectors.evaluation_get(evaluation_id)
    committee = evaluation.member.committee
    sheet = selectors.sheet_rows(evaluation)
    rubric, result = sheet["rubric"], sheet["result"]
    return {
        "evaluation_id": evaluation.pk,
        "status": evaluation.status,
        "is_final": evaluation.is_final,
        "finalised_at": evaluation.finalised_at,
        "round": _round_dict(committee.round),
        "agreement": _agreement_dict(committee),
        "evaluator": _member_dict(evaluation.member),
        "levels": [{"value": lv.value, "label": lv.label} for lv in rubric.levels],
        "part1_points": rubric.part1_points,
        "part2_points": rubric.part2_points,
        "total_points": rubric.total_points,
        "pass_mark": rubric.pass_mark,
        "part1": [
            {
                "sub_item": r["row"]["sub_item"],
                "domain": r["row"].get("domain"),
                "domain_title": r["row"].get("domain_title", ""),
                "sub_item_text": r["row"].get("sub_item_text", ""),
                "level": r["level"],
                "level_label": r["level_label"],
                "comment": r["comment"],
            }
            for r in sheet["part1"]
        ],
        "part1_level_sum": result.part1_level_sum,
        "part1_rows": result.rows,
        "part2": [
            {
                "order": i["issue"]["order"],
                "title": i["issue"].get("title", ""),
                "criteria": [
                    {
                        "code": c["code"],
                        "label": c["label"],
                        "points": c["points"],
                        "level": c["level"],
                        "level_label": c["level_label"],
                        "score": c.get("score"),
                        "comment": c["comment"],
                    }
                    for c in i["criteria"]
                ],
                "subtotal": i["subtotal"],
            }
            for i in sheet["part2"]
        ],
        "part1_score": result.part1,
        "part2_score": result.part2,
        "total": result.total,
        "passed": result.passed if evaluation.is_final else None,
        "verdict": _verdict(result.passed) if evaluation.is_final else "",
        "formula": formula_lines(rubric, len(sheet["part2"])),
    }


def committee_summary(agreement_id: int, round_id: int) -> dict:
    """Everything PA3 (the committee's summary, three signature blocks) prints. Callers check
    permissions.can_view_results on the committee."""
    committee = selectors.committee_of(agreement_id, round_id)
    row = selectors.agreement_row(committee)
    rubric = (
        services.evaluation_rubric(row.seats[0].evaluation) if row.seats else committee.round.scheme.rubric()
    )
    return {
        "committee_id": committee.pk,
        "complete": committee.completed_at is not None,
        "completed_at": committee.completed_at,
        "round": _round_dict(committee.round),
        "agreement": _agreement_dict(committee),
        "members": [
            {
                **_member_dict(seat.member),
                "evaluation_id": seat.evaluation.pk,
                "is_final": seat.evaluation.is_final,
                "finalised_at": seat.evaluation.finalised_at,
                "part1_score": seat.result.part1 if seat.result else None,
                "part2_score": seat.result.part2 if seat.result else None,
                "total": seat.result.total if seat.result else None,
                "passed": seat.result.passed if seat.result else None,
                "verdict": _verdict(seat.result.passed) if seat.result else "",
            }
            for seat in row.seats
        ],
        "part1_points": rubric.part1_points,
        "part2_points": rubric.part2_points,
        "total_points": rubric.total_points,
        "pass_mark": rubric.pass_mark,
        "mean": row.outcome.mean,
        "passed": row.outcome.passed if row.outcome.complete else None,
        "verdict": _verdict(row.outcome.passed) if row.outcome.complete else "",
        "reason": row.reason,
        "formula": formula_lines(rubric, len(committee.submission.snapshot.get("part2", []))),
    }
