"""Writes and workflow transitions of agreements. The web views, the admin, the importer and the
tasks all come through here."""

import functools
import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.selectors import display_name
from audit.services import audit_record
from pa_portal import permissions
from pa_portal.thaitext import clean_text
from standards import selectors as standard_selectors

from . import rules
from .models import (
    Agreement,
    AgreementItem,
    ChallengeIssue,
    FiscalYear,
    MethodStep,
    Policy,
    Review,
    ReviewComment,
    Submission,
    Target,
    TargetEntry,
    TargetGroup,
)

DEFAULT_STANDARD_CODE = "deputy-director"
FORMAT = "pa-portal/agreement@1"


class AgreementError(Exception):
    """A rule was broken; `problems` lists each one (path, anchor, Thai message)."""

    def __init__(self, problems: list[rules.Problem] | str):
        if isinstance(problems, str):
            problems = [rules.Problem("", "", problems)]
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


class StaleRevision(AgreementError):
    def __init__(self):
        super().__init__(
            "ข้อตกลงนี้ถูกบันทึกจากหน้าต่างหรืออุปกรณ์อื่นหลังจากที่คุณเปิดหน้านี้ "
            "ระบบจึงยังไม่บันทึกข้อความของคุณ (ข้อความยังอยู่ในแบบฟอร์ม) "
            "กรุณาคัดลอกข้อความเก็บไว้ แล้วโหลดหน้าใหม่เพื่อดูฉบับล่าสุดก่อนแก้ไขต่อ"
        )


# --- reading an agreement as the interchange dict -------------------------------------------


PARTS = ("part1", "part2")


def agreement_to_dict(agreement: Agreement, parts: tuple[str, ...] = PARTS) -> dict:
    """The agreement in the interchange format (docs/agreement-format.md). Also the snapshot
    stored on submit, so it carries the standard's texts and the owner's details: a submission's
    PDF is rendered from it alone.

    Read as plain values, not as model instances: every agreement page and save calls this, and
    building ~150 instances cost more than the rest of the save. A page that shows one part asks
    for that part only; the other then reads as an empty list."""
    return _read(agreement, parts)[0]


_HEAD_RELATIONS = ("fiscal_year", "standard", "office")
_HEAD_FIELDS = (
    "fiscal_year__year",
    "standard_id",
    "standard__content_hash",
    "standard__code",
    "standard__edition",
    "standard__title",
    "standard__position",
    "owner_name",
    "owner_position",
    "owner_academic_standing",
    "owner_salary_rank",
    "owner_salary_rate",
    "office__code",
    "office_name",
)


def _head(agreement: Agreement) -> dict:
    """The agreement's own fields and those of its year, standard and office (_HEAD_FIELDS).
    Taken from the instance when the caller read those with select_related (the views and the
    locked reads of the saves do), else read in one query."""
    if all(Agreement._meta.get_field(name).is_cached(agreement) for name in _HEAD_RELATIONS):
        return {name: functools.reduce(getattr, name.split("__"), agreement) for name in _HEAD_FIELDS}
    return Agreement.objects.filter(pk=agreement.pk).values(*_HEAD_FIELDS).get()


