from django import template

from agreements import rules
from agreements.models import IndicatorKind, Target, TargetGroup
from pa_portal.thai import fiscal_month_index

register = template.Library()

_GROUPS = dict(TargetGroup.choices)
_KINDS = dict(IndicatorKind.choices) | dict(Target.Kind.choices)


@register.filter
def group_label(code):
    return _GROUPS.get(code, code)


@register.filter
def kind_label(code):
    return _KINDS.get(code, "")


@register.filter
def lookup(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def covers(step, month):
    """Whether a method step (dict with start_month/end_month) runs in calendar `month`."""
    start, end = step.get("start_month"), step.get("end_month")
    if not start or not end:
        return False
    return fiscal_month_index(start) <= fiscal_month_index(int(month)) <= fiscal_month_index(end)


@register.filter
def of_kind(targets, kind):
    return [t for t in targets if t.get("kind") == kind]


@register.filter
def item_anchor(code):
    return rules.item_anchor(code)


@register.filter
def challenge_anchor(order):
    return rules.challenge_anchor(order)
