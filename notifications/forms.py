from django import forms


class PreferencesForm(forms.Form):
    email_notifications = forms.BooleanField(label="ส่งการแจ้งเตือนถึงฉันทางอีเมลด้วย", required=False)
