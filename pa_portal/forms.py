"""What every form of the portal shares. Whole forms go through crispy-forms (`{{ form|crispy }}`),
which marks invalid fields itself; the big forms whose fields a template places one by one (the
agreement's parts, the supervisor's review, the results report, the scoring sheet) print each
field with Django's `{{ field.as_field_group }}` (label, widget, errors: the `field_group` macro of
pa_portal/jinja2/pa_portal/field_group.html, which a form's own Jinja2 template calls directly, as
Part 1's does), and `PortalForm` gives their widgets the same Bootstrap marking.

`PortalForm` renders its fields and widgets with Django's own Jinja2 form renderer and Django's
own widget templates (django/forms/jinja2/). A page of Part 1 prints about 80 fields; through the
Django template engine each one costs several template renders and includes, which made that page
the slowest the deputies open. The markup is Django's either way, and the pages themselves stay
Django templates. The admin keeps Django's default renderer (its widgets have no Jinja2 templates).

Every date a person enters, on the portal's pages and in the admin, is a `ThaiDateField` (day,
month, Buddhist-era year, read by pa_portal.dates) with its Thai calendar; a date and time in the
admin is a `ThaiSplitDateTimeField`. A page that shows such a form prints `{{ form.media }}`."""

import datetime as dt

from django import forms
from django.forms.renderers import Jinja2
from django.utils import timezone

from . import dates
from .dates import format_thai_date


class BootstrapBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.form.errors and self.errors:  # unbound too: show_problems marks a form as first shown
            widget = widget or self.field.widget
            classes = attrs.get("class", widget.attrs.get("class", ""))
            attrs["class"] = f"{classes} is-invalid".strip()
        return attrs


class FormRenderer(Jinja2):
    field_template_name = "pa_portal/field.html"


class PortalForm(forms.Form):
    bound_field_class = BootstrapBoundField
    # One instance for the process: the renderer builds its template engine once and keeps it.
    default_renderer = FormRenderer()

    def show_problems(self, messages: dict[str, list[str]]) -> None:
        """Mark fields of a form as it is first shown (unbound) with problems found elsewhere,
        e.g. the submit's rules on the page a problem's link opens."""
        self.cleaned_data = {}
        for name, texts in messages.items():
            if name in self.fields:
                self.add_error(name, texts)


class OptionsSelect(forms.Select):
    """Django's Select with its options printed in the select's own template: Django's template
    includes one more template per option, and the agreement pages carry hundreds of options
    (months, indicator kinds). The markup is Django's; a select here has no option groups and its
    options no attributes but `selected` (Select does not pass its attributes on to options)."""

    template_name = "pa_portal/widgets/select.html"


class ThaiDateInput(forms.DateInput):
    """A text field that shows and takes a date as day, month and Buddhist-era year ("16 ธันวาคม
    2569", "16/12/2569"), with a calendar in Thai (static/js/thaidate.js) beside it. Never the
    browser's date picker: it counts years in the Christian era."""

    input_type = "text"

    class Media:
        css = {"all": ("css/thaidate.css",)}
        js = ("js/thaidate.js",)

    def __init__(self, attrs=None):
        defaults = {
            "data-thaidate": "",
            "autocomplete": "off",
            "placeholder": "เช่น 16/12/2569",
            "size": "20",
        }
        super().__init__({**defaults, **(attrs or {})})

    def format_value(self, value):
        # A bound form shows back what the person typed (a string), even when it was refused.
        if isinstance(value, dt.date):
            return format_thai_date(value)
        return value or None


class ThaiDateField(forms.DateField):
    widget = ThaiDateInput
    default_error_messages = {"invalid": dates.INVALID_DATE, "required": "กรุณาระบุวันที่"}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dates.parse_thai_date(value)
        except dates.DateParseError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class ThaiTimeField(forms.TimeField):
    """Hours and minutes as Thai people write them: "16:30", "16.30 น.", Thai digits."""

    default_error_messages = {"invalid": dates.INVALID_TIME}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TimeInput(attrs={"placeholder": "เช่น 16:30", "size": "8"}))
        super().__init__(**kwargs)
        self.widget.format = "%H:%M"

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.time):
            return value
        try:
            return dates.parse_time(value)
        except dates.DateParseError as exc:
            raise forms.ValidationError(str(exc), code="invalid") from None


class ThaiSplitDateTimeWidget(forms.SplitDateTimeWidget):
    """A date (day month พ.ศ.) and a time, for a date-and-time field of the admin."""

    def __init__(self, attrs=None):
        # Not SplitDateTimeWidget's own boxes: its date box shows and reads ค.ศ.
        forms.MultiWidget.__init__(
            self,
            (
                ThaiDateInput(attrs),
                # The field's label names the date box (Django points it at the first box).
                forms.TimeInput(
                    attrs={"size": "8", "aria-label": "เวลา", "placeholder": "เช่น 16:30", **(attrs or {})},
                    format="%H:%M",
                ),
            ),
        )

    def decompress(self, value):
        if value:
            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return [value.date(), value.time().replace(second=0, microsecond=0)]
        return [None, None]


class ThaiSplitDateTimeField(forms.SplitDateTimeField):
    widget = ThaiSplitDateTimeWidget
    default_error_messages = {"invalid_date": dates.INVALID_DATE, "invalid_time": dates.INVALID_TIME}

    def __init__(self, *, input_date_formats=None, input_time_formats=None, **kwargs):
        kwargs["error_messages"] = {
            "incomplete": "กรุณาระบุทั้งวันที่และเวลา",
            **(kwargs.get("error_messages") or {}),
        }
        forms.MultiValueField.__init__(self, (ThaiDateField(), ThaiTimeField()), **kwargs)
