"""The agreement as one plain dict: the interchange format (docs/agreement-format.md) and the
immutable snapshot stored on every submission. Reports, the importer and the exporter read
agreements through here, and a submission's PDF is rendered from its snapshot alone."""

import hashlib
import json

from standards import selectors as standard_selectors

from .models import Agreement, AgreementItem, ChallengeIssue, MethodStep, Target, TargetGroup

FORMAT = "pa-portal/agreement@1"

PARTS = ("part1", "part2")


def agreement_to_dict(agreement: Agreement, parts: tuple[str, ...] = PARTS) -> dict:
    """The agreement in the interchange format (docs/agreement-format.md). Also the snapshot
    stored on submit, so it carries the standard's texts and the owner's details: a submission's
    PDF is rendered from it alone.

    Read as plain values, not as model instances: every agreement page and save calls this, and
    building ~150 instances cost more than the rest of the save. A page that shows one part asks
    for that part only; the other then reads as an empty list."""
    return read_with_row_ids(agreement, parts)[0]


# What a locked read of an agreement brings along: _read and the rules use all three.
HEAD_RELATIONS = ("fiscal_year", "standard", "office")


def read_with_row_ids(
    agreement: Agreement, parts: tuple[str, ...] = PARTS, sub_items: set[str] | None = None
) -> tuple[dict, dict]:
    """agreement_to_dict's dict, and the row ids a Part 1 save needs to write in place:
    {"items": {code: (item id, tasks)}, "targets": {item id: {group: (id, outcome, indicator, kind)}}}.
    The agreement's year, standard and office are read through the instance (select_related
    them, as `agreement_lock` does). A part left out of `parts` reads as empty (a save compares
    only the part it writes); `sub_items`, when given, limits Part 1 to those rows (a save of one
    domain's page reads and compares its own rows)."""
    standard = agreement.standard
    part1, ids = (
        _part1(agreement.pk, standard, sub_items) if "part1" in parts else ([], {"items": {}, "targets": {}})
    )
    part2 = _part2(agreement.pk) if "part2" in parts else []
    rate = agreement.owner_salary_rate
    data = {
        "format": FORMAT,
        "fiscal_year": agreement.fiscal_year.year,
        "standard": {
            "code": standard.code,
            "edition": standard.edition,
            "title": standard.title,
            "position": standard.position,
        },
        "owner": {
            "name": agreement.owner_name,
            "position": agreement.owner_position,
            "academic_standing": agreement.owner_academic_standing,
            "salary_rank": agreement.owner_salary_rank,
            "salary_rate": str(rate) if rate else "",
            "office_code": agreement.office.code,
            "office_name": agreement.office_name,
        },
        "part1": part1,
        "part2": part2,
    }
    return data, ids


def _part1(pk: int, standard, sub_items: set[str] | None) -> tuple[list, dict]:
    """Part 1's rows in the standard's order, and their row ids (read_with_row_ids)."""
    tree = standard_selectors.standard_tree_for(standard.pk, standard.content_hash)
    items = {}
    tasks = {}
    entries: dict[int, list] = {}
    target_ids: dict[int, dict] = {}
    # Rows and their target groups in one outer join: a row without targets comes once, with Nones.
    rows = AgreementItem.objects.filter(agreement_id=pk)
    if sub_items is not None:
        rows = rows.filter(sub_item_id__in=[i.pk for d in tree for i in d.items.all() if i.code in sub_items])
    for sub_item_id, item_id, text, target_id, group, outcome, indicator, kind in rows.order_by().values_list(
        "sub_item_id",
        "id",
        "tasks",
        "targets__id",
        "targets__target_group",
        "targets__outcome",
        "targets__indicator",
        "targets__kind",
    ):
        items[sub_item_id] = item_id
        tasks[item_id] = text
        if target_id is None:
            continue
        entries.setdefault(item_id, []).append(
            {"group": group, "outcome": outcome, "indicator": indicator, "kind": kind}
        )
        target_ids.setdefault(item_id, {})[group] = (target_id, outcome, indicator, kind)
    part1 = []
    item_ids = {}
    for domain in tree:
        for sub_item in domain.items.all():
            item_id = items.get(sub_item.pk)
            if item_id is None:
                continue
            item_ids[sub_item.code] = (item_id, tasks[item_id])
            part1.append(
                {
                    "sub_item": sub_item.code,
                    "domain": domain.number,
                    "domain_title": domain.title,
                    "sub_item_text": sub_item.text,
                    "tasks": tasks[item_id],
                    "targets": sorted(entries.get(item_id, []), key=_group_order),
                }
            )
    return part1, {"items": item_ids, "targets": target_ids}


def _part2(pk: int) -> list:
    """Part 2's challenge issues in order, each with its method steps and targets."""
    issues = list(
        ChallengeIssue.objects.filter(agreement_id=pk)
        .order_by("order", "id")
        .values_list("id", "order", "title", "policy__code", "policy__title", "policy_other", "problem")
    )
    if not issues:  # like prefetch_related, no query for the steps and targets of no issues
        return []
    steps: dict[int, list] = {}
    for issue_id, order, text, start, end in (
        MethodStep.objects.filter(issue__agreement_id=pk)
        .order_by("order", "id")
        .values_list("issue_id", "order", "text", "start_month", "end_month")
    ):
        steps.setdefault(issue_id, []).append(
            {"order": order, "text": text, "start_month": start, "end_month": end}
        )
    targets: dict[int, list] = {}
    for issue_id, kind, text, value, unit in (
        Target.objects.filter(issue__agreement_id=pk)
        .order_by("kind", "order", "id")
        .values_list("issue_id", "kind", "text", "value", "unit")
    ):
        targets.setdefault(issue_id, []).append(_target_to_dict(kind, text, value, unit))
    return [
        {
            "order": order,
            "title": title,
            "policy": policy_code,
            "policy_title": policy_title or "",
            "policy_other": policy_other,
            "problem": problem,
            "method": steps.get(issue_id, []),
            "targets": targets.get(issue_id, []),
        }
        for issue_id, order, title, policy_code, policy_title, policy_other, problem in issues
    ]


_GROUP_ORDER = {value: index for index, value in enumerate(TargetGroup.values)}


def _group_order(entry: dict) -> int:
    return _GROUP_ORDER[entry["group"]]


def _target_to_dict(kind: str, text: str, value, unit: str) -> dict:
    if kind == Target.Kind.QUANTITATIVE:
        value = "" if value is None else _plain_number(value)
        return {"kind": kind, "text": text, "value": value, "unit": unit}
    return {"kind": kind, "text": text}


def _plain_number(value) -> str:
    return format(value.normalize(), "f")


def snapshot_hash(snapshot: dict) -> str:
    encoded = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()
