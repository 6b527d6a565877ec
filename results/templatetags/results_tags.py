from django import template

from agreements.models import TargetGroup
from results import measures
from results.models import SelfRating, StepResult

register = template.Library()

_STEP_LABELS = dict(StepResult.Status.choices)
_RATING_LABELS = dict(SelfRating.choices)
_GROUP_LABELS = dict(TargetGroup.choices)


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


def _indicator_key(code, group) -> str:
    # As evaluations.evidence_links.indicator_key keys it.
    return f"item:{code}/{group}"


@register.simple_tag
def row_evidence(by_indicator, row) -> dict:
    """A Part 1 row's evidence as the sheet counts it: each indicator with its own (`per_indicator`:
    {"entry", "items"}), the row's items linked to no indicator (`whole_row`), and
    whether the row falls back to those for its indicators (no item is linked to any of them)."""
    by_indicator = by_indicator or {}
    code = row["sub_item"]
    own = [
        {"entry": entry, "items": by_indicator.get(_indicator_key(code, entry["group"]), [])}
        for entry in row["indicators"]
    ]
    whole_row = by_indicator.get(f"item:{code}", [])
    linked_any = any(pair["items"] for pair in own)
    return {"per_indicator": own, "whole_row": whole_row, "fallback": bool(whole_row) and not linked_any}


@register.simple_tag
def evidence_coverage(evidence, data, by_indicator=None) -> dict:
    """How many indicators of the Part 1 rows and how many challenge issues have evidence. An
    indicator counts when evidence is linked to it, or, in a row where no item is linked to any
    indicator, when the row has evidence; a row without indicators counts once."""
    missing = []
    total = 0
    for row in data["part1"]:
        counted = row_evidence(by_indicator, row)
        if not row["indicators"]:
            total += 1
            if not counted["whole_row"]:
                missing.append(f"ข้อ {row['sub_item']}")
            continue
        for pair in counted["per_indicator"]:
            entry = pair["entry"]
            total += 1
            if not pair["items"] and not counted["fallback"]:
                missing.append(f"ข้อ {row['sub_item']} ({_GROUP_LABELS.get(entry['group'], entry['group'])})")
    issues = [issue["order"] for issue in data["part2"]]
    missing += [f"ประเด็นที่ {order}" for order in issues if not (evidence or {}).get(f"challenge:{order}")]
    total += len(issues)
    return {"total": total, "covered": total - len(missing), "missing": missing}
