"""What every hand-laid-out form of the portal shares. Whole forms go through crispy-forms
(`{{ form|crispy }}`), which marks invalid fields itself; the big forms whose fields a template
places one by one (the agreement's parts, the supervisor's review, the scoring sheet) print
Django's own widgets, and this base class gives those widgets the same Bootstrap marking."""

from django import forms


class BootstrapBoundField(forms.BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.form.is_bound and self.errors:
            widget = widget or self.field.widget
            classes = attrs.get("class", widget.attrs.get("class", ""))
            attrs["class"] = f"{classes} is-invalid".strip()
        return attrs


class PortalForm(forms.Form):
    bound_field_class = BootstrapBoundField
