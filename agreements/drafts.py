"""Drafts: starting an agreement and saving its content. The web form, the importer and the
admin all write through here; the rules are agreements/rules.py, one set for all of them."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.services import audit_record
from pa_portal.errors import DomainError, Problem, StaleRevision
from pa_portal.thaitext import clean_text
from standards import selectors as standard_selectors

from . import partial, permissions, rules
from .models import (
    Agreement,
    AgreementItem,
    ChallengeIssue,
    FiscalYear,
    MethodStep,
    Policy,
    Target,
    TargetEntry,
)
from .selectors import agreement_lock
from .snapshot import PARTS, agreement_to_dict, read_with_row_ids

DEFAULT_STANDARD_CODE = "deputy-director"
STALE = (
    "ข้อตกลงนี้ถูกบันทึกจากหน้าต่างหรืออุปกรณ์อื่นหลังจากที่คุณเปิดหน้านี้ "
    "ระบบจึงยังไม่บันทึกข้อความของคุณ (ข้อความยังอยู่ในแบบฟอร์ม) "
    "กรุณาคัดลอกข้อความเก็บไว้ แล้วโหลดหน้าใหม่เพื่อดูฉบับล่าสุดก่อนแก้ไขต่อ"
)


def fiscal_year_get_or_create(year: int) -> FiscalYear:
    fiscal_year, _ = FiscalYear.objects.get_or_create(year=year)
    return fiscal_year


@transaction.atomic
def agreement_start(*, owner, fiscal_year: int, standard=None, copy_from_previous: bool = False) -> Agreement:
    """Create the owner's draft for a fiscal year, with one empty row per sub-item."""
    if not permissions.can_start_agreement(owner):
        raise PermissionDenied("เฉพาะรองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษาที่จัดทำข้อตกลงได้")
    profile = getattr(owner, "profile", None)
    if profile is None or profile.office_id is None:
        raise DomainError("ยังไม่มีข้อมูลสังกัดของคุณในระบบ กรุณาติดต่อเจ้าหน้าที่บริหารงานบุคคล")
    year = fiscal_year_get_or_create(fiscal_year)
    if Agreement.objects.filter(owner=owner, fiscal_year=year).exists():
        raise DomainError(f"คุณมีข้อตกลงของปีงบประมาณ {fiscal_year} อยู่แล้ว")
    previous = None
    if copy_from_previous:
        previous = (
            Agreement.objects.filter(owner=owner, fiscal_year__year__lt=fiscal_year)
            .order_by("-fiscal_year__year")
            .first()
        )
        if previous is None:
            raise DomainError("ไม่พบข้อตกลงของปีก่อนหน้าที่จะคัดลอก")
    if standard is None:
        # A new agreement is made under the latest edition, also when it copies last year's: the
        # rows carry over by sub-item code (an edition corrects the text, not the numbering).
        code = previous.standard.code if previous else DEFAULT_STANDARD_CODE
        standard = standard_selectors.standard_latest(code)
        if standard is None:
            raise DomainError("ยังไม่ได้นำเข้ามาตรฐานตำแหน่ง (python manage.py load_standards)")

    agreement = Agreement.objects.create(
        owner=owner,
        fiscal_year=year,
        standard=standard,
        office=profile.office,
        owner_name=profile.full_name,
        owner_position=profile.position or standard.position,
        owner_academic_standing=profile.get_academic_standing_display() if profile.academic_standing else "",
        owner_salary_rank=profile.salary_rank,
        owner_salary_rate=profile.salary_rate,
        office_name=profile.office.name,
    )
    AgreementItem.objects.bulk_create(
        AgreementItem(agreement=agreement, sub_item=sub_item)
        for sub_item in standard_selectors.standard_sub_items_cached(standard)
    )
    audit_record(actor=owner, action="agreement.created", obj=agreement, agreement=agreement)
    if previous is not None:
        data = agreement_to_dict(previous)
        codes = set(standard_selectors.standard_sub_item_codes(standard))
        data["part1"] = [row for row in data["part1"] if row["sub_item"] in codes]
        # Last year's policy list does not carry over; keep the text, drop the link.
        for issue in data["part2"]:
            if (
                issue.get("policy")
                and not Policy.objects.filter(fiscal_year=year, code=issue["policy"]).exists()
            ):
                issue["policy_other"] = issue.get("policy_other") or issue.get("policy_title", "")
                issue["policy"] = None
        _write(agreement, data, replace_part2=True)
        audit_record(
            actor=owner,
            action="agreement.copied",
            obj=agreement,
            agreement=agreement,
            changes={"from": previous.number},
        )
    return agreement


