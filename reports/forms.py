from django import forms

from accounts.models import Office
from agreements.models import Agreement, FiscalYear

from . import documents
from .models import DocumentKind, PacketExport

DEFAULT_STATES = [Agreement.Status.SUBMITTED, Agreement.Status.AGREED, Agreement.Status.EVALUATED]


class OfficeSelect(forms.SelectMultiple):
    """A plain multiple select (it works without script) whose options carry each office's province
    and kind, for static/js/office-picker.js to search and select by."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        office = getattr(value, "instance", None)
        if office is not None:
            option["attrs"].update({"data-province": office.province, "data-kind": office.get_kind_display()})
        return option


class OfficeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class PacketExportForm(forms.Form):
    fiscal_year = forms.ModelChoiceField(FiscalYear.objects.all(), label="ปีงบประมาณ", empty_label=None)
    offices = OfficeChoiceField(
        Office.objects.order_by("province", "name"),
        required=False,
        label="สำนักงานเขตพื้นที่การศึกษา",
        help_text="ไม่เลือก = ทุกสำนักงาน (กด Ctrl หรือ ⌘ ค้างไว้เพื่อเลือกหลายแห่ง)",
        widget=OfficeSelect(attrs={"size": 8, "data-office-picker": ""}),
    )
    kinds = forms.MultipleChoiceField(
        label="เอกสาร", widget=forms.CheckboxSelectMultiple, initial=[DocumentKind.PA1]
    )
    states = forms.MultipleChoiceField(
        choices=Agreement.Status.choices,
        label="สถานะของข้อตกลง",
        required=False,
        initial=DEFAULT_STATES,
        help_text="ไม่เลือก = ทุกสถานะ",
        widget=forms.CheckboxSelectMultiple,
    )
    format = forms.ChoiceField(
        choices=PacketExport.Format.choices,
        label="รูปแบบไฟล์",
        initial=PacketExport.Format.PDF,
        widget=forms.RadioSelect,
    )
    thai_digits = forms.BooleanField(label="แสดงตัวเลขเป็นเลขไทย", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        available = documents.available_kinds()
        self.fields["kinds"].choices = [(k, label) for k, label in DocumentKind.choices if k in available]
