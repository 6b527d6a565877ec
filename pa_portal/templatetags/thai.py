from django import template

from pa_portal import thai

register = template.Library()


@register.filter
def thai_date(value):
    return thai.thai_date(value)


@register.filter
def thai_date_short(value):
    return thai.thai_date(value, short=True)


@register.filter
def thai_datetime(value):
    return thai.thai_datetime(value)


@register.filter
def thai_digits(value):
    return thai.thai_digits(value)


@register.filter
def thai_month(value, short=""):
    return thai.month_name(int(value), short=bool(short))
