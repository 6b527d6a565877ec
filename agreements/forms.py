"""Web forms of the agreement. Each form turns its fields into the interchange dict that
`services.agreement_update` takes, so the web and the importer share one set of rules."""

from django import forms

from pa_portal.forms import OptionsSelect, PortalForm
from pa_portal.thai import FISCAL_MONTHS, month_name

from . import rules
from .models import IndicatorKind, Target, TargetGroup

MONTH_CHOICES = [("", "—")] + [(str(m), month_name(m)) for m in FISCAL_MONTHS]
KIND_CHOICES = [("", "— ประเภทตัวชี้วัด —")] + list(IndicatorKind.choices)
OTHER_POLICY = "__other__"
TASKS_LABEL = "งาน (Tasks) — ทำอะไร อย่างไร (How to)"


def _text(label, limit, rows=3, named=None, **attrs):
    """A text of the agreement: a text area of `rows` lines (kept as typed), or a line when rows=0;
    `named` names it in error messages where its label is shorter (Part 1's boxes of a group)."""
    field = forms.CharField(
        label=label,
        required=False,
        max_length=limit,
        strip=not rows,
        # A widget class, not an instance: the field makes it rather than deep-copying one (a page
        # of Part 1 makes about 80 fields a request).
        widget=forms.Textarea if rows else forms.TextInput,
        error_messages={
            "max_length": f"{named or label}: ยาวเกินกำหนด (สูงสุด %(limit_value)s ตัวอักษร มี %(show_value)s ตัวอักษร)"
        },
    )
    field.widget.attrs.update({"class": "form-control", **attrs})
    if rows:
        field.widget.attrs["rows"] = rows
    return field


def _line(label, limit, **attrs):
    return _text(label, limit, rows=0, **attrs)


def _choice(label, choices, small=True, field=forms.ChoiceField, **kwargs):
    """A select of fixed choices (an indicator's kind, a policy, a month), its widget made as `_text`'s."""
    chosen = field(label=label, choices=choices, required=False, widget=OptionsSelect, **kwargs)
    chosen.widget.attrs["class"] = "form-select form-select-sm" if small else "form-select"
    return chosen


def _value_field():
    # Text, not a number field: "80%", "ร้อยละ 80" and Thai digits are read by the rules
    # (pa_portal.thaitext.parse_number), and what cannot be read is kept as typed and reported.
    return _line("ค่าเป้าหมาย (ตัวเลข)", 30, inputmode="decimal")


class RevisionMixin(PortalForm):
    revision = forms.IntegerField(widget=forms.HiddenInput)