def clean_payload(data: dict) -> dict:
    """Repair and normalise every user text of an interchange dict (see pa_portal.thaitext)."""
    out = dict(data)
    rows = []
    for row in data.get("part1", []):
        rows.append(
            {
                **row,
                "tasks": clean_text(row.get("tasks")),
                "targets": [
                    {
                        **t,
                        "outcome": clean_text(t.get("outcome")),
                        "indicator": clean_text(t.get("indicator")),
                        "kind": t.get("kind") or "",
                    }
                    for t in row.get("targets", [])
                ],
            }
        )
    if "part1" in data:
        out["part1"] = rows
    if "part2" in data:
        out["part2"] = [
            {
                **issue,
                "title": clean_text(issue.get("title"), multiline=False),
                "policy_other": clean_text(issue.get("policy_other"), multiline=False),
                "problem": clean_text(issue.get("problem")),
                "method": [{**s, "text": clean_text(s.get("text"))} for s in issue.get("method", [])],
                "targets": [
                    {
                        **t,
                        "text": clean_text(t.get("text")),
                        "unit": clean_text(t.get("unit"), multiline=False),
                    }
                    for t in issue.get("targets", [])
                ],
            }
            for issue in data.get("part2", [])
        ]
    return out


@transaction.atomic
def agreement_update(*, agreement: Agreement, actor, data: dict, expected_revision: int | None) -> Agreement:
    """Save a draft: Part 1 rows and/or Part 2 issues given in `data` (interchange format).

    Incomplete content is fine; broken content (wrong types, over-long text, impossible months)
    is refused with every problem listed, and nothing is written. A save based on an older
    revision than the stored one is refused, so two tabs never overwrite each other silently.
    """
    return _update(agreement, actor, data, expected_revision, keep_valid=False).agreement


@dataclass
class DraftSaved:
    agreement: Agreement
    data: dict  # what was written: repaired text, refused values as they were stored
    refused: list[Problem]  # the values not written, each with its field's path


@transaction.atomic
def agreement_save_draft(
    *, agreement: Agreement, actor, data: dict, expected_revision, **options
) -> DraftSaved:
    """The web form's save (and autosave): like agreement_update, but a problem about one value
    refuses that value only (agreements/partial.py) and every other value is written. Options:
    `form_problems`, the values the form itself could not read, with their paths; `only_issues`,
    the challenge issues a page of one issue replaces (the others stay as stored)."""
    return _update(agreement, actor, data, expected_revision, keep_valid=True, **options)


