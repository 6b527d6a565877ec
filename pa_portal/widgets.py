"""Form widgets rendered in Python, with the same HTML as Django's widget templates.

Django renders every widget through its templates (the widget's own and attrs.html), about 1–2 ms
a field on this machine. The agreement's Part 1 page has ~290 fields, so the widgets alone took
more than half of the page's time under load. These classes build the identical markup directly;
pa_portal/tests/test_widgets.py compares them with Django's templates.
"""

import html

from django import forms
from django.utils.safestring import mark_safe


def _escape(value) -> str:
    """conditional_escape without its lazy-string wrapper: this runs ~2,000 times a page."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _attrs(attrs: dict) -> str:
    """django/forms/widgets/attrs.html: attributes in order; True bare, False left out. (The
    template's `stringformat:'s'` keeps a safe string safe and escapes everything else.)"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_escape(name)}")
        else:
            parts.append(f' {_escape(name)}="{_escape(value)}"')
    return "".join(parts)


class _PythonRendered:
    def render(self, name, value, attrs=None, renderer=None):
        # Every value in the markup went through _escape.
        return mark_safe(self.html(self.get_context(name, value, attrs)["widget"]))  # noqa: S308


def _input_html(w) -> str:
    value = "" if w["value"] is None else f' value="{_escape(w["value"])}"'
    return f'<input type="{_escape(w["type"])}" name="{_escape(w["name"])}"{value}{_attrs(w["attrs"])}>'


class _Input(_PythonRendered):
    def html(self, w) -> str:
        return _input_html(w)


class TextInput(_Input, forms.TextInput):
    pass


class HiddenInput(_Input, forms.HiddenInput):
    pass


class Textarea(_PythonRendered, forms.Textarea):
    def html(self, w) -> str:
        value = _escape(w["value"]) if w["value"] else ""
        return f'<textarea name="{_escape(w["name"])}"{_attrs(w["attrs"])}>\n{value}</textarea>'


class Select(_PythonRendered, forms.Select):
    def html(self, w) -> str:
        # The blank lines are Django's: each option comes from an included template that ends
        # with a newline.
        out = [f'<select name="{_escape(w["name"])}"{_attrs(w["attrs"])}>']
        for group_name, options, _index in w["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{_escape(group_name)}">')
            for option in options:
                out.append(
                    f'\n  <option value="{_escape(option["value"])}"{_attrs(option["attrs"])}>'
                    f"{_escape(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return "".join(out)


class RadioSelect(forms.RadioSelect):
    """Radios whose options a template prints one by one (`{{ radio.tag }}`, as the scoring
    sheet does for ~120 of them): each option's <input> is built here instead of through
    radio_option.html, input_option.html, input.html and attrs.html."""

    def _render(self, template_name, context, renderer=None):
        widget = context.get("widget", {})
        if template_name == self.option_template_name and not widget.get("wrap_label"):
            return mark_safe(_input_html(widget))  # noqa: S308 - every value went through _escape
        return super()._render(template_name, context, renderer)
