"""Where a problem is fixed: the form field of the Part 1 or Part 2 page that a problem's path
(`part1[3].tasks`, `part2[0].targets[2].value`) is about, read from the agreement's data the
way the pages lay out their fields (agreements/forms.py)."""

import re

from .models import Target

_PATH = re.compile(r"^(part1|part2)\[(\d+)\](?:\.(targets|method)(?:\[(\d+)\])?)?(?:\.(\w+))?$")
_STEP_FIELD = {"text": "text", "start_month": "start", "end_month": "end"}


def field_name(data: dict, path: str) -> str | None:
    """The form field's name for a problem's path, or None when the problem is about a whole part."""
    match = _PATH.match(path)
    if not match:
        return None
    part, i, sub, j, leaf = match.groups()
    rows = data.get(part) or []
    if int(i) >= len(rows):
        return None
    row = rows[int(i)]
    if part == "part1":
        return _part1(row, sub, j, leaf)
    return _part2(row, sub, j, leaf)


def _part1(row, sub, j, leaf):
    code = row.get("sub_item")
    if sub is None:
        return f"tasks__{code}" if leaf in (None, "tasks") else None
    targets = row.get("targets") or []
    if j is None:
        group = targets[0]["group"] if targets else "learners"
        return f"outcome__{code}__{group}"
    if int(j) >= len(targets):
        return None
    entry = targets[int(j)]
    if leaf is None:  # an outcome without its indicator, or the reverse
        leaf = "indicator" if (entry.get("outcome") or "").strip() else "outcome"
    return f"{leaf}__{code}__{entry['group']}" if leaf in ("outcome", "indicator", "kind") else None


def _part2(issue, sub, j, leaf):
    p = f"c{issue.get('order')}_"
    if sub is None:
        return p + leaf if leaf in ("title", "policy", "policy_other", "problem") else None
    if sub == "method":
        n = 1 if j is None else int(j) + 1
        return f"{p}step{n}_{_STEP_FIELD.get(leaf, 'text')}"
    targets = issue.get("targets") or []
    if j is None:
        has_quantitative = any(t.get("kind") == Target.Kind.QUANTITATIVE for t in targets)
        return f"{p}qual1_text" if has_quantitative else f"{p}quant1_text"
    if int(j) >= len(targets):
        return None
    kind = targets[int(j)].get("kind")
    n = sum(1 for t in targets[: int(j) + 1] if t.get("kind") == kind)
    if kind == Target.Kind.QUANTITATIVE:
        return f"{p}quant{n}_{leaf if leaf in ('text', 'value', 'unit') else 'text'}"
    return f"{p}qual{n}_text"


def messages_by_field(data: dict, problems) -> dict[str, list[str]]:
    """The problems that are about one field, by field name."""
    messages: dict[str, list[str]] = {}
    for problem in problems:
        if name := field_name(data, problem.path):
            messages.setdefault(name, []).append(problem.message)
    return messages
