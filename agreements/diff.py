"""What changed between two submitted versions, row by row, for the reader of an agreement."""

from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import TargetGroup

GROUP_LABELS = dict(TargetGroup.choices)


def inline_diff(old: str, new: str) -> str:
    """HTML with deletions and insertions marked. Thai has no spaces between words, so the
    comparison runs on characters, with tiny equal runs merged to keep the result readable."""
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    parts = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
            continue
        if a2 > a1:
            parts.append(f'<del class="diff-del">{escape(old[a1:a2])}</del>')
        if b2 > b1:
            parts.append(f'<ins class="diff-ins">{escape(new[b1:b2])}</ins>')
    return mark_safe("".join(parts))  # noqa: S308 (every piece is escaped above)


def _row_fields(row: dict | None) -> dict[str, str]:
    if row is None:
        return {}
    fields = {"งาน (Tasks)": row.get("tasks", "")}
    for entry in row.get("targets", []):
        label = GROUP_LABELS.get(entry["group"], entry["group"])
        fields[f"ผลลัพธ์ — {label}"] = entry.get("outcome", "")
        fields[f"ตัวชี้วัด — {label}"] = entry.get("indicator", "")
        fields[f"ประเภทตัวชี้วัด — {label}"] = entry.get("kind", "")
    return fields


def _issue_fields(issue: dict | None) -> dict[str, str]:
    if issue is None:
        return {}
    fields = {
        "ชื่อประเด็น": issue.get("title", ""),
        "นโยบาย": issue.get("policy_title") or issue.get("policy_other", ""),
        "สภาพปัญหา": issue.get("problem", ""),
    }
    for n, step in enumerate(issue.get("method", []), start=1):
        fields[f"ขั้นตอนที่ {n}"] = f"{step['text']} ({step.get('start_month')}–{step.get('end_month')})"
    for n, target in enumerate(issue.get("targets", []), start=1):
        value = f" {target.get('value', '')} {target.get('unit', '')}".rstrip()
        fields[f"เป้าหมาย {n}"] = f"[{target['kind']}] {target['text']}{value}"
    return fields


def _compare(label: str, old: dict, new: dict) -> dict | None:
    changes = []
    for name in list(dict.fromkeys([*old, *new])):
        before, after = old.get(name, ""), new.get(name, "")
        if before != after:
            changes.append(
                {"field": name, "before": before, "after": after, "html": inline_diff(before, after)}
            )
    return {"label": label, "fields": changes} if changes else None


def snapshot_diff(older: dict, newer: dict) -> list[dict]:
    """The changed rows and challenge issues, in form order; unchanged ones are left out."""
    result = []
    old_rows = {r["sub_item"]: r for r in older.get("part1", [])}
    new_rows = {r["sub_item"]: r for r in newer.get("part1", [])}
    for code in list(dict.fromkeys([*old_rows, *new_rows])):
        change = _compare(f"ข้อ {code}", _row_fields(old_rows.get(code)), _row_fields(new_rows.get(code)))
        if change:
            result.append(change)
    old_issues = {i["order"]: i for i in older.get("part2", [])}
    new_issues = {i["order"]: i for i in newer.get("part2", [])}
    for order in sorted(set(old_issues) | set(new_issues)):
        change = _compare(
            f"ประเด็นท้าทายที่ {order}",
            _issue_fields(old_issues.get(order)),
            _issue_fields(new_issues.get(order)),
        )
        if change:
            result.append(change)
    return result
