"""The results pages' forms: built from the report's dict (the agreed targets beside the saved
results), turned back into the save's input by `payload()`. Each page saves only its own rows."""

from django import forms

from pa_portal.forms import PortalForm

from .models import SelfRating, StepResult
from .snapshot import QUALITATIVE_KINDS, QUANTITATIVE_KINDS

RATING_CHOICES = [("", "— ไม่ประเมินตนเอง —"), *[(str(v), label) for v, label in SelfRating.choices]]
STEP_CHOICES = [("", "— เลือก —"), *StepResult.Status.choices]


def _text(label, rows=3, **attrs):
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows, "class": "form-control", **attrs}),
    )


def _number(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
    )


def _rating():
    return forms.ChoiceField(
        label="ระดับที่ประเมินตนเอง",
        choices=RATING_CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


def _rating_value(value):
    return int(value) if value else None


class _ResultsForm(PortalForm):
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)


class Part1Form(_ResultsForm):
    """The rows of one domain (or of every domain): what was done, each indicator's result, and
    the optional self-rating."""

    def __init__(self, *args, rows: list[dict], **kwargs):
        initial = kwargs.setdefault("initial", {})
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            code = row["sub_item"]
            self.fields[f"done__{code}"] = _text(f"สิ่งที่ได้ดำเนินการ ข้อ {code}", rows=4)
            self.fields[f"rating__{code}"] = _rating()
            self.fields[f"reason__{code}"] = _text("เหตุผลของระดับที่ประเมินตนเอง", rows=2)
            initial.setdefault(f"done__{code}", row["done"])
            initial.setdefault(f"rating__{code}", str(row["self_rating"] or ""))
            initial.setdefault(f"reason__{code}", row["rating_reason"])
            entries = []
            for entry in row["indicators"]:
                key = f"{code}__{entry['group']}"
                achieved = description = None
                if entry["kind"] in QUANTITATIVE_KINDS:
                    self.fields[f"achieved__{key}"] = _number("ค่าที่ทำได้")
                    initial.setdefault(f"achieved__{key}", entry["achieved"])
                    achieved = f"achieved__{key}"
                if entry["kind"] in QUALITATIVE_KINDS or not entry["kind"]:
                    self.fields[f"description__{key}"] = _text("ผลที่เกิดขึ้น", rows=2)
                    initial.setdefault(f"description__{key}", entry["description"])
                    description = f"description__{key}"
                entries.append((entry, achieved, description))
            self.rows.append((row, entries))

    def bound_rows(self) -> list[dict]:
        """The rows with their bound fields, for the template."""
        return [
            {
                "row": row,
                "done": self[f"done__{row['sub_item']}"],
                "rating": self[f"rating__{row['sub_item']}"],
                "reason": self[f"reason__{row['sub_item']}"],
                "indicators": [
                    {
                        "entry": entry,
                        "achieved": self[achieved] if achieved else None,
                        "description": self[description] if description else None,
                    }
                    for entry, achieved, description in entries
                ],
            }
            for row, entries in self.rows
        ]

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "part1": [
                {
                    "sub_item": row["sub_item"],
                    "done": data[f"done__{row['sub_item']}"],
                    "self_rating": _rating_value(data[f"rating__{row['sub_item']}"]),
                    "rating_reason": data[f"reason__{row['sub_item']}"],
                    "indicators": [
                        {
                            "group": entry["group"],
                            "achieved": data[achieved] if achieved else "",
                            "description": data[description] if description else "",
                        }
                        for entry, achieved, description in entries
                    ],
                }
                for row, entries in self.rows
            ]
        }


class Part2Form(_ResultsForm):
    """Every challenge issue: each target's result, each step's progress, lessons learned."""

    def __init__(self, *args, issues: list[dict], **kwargs):
        initial = kwargs.setdefault("initial", {})
        super().__init__(*args, **kwargs)
        self.issues = issues
        for issue in issues:
            order = issue["order"]
            self.fields[f"lessons__{order}"] = _text("ปัญหา อุปสรรค และแนวทางแก้ไข", rows=4)
            self.fields[f"rating__{order}"] = _rating()
            self.fields[f"reason__{order}"] = _text("เหตุผลของระดับที่ประเมินตนเอง", rows=2)
            initial.setdefault(f"lessons__{order}", issue["lessons"])
            initial.setdefault(f"rating__{order}", str(issue["self_rating"] or ""))
            initial.setdefault(f"reason__{order}", issue["rating_reason"])
            for index, target in enumerate(issue["targets"]):
                if target["kind"] == "quantitative":
                    self.fields[f"achieved__{order}__{index}"] = _number("ค่าที่ทำได้")
                    initial.setdefault(f"achieved__{order}__{index}", target["achieved"])
                else:
                    self.fields[f"outcome__{order}__{index}"] = _text("ผลที่เกิดขึ้น", rows=2)
                    initial.setdefault(f"outcome__{order}__{index}", target["outcome"])
            for index, step in enumerate(issue["method"]):
                self.fields[f"status__{order}__{index}"] = forms.ChoiceField(
                    label=f"ผลการดำเนินการขั้นที่ {step['order']}",
                    choices=STEP_CHOICES,
                    required=False,
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
                self.fields[f"why__{order}__{index}"] = forms.CharField(
                    label="เหตุผล (เมื่อยังไม่ครบ)",
                    required=False,
                    widget=forms.TextInput(attrs={"class": "form-control"}),
                )
                initial.setdefault(f"status__{order}__{index}", step["status"])
                initial.setdefault(f"why__{order}__{index}", step["reason"])

    def bound_issues(self) -> list[dict]:
        out = []
        for issue in self.issues:
            order = issue["order"]
            out.append(
                {
                    "issue": issue,
                    "lessons": self[f"lessons__{order}"],
                    "rating": self[f"rating__{order}"],
                    "reason": self[f"reason__{order}"],
                    "targets": [
                        {
                            "target": target,
                            "field": self[
                                f"achieved__{order}__{i}"
                                if target["kind"] == "quantitative"
                                else f"outcome__{order}__{i}"
                            ],
                        }
                        for i, target in enumerate(issue["targets"])
                    ],
                    "steps": [
                        {
                            "step": step,
                            "status": self[f"status__{order}__{i}"],
                            "why": self[f"why__{order}__{i}"],
                        }
                        for i, step in enumerate(issue["method"])
                    ],
                }
            )
        return out

    def payload(self) -> dict:
        data = self.cleaned_data
        return {
            "part2": [
                {
                    "order": issue["order"],
                    "lessons": data[f"lessons__{issue['order']}"],
                    "self_rating": _rating_value(data[f"rating__{issue['order']}"]),
                    "rating_reason": data[f"reason__{issue['order']}"],
                    "targets": [
                        {
                            "index": i,
                            "achieved": data.get(f"achieved__{issue['order']}__{i}", ""),
                            "outcome": data.get(f"outcome__{issue['order']}__{i}", ""),
                        }
                        for i in range(len(issue["targets"]))
                    ],
                    "steps": [
                        {
                            "index": i,
                            "status": data[f"status__{issue['order']}__{i}"],
                            "reason": data[f"why__{issue['order']}__{i}"],
                        }
                        for i in range(len(issue["method"]))
                    ],
                }
                for issue in self.issues
            ]
        }


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label="ผลการพิจารณา",
        choices=[("accept", "รับรองรายงานผล"), ("return", "ส่งกลับให้แก้ไข")],
        widget=forms.RadioSelect,
    )
    comment = _text("ความเห็น (จำเป็นเมื่อส่งกลับให้แก้ไข)", rows=4)
