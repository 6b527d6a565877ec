from django import forms


class ExtensionForm(forms.Form):
    until = forms.DateTimeField(
        label="ขยายเวลาส่งถึง (วันและเวลา)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "กรุณาระบุวันและเวลา", "invalid": "รูปแบบวันและเวลาไม่ถูกต้อง"},
    )
    reason = forms.CharField(
        label="เหตุผลของการขยายเวลา",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "กรุณาระบุเหตุผลของการขยายเวลา"},
    )
