from django import template

from cycle import selectors

register = template.Library()


@register.inclusion_tag("cycle/partials/submission_window.html")
def submission_window(agreement):
    """The deadline and any extension, for the owner of a draft: `{% submission_window agreement %}`."""
    if agreement.status != agreement.Status.DRAFT:
        return {"window": None}
    return {"window": selectors.submission_window_for(agreement)}
