"""A draft save keeps every valid value. A problem about one value (its path names a field of a
row or an issue) refuses that value only: the value keeps what was stored there, or stays empty
when nothing was, and everything else is written. A problem about the whole (duplicate rows,
unknown sub-items, too many issues) still refuses the save. The submit's rules are not involved:
a draft may be incomplete."""

import copy
import re

from pa_portal.errors import Problem

_LEAF = re.compile(r"^(part1|part2)\[(\d+)\]\.(?:(targets|method)\[(\d+)\]\.)?(\w+)$")
# The values a user types or picks, and what each is when nothing was stored.
_EMPTY = {
    "tasks": "",
    "outcome": "",
    "indicator": "",
    "title": "",
    "policy_other": "",
    "problem": "",
    "text": "",
    "unit": "",
    "value": None,
    "start_month": None,
    "end_month": None,
    "policy": None,
}
# Leaves refused together: a step's months are one period.
_TOGETHER = {"start_month": ("start_month", "end_month"), "end_month": ("start_month", "end_month")}


def is_value_problem(problem: Problem) -> bool:
    match = _LEAF.match(problem.path)
    if not match:
        return False
    part, _, sub, _, leaf = match.groups()
    return leaf in _EMPTY or (part == "part1" and sub == "targets" and leaf == "kind")


def keep_valid(
    data: dict, stored: dict, problems: list[Problem]
) -> tuple[dict, list[Problem], list[Problem]]:
    """The data to write with each refused value put back as stored, the problems about one value
    (refused), and the problems that refuse the whole save."""
    data = copy.deepcopy(data)
    refused, whole = [], []
    for problem in problems:
        node = _node(data, problem.path) if is_value_problem(problem) else None
        if node is None:
            whole.append(problem)
            continue
        if problem not in refused:
            refused.append(problem)
        leaf = problem.path.rsplit(".", 1)[1]
        before = _stored_node(data, stored, problem.path) or {}
        for key in _TOGETHER.get(leaf, (leaf,)):
            node[key] = before.get(key, _EMPTY.get(key, ""))
    return data, refused, whole


def _node(data: dict, path: str) -> dict | None:
    """The dict of `data` that holds the value at `path`, or None."""
    part, i, sub, j, _ = _LEAF.match(path).groups()
    rows = data.get(part) or []
    if int(i) >= len(rows):
        return None
    node = rows[int(i)]
    if sub:
        children = node.get(sub) or []
        return children[int(j)] if int(j) < len(children) else None
    return node


def _stored_node(data: dict, stored: dict, path: str) -> dict | None:
    """The stored counterpart of the node at `path`: Part 1 rows by sub-item and targets by
    group, Part 2 issues by order, their steps by position and targets by position in their kind."""
    part, i, sub, j, _ = _LEAF.match(path).groups()
    row = data[part][int(i)]
    if part == "part1":
        match = next((r for r in stored.get("part1", []) if r["sub_item"] == row.get("sub_item")), None)
        if match is None or not sub:
            return match
        group = row[sub][int(j)].get("group")
        return next((t for t in match.get(sub, []) if t.get("group") == group), None)
    match = next((s for s in stored.get("part2", []) if s["order"] == row.get("order")), None)
    if match is None or not sub:
        return match
    if sub == "targets":  # the n-th target of its kind: the form lists each kind on its own
        kind = row[sub][int(j)].get("kind")
        n = sum(1 for t in row[sub][: int(j)] if t.get("kind") == kind)
        children = [t for t in match.get(sub, []) if t.get("kind") == kind]
        return children[n] if n < len(children) else None
    children = match.get(sub, [])
    return children[int(j)] if int(j) < len(children) else None
