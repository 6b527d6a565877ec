from django import forms
from django.conf import settings
from django.utils import timezone

from accounts.models import Office
from accounts.selectors import display_name, users_with_role
from pa_portal import dates, roles, thai
from pa_portal.forms import PortalForm, ThaiDateField

from .committees import CONFLICT_REASON_REQUIRED
from .models import ConflictDeclaration, ScoringScheme
from .schemes import DEFAULT_SCHEME_CODE
from .scoring import Rubric
from .services import COMMENT_MAX


class RoundForm(forms.Form):
    fiscal_year = forms.IntegerField(label="ปีงบประมาณ (พ.ศ.)", min_value=2500, max_value=2700)
    number = forms.IntegerField(label="ครั้งที่", min_value=1, max_value=12, initial=1)
    title = forms.CharField(label="ชื่อรอบการประเมิน", max_length=300)
    scheme = forms.ModelChoiceField(
        label="เกณฑ์การให้คะแนน",
        queryset=ScoringScheme.objects.order_by("code", "-edition"),
        empty_label=None,
    )
    starts_on = ThaiDateField(label="วันเริ่มประเมิน", help_text="วัน เดือน ปี พ.ศ. เช่น 16/12/2569")
    due_on = ThaiDateField(label="กำหนดประเมินแล้วเสร็จ", help_text="ประเมินได้ถึงสิ้นวันนี้")
    offices = forms.ModelMultipleChoiceField(
        label="สำนักงานเขตพื้นที่ที่อยู่ในรอบนี้ (ไม่เลือก = ทุกสำนักงาน)",
        queryset=Office.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field.widget, forms.CheckboxSelectMultiple | forms.Select):
                field.widget.attrs.setdefault("class", "form-control")
        self.fields["fiscal_year"].initial = thai.fiscal_year_of(timezone.localdate())
        latest = ScoringScheme.objects.filter(code=DEFAULT_SCHEME_CODE).order_by("-edition").first()
        if latest is not None:
            self.fields["scheme"].initial = latest.pk

    def clean(self):
        data = super().clean()
        round_dates_check(self, data.get("fiscal_year"))
        return data


def round_dates_check(form, fiscal_year: int | None, names=("starts_on", "due_on")) -> None:
    """A round scores the work of one fiscal year and happens within it (the portal's form and
    the admin's)."""
    for name in names:
        day = form.cleaned_data.get(name)
        if fiscal_year and day and (problem := dates.outside_fiscal_year(day, fiscal_year)):
            form.add_error(name, problem)


class RoundAdminForm(forms.ModelForm):
    def clean(self):
        data = super().clean()
        year = data.get("fiscal_year") or getattr(self.instance, "fiscal_year", None)
        # Only the dates typed now: a round saved before this rule keeps its other fields editable.
        typed = [name for name in ("starts_on", "due_on") if name in self.changed_data]
        round_dates_check(self, year.year if year is not None else None, typed)
        return data


class EvaluatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        profile = getattr(obj, "profile", None)
        position = f" ({profile.position})" if profile and profile.position else ""
        return f"{display_name(obj)}{position}"


EVALUATOR_EMPTY_LABEL = "— เลือกผู้ประเมิน —"


class CommitteeForm(forms.Form):
    """A chair and `size - 1` members, in order; the size comes from the round's scheme."""

    def __init__(self, *args, size: int, initial_people: list | None = None, proposed_chair=None, **kwargs):
        super().__init__(*args, **kwargs)
        evaluators = users_with_role(roles.EVALUATOR)
        people = initial_people or ([proposed_chair] if proposed_chair is not None else [])
        self.fields["chair"] = EvaluatorChoiceField(
            label="ประธานกรรมการ",
            queryset=evaluators,
            empty_label=EVALUATOR_EMPTY_LABEL,
            initial=people[0].pk if people else None,
            help_text=(
                f"เสนอ {display_name(proposed_chair)} (ผู้บังคับบัญชาของเจ้าของข้อตกลง) ตามกฎของเกณฑ์"
                if proposed_chair is not None and not initial_people
                else ""
            ),
        )
        for i in range(1, size):
            self.fields[f"member_{i}"] = EvaluatorChoiceField(
                label=f"กรรมการคนที่ {i}",
                queryset=evaluators,
                initial=people[i].pk if len(people) > i else None,
                empty_label=EVALUATOR_EMPTY_LABEL,
            )
        self.size = size

    def people(self) -> tuple:
        members = [self.cleaned_data.get(f"member_{i}") for i in range(1, self.size)]
        return self.cleaned_data.get("chair"), members


