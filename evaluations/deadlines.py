"""The scoring window of an evaluation round, which gates every change to a sheet.

A round's window ends with its due date (`EvaluationRound.due_on`), at midnight Bangkok time.
After that an unfinished sheet can be saved or finalised only by an evaluator whom HR granted a
scoring extension for that round (agreements.deadlines.extension_grant, the one service for
every kind of extension)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import display_name
from agreements.deadlines import Window
from pa_portal.errors import DomainError
from pa_portal.thai import thai_date, thai_datetime

from .models import Evaluation, EvaluationRound, ScoringExtension


def scoring_closes_at(evaluation_round: EvaluationRound) -> dt.datetime:
    """The first moment after the round's due date, in Bangkok."""
    next_day = evaluation_round.due_on + dt.timedelta(days=1)
    return dt.datetime.combine(next_day, dt.time(0, 0), tzinfo=timezone.get_current_timezone())


def open_sheets(evaluation_round: EvaluationRound, person=None):
    sheets = Evaluation.objects.filter(
        member__committee__round=evaluation_round, status=Evaluation.Status.DRAFT
    ).select_related("member__evaluator__profile", "member__committee__agreement")
    return sheets.filter(member__evaluator=person) if person is not None else sheets


@dataclass(frozen=True)
class ScoringWindow(Window):
    evaluation_round: EvaluationRound
    model = ScoringExtension
    audit_action = "cycle.scoring_extension_granted"

    def scope(self) -> dict:
        return {"evaluation_round": self.evaluation_round}

    def closes_at(self):
        return scoring_closes_at(self.evaluation_round)

    def is_closed(self, now):
        return now >= self.closes_at()

    def refusal(self, person):
        if not open_sheets(self.evaluation_round, person).exists():
            return "ผู้ประเมินท่านนี้ไม่มีแบบประเมินที่ยังไม่ยืนยันผลในรอบนี้"
        return None

    def audit(self):
        return {"round": str(self.evaluation_round)}

    def notice(self, *, person, actor, until, reason):
        return (
            f"ได้รับการขยายเวลาให้คะแนน{self.evaluation_round.title} ถึง {thai_datetime(until)}",
            f"{display_name(actor)} ขยายเวลาให้ท่านบันทึกและยืนยันผลการประเมินถึง "
            f"{thai_datetime(until)}\n\nเหตุผล: {reason}",
            reverse("evaluations:inbox"),
        )


def scoring_window_check(evaluation: Evaluation) -> None:
    """Refuse to change an unfinished sheet once its round's window has closed, unless the
    evaluator holds a live extension (sheet_save and sheet_finalise call this)."""
    evaluation_round = evaluation.member.committee.round
    is_open, extension = ScoringWindow(evaluation_round).is_open_for(
        evaluation.member.evaluator, timezone.now()
    )
    if is_open:
        return
    message = (
        f"ช่วงเวลาให้คะแนนของ{evaluation_round.title}สิ้นสุดแล้ว "
        f"(กำหนดประเมินแล้วเสร็จ {thai_date(evaluation_round.due_on)}"
    )
    if extension is not None:
        message += f" และการขยายเวลาสิ้นสุดเมื่อ {thai_datetime(extension.until)}"
    raise DomainError(message + ") กรุณาติดต่อเจ้าหน้าที่บริหารงานบุคคลเพื่อขอขยายเวลา")


def evaluators_with_open_sheets(evaluation_round: EvaluationRound) -> list[dict]:
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
