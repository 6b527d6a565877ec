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
