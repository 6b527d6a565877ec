"""The Python-rendered widgets (pa_portal/widgets.py) must print exactly what Django's widget
templates print, or the agreement forms would change under the users' hands."""

import json

import pytest
from django import forms
from django.conf import settings

from agreements.forms import Part1Form, Part2Form
from agreements.models import Policy
from pa_portal import widgets

DJANGO_WIDGET = {
    widgets.TextInput: forms.TextInput,
    widgets.HiddenInput: forms.HiddenInput,
    widgets.Textarea: forms.Textarea,
    widgets.Select: forms.Select,
}
AWKWARD = 'ครู "ต้นแบบ" <b>&</b> ร้อยละ 90\n\nบรรทัดที่สอง'


def rendered_both_ways(bound_field) -> tuple[str, str]:
    widget = bound_field.field.widget
    fast = str(bound_field)
    widget.__class__ = DJANGO_WIDGET[type(widget)]
    try:
        return fast, str(bound_field)
    finally:
        widget.__class__ = next(k for k, v in DJANGO_WIDGET.items() if v is type(widget))


@pytest.mark.parametrize(
    ("widget", "value", "attrs"),
    [
        (widgets.Textarea(attrs={"rows": 2, "class": "form-control"}), AWKWARD, {"required": True}),
        (widgets.Textarea(), None, {"disabled": False, "maxlength": 3000}),
        (widgets.Textarea(), "", None),
        (widgets.TextInput(attrs={"inputmode": "decimal"}), AWKWARD, {"id": "id_x"}),
        (widgets.TextInput(), None, None),
        (widgets.TextInput(), 0, None),
        (widgets.HiddenInput(), 7, None),
        (widgets.Select(choices=[("", "—"), ("a", "ก <ข>"), (3, "สาม")]), "a", {"class": "form-select"}),
        (widgets.Select(choices=[("กลุ่ม & หนึ่ง", [("x", "X"), ("y", "Y")]), ("z", "Z")]), "y", None),
        (widgets.Select(choices=[(1, "หนึ่ง"), (2, "สอง")]), 2, None),
        (widgets.Select(choices=[]), None, None),
    ],
)
def test_each_widget_prints_what_djangos_template_prints(widget, value, attrs):
    django_widget = DJANGO_WIDGET[type(widget)](attrs=widget.attrs)
    if isinstance(widget, forms.Select):
        django_widget.choices = widget.choices
    assert widget.render("field", value, attrs) == django_widget.render("field", value, attrs)


def test_the_part1_form_prints_the_same_html_as_with_djangos_widgets(db, standards):
    data = json.loads(
        (settings.BASE_DIR / "fixtures/demo/agreement-complete.json").read_text(encoding="utf-8")
    )
    sub_items = standards["deputy-director"].domains.get(number=1).items.order_by("order")
    initial = Part1Form.initial_from(data, revision=3)
    initial["tasks__1.1"] = AWKWARD
    form = Part1Form(initial=initial, sub_items=sub_items)
    compared = 0
    for name in form.fields:
        fast, django = rendered_both_ways(form[name])
        assert fast == django, name
        compared += 1
    assert compared == 1 + len(sub_items) * 13


def test_the_part2_form_with_errors_prints_the_same_html_as_with_djangos_widgets(db, policies):
    posted = {
        "revision": "2",
        "c1_title": AWKWARD,
        "c1_policy": "quality",
        "c1_step1_start": "10",
        "c1_quant1_value": "x" * 30,
    }
    form = Part2Form(posted, policies=Policy.objects.all())
    assert not form.is_valid()
    for name in form.fields:
        fast, django = rendered_both_ways(form[name])
        assert fast == django, name


def test_field_block_prints_what_the_field_include_prints(db, policies):
    from django.template import Context, Template

    from agreements.templatetags.agreement_tags import field_block

    include = Template('{% include "agreements/_field.html" with field=field label=label %}')
    posted = {"revision": "2", "c1_title": AWKWARD, "c1_quant1_value": "x" * 30, "c2_step1_start": "13"}
    form = Part2Form(posted, policies=Policy.objects.all())
    assert not form.is_valid()
    with_errors = 0
    for name in form.fields:
        for label in (None, "ป้ายกำกับ <ทดสอบ>"):
            bound = form[name]
            assert field_block(bound, label) == include.render(Context({"field": bound, "label": label})), (
                name
            )
        with_errors += bool(form[name].errors)
    assert with_errors >= 2


@pytest.mark.parametrize("initial", [None, 2, 4])
def test_radio_options_print_what_djangos_option_templates_print(initial):
    class Sheet(forms.Form):
        level = forms.TypedChoiceField(
            choices=[("1", "ปรับปรุง"), ("2", 'พอใช้ "ดี"'), ("3", "ดี <b>"), ("4", "ดีมาก & เยี่ยม")],
            coerce=int,
            required=False,
            widget=widgets.RadioSelect(attrs={"class": "btn-check level-input", "data-part": "2"}),
        )

    fast = Sheet(initial={"level": initial})
    django = Sheet(initial={"level": initial})
    django.fields["level"].widget.__class__ = forms.RadioSelect
    fast_tags = [radio.tag() for radio in fast["level"]]
    assert fast_tags == [radio.tag() for radio in django["level"]]
    assert [radio.tag(wrap_label=True) for radio in fast["level"]] == [
        radio.tag(wrap_label=True) for radio in django["level"]
    ]
    assert str(fast["level"]) == str(django["level"])
    assert sum('checked id="' in t or t.endswith(" checked>") for t in fast_tags) == (initial is not None)