def _update(
    agreement, actor, data, expected_revision, *, keep_valid, form_problems=(), only_issues=None
) -> DraftSaved:
    locked = agreement_lock(agreement)
    permissions.editable_check(actor, locked)
    if expected_revision is not None and expected_revision != locked.revision:
        raise StaleRevision(STALE)
    if only_issues is not None and any(i.get("order") not in only_issues for i in data.get("part2", [])):
        # A page of one issue sent another issue's lines: writing them would duplicate it.
        raise DomainError([Problem("part2", "part2", "ประเด็นท้าทายที่ส่งมาไม่ตรงกับหน้าที่แก้ไข")])
    data = clean_payload(data)
    policies = _policies(locked) if data.get("part2") else {}
    problems = list(form_problems) + rules.draft_problems(data) + _reference_problems(locked, data, policies)
    # Only the parts and Part 1 rows being written are read and compared: nothing else changes here.
    parts = tuple(part for part in PARTS if part in data)
    codes = {row.get("sub_item") for row in data.get("part1", [])}
    before = ids = None
    refused = []
    if problems and keep_valid:
        before, ids = read_with_row_ids(locked, parts, codes)
        data, refused, problems = partial.keep_valid(data, before, problems)
        if not problems:
            # What was stored may not fit beside the new values (a step's months): emptied then.
            again = rules.draft_problems(data) + _reference_problems(locked, data, policies)
            data, more, problems = partial.keep_valid(data, {}, again)
            refused += [p for p in more if p not in refused]
    if problems:
        raise DomainError(problems)
    if before is None:
        before, ids = read_with_row_ids(locked, parts, codes)
    _write(locked, data, replace_part2="part2" in data, ids=ids, policies=policies, only_issues=only_issues)
    changes = _changes(before, read_with_row_ids(locked, parts, codes)[0])
    # An autosave of unchanged text is not a new revision: no history row, and other tabs stay valid.
    if changes:
        locked.revision += 1
        locked.save(update_fields=["revision", "updated_at"])
        audit_record(actor=actor, action="agreement.saved", obj=locked, agreement=locked, changes=changes)
    agreement.revision = locked.revision
    return DraftSaved(locked, data, refused)


def _changes(before: dict, after: dict) -> dict:
    """Before/after of the rows and issues that changed (the audit trail's 'what')."""
    changes = {}
    rows_before = {r["sub_item"]: r for r in before["part1"]}
    for row in after["part1"]:
        old = rows_before.get(row["sub_item"])
        if old != row:
            changes[f"item:{row['sub_item']}"] = {"before": old, "after": row}
    issues_before = {i["order"]: i for i in before["part2"]}
    issues_after = {i["order"]: i for i in after["part2"]}
    for order in sorted(set(issues_before) | set(issues_after)):
        if issues_before.get(order) != issues_after.get(order):
            changes[f"challenge:{order}"] = {
                "before": issues_before.get(order),
                "after": issues_after.get(order),
            }
    return changes


def _policies(agreement: Agreement) -> dict[str, Policy]:
    """The OBEC policies of the agreement's fiscal year, by code."""
    return {p.code: p for p in Policy.objects.filter(fiscal_year_id=agreement.fiscal_year_id)}


def _reference_problems(agreement: Agreement, data: dict, policies: dict[str, Policy]) -> list[Problem]:
    problems = []
    codes = set(standard_selectors.standard_sub_item_codes(agreement.standard))
    for i, row in enumerate(data.get("part1", [])):
        if row.get("sub_item") not in codes:
            problems.append(
                Problem(
                    f"part1[{i}].sub_item",
                    "part1",
                    f"ข้อ '{row.get('sub_item')}' ไม่อยู่ในมาตรฐานตำแหน่ง {agreement.standard.title}",
                )
            )
        groups = [t.get("group") for t in row.get("targets", [])]
        if len(groups) != len(set(groups)):
            problems.append(
                Problem(
                    f"part1[{i}].targets",
                    rules.item_anchor(row.get("sub_item", "?")),
                    "กลุ่มเป้าหมายซ้ำกันในข้อเดียวกัน",
                )
            )
    orders = []
    for i, issue in enumerate(data.get("part2", [])):
        order = issue.get("order", i + 1)
        orders.append(order)
        if not isinstance(order, int) or not 1 <= order <= rules.CHALLENGE_COUNT:
            problems.append(Problem(f"part2[{i}].order", "part2", "ลำดับประเด็นท้าทายต้องเป็น 1, 2 หรือ 3"))
        if issue.get("policy") and issue["policy"] not in policies:
            problems.append(
                Problem(
                    f"part2[{i}].policy",
                    rules.challenge_anchor(order),
                    f"ไม่พบนโยบาย '{issue['policy']}' ของปีงบประมาณ {agreement.fiscal_year.year}",
                )
            )
    if len(orders) != len(set(orders)):
        problems.append(Problem("part2", "part2", "ลำดับประเด็นท้าทายซ้ำกัน"))
    return problems


