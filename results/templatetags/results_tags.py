from django import template

from results import measures
from results.models import SelfRating, StepResult

register = template.Library()

_STEP_LABELS = dict(StepResult.Status.choices)
_RATING_LABELS = dict(SelfRating.choices)


@register.filter
def achieved_amount(entry) -> str:
    """An entry's achieved value in its target's terms ("ร้อยละ 92", "1:18", "48 โรงเรียน")."""
    return measures.amount(entry.get("achieved"), entry.get("target"))


@register.filter
def target_amount(entry) -> str:
    return measures.target_text(entry.get("target"))


@register.filter
def step_label(status) -> str:
    return _STEP_LABELS.get(status, "ยังไม่ระบุ")


@register.filter
def rating_label(value) -> str:
    return _RATING_LABELS.get(value, "")


@register.simple_tag
def evidence_of(evidence, kind: str, key) -> list:
    """The score sheet's evidence of one item ("item", "1.1") or issue ("challenge", 2), keyed
    as evaluations keys it (evaluations.services.item_key / issue_key)."""
    return (evidence or {}).get(f"{kind}:{key}", [])


@register.simple_tag
def evidence_coverage(evidence, data) -> dict:
    """How many Part 1 rows and challenge issues have at least one piece of evidence."""
    rows = [row["sub_item"] for row in data["part1"]]
    issues = [issue["order"] for issue in data["part2"]]
    missing = [f"ข้อ {code}" for code in rows if not (evidence or {}).get(f"item:{code}")]
    missing += [f"ประเด็นที่ {order}" for order in issues if not (evidence or {}).get(f"challenge:{order}")]
    total = len(rows) + len(issues)
    return {"total": total, "covered": total - len(missing), "missing": missing}
