"""The cycle's side of evaluation rounds: the scoring window's lock, HR's scoring extensions,
the evaluators' reminders and the dashboard's scoring progress.

A round's scoring window ends with its due date (`EvaluationRound.due_on`), at midnight Bangkok
time. After that an unfinished sheet can be saved or finalised only by an evaluator whom HR
granted a scoring extension for that round.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import display_name
from audit.services import audit_record
from evaluations.models import Committee, CommitteeMember, Evaluation, EvaluationRound
from evaluations.services import EvaluationError, round_agreements
from pa_portal import permissions
from pa_portal.thai import thai_date, thai_datetime
from pa_portal.thaitext import clean_text

from . import services
from .models import Notification, ScoringExtension


def scoring_closes_at(evaluation_round: EvaluationRound) -> dt.datetime:
    """The first moment after the round's due date, in Bangkok."""
    next_day = evaluation_round.due_on + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time(0, 0), tzinfo=timezone.get_current_timezone())


def scoring_extension_of(*, person, evaluation_round: EvaluationRound) -> ScoringExtension | None:
    return ScoringExtension.objects.filter(person=person, evaluation_round=evaluation_round).first()


def scoring_window_check(evaluation: Evaluation) -> None:
    """Refuse to change an unfinished sheet once its round's window has closed, unless the
    evaluator holds a live extension (called by evaluations.services before a sheet changes)."""
    evaluation_round = evaluation.member.committee.round
    now = timezone.now()
    if now < scoring_closes_at(evaluation_round):
        return
    extension = scoring_extension_of(person=evaluation.member.evaluator, evaluation_round=evaluation_round)
    if extension is not None and now <= extension.until:
        return
    message = (
        f"ช่วงเวลาให้คะแนนของ{evaluation_round.title}สิ้นสุดแล้ว "
        f"(กำหนดประเมินแล้วเสร็จ {thai_date(evaluation_round.due_on)}"
    )
    if extension is not None:
        message += f" และการขยายเวลาสิ้นสุดเมื่อ {thai_datetime(extension.until)}"
    raise EvaluationError(message + ") กรุณาติดต่อเจ้าหน้าที่บริหารงานบุคคลเพื่อขอขยายเวลา")


def open_sheets(evaluation_round: EvaluationRound, person=None):
    sheets = Evaluation.objects.filter(
        member__committee__round=evaluation_round, status=Evaluation.Status.DRAFT
    ).select_related("member__evaluator__profile", "member__committee__agreement")
    return sheets.filter(member__evaluator=person) if person is not None else sheets


@transaction.atomic
def scoring_extension_grant(
    *, person, evaluation_round: EvaluationRound, until, reason: str, actor
) -> ScoringExtension:
    """HR lets one evaluator finish their open sheets of a round until `until`."""
    if not permissions.is_hr(actor):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่บริหารงานบุคคลเท่านั้นที่ขยายเวลาได้")
    if not open_sheets(evaluation_round, person).exists():
        raise ValidationError("ผู้ประเมินท่านนี้ไม่มีแบบประเมินที่ยังไม่ยืนยันผลในรอบนี้")
    reason = clean_text(reason)
    if not reason:
        raise ValidationError("กรุณาระบุเหตุผลของการขยายเวลา")
    if until <= max(timezone.now(), scoring_closes_at(evaluation_round)):
        raise ValidationError("วันที่ขยายเวลาต้องอยู่หลังเวลาปัจจุบันและหลังกำหนดประเมินแล้วเสร็จของรอบ")
    previous = scoring_extension_of(person=person, evaluation_round=evaluation_round)
    extension, _ = ScoringExtension.objects.update_or_create(
        person=person,
        evaluation_round=evaluation_round,
        defaults={"until": until, "reason": reason, "granted_by": actor, "granted_at": timezone.now()},
    )
    audit_record(
        actor=actor,
        action="cycle.scoring_extension_granted",
        obj=extension,
        changes={
            "person": display_name(person),
            "round": str(evaluation_round),
            "until": {"before": previous.until if previous else None, "after": until},
            "reason": reason,
        },
    )
    services.notification_create(
        recipient=person,
        kind=Notification.Kind.EXTENSION,
        subject=f"ได้รับการขยายเวลาให้คะแนน{evaluation_round.title} ถึง {thai_datetime(until)}",
        body=f"{display_name(actor)} ขยายเวลาให้ท่านบันทึกและยืนยันผลการประเมินถึง "
        f"{thai_datetime(until)}\n\nเหตุผล: {reason}",
        link=reverse("evaluations:inbox"),
    )
    return extension


def round_evaluators_with_open_sheets(evaluation_round: EvaluationRound) -> list[dict]:
    """For HR's extension page: each evaluator with unfinished sheets, and any extension."""
    extensions = {e.person_id: e for e in ScoringExtension.objects.filter(evaluation_round=evaluation_round)}
    rows = (
        open_sheets(evaluation_round)
        .values("member__evaluator_id", "member__evaluator_name")
        .annotate(sheets=Count("pk"))
        .order_by("member__evaluator_name")
    )
    return [
        {
            "person_id": row["member__evaluator_id"],
            "name": row["member__evaluator_name"],
            "sheets": row["sheets"],
            "extension": extensions.get(row["member__evaluator_id"]),
        }
        for row in rows
    ]


# --- HR's dashboard ------------------------------------------------------------------------------------

PROGRESS_LABELS = ("อยู่ในรอบ", "ยังไม่แต่งตั้งคณะกรรมการ", "อยู่ระหว่างการประเมิน", "ประเมินเสร็จสิ้น")


def dashboard_progress(fiscal_year) -> list[dict]:
    """Per round of the year: agreements in scope, not assigned, being scored, final."""
    progress = []
    for evaluation_round in EvaluationRound.objects.filter(fiscal_year=fiscal_year).order_by("number"):
        committees = Committee.objects.filter(round=evaluation_round).aggregate(
            total=Count("pk"), final=Count("pk", filter=Q(completed_at__isnull=False))
        )
        not_assigned = round_agreements(evaluation_round).exclude(committees__round=evaluation_round).count()
        sheets = CommitteeMember.objects.filter(committee__round=evaluation_round).aggregate(
            total=Count("pk"), final=Count("pk", filter=Q(evaluation__status=Evaluation.Status.FINAL))
        )
        progress.append(
            {
                "name": evaluation_round.title,
                "url": reverse("evaluations:round", args=[evaluation_round.pk]),
                "extensions_url": reverse("cycle:scoring_extensions", args=[evaluation_round.pk]),
                "window": f"{thai_date(evaluation_round.starts_on)} – {thai_date(evaluation_round.due_on)}",
                "labels": PROGRESS_LABELS,
                "counts": (
                    not_assigned + committees["total"],
                    not_assigned,
                    committees["total"] - committees["final"],
                    committees["final"],
                ),
                "sheets": f"{sheets['final']}/{sheets['total']}",
            }
        )
    return progress
