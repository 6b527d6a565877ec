"""An agreement's audit trail as its history page shows it (lines from audit/presentation.py):
for a save or a session of saves, what changed (before and after) field by field, the same
presentation as comparing two versions; for a return, the supervisor's comments."""

from django import template
from django.utils import timezone

from agreements.diff import snapshot_diff
from audit.presentation import action_label
from pa_portal import thai

register = template.Library()

FIELDS_SHOWN = 4
SAVE_ACTIONS = ("agreement.saved", "agreement.copied", "agreement.imported")


@register.filter
def audit_label(action: str) -> str:
    return action_label(action)


@register.simple_tag
def line_time(line) -> str:
    """'4 ธ.ค. 2569 เวลา 09:10 น.', or for a session '4 ธ.ค. 2569 เวลา 09:10–09:42 น.'."""
    start, end = timezone.localtime(line.earliest.at), timezone.localtime(line.latest.at)
    if not line.is_session:
        return f"{thai.thai_date(end, short=True)} เวลา {end:%H:%M} น."
    if start.date() == end.date():
        return f"{thai.thai_date(end, short=True)} เวลา {start:%H:%M}–{end:%H:%M} น."
    return (
        f"{thai.thai_date(start, short=True)} เวลา {start:%H:%M} น. – "
        f"{thai.thai_date(end, short=True)} เวลา {end:%H:%M} น."
    )


@register.inclusion_tag("audit/_details.html")
def audit_details(line):
    changes = agreement_changes(line)
    return {
        "changes": changes,
        # "ข้อ 1.1: งาน (Tasks), ผลลัพธ์ (ผู้เรียน)" per row, the first few only: a copy from last
        # year changes every row.
        "fields_changed": [
            f"{c['label']}: {', '.join(f['field'] for f in c['fields'])}" for c in changes[:FIELDS_SHOWN]
        ],
        "more": max(len(changes) - FIELDS_SHOWN, 0),
        "comments": review_comments(line.latest),
        "entry": line.latest,
        "line": line,
    }


def agreement_changes(line) -> list[dict]:
    """For saves of an agreement: the rows and issues that changed over the whole line (the
    first save's before against the last save's after), each field with its before and after
    marked up. Other entries: none.

    Scores are left out on purpose: sheets stay independent until the committee has finished, and
    this page is read by the owner and the supervisor too."""
    if line.latest.action not in SAVE_ACTIONS:
        return []
    before, after = {}, {}
    for entry in reversed(line.entries):  # oldest first
        for key, change in (entry.changes or {}).items():
            if not isinstance(change, dict) or "before" not in change:
                continue
            before.setdefault(key, change.get("before"))
            after[key] = change.get("after")
    older, newer = {"part1": [], "part2": []}, {"part1": [], "part2": []}
    for key in before:
        part = "part1" if key.startswith("item:") else "part2" if key.startswith("challenge:") else None
        if part is None:
            continue
        if before[key]:
            older[part].append(before[key])
        if after[key]:
            newer[part].append(after[key])
    return snapshot_diff(older, newer)


def review_comments(entry) -> list[tuple[str, str]]:
    """The supervisor's comments carried by a return, as (where, text)."""
    if entry.action != "agreement.returned":
        return []
    changes = entry.changes or {}
    comments = [("ความเห็นโดยรวม", changes["comment"])] if changes.get("comment") else []
    for anchor, text in (changes.get("item_comments") or {}).items():
        comments.append((anchor.replace("item-", "ข้อ ").replace("challenge-", "ประเด็นท้าทายที่ "), text))
    return comments
