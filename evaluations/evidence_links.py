"""Evidence counted per indicator: the owner ticks which indicators of a Part 1 row an evidence
item supports (one item may serve several), and the score sheet reads each indicator's own
evidence. An indicator's key is its row's anchor and its target group ("item:1.1/office"), the
pair the results snapshot keys each indicator by (results.snapshot: sub_item, group)."""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db import transaction

from agreements.models import Agreement, TargetGroup
from audit.services import audit_record
from pa_portal.errors import DomainError

from . import permissions
from .models import Evidence, EvidenceIndicator
from .services import item_key

GROUP_LABELS = dict(TargetGroup.choices)
NOT_OURS = "ตัวชี้วัดที่เลือกไม่อยู่ในข้อนี้ของข้อตกลงที่เห็นชอบแล้ว กรุณาเลือกใหม่"


def indicator_key(code: str, group: str) -> str:
    return f"{item_key(code)}/{group}"


def indicator_choices(agreement: Agreement) -> dict[str, list[tuple[str, str]]]:
    """Each Part 1 row's indicators (key, label) in the latest submitted version, by row anchor."""
    submission = agreement.submissions.order_by("-version").first()
    if submission is None:
        return {}
    return {
        item_key(row["sub_item"]): [
            (
                indicator_key(row["sub_item"], target["group"]),
                f"{GROUP_LABELS.get(target['group'], target['group'])}: {target.get('indicator', '')[:80]}",
            )
            for target in row.get("targets", [])
        ]
        for row in submission.snapshot.get("part1", [])
    }


@transaction.atomic
def evidence_link_indicators(*, evidence: Evidence, actor, keys: list[str]) -> list[str]:
    """Set the indicators `evidence` is counted for; every key must be an indicator of its row."""
    agreement = evidence.agreement
    if not permissions.can_add_evidence(actor, agreement):
        raise PermissionDenied("ระบุตัวชี้วัดของหลักฐานได้เฉพาะเจ้าของข้อตกลงที่ผู้บังคับบัญชาเห็นชอบแล้ว")
    allowed = {key for key, _ in indicator_choices(agreement).get(evidence.anchor, [])}
    keys = sorted(set(keys))
    if any(key not in allowed for key in keys):
        raise DomainError(NOT_OURS)
    before = set(evidence.indicator_links.values_list("indicator", flat=True))
    evidence.indicator_links.exclude(indicator__in=keys).delete()
    EvidenceIndicator.objects.bulk_create(
        [EvidenceIndicator(evidence=evidence, indicator=key) for key in keys if key not in before]
    )
    if before != set(keys):
        audit_record(
            actor=actor,
            action="evidence.indicators",
            obj=evidence,
            agreement=agreement,
            changes={"indicators": keys, "before": sorted(before)},
        )
    return keys


def linked_keys(agreement_id: int) -> dict[int, set[str]]:
    """Each evidence item's indicator keys."""
    linked = defaultdict(set)
    for evidence_id, key in EvidenceIndicator.objects.filter(evidence__agreement_id=agreement_id).values_list(
        "evidence_id", "indicator"
    ):
        linked[evidence_id].add(key)
    return dict(linked)


def evidence_by_indicator(agreement_id: int) -> dict[str, list[Evidence]]:
    """What the score sheet counts per indicator: the evidence linked to it, and under each row's
    anchor the row's items linked to no indicator (shown as the whole row's evidence)."""
    linked = linked_keys(agreement_id)
    grouped = defaultdict(list)
    for evidence in Evidence.objects.filter(agreement_id=agreement_id, anchor__startswith="item:").order_by(
        "created_at"
    ):
        keys = linked.get(evidence.pk)
        for key in sorted(keys) if keys else [evidence.anchor]:
            grouped[key].append(evidence)
    return dict(grouped)