class ConflictForm(forms.Form):
    """HR records that an evaluator has a conflict of interest with a deputy of one office."""

    evaluator = EvaluatorChoiceField(
        label="ผู้ประเมินที่มีส่วนได้เสีย",
        queryset=None,
        error_messages={
            "required": "กรุณาเลือกผู้ประเมิน",
            "invalid_choice": "ผู้ประเมินที่เลือกไม่มีในรายชื่อ",
        },
    )
    owner = EvaluatorChoiceField(
        label="เจ้าของข้อตกลง (บุคลากรของสำนักงานนี้)",
        queryset=None,
        error_messages={
            "required": "กรุณาเลือกเจ้าของข้อตกลง",
            "invalid_choice": "เจ้าของข้อตกลงต้องเป็นบุคลากรของสำนักงานนี้",
        },
    )
    reason = forms.CharField(
        label="เหตุผลของการมีส่วนได้เสีย",
        max_length=ConflictDeclaration._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="เช่น เป็นญาติ (พี่น้อง คู่สมรส) หรือมีผลประโยชน์ทางธุรกิจร่วมกัน",
        error_messages={"required": CONFLICT_REASON_REQUIRED},
    )

    def __init__(self, *args, office: Office, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluator"].queryset = users_with_role(roles.EVALUATOR)
        self.fields["owner"].queryset = users_with_role(roles.DEPUTY).filter(profile__office=office)


class SheetForm(PortalForm):
    """A level and a comment per anchor of the sheet (all optional: drafts save partially)."""

    # The sheet's revision when the page was opened: a save from an older page is refused.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, rubric: Rubric, part1: list[str], part2: list[list[str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(level.value), level.label) for level in rubric.levels]
        self.part1, self.part2 = part1, part2
        for anchor in part1:
            self._add(anchor, choices, {"data-part": "1"})
        for issue_index, anchors in enumerate(part2):
            for anchor, criterion in zip(anchors, rubric.criteria, strict=True):
                attrs = {"data-part": "2", "data-issue": str(issue_index), "data-criterion": criterion.code}
                self._add(anchor, choices, attrs)

    def _add(self, anchor, choices, attrs):
        self.fields[f"level__{anchor}"] = forms.TypedChoiceField(
            label="ระดับ",
            choices=choices,
            coerce=int,
            required=False,
            empty_value=None,
            widget=forms.RadioSelect(attrs={"class": "btn-check level-input", **attrs}),
        )
        self.fields[f"comment__{anchor}"] = forms.CharField(
            label="ความเห็น",
            required=False,
            max_length=COMMENT_MAX,
            widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
        )

    def levels(self) -> dict:
        return {
            name.removeprefix("level__"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("level__")
        }

    def comments(self) -> dict:
        return {
            name.removeprefix("comment__"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("comment__")
        }


class EvidenceForm(forms.Form):
    anchor = forms.ChoiceField(label="แนบกับ")
    title = forms.CharField(label="ชื่อหลักฐาน", max_length=300)
    file = forms.FileField(label="ไฟล์", required=False)
    url = forms.CharField(label="หรือลิงก์ (http:// หรือ https://)", max_length=1000, required=False)

    def __init__(self, *args, anchors: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anchor"].choices = anchors
        limit_mb = settings.EVIDENCE_MAX_BYTES / (1024 * 1024)
        self.fields[
            "file"
        ].help_text = f"PDF, รูปภาพ, Word, Excel, PowerPoint หรือ OpenDocument ขนาดไม่เกิน {limit_mb:g} MB"

    def clean(self):
        data = super().clean()
        if self.has_error("file") or self.has_error("url"):
            # An empty file or an over-long link already says what is wrong with it; "attach one
            # or the other" on top would contradict it.
            return data
        if bool(data.get("file")) == bool((data.get("url") or "").strip()):
            raise forms.ValidationError("กรุณาแนบไฟล์หรือระบุลิงก์อย่างใดอย่างหนึ่ง")
        return data
