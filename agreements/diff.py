"""What changed between two versions of an agreement, row by row, as a person compares them:
Thai text word by word, numbers as whole values, months by their Thai names, and every field
under the label the form prints."""

from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

from pa_portal import thai

from .models import IndicatorKind, TargetGroup

GROUP_LABELS = dict(TargetGroup.choices)
KIND_LABELS = dict(IndicatorKind.choices)


def words(text: str) -> list[str]:
    """Thai text cut into words (Thai writes no spaces between words); a number stays one token
    ("1,200", "80.5"), and spaces are kept so that joining the tokens gives the text back."""
    # Imported on first use: it loads its dictionary on import, and only a comparison needs it.
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine="newmm", keep_whitespace=True) if text else []


def inline_diff(old: str, new: str) -> str:
    """HTML with the words taken out struck through and the words put in marked; each changed
    word or number is shown whole (80 → 90, never a changed digit)."""
    a, b = words(old), words(new)
    matcher = SequenceMatcher(a=a, b=b, autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in _merged(matcher.get_opcodes(), a):
        if op == "equal":
            parts.append(escape("".join(a[a1:a2])))
            continue
        parts.append(_marked("".join(a[a1:a2]), "".join(b[b1:b2])))
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped)


def whole_diff(old: str, new: str) -> str:
    """A value that is read as one thing (a month range, a choice, an amount): old struck, new."""
    return mark_safe(_marked(old, new))  # noqa: S308 (escaped in _marked)


def _marked(old: str, new: str) -> str:
    parts = []
    if old:
        parts.append(f'<del class="diff-del">{escape(old)}</del>')
    if new:
        parts.append(f'<ins class="diff-ins">{escape(new)}</ins>')
    return " ".join(parts)


def _merged(opcodes, a: list[str]):
    """Opcodes with a lone space between two changes folded into them, so that a rewritten phrase
    reads as one struck phrase and one new one instead of a word-by-word patchwork."""
    merged = []
    for op in opcodes:
        if (
            len(merged) >= 2
            and op[0] != "equal"
            and merged[-1][0] == "equal"
            and merged[-2][0] != "equal"
            and not "".join(a[merged[-1][1] : merged[-1][2]]).strip()
        ):
            merged.pop()  # the space between the two changes
            before = merged.pop()
            merged.append(("replace", before[1], op[2], before[3], op[4]))
            continue
        merged.append(op)
    return merged


def _months(step: dict) -> str:
    start, end = step.get("start_month"), step.get("end_month")
    if not start and not end:
        return ""
    if start == end or not end:
        return thai.month_name(start)
    if not start:
        return thai.month_name(end)
    return f"{thai.month_name(start)} – {thai.month_name(end)}"


def _row_fields(row: dict | None) -> dict[str, tuple[str, bool]]:
    """Label → (text, read whole?) for a row of Part 1, labelled as on the Part 1 page."""
    if row is None:
        return {}
    fields = {"งาน (Tasks)": (row.get("tasks", ""), False)}
    for entry in row.get("targets", []):
        group = GROUP_LABELS.get(entry["group"], entry["group"])
        fields[f"ผลลัพธ์ ({group})"] = (entry.get("outcome", ""), False)
        fields[f"ตัวชี้วัด ({group})"] = (entry.get("indicator", ""), False)
        kind = entry.get("kind", "")
        fields[f"ประเภทตัวชี้วัด ({group})"] = (KIND_LABELS.get(kind, kind), True)
    return fields


