"""Printing a widget's attributes in a hand-laid-out field (the score sheet's level buttons) with
Django's own `flatatt`, the function Django's widgets use for the same markup."""

from django import template
from django.forms.utils import flatatt

register = template.Library()


@register.filter
def attributes(attrs: dict) -> str:
    """' id="id_x" class="btn-check" checked': True prints the name alone, False nothing."""
    return flatatt(attrs)
