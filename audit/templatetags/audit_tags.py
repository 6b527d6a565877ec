from django import template

from audit import presentation

register = template.Library()


@register.filter
def audit_label(action: str) -> str:
    return presentation.action_label(action)


@register.inclusion_tag("audit/_details.html")
def audit_details(entry):
    return {
        "changes": presentation.agreement_changes(entry),
        "comments": presentation.review_comments(entry),
        "entry": entry,
    }