def _issue_fields(issue: dict | None) -> dict[str, tuple[str, bool]]:
    """Label → (text, read whole?) for a challenge issue, labelled as on the Part 2 page; the
    targets of each kind are numbered from 1 as the form numbers them."""
    if issue is None:
        return {}
    fields = {
        "ชื่อประเด็นท้าทาย": (issue.get("title", ""), False),
        "สอดคล้องกับนโยบาย สพฐ. / Quick Win": (
            issue.get("policy_title") or issue.get("policy_other", ""),
            True,
        ),
        "สภาพปัญหาและหลักฐาน": (issue.get("problem", ""), False),
    }
    for n, step in enumerate(issue.get("method", []), start=1):
        fields[f"ขั้นตอนที่ {n}"] = (step.get("text", ""), False)
        fields[f"ขั้นตอนที่ {n}: ช่วงเดือน"] = (_months(step), True)
    targets = issue.get("targets", [])
    quantitative = [t for t in targets if t.get("kind") == "quantitative"]
    for n, target in enumerate(quantitative, start=1):
        fields[f"เป้าหมายเชิงปริมาณ {n}"] = (target.get("text", ""), False)
        fields[f"เป้าหมายเชิงปริมาณ {n}: ค่าเป้าหมาย"] = (str(target.get("value", "") or ""), True)
        fields[f"เป้าหมายเชิงปริมาณ {n}: หน่วย"] = (target.get("unit", ""), True)
    qualitative = [t for t in targets if t.get("kind") == "qualitative"]
    for n, target in enumerate(qualitative, start=1):
        fields[f"เป้าหมายเชิงคุณภาพ {n}"] = (target.get("text", ""), False)
    return fields


def _compare(label: str, old: dict, new: dict, status: str) -> dict | None:
    changes = []
    for name in list(dict.fromkeys([*old, *new])):
        (before, whole_a), (after, whole_b) = old.get(name, ("", False)), new.get(name, ("", False))
        if before != after:
            html = whole_diff(before, after) if whole_a or whole_b else inline_diff(before, after)
            changes.append({"field": name, "before": before, "after": after, "html": html})
    return {"label": label, "status": status, "fields": changes} if changes else None


def _status(old, new) -> str:
    return "added" if old is None else "removed" if new is None else "changed"


def _pairs(older: dict, newer: dict):
    """(label, old, new, fields of) for every row and challenge issue, in form order."""
    old_rows = {r["sub_item"]: r for r in older.get("part1", [])}
    new_rows = {r["sub_item"]: r for r in newer.get("part1", [])}
    for code in list(dict.fromkeys([*new_rows, *old_rows])):
        yield f"ข้อ {code}", old_rows.get(code), new_rows.get(code), _row_fields
    old_issues = {i["order"]: i for i in older.get("part2", [])}
    new_issues = {i["order"]: i for i in newer.get("part2", [])}
    for order in sorted(set(old_issues) | set(new_issues)):
        yield f"ประเด็นท้าทายที่ {order}", old_issues.get(order), new_issues.get(order), _issue_fields


def snapshot_diff(older: dict, newer: dict) -> list[dict]:
    """The changed rows and challenge issues, in form order; unchanged ones are left out. Each is
    {"label", "status": changed|added|removed, "fields": [{"field", "before", "after", "html"}]}."""
    result = []
    for label, old, new, fields_of in _pairs(older, newer):
        change = _compare(label, fields_of(old), fields_of(new), _status(old, new))
        if change:
            result.append(change)
    return result


def change_counts(older: dict, newer: dict) -> dict:
    """How many rows and challenge issues were changed, added and removed, and their labels
    ({"changed": 2, "added": 0, "removed": 0, "labels": ["ข้อ 1.1", …]}). No word diff: cheap
    enough for a notification."""
    counts = {"changed": 0, "added": 0, "removed": 0, "labels": []}
    for label, old, new, fields_of in _pairs(older, newer):
        if fields_of(old) != fields_of(new):
            counts[_status(old, new)] += 1
            counts["labels"].append(label)
    return counts


def counts_text(counts: dict) -> str:
    """'แก้ไข 2 รายการ เพิ่ม 1 รายการ' (a row of Part 1 or a challenge issue is one รายการ)."""
    parts = [
        f"{verb} {counts[key]} รายการ"
        for key, verb in (("changed", "แก้ไข"), ("added", "เพิ่ม"), ("removed", "ลบ"))
        if counts.get(key)
    ]
    return " ".join(parts) if parts else "ไม่มีการเปลี่ยนแปลงเนื้อหา"
