"""The admin's read-only fields in Thai: Django shows a read-only date with its own date format,
in ค.ศ.; templates/admin/includes/fieldset.html asks this tag instead."""

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from pa_portal.thai import thai_date, thai_datetime

register = template.Library()


@register.simple_tag
def readonly_contents(admin_field):
    """What Django's AdminReadonlyField shows, except that a date field shows in พ.ศ."""
    name, form = admin_field.field["field"], admin_field.form
    if isinstance(name, str):
        try:
            model_field = form._meta.model._meta.get_field(name)
        except FieldDoesNotExist:
            model_field = None
        if isinstance(model_field, models.DateField):
            value = getattr(form.instance, name, None)
            if value is None:
                return admin_field.empty_value_display
            return thai_datetime(value) if isinstance(model_field, models.DateTimeField) else thai_date(value)
    return admin_field.contents()
