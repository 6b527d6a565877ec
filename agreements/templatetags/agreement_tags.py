from django import template
from django.utils.html import format_html, format_html_join

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


@register.simple_tag
def field_block(field, label=None):
    """agreements/_field.html (label, control, errors) built in Python: the same markup without a
    template include per field. The Part 1 page has ~290 fields, and the includes were a quarter
    of its CPU time (bench/load); pa_portal/tests/test_widgets.py compares the two."""
    errors = format_html_join("", '<div class="text-danger small">{}</div>', ((e,) for e in field.errors))
    return format_html(
        '<label class="form-label small mb-0" for="{}">{}</label>\n{}{}\n',
        field.id_for_label,
        label or field.label,
        field.as_widget(),
        errors,
    )
