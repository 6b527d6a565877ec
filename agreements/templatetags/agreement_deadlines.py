from django import template

from agreements.deadlines import owner_deadline

register = template.Library()


@register.inclusion_tag("agreements/partials/submission_window.html")
def submission_window(agreement):
    """The deadline and any extension, for the owner of a draft: `{% submission_window agreement %}`."""
    if agreement.status != agreement.Status.DRAFT:
        return {"window": None}
    return {"window": owner_deadline(agreement)}