def _write(
    agreement: Agreement,
    data: dict,
    *,
    replace_part2: bool,
    ids: dict | None = None,
    policies: dict[str, Policy] | None = None,
    only_issues: tuple[int, ...] | None = None,
) -> None:
    """Write validated content. Part 1 rows are updated in place; Part 2 is replaced whole, or
    only the issues in `only_issues` when a page of one issue saves.
    `ids` is what read_with_row_ids returned for this agreement and `policies` its year's policies, when the
    caller has them already (the save has)."""
    if "part1" in data:
        if ids is None:
            ids = read_with_row_ids(agreement, ("part1",))[1]
        changed_items, changed_targets, new_targets, stale_targets = [], [], [], []
        for row in data["part1"]:
            item_id, tasks = ids["items"][row["sub_item"]]
            if "tasks" in row and tasks != row["tasks"]:
                changed_items.append(AgreementItem(pk=item_id, tasks=row["tasks"]))
            if "targets" in row:
                existing = ids["targets"].get(item_id, {})
                keep = set()
                for entry in row["targets"]:
                    empty = not (entry.get("outcome") or entry.get("indicator"))
                    if empty:
                        continue
                    keep.add(entry["group"])
                    values = (entry.get("outcome", ""), entry.get("indicator", ""), entry.get("kind") or "")
                    target = existing.get(entry["group"])
                    if target is None:
                        new_targets.append(
                            TargetEntry(
                                item_id=item_id,
                                target_group=entry["group"],
                                outcome=values[0],
                                indicator=values[1],
                                kind=values[2],
                            )
                        )
                    elif target[1:] != values:
                        changed_targets.append(
                            TargetEntry(pk=target[0], outcome=values[0], indicator=values[1], kind=values[2])
                        )
                stale_targets += [target[0] for group, target in existing.items() if group not in keep]
        # One statement per kind of change, whatever the number of rows: a save of all 22 rows
        # costs the same few queries as a save of one (deadline-day autosaves, bench/load).
        if changed_items:
            AgreementItem.objects.bulk_update(changed_items, ["tasks"])
        if changed_targets:
            TargetEntry.objects.bulk_update(changed_targets, ["outcome", "indicator", "kind"])
        if stale_targets:
            TargetEntry.objects.filter(pk__in=stale_targets).delete()
        if new_targets:
            TargetEntry.objects.bulk_create(new_targets)
    if replace_part2 and "part2" in data:
        if policies is None:
            policies = _policies(agreement)
        replaced = agreement.challenges.all()
        if only_issues is not None:
            replaced = replaced.filter(order__in=only_issues)
        replaced.delete()
        issues_data = data["part2"]
        # Three inserts whatever the number of issues, steps and targets (PostgreSQL and SQLite
        # return the new issues' ids from a bulk insert).
        issues = ChallengeIssue.objects.bulk_create(
            ChallengeIssue(
                agreement=agreement,
                order=issue_data.get("order", i + 1),
                title=issue_data.get("title", ""),
                policy=policies.get(issue_data.get("policy")) if issue_data.get("policy") else None,
                policy_other=issue_data.get("policy_other", ""),
                problem=issue_data.get("problem", ""),
            )
            for i, issue_data in enumerate(issues_data)
        )
        MethodStep.objects.bulk_create(
            MethodStep(
                issue=issue,
                order=j,
                text=step.get("text", ""),
                start_month=step.get("start_month"),
                end_month=step.get("end_month"),
            )
            for issue, issue_data in zip(issues, issues_data, strict=True)
            for j, step in enumerate(issue_data.get("method", []), start=1)
            if (step.get("text") or "").strip()
        )
        Target.objects.bulk_create(
            Target(
                issue=issue,
                order=j,
                kind=target["kind"],
                text=target.get("text", ""),
                value=rules.parse_number(target.get("value"))
                if target["kind"] == Target.Kind.QUANTITATIVE
                else None,
                unit=target.get("unit", "") if target["kind"] == Target.Kind.QUANTITATIVE else "",
            )
            for issue, issue_data in zip(issues, issues_data, strict=True)
            for j, target in enumerate(issue_data.get("targets", []), start=1)
            if (target.get("text") or "").strip()
        )
