"""PA2 (one evaluator's sheet) and PA3 (the committee's summary) as data for their templates.

Every figure comes from the evaluation app's `documents` (`sheet_for_pdf`, `committee_summary`),
the same reads behind its pages and its Excel export, so a PDF never disagrees with them. Only
finalised sheets and complete committees are printed."""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder

from evaluations import documents as evaluation_data
from evaluations.models import Committee, Evaluation
from pa_portal.errors import DomainError


def content_key(data: dict) -> str:
    """A stored PDF of a sheet or summary is keyed by everything it prints."""
    encoded = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(encoded.encode()).hexdigest()


def pa2_data(evaluation_id: int) -> dict:
    data = evaluation_data.sheet_for_pdf(evaluation_id)
    if not data["is_final"]:
        raise DomainError("แบบประเมินนี้ยังไม่ได้ยืนยันผล จึงยังพิมพ์เป็น PA2 ไม่ได้")
    return data


def pa2_context(data: dict) -> dict:
    return {**data, "doc_title": "แบบประเมินข้อตกลงในการพัฒนางาน (PA 2)"}


def pa3_data(committee_id: int) -> dict:
    committee = Committee.objects.only("agreement_id", "round_id").get(pk=committee_id)
    data = evaluation_data.committee_summary(committee.agreement_id, committee.round_id)
    if not data["complete"]:
        raise DomainError("คณะกรรมการยังประเมินไม่ครบทุกคน จึงยังพิมพ์ PA3 ไม่ได้")
    return data


def pa3_context(data: dict) -> dict:
    members = sorted(data["members"], key=lambda m: (m["role"] != "chair", m["order"]))
    return {**data, "members": members, "doc_title": "แบบสรุปผลการประเมินข้อตกลงในการพัฒนางาน (PA 3)"}


def pa2_sources(agreement) -> list[tuple[int, str]]:
    sheets = (
        Evaluation.objects.filter(member__committee__agreement=agreement, status=Evaluation.Status.FINAL)
        .select_related("member__committee__round")
        .order_by("member__committee__round__number", "member__order")
    )
    return [
        (
            sheet.pk,
            f"ครั้งที่ {sheet.member.committee.round.number} "
            f"{sheet.member.get_role_display()} {sheet.member.evaluator_name}",
        )
        for sheet in sheets
    ]


def pa3_sources(agreement) -> list[tuple[int, str]]:
    committees = (
        Committee.objects.filter(agreement=agreement, completed_at__isnull=False)
        .select_related("round")
        .order_by("round__number")
    )
    return [(committee.pk, f"ครั้งที่ {committee.round.number}") for committee in committees]
