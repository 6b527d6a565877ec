"""The official documents as data for their templates, and how each is loaded, keyed for storage
and rendered. PA1 is built from a submission's frozen snapshot (never from the live draft) and
the supervisor's review of that submission; PA2/PA3 live in evaluation_documents."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from agreements import public as agreement_public
from agreements.models import IndicatorKind, Review, Submission, Target, TargetGroup
from agreements.snapshot import FORMAT, snapshot_hash
from evaluations import public as evaluation_public
from pa_portal import thai
from pa_portal.errors import DomainError
from results import public as results_public

from . import evaluation_documents as ed
from . import results_documents as rd
from . import seals
from .models import DocumentKind

# Bump when a PDF template or its CSS changes: stored PDFs are keyed by it and re-rendered.
LAYOUT_VERSION = "2570.6"

GROUP_LABELS = dict(TargetGroup.choices)
INDICATOR_KIND_LABELS = dict(IndicatorKind.choices)


# --- PA1: the agreement ---------------------------------------------------------------------


def pa1_check(submission: Submission) -> dict:
    """The snapshot, after checking that it is the one that was submitted (its hash)."""
    snapshot = submission.snapshot
    if not isinstance(snapshot, dict) or snapshot.get("format") != FORMAT:
        raise DomainError("ข้อมูลฉบับที่ส่งอยู่ในรูปแบบที่ระบบไม่รู้จัก")
    if snapshot_hash(snapshot) != submission.sha256:
        raise DomainError("ข้อมูลฉบับที่ส่งไม่ตรงกับค่า SHA-256 ที่บันทึกไว้ตอนส่ง จึงไม่สร้างเอกสาร")
    return snapshot


def pa1_review(submission: Submission) -> Review | None:
    return Review.objects.filter(submission=submission).first()


def pa1_context(submission: Submission, review: Review | None) -> dict:
    snapshot = pa1_check(submission)
    year = snapshot["fiscal_year"]
    starts_on, ends_on = thai.fiscal_year_bounds(year)
    owner = dict(snapshot["owner"])
    owner["salary_rate_text"] = _money(owner.get("salary_rate"))
    return {
        "number": submission.agreement.number,
        "version": submission.version,
        "sha256": submission.sha256,
        "sha_short": submission.sha256[:12],
        "submitted_at": submission.submitted_at,
        "fiscal_year": year,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "standard": snapshot["standard"],
        "owner": owner,
        "domains": _part1_domains(snapshot["part1"]),
        "issues": [_part2_issue(issue, year) for issue in snapshot["part2"]],
        "months": _month_header(year),
        "review": review,
        "agreed": review is not None and review.decision == Review.Decision.AGREED,
        "returned": review is not None and review.decision == Review.Decision.RETURNED,
    }


def pa1_variant(submission: Submission, review: Review | None) -> str:
    """What the PDF depends on besides the snapshot: the version and the signature block."""
    signed = None
    if review is not None:
        signed = [review.decision, review.reviewer_name, review.reviewer_position, review.comment]
        signed.append(review.created_at.isoformat())
    key = json.dumps([submission.version, signed], ensure_ascii=False)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def pa1_render(
    submission: Submission,
    review: Review | None,
    *,
    thai_digits: bool = False,
    verification: dict | None = None,
) -> bytes:
    from . import pdf  # WeasyPrint loads only in the processes that render

    context = pa1_context(submission, review)
    snapshot_json = json.dumps(submission.snapshot, ensure_ascii=False, sort_keys=True, indent=1)
    return pdf.render_pdf(
        "reports/pdf/pa1.html",
        context,
        thai_digits=thai_digits,
        attachments={f"{submission.agreement.number}-v{submission.version}.json": snapshot_json.encode()},
        verification=verification,
    )


def _part1_domains(rows: list[dict]) -> list[dict]:
    domains: list[dict] = []
    for row in rows:
        if not domains or domains[-1]["number"] != row["domain"]:
            domains.append({"number": row["domain"], "title": row["domain_title"], "rows": []})
        domains[-1]["rows"].append(
            {
                "code": row["sub_item"],
                "text": row["sub_item_text"],
                "short_title": short_title(row["sub_item_text"]),
                "tasks": row.get("tasks", ""),
                "targets": [
                    {
                        "label": GROUP_LABELS.get(t.get("group"), t.get("group", "")),
                        "outcome": t.get("outcome", ""),
                        "indicator": t.get("indicator", ""),
                        "kind": INDICATOR_KIND_LABELS.get(t.get("kind") or "", ""),
                    }
                    for t in row.get("targets", [])
                ],
            }
        )
    return domains


def short_title(text: str, limit: int = 45) -> str:
    """The first words of a sub-item's text, cut between words (for the "(ต่อ)" line of a row
    continued on the next page)."""
    from . import thaiwords  # pythainlp loads only in the processes that render

    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for word in thaiwords.segment(text):
        if len(kept) + len(word) > limit:
            break
        kept += word
    return f"{kept.rstrip()}…"


def _part2_issue(issue: dict, year: int) -> dict:
    policy = issue.get("policy_title") or ""
    if issue.get("policy_other"):
        policy = f"{policy} {issue['policy_other']}".strip()
    targets = issue.get("targets", [])
    return {
        "order": issue["order"],
        "title": issue.get("title", ""),
        "policy": policy,
        "problem": issue.get("problem", ""),
        "steps": [_step(step, year) for step in issue.get("method", [])],
        "quantitative": [
            {"text": t.get("text", ""), "amount": _amount(t.get("value"), t.get("unit", ""))}
            for t in targets
            if t.get("kind") == Target.Kind.QUANTITATIVE
        ],
        "qualitative": [t.get("text", "") for t in targets if t.get("kind") == Target.Kind.QUALITATIVE],
    }


def _step(step: dict, year: int) -> dict:
    start, end = step.get("start_month"), step.get("end_month")
    cells = [False] * 12
    period = ""
    if start and end:
        first, last = thai.fiscal_month_index(start), thai.fiscal_month_index(end)
        for index in range(first, max(first, last) + 1):
            cells[index - 1] = True
        period = _month_label(start, year)
        if last != first:
            period = f"{period} – {_month_label(end, year)}"
    return {"order": step.get("order"), "text": step.get("text", ""), "cells": cells, "period": period}


def _month_label(month: int, fiscal_year: int) -> str:
    year = fiscal_year - 1 if month >= 10 else fiscal_year
    return f"{thai.month_name(month, short=True)} {year}"


def _month_header(fiscal_year: int) -> dict:
    return {
        "names": [thai.month_name(m, short=True) for m in thai.FISCAL_MONTHS],
        "first_year": fiscal_year - 1,
        "second_year": fiscal_year,
    }


def _amount(value, unit: str) -> str:
    value = "" if value is None else str(value)
    if not value:
        return unit
    if unit in ("%", "ร้อยละ"):
        return f"ร้อยละ {value}"
    return f"{value} {unit}".strip()


def _money(value) -> str:
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    return f"{amount:,.2f}"


# --- the kinds of document, as the packets and the download views see them ------------------


def available_kinds() -> list[str]:
    return ["pa1", "pa2", "pa3", "res"]


@dataclass(frozen=True)
class Source:
    """Everything one document is made of, read once, so that its storage key and its content
    agree: `data` for the template, `key` naming what it was made of."""

    kind: str
    data: object
    key: str


# --- the kinds of document -------------------------------------------------------------------


def _pa1_load(source_id: int) -> tuple[object, str]:
    submission = Submission.objects.select_related("agreement__fiscal_year").get(pk=source_id)
    review = pa1_review(submission)
    return (submission, review), f"{submission.sha256}/{pa1_variant(submission, review)}"


def _pa1_render(data, thai_digits: bool, verification: dict | None) -> bytes:
    submission, review = data
    return pa1_render(submission, review, thai_digits=thai_digits, verification=verification)


def _pa1_sources(agreement) -> list[tuple[int, str]]:
    latest = agreement.submissions.order_by("-version").values_list("pk", "version").first()
    return [(latest[0], f"ฉบับที่ {latest[1]}")] if latest else []


def _evaluation_load(data_of):
    def load(source_id: int) -> tuple[object, str]:
        data = data_of(source_id)
        return data, f"{source_id}/{ed.content_key(data)}"

    return load


def _template_render(template: str, context_of):
    def render(data, thai_digits: bool, verification: dict | None) -> bytes:
        from . import pdf  # WeasyPrint loads only in the processes that render

        return pdf.render_pdf(template, context_of(data), thai_digits=thai_digits, verification=verification)

    return render


@dataclass(frozen=True)
class DocumentType:
    """How one kind of document is read, rendered, found for a packet, described on the public
    check page (`describe`, in the app that owns the object: verification/registry.py) and
    sealed (`sealed_when`: the loaded data -> the seal's reason, or None while it is not final)."""

    load: Callable[[int], tuple[object, str]]  # source id -> (data, what it is made of)
    render: Callable[[object, bool, dict | None], bytes]  # (data, thai digits, verification footer)
    sources: Callable[[object], list[tuple[int, str]]]  # an agreement -> (source id, label)
    missing: str  # why a packet has none of this kind for an agreement
    describe: Callable[[int], dict | None] | None = None  # source id -> what the check page says of it
    sealed_when: Callable[[object], str | None] = seals.never


DOCUMENT_TYPES = {
    DocumentKind.PA1: DocumentType(
        _pa1_load,
        _pa1_render,
        _pa1_sources,
        "ยังไม่มีฉบับที่ส่ง (ข้อตกลงยังเป็นร่าง)",
        describe=agreement_public.submission_facts,
        sealed_when=seals.pa1_agreed,
    ),
    DocumentKind.PA2: DocumentType(
        _evaluation_load(ed.pa2_data),
        _template_render("reports/pdf/pa2.html", ed.pa2_context),
        ed.pa2_sources,
        "ยังไม่มีแบบประเมินที่ยืนยันผลแล้ว",
        describe=evaluation_public.sheet_facts,
    ),
    DocumentKind.PA3: DocumentType(
        _evaluation_load(ed.pa3_data),
        _template_render("reports/pdf/pa3.html", ed.pa3_context),
        ed.pa3_sources,
        "คณะกรรมการยังประเมินไม่ครบทุกคน",
        describe=evaluation_public.committee_facts,
        sealed_when=seals.pa3_final,
    ),
    DocumentKind.RESULTS: DocumentType(
        rd.results_load,
        rd.results_render,
        rd.results_sources,
        "ยังไม่ได้ส่งรายงานผลการพัฒนางาน",
        describe=results_public.submission_facts,
        sealed_when=seals.results_accepted,
    ),
}


def document_type(kind: str) -> DocumentType:
    try:
        return DOCUMENT_TYPES[kind]
    except KeyError:
        raise DomainError(f"ไม่รู้จักเอกสารประเภท {kind}") from None


def load(kind: str, source_id: int) -> Source:
    data, key = document_type(kind).load(source_id)
    return Source(kind, data, key)


def storage_name(source: Source, *, thai_digits: bool) -> str:
    digits = "-th" if thai_digits else ""
    return f"reports/{source.kind}/{source.key[:120]}-{LAYOUT_VERSION}{digits}.pdf"


def render(source: Source, *, thai_digits: bool, verification: dict | None = None) -> bytes:
    return document_type(source.kind).render(source.data, thai_digits, verification)


def seal_reason(source: Source) -> str | None:
    """The reason the seal states when this document is final (agreed, complete), else None."""
    return document_type(source.kind).sealed_when(source.data)


def sources_for(kind: str, agreement) -> list[tuple[int, str]]:
    """What a packet prints of `agreement` for `kind`: (source id, label) pairs."""
    return document_type(kind).sources(agreement)


def missing_reason(kind: str, agreement) -> str:
    return document_type(kind).missing