def _read(agreement: Agreement, parts: tuple[str, ...] = PARTS) -> tuple[dict, dict]:
    """agreement_to_dict's dict, and the row ids a Part 1 save needs to write in place:
    {"items": {code: (item id, tasks)}, "targets": {item id: {group: (id, outcome, indicator, kind)}}}.
    At most five queries: none for the head when it is loaded, none for Part 2's steps and
    targets when there are no issues. A part left out of `parts` reads as empty (a save compares
    only the part it writes)."""
    pk = agreement.pk
    head = _head(agreement)
    items = {}
    tasks = {}
    entries: dict[int, list] = {}
    target_ids: dict[int, dict] = {}
    # Rows and their target groups in one outer join: a row without targets comes once, with Nones.
    rows = AgreementItem.objects.filter(agreement_id=pk) if "part1" in parts else AgreementItem.objects.none()
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
    tree = standard_selectors.standard_tree_for(head["standard_id"], head["standard__content_hash"])
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
    of_agreement = (
        ChallengeIssue.objects.filter(agreement_id=pk) if "part2" in parts else ChallengeIssue.objects.none()
    )
    issues = list(
        of_agreement.order_by("order", "id").values_list(
            "id", "order", "title", "policy__code", "policy__title", "policy_other", "problem"
        )
    )
    # Like prefetch_related, no query for the steps and targets of no issues.
    of_issues = {"issue__agreement_id": pk} if issues else {"pk__in": []}
    steps: dict[int, list] = {}
    for issue_id, order, text, start, end in (
        MethodStep.objects.filter(**of_issues)
        .order_by("order", "id")
        .values_list("issue_id", "order", "text", "start_month", "end_month")
    ):
        steps.setdefault(issue_id, []).append(
            {"order": order, "text": text, "start_month": start, "end_month": end}
        )
    targets: dict[int, list] = {}
    for issue_id, kind, text, value, unit in (
        Target.objects.filter(**of_issues)
        .order_by("kind", "order", "id")
        .values_list("issue_id", "kind", "text", "value", "unit")
    ):
        targets.setdefault(issue_id, []).append(_target_to_dict(kind, text, value, unit))
    part2 = [
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
    rate = head["owner_salary_rate"]
    data = {
        "format": FORMAT,
        "fiscal_year": head["fiscal_year__year"],
        "standard": {
            "code": head["standard__code"],
            "edition": head["standard__edition"],
            "title": head["standard__title"],
            "position": head["standard__position"],
        },
        "owner": {
            "name": head["owner_name"],
            "position": head["owner_position"],
            "academic_standing": head["owner_academic_standing"],
            "salary_rank": head["owner_salary_rank"],
            "salary_rate": str(rate) if rate else "",
            "office_code": head["office__code"],
            "office_name": head["office_name"],
        },
        "part1": part1,
        "part2": part2,
    }
    return data, {"items": item_ids, "targets": target_ids}


_GROUP_ORDER = {value: index for index, value in enumerate(TargetGroup.values)}


def _group_order(entry: dict) -> int:
    return _GROUP_ORDER[entry["group"]]


def _target_to_dict(kind: str, text: str, value, unit: str) -> dict:
    if kind == Target.Kind.QUANTITATIVE:
        value = "" if value is None else _plain_number(value)
        return {"kind": kind, "text": text, "value": value, "unit": unit}
    return {"kind": kind, "text": text}


def _plain_number(value) -> str:
    text = format(value.normalize(), "f")
    return text


def snapshot_hash(snapshot: dict) -> str:
    encoded = json.dumps(snapshot, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


# --- starting ---------------------------------------------------------------------------------


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
        raise AgreementError("ยังไม่มีข้อมูลสังกัดของคุณในระบบ กรุณาติดต่อเจ้าหน้าที่บริหารงานบุคคล")
    year = fiscal_year_get_or_create(fiscal_year)
    if Agreement.objects.filter(owner=owner, fiscal_year=year).exists():
        raise AgreementError(f"คุณมีข้อตกลงของปีงบประมาณ {fiscal_year} อยู่แล้ว")
    previous = None
    if copy_from_previous:
        previous = (
            Agreement.objects.filter(owner=owner, fiscal_year__year__lt=fiscal_year)
            .order_by("-fiscal_year__year")
            .first()
        )
        if previous is None:
            raise AgreementError("ไม่พบข้อตกลงของปีก่อนหน้าที่จะคัดลอก")
    if standard is None:
        standard = (
            previous.standard if previous else standard_selectors.standard_latest(DEFAULT_STANDARD_CODE)
        )
        if standard is None:
            raise AgreementError("ยังไม่ได้นำเข้ามาตรฐานตำแหน่ง (python manage.py load_standards)")

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


# --- saving ------------------------------------------------------------------------------------


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
    locked = _lock(agreement)
    if not permissions.can_edit_agreement(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์แก้ไขข้อตกลงนี้ในสถานะปัจจุบัน")
    if expected_revision is not None and expected_revision != locked.revision:
        raise StaleRevision()
    data = clean_payload(data)
    policies = _policies(locked) if data.get("part2") else {}
    problems = rules.draft_problems(data) + _reference_problems(locked, data, policies)
    if problems:
        raise AgreementError(problems)
    # Only the parts being written are read and compared: the other cannot change here.
    parts = tuple(part for part in PARTS if part in data)
    before, ids = _read(locked, parts)
    after = _projected(before, data)
    _write(locked, data, replace_part2="part2" in data, ids=ids, policies=policies)
    changes = _changes(before, after if after is not None else _read(locked, parts)[0])
    # An autosave of unchanged text is not a new revision: no history row, and other tabs stay valid.
    if changes:
        locked.revision += 1
        locked.save(update_fields=["revision", "updated_at"])
        audit_record(actor=actor, action="agreement.saved", obj=locked, agreement=locked, changes=changes)
    agreement.revision = locked.revision
    return locked


def _lock(agreement: Agreement, *also: str) -> Agreement:
    """The agreement's row, locked until the transaction ends, with its year, standard and
    office (which _read and the rules need) and the relations in `also`. Only the agreement's
    own row is locked."""
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related(*_HEAD_RELATIONS, *also)
        .get(pk=agreement.pk)
    )


def _projected(before: dict, data: dict) -> dict | None:
    """What agreement_to_dict reads after `_write(data)` on the agreement `before` was read from,
    for a save of Part 1 rows only (every autosave): six queries fewer than reading it again.
    None when Part 2 is replaced; the caller reads it then. Mirrors _write: a target group with
    neither outcome nor indicator is dropped, a missing kind is "". A test compares the two."""
    if "part2" in data:
        return None
    rows = {r["sub_item"]: r for r in data.get("part1", [])}
    part1 = []
    for row in before["part1"]:
        new = rows.get(row["sub_item"])
        if new is None:
            part1.append(row)
            continue
        targets = row["targets"]
        if "targets" in new:
            targets = sorted(
                (
                    {
                        "group": e["group"],
                        "outcome": e.get("outcome", ""),
                        "indicator": e.get("indicator", ""),
                        "kind": e.get("kind") or "",
                    }
                    for e in new["targets"]
                    if e.get("outcome") or e.get("indicator")
                ),
                key=_group_order,
            )
        part1.append({**row, "tasks": new.get("tasks", row["tasks"]), "targets": targets})
    return {**before, "part1": part1}


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


def _reference_problems(agreement: Agreement, data: dict, policies: dict[str, Policy]) -> list[rules.Problem]:
    problems = []
    codes = set(standard_selectors.standard_sub_item_codes(agreement.standard))
    for i, row in enumerate(data.get("part1", [])):
        if row.get("sub_item") not in codes:
            problems.append(
                rules.Problem(
                    f"part1[{i}].sub_item",
                    "part1",
                    f"ข้อ '{row.get('sub_item')}' ไม่อยู่ในมาตรฐานตำแหน่ง {agreement.standard.title}",
                )
            )
        groups = [t.get("group") for t in row.get("targets", [])]
        if len(groups) != len(set(groups)):
            problems.append(
                rules.Problem(
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
            problems.append(rules.Problem(f"part2[{i}].order", "part2", "ลำดับประเด็นท้าทายต้องเป็น 1, 2 หรือ 3"))
        if issue.get("policy") and issue["policy"] not in policies:
            problems.append(
                rules.Problem(
                    f"part2[{i}].policy",
                    rules.challenge_anchor(order),
                    f"ไม่พบนโยบาย '{issue['policy']}' ของปีงบประมาณ {agreement.fiscal_year.year}",
                )
            )
    if len(orders) != len(set(orders)):
        problems.append(rules.Problem("part2", "part2", "ลำดับประเด็นท้าทายซ้ำกัน"))
    return problems


def _write(
    agreement: Agreement,
    data: dict,
    *,
    replace_part2: bool,
    ids: dict | None = None,
    policies: dict[str, Policy] | None = None,
) -> None:
    """Write validated content. Part 1 rows are updated in place; Part 2 is replaced whole.
    `ids` is what _read returned for this agreement and `policies` its year's policies, when the
    caller has them already (the save has)."""
    if "part1" in data:
        if ids is None:
            ids = _read(agreement, ("part1",))[1]
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
        agreement.challenges.all().delete()
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


# --- workflow ----------------------------------------------------------------------------------


def agreement_problems(agreement: Agreement, data: dict | None = None) -> list[rules.Problem]:
    """What stands between this agreement and a valid submission. `data` is its
    agreement_to_dict when the caller has it already (saves reading the agreement twice)."""
    codes = standard_selectors.standard_sub_item_codes(agreement.standard)
    return rules.submit_problems(data if data is not None else agreement_to_dict(agreement), codes)


@transaction.atomic
def agreement_submit(*, agreement: Agreement, actor) -> Submission:
    locked = _lock(agreement)
    if not permissions.can_edit_agreement(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์ส่งข้อตกลงนี้ในสถานะปัจจุบัน")
    _check_submission_window(locked, actor)
    snapshot = agreement_to_dict(locked)
    problems = agreement_problems(locked, snapshot)
    if problems:
        raise AgreementError(problems)
    version = locked.submissions.count() + 1
    now = timezone.now()
    submission = Submission.objects.create(
        agreement=locked,
        version=version,
        snapshot=snapshot,
        sha256=snapshot_hash(snapshot),
        submitted_by=actor,
        submitted_at=now,
    )
    locked.status = Agreement.Status.SUBMITTED
    locked.submitted_at = now
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="agreement.submitted",
        obj=locked,
        agreement=locked,
        changes={"version": version, "sha256": submission.sha256},
    )
    from cycle.services import notify_agreement_submitted  # cycle imports this module

    notify_agreement_submitted(agreement=locked)
    _queue_pdf(submission)
    return submission


def _queue_pdf(submission: Submission) -> None:
    """Render the PA1 on a worker once the transaction commits, so a download serves a stored
    file instead of rendering on a web process."""
    from reports.tasks import agreement_pdf_prerender

    transaction.on_commit(lambda: agreement_pdf_prerender.delay(submission.pk), robust=True)


def _check_submission_window(agreement: Agreement, actor) -> None:
    """Hook for the yearly calendar (deadlines and extensions)."""
    from cycle.services import submission_window_check  # cycle imports this module

    submission_window_check(agreement)


@transaction.atomic
def agreement_return(
    *, agreement: Agreement, actor, comment: str, item_comments: dict[str, str] | None = None
) -> Review:
    """The supervisor returns a submitted agreement for revision, with comments per row/issue."""
    locked = _lock(agreement, "owner__profile")  # the notification goes to the owner
    if not permissions.can_review_agreement(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์พิจารณาข้อตกลงนี้")
    comment = clean_text(comment)
    item_comments = {k: clean_text(v) for k, v in (item_comments or {}).items() if clean_text(v)}
    if not comment and not item_comments:
        raise AgreementError([rules.Problem("comment", "review", "กรุณาระบุเหตุผลหรือข้อเสนอแนะในการส่งกลับให้แก้ไข")])
    review = _review(locked, actor, Review.Decision.RETURNED, comment)
    ReviewComment.objects.bulk_create(
        ReviewComment(review=review, anchor=anchor, text=text) for anchor, text in item_comments.items()
    )
    locked.status = Agreement.Status.RETURNED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="agreement.returned",
        obj=locked,
        agreement=locked,
        changes={"comment": comment, "item_comments": item_comments},
    )
    from cycle.services import notify_agreement_returned  # cycle imports this module

    notify_agreement_returned(agreement=locked, review=review)
    return review


@transaction.atomic
def agreement_agree(*, agreement: Agreement, actor, comment: str = "") -> Review:
    locked = _lock(agreement, "owner__profile")
    if not permissions.can_review_agreement(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์พิจารณาข้อตกลงนี้")
    review = _review(locked, actor, Review.Decision.AGREED, clean_text(comment))
    locked.status = Agreement.Status.AGREED
    locked.agreed_at = review.created_at
    locked.agreed_by = actor
    locked.save(update_fields=["status", "agreed_at", "agreed_by", "updated_at"])
    audit_record(actor=actor, action="agreement.agreed", obj=locked, agreement=locked)
    from cycle.services import notify_agreement_agreed  # cycle imports this module

    notify_agreement_agreed(agreement=locked, review=review)
    _queue_pdf(review.submission)  # the signed PA1 differs from the unsigned one
    return review


def _review(agreement: Agreement, actor, decision: str, comment: str) -> Review:
    submission = agreement.submissions.order_by("-version").first()
    profile = getattr(actor, "profile", None)
    return Review.objects.create(
        agreement=agreement,
        submission=submission,
        decision=decision,
        comment=comment,
        reviewer=actor,
        reviewer_name=display_name(actor),
        reviewer_position=profile.position if profile else "",
    )