class Part1Form(RevisionMixin):
    """All rows of Part 1: Tasks, and per target group an Outcome, an Indicator and its kind.
    `comments` are the supervisor's, by row anchor, shown above their rows."""

    template_name = "agreements/part1_rows.html"

    def __init__(self, *args, sub_items, comments=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.sub_items = list(sub_items)
        self.comments = comments or {}
        for sub_item in self.sub_items:
            code = sub_item.code
            named = f"งาน (Tasks) ข้อ {code}"
            self.fields[f"tasks__{code}"] = _text(TASKS_LABEL, rules.LIMITS["tasks"], rows=4, named=named)
            for group in TargetGroup:
                for key, label, noun in (
                    ("outcome", "ผลลัพธ์ (Outcomes)", "ผลลัพธ์"),
                    ("indicator", "ตัวชี้วัด (Indicators)", "ตัวชี้วัด"),
                ):
                    self.fields[f"{key}__{code}__{group.value}"] = _text(
                        label, rules.LIMITS[key], rows=2, named=f"{noun} ข้อ {code} ({group.label})"
                    )
                self.fields[f"kind__{code}__{group.value}"] = _choice("ประเภทตัวชี้วัด", KIND_CHOICES)

    @staticmethod
    def initial_from(data: dict, revision: int) -> dict:
        initial = {"revision": revision}
        for row in data["part1"]:
            code = row["sub_item"]
            initial[f"tasks__{code}"] = row["tasks"]
            for entry in row["targets"]:
                group = entry["group"]
                initial[f"outcome__{code}__{group}"] = entry["outcome"]
                initial[f"indicator__{code}__{group}"] = entry["indicator"]
                initial[f"kind__{code}__{group}"] = entry["kind"]
        return initial

    def get_context(self):
        # The template reads its rows; Django's own context would list every field with its errors.
        return {"form": self, "rows": self.rows()}

    def rows(self):
        """Bound fields grouped per sub-item, for the template."""
        for sub_item in self.sub_items:
            code = sub_item.code
            anchor = rules.item_anchor(code)
            yield {
                "sub_item": sub_item,
                "anchor": anchor,
                "comment": self.comments.get(anchor),
                "tasks": self[f"tasks__{code}"],
                "groups": [
                    {
                        "label": group.label,
                        "value": group.value,
                        "outcome": self[f"outcome__{code}__{group.value}"],
                        "indicator": self[f"indicator__{code}__{group.value}"],
                        "kind": self[f"kind__{code}__{group.value}"],
                    }
                    for group in TargetGroup
                ],
            }

    def payload(self) -> dict:
        """The interchange dict of the page's rows; `field_of` maps each value's path in it to
        the form field it came from (a problem's path to the field it marks)."""
        data = self.cleaned_data
        part1 = []
        self.field_of = {}
        for i, sub_item in enumerate(self.sub_items):
            code = sub_item.code
            part1.append(
                {
                    "sub_item": code,
                    "tasks": data.get(f"tasks__{code}", ""),
                    "targets": [
                        {
                            "group": group.value,
                            "outcome": data.get(f"outcome__{code}__{group.value}", ""),
                            "indicator": data.get(f"indicator__{code}__{group.value}", ""),
                            "kind": data.get(f"kind__{code}__{group.value}", ""),
                        }
                        for group in TargetGroup
                    ],
                }
            )
            self.field_of[f"part1[{i}].tasks"] = f"tasks__{code}"
            self.field_of[f"part1[{i}].targets"] = f"outcome__{code}__{TargetGroup.values[0]}"
            for j, group in enumerate(TargetGroup):
                self.field_of[f"part1[{i}].targets[{j}]"] = f"outcome__{code}__{group.value}"
                for key in ("outcome", "indicator", "kind"):
                    self.field_of[f"part1[{i}].targets[{j}].{key}"] = f"{key}__{code}__{group.value}"
        return {"part1": part1}

    def path_of(self, name: str) -> str | None:
        return next((path for path, field in self.field_of.items() if field == name), None)


class Part2Form(RevisionMixin):
    """The challenge issues of one page (`orders`: one issue, or all three), each with a variable
    number of steps and targets. The number of slots travels in hidden fields so a failed save
    re-renders every line the user typed."""

    MIN_STEPS, MIN_QUANT, MIN_QUAL = 5, 3, 2
    ALL = tuple(range(1, rules.CHALLENGE_COUNT + 1))

    def __init__(self, *args, policies, counts=None, orders=ALL, **kwargs):
        super().__init__(*args, **kwargs)
        self.orders = tuple(orders)
        self.policy_choices = [("", "— เลือกนโยบาย —")] + [(p.code, str(p)) for p in policies]
        self.policy_choices.append((OTHER_POLICY, "อื่น ๆ (ระบุ)"))
        self.counts = counts or {}
        for order in self.orders:
            p = f"c{order}_"
            self.fields[p + "title"] = _line(f"ชื่อประเด็นท้าทายที่ {order}", rules.LIMITS["title"])
            self.fields[p + "policy"] = _choice(
                "สอดคล้องกับนโยบาย สพฐ. / Quick Win", self.policy_choices, small=False
            )
            self.fields[p + "policy_other"] = _line("นโยบายอื่น (ระบุ)", rules.LIMITS["policy_other"])
            self.fields[p + "problem"] = _text(
                f"สภาพปัญหาและหลักฐาน (ประเด็นที่ {order})", rules.LIMITS["problem"], rows=5
            )
            steps, quant, qual = self._count(order)
            for field, value in (("steps", steps), ("quant", quant), ("qual", qual)):
                self.fields[f"{p}{field}_count"] = forms.IntegerField(
                    widget=forms.HiddenInput, initial=value, required=False
                )
            for n in range(1, steps + 1):
                self.fields[f"{p}step{n}_text"] = _text(f"ขั้นตอนที่ {n}", rules.LIMITS["step"], rows=2)
                for key, label in (("start", "เดือนเริ่ม"), ("end", "เดือนสิ้นสุด")):
                    self.fields[f"{p}step{n}_{key}"] = _choice(
                        label, MONTH_CHOICES, field=forms.TypedChoiceField, coerce=int, empty_value=None
                    )
            for n in range(1, quant + 1):
                self.fields[f"{p}quant{n}_text"] = _line(f"เป้าหมายเชิงปริมาณ {n}", rules.LIMITS["target_text"])
                self.fields[f"{p}quant{n}_value"] = _value_field()
                self.fields[f"{p}quant{n}_unit"] = _line(
                    "หน่วย (เช่น ร้อยละ, โรงเรียน, คน)", rules.LIMITS["unit"]
                )
            for n in range(1, qual + 1):
                self.fields[f"{p}qual{n}_text"] = _line(f"เป้าหมายเชิงคุณภาพ {n}", rules.LIMITS["target_text"])

    def _count(self, order):
        def read(name, minimum):
            raw = self.data.get(f"c{order}_{name}_count") if self.is_bound else None
            try:
                value = int(raw) if raw is not None else self.counts.get((order, name), 0)
            except (TypeError, ValueError):
                value = 0
            return max(minimum, min(value, 30))

        return read("steps", self.MIN_STEPS), read("quant", self.MIN_QUANT), read("qual", self.MIN_QUAL)

    @classmethod
    def initial_from(cls, data: dict, revision: int) -> tuple[dict, dict]:
        initial, counts = {"revision": revision}, {}
        for issue in data["part2"]:
            p = f"c{issue['order']}_"
            initial[p + "title"] = issue["title"]
            if issue["policy"]:
                initial[p + "policy"] = issue["policy"]
            elif issue["policy_other"]:
                initial[p + "policy"] = OTHER_POLICY
            initial[p + "policy_other"] = issue["policy_other"]
            initial[p + "problem"] = issue["problem"]
            for n, step in enumerate(issue["method"], start=1):
                initial[f"{p}step{n}_text"] = step["text"]
                initial[f"{p}step{n}_start"] = step["start_month"]
                initial[f"{p}step{n}_end"] = step["end_month"]
            quant = [t for t in issue["targets"] if t["kind"] == Target.Kind.QUANTITATIVE]
            qual = [t for t in issue["targets"] if t["kind"] == Target.Kind.QUALITATIVE]
            for n, target in enumerate(quant, start=1):
                initial[f"{p}quant{n}_text"] = target["text"]
                initial[f"{p}quant{n}_value"] = target["value"]
                initial[f"{p}quant{n}_unit"] = target["unit"]
            for n, target in enumerate(qual, start=1):
                initial[f"{p}qual{n}_text"] = target["text"]
            # The saved lines only: a further line is cloned on the page from Part2BlankRow's
            # <template> when the user asks for one, so no empty line is rendered per issue.
            counts[(issue["order"], "steps")] = len(issue["method"])
            counts[(issue["order"], "quant")] = len(quant)
            counts[(issue["order"], "qual")] = len(qual)
        for key, value in counts.items():
            initial[f"c{key[0]}_{key[1]}_count"] = max(
                value, {"steps": cls.MIN_STEPS, "quant": cls.MIN_QUANT, "qual": cls.MIN_QUAL}[key[1]]
            )
        return initial, counts

    def issues(self):
        for order in self.orders:
            p = f"c{order}_"
            steps, quant, qual = self._count(order)
            yield {
                "order": order,
                "anchor": rules.challenge_anchor(order),
                "title": self[p + "title"],
                "policy": self[p + "policy"],
                "policy_other": self[p + "policy_other"],
                "problem": self[p + "problem"],
                "counts": [self[f"{p}steps_count"], self[f"{p}quant_count"], self[f"{p}qual_count"]],
                "steps": [
                    (n, self[f"{p}step{n}_text"], self[f"{p}step{n}_start"], self[f"{p}step{n}_end"])
                    for n in range(1, steps + 1)
                ],
                "quantitative": [
                    (self[f"{p}quant{n}_text"], self[f"{p}quant{n}_value"], self[f"{p}quant{n}_unit"])
                    for n in range(1, quant + 1)
                ],
                "qualitative": [self[f"{p}qual{n}_text"] for n in range(1, qual + 1)],
            }

    def _typed(self, name) -> bool:
        # Whether the user typed anything, also into a field the form could not read (that
        # value is refused on its own; the line stays, see agreements/partial.py).
        return bool((self.data.get(name) or "").strip()) if self.is_bound else False

    def payload(self) -> dict:
        """The interchange dict of the typed lines; `field_of` maps each value's path in it to
        the form field it came from (a problem's path to the field it marks)."""
        data = self.cleaned_data
        part2 = []
        self.field_of = {}
        for order in self.orders:
            p = f"c{order}_"
            steps, quant, qual = self._count(order)
            policy = data.get(p + "policy") or ""
            fields = {"title": p + "title", "policy": p + "policy", "problem": p + "problem"}
            issue = {
                "order": order,
                "title": data.get(p + "title", ""),
                "policy": policy if policy and policy != OTHER_POLICY else None,
                "policy_other": data.get(p + "policy_other", "") if policy in ("", OTHER_POLICY) else "",
                "problem": data.get(p + "problem", ""),
                "method": [],
                "targets": [],
            }
            if policy in ("", OTHER_POLICY):
                fields["policy_other"] = p + "policy_other"
            for n in range(1, steps + 1):
                if not self._typed(f"{p}step{n}_text"):
                    continue
                j = len(issue["method"])
                issue["method"].append(
                    {
                        "order": n,
                        "text": data.get(f"{p}step{n}_text", ""),
                        "start_month": data.get(f"{p}step{n}_start"),
                        "end_month": data.get(f"{p}step{n}_end"),
                    }
                )
                fields[f"method[{j}]"] = f"{p}step{n}_text"
                for key, name in (("text", "text"), ("start_month", "start"), ("end_month", "end")):
                    fields[f"method[{j}].{key}"] = f"{p}step{n}_{name}"
            for n in range(1, quant + 1):
                if not (self._typed(f"{p}quant{n}_text") or self._typed(f"{p}quant{n}_value")):
                    continue
                j = len(issue["targets"])
                issue["targets"].append(
                    {
                        "kind": Target.Kind.QUANTITATIVE,
                        "text": data.get(f"{p}quant{n}_text", ""),
                        "value": data.get(f"{p}quant{n}_value", ""),
                        "unit": data.get(f"{p}quant{n}_unit", ""),
                    }
                )
                for key in ("text", "value", "unit"):
                    fields[f"targets[{j}].{key}"] = f"{p}quant{n}_{key}"
            for n in range(1, qual + 1):
                if not self._typed(f"{p}qual{n}_text"):
                    continue
                fields[f"targets[{len(issue['targets'])}].text"] = f"{p}qual{n}_text"
                issue["targets"].append(
                    {"kind": Target.Kind.QUALITATIVE, "text": data.get(f"{p}qual{n}_text", "")}
                )
            # Submit rules about a missing part point at the first line of that part.
            fields["method"] = f"{p}step1_text"
            fields["targets"] = f"{p}quant1_text"
            has_content = any(
                [issue["title"].strip(), issue["problem"].strip(), issue["method"], issue["targets"]]
            )
            if has_content or policy or any(self._typed(name) for name in fields.values()):
                i = len(part2)
                part2.append(issue)
                self.field_of.update({f"part2[{i}].{key}": name for key, name in fields.items()})
        return {"part2": part2}

    def path_of(self, name: str) -> str | None:
        return next((path for path, field in self.field_of.items() if field == name), None)


class Part2BlankRow(PortalForm):
    """One empty line of each kind for the Part 2 page's <template>s: autosave.js clones it when
    the user adds a line, renaming `__row__-step_text` to `c1_step7_text` and raising the issue's
    `c1_steps_count`, so Part2Form reads the new line on the next save."""

    prefix = "__row__"
    ROW = "__n__"  # the line's number in labels, filled in by the page's script

    def __init__(self):
        super().__init__()
        self.fields["step_text"] = _text(f"ขั้นตอนที่ {self.ROW}", rules.LIMITS["step"], rows=2)
        for key, label in (("start", "เดือนเริ่ม"), ("end", "เดือนสิ้นสุด")):
            self.fields[f"step_{key}"] = _choice(label, MONTH_CHOICES)
        self.fields["quant_text"] = _line(f"เป้าหมายเชิงปริมาณ {self.ROW}", rules.LIMITS["target_text"])
        self.fields["quant_value"] = _value_field()
        self.fields["quant_unit"] = _line("หน่วย (เช่น ร้อยละ, โรงเรียน, คน)", rules.LIMITS["unit"])
        self.fields["qual_text"] = _line(f"เป้าหมายเชิงคุณภาพ {self.ROW}", rules.LIMITS["target_text"])

    def rows(self):
        return {
            "step": (self.ROW, self["step_text"], self["step_start"], self["step_end"]),
            "quant": (self["quant_text"], self["quant_value"], self["quant_unit"]),
            "qual": self["qual_text"],
        }


class ReviewForm(PortalForm):
    """The supervisor's decision, with an overall comment and optional comments per row/issue."""

    decision = forms.ChoiceField(
        label="ผลการพิจารณา",
        choices=[("agree", "เห็นชอบ"), ("return", "ไม่เห็นชอบ ส่งกลับให้แก้ไข")],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "กรุณาเลือกผลการพิจารณา"},
    )
    comment = _text("ความเห็นของผู้บังคับบัญชา", 3000, rows=3)

    def __init__(self, *args, anchors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.anchors = list(anchors)
        for anchor, label in self.anchors:
            self.fields[f"note__{anchor}"] = _text(f"ความเห็นต่อ{label}", 2000, rows=2)

    def item_comments(self) -> dict[str, str]:
        return {
            anchor: self.cleaned_data.get(f"note__{anchor}", "")
            for anchor, _ in self.anchors
            if (self.cleaned_data.get(f"note__{anchor}") or "").strip()
        }
