"""An agreement's audit trail as its history page shows it: for a save, what changed (before and
after) field by field, the same presentation as comparing two versions; for a return, the
supervisor's comments."""

from django import template

from agreements.diff import snapshot_diff
from audit.presentation import action_label

register = template.Library()


@register.filter
def audit_label(action: str) -> str:
    return action_label(action)


@register.inclusion_tag("audit/_details.html")
def audit_details(entry):
    return {"changes": agreement_changes(entry), "comments": review_comments(entry), "entry": entry}


def agreement_changes(entry) -> list[dict]:
    """For a saved agreement: the rows and issues that changed, each field with its before and
    after marked up (the same presentation as comparing two versions). Other entries: none.

    Scores are left out on purpose: sheets stay independent until the committee has finished, and
    this page is read by the owner and the supervisor too."""
    if entry.action not in ("agreement.saved", "agreement.copied", "agreement.imported"):
        return []
    older, newer = {"part1": [], "part2": []}, {"part1": [], "part2": []}
    for key, change in (entry.changes or {}).items():
        if not isinstance(change, dict) or "before" not in change:
            continue
        part = "part1" if key.startswith("item:") else "part2" if key.startswith("challenge:") else None
        if part is None:
            continue
        if change.get("before"):
            older[part].append(change["before"])
        if change.get("after"):
            newer[part].append(change["after"])
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
