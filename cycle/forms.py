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


class ResultsCalendarForm(forms.Form):
    opens_on = forms.DateField(
        label="วันที่เปิดให้รายงานผล",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": "กรุณาระบุวันที่", "invalid": "รูปแบบวันที่ไม่ถูกต้อง"},
    )
    deadline = forms.DateTimeField(
        label="กำหนดส่งรายงานผล (วันและเวลา)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": "กรุณาระบุวันและเวลา", "invalid": "รูปแบบวันและเวลาไม่ถูกต้อง"},
    )
