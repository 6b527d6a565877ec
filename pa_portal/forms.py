"""What every hand-laid-out form of the portal shares. Whole forms go through crispy-forms
(`{{ form|crispy }}`), which marks invalid fields itself; the big forms whose fields a template
places one by one (the agreement's parts, the supervisor's review, the scoring sheet) print
Django's own widgets, and this base class gives those widgets the same Bootstrap marking."""

from django import forms


class BootstrapBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.form.errors and self.errors:  # unbound too: show_problems marks a form as first shown
            widget = widget or self.field.widget
            classes = attrs.get("class", widget.attrs.get("class", ""))
            attrs["class"] = f"{classes} is-invalid".strip()
        return attrs


class PortalForm(forms.Form):
    bound_field_class = BootstrapBoundField

    def show_problems(self, messages: dict[str, list[str]]) -> None:
        """Mark fields of a form as it is first shown (unbound) with problems found elsewhere,
        e.g. the submit's rules on the page a problem's link opens."""
        self.cleaned_data = {}
        for name, texts in messages.items():
            if name in self.fields:
                self.add_error(name, texts)


class OptionsSelect(forms.Select):
    """Django's Select, its options printed in its own template: Django includes two templates
    per option (option, attributes), and the agreement pages carry hundreds of options (months,
    indicator kinds). The markup is Django's; a select here has no option groups and its options
    no attributes but `selected` (Select does not pass its attributes on to options)."""

    template_name = "pa_portal/widgets/select.html"
