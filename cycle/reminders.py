"""Daily reminders: who must act soon, and telling them at most once a day.

Celery beat runs `reminders_send()` every morning (settings.CELERY_BEAT_SCHEDULE) and
`python manage.py send_reminders [--dry-run]` runs the same function.

Each thing to be reminded of has a key (e.g. "draft:12:20270115:3" = agreement 12, deadline
15 Jan 2027, the 3-day milestone). A key is reminded of once; a person gets at most one reminder a
day, holding everything due for them. Milestones catch up: a run missed on the 7-day day still
reminds on day 5, and a person already reminded today gets the rest tomorrow.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from accounts.selectors import display_name
from agreements.models import Agreement, SubmissionExtension
from evaluations.models import Evaluation, EvaluationRound, ScoringExtension
from notifications import selectors as notification_selectors
from notifications.services import reminder_send, url_or_home
from pa_portal import roles
from pa_portal.thai import thai_date, thai_datetime
from results import deadlines as results_deadlines

from .receivers import agreement_link

# Days before the submission deadline on which the owner of a draft is reminded.
DRAFT_MILESTONES = (7, 3, 1)
# A submitted agreement waiting longer than this reminds its office's supervisor(s), daily.
REVIEW_WAIT_DAYS = 3
# Days before the results deadline on which the owner of an unsubmitted results report is reminded.
RESULTS_MILESTONES = (7, 3, 1)
# Days before a scoring window closes on which an evaluator with an open sheet is reminded.
SCORING_MILESTONES = (3, 1)


@dataclass
class Item:
    key: str
    subject: str
    text: str
    link: str


@dataclass
class Planned:
    recipient: object
    items: list[Item] = field(default_factory=list)

    @property
    def subject(self) -> str:
        if len(self.items) == 1:
            return self.items[0].subject
        return f"แจ้งเตือน: มี {len(self.items)} เรื่องที่ต้องดำเนินการในระบบข้อตกลงในการพัฒนางาน (PA)"


def _milestone(days_left: int, milestones) -> int | None:
    """The milestone a reminder with `days_left` belongs to: the smallest one not yet passed."""
    if days_left < 0:
        return None
    return next((m for m in sorted(milestones) if days_left <= m), None)


def _days_phrase(days_left: int) -> str:
    return "วันนี้เป็นวันสุดท้าย" if days_left == 0 else f"อีก {days_left} วัน"


def draft_items(now: dt.datetime) -> list[tuple[object, Item]]:
    """Owners of drafts whose deadline (or extension) is 7, 3 or 1 days away."""
    today = timezone.localdate(now)
    live_extension = SubmissionExtension.objects.filter(
        person=OuterRef("owner"), fiscal_year=OuterRef("fiscal_year"), until__gte=now
    )
    drafts = (
        Agreement.objects.filter(status=Agreement.Status.DRAFT, owner__is_active=True)
        .filter(Q(fiscal_year__submission_deadline__gte=now) | Exists(live_extension))
        .select_related("fiscal_year", "owner", "owner__profile")
        .order_by("pk")
    )
    extensions = {
        (e.person_id, e.fiscal_year_id): e.until for e in SubmissionExtension.objects.filter(until__gte=now)
    }
    out = []
    for agreement in drafts:
        year = agreement.fiscal_year
        deadline = year.submission_deadline
        extended = extensions.get((agreement.owner_id, year.pk))
        if extended is not None and (deadline is None or extended > deadline):
            deadline = extended
        if deadline is None or deadline < now:
            continue
        days_left = (timezone.localdate(deadline) - today).days
        milestone = _milestone(days_left, DRAFT_MILESTONES)
        if milestone is None:
            continue
        out.append(
            (
                agreement.owner,
                Item(
                    key=f"draft:{agreement.pk}:{timezone.localdate(deadline):%Y%m%d}:{milestone}",
                    subject=f"อีก {days_left} วันจะถึงกำหนดส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ {year.year}"
                    if days_left
                    else f"วันนี้เป็นวันสุดท้ายของการส่งข้อตกลงในการพัฒนางาน ปีงบประมาณ {year.year}",
                    text=f"ข้อตกลง {agreement.number} ปีงบประมาณ {year.year} ยังเป็นร่าง "
                    f"กำหนดส่ง {thai_datetime(deadline)} ({_days_phrase(days_left)})",
                    link=agreement_link(agreement),
                ),
            )
        )
    return out


def results_items(now: dt.datetime) -> list[tuple[object, Item]]:
    """Owners of agreed agreements whose results report is not submitted, 7, 3 or 1 days before
    its deadline (or their extension)."""
    today = timezone.localdate(now)
    out = []
    for agreement, deadline in results_deadlines.unreported(now):
        days_left = (timezone.localdate(deadline) - today).days
        milestone = _milestone(days_left, RESULTS_MILESTONES)
        if milestone is None:
            continue
        year = agreement.fiscal_year.year
        report = getattr(agreement, "results_report", None)
        out.append(
            (
                agreement.owner,
                Item(
                    key=f"results:{agreement.pk}:{timezone.localdate(deadline):%Y%m%d}:{milestone}",
                    subject=f"อีก {days_left} วันจะถึงกำหนดส่งรายงานผลการพัฒนางาน ปีงบประมาณ {year}"
                    if days_left
                    else f"วันนี้เป็นวันสุดท้ายของการส่งรายงานผลการพัฒนางาน ปีงบประมาณ {year}",
                    text=f"รายงานผลตามข้อตกลง {agreement.number} {'ยังเป็นร่าง' if report else 'ยังไม่เริ่มจัดทำ'} "
                    f"กำหนดส่ง {thai_datetime(deadline)} ({_days_phrase(days_left)})",
                    link=url_or_home("results:detail", report.pk) if report else url_or_home("results:mine"),
                ),
            )
        )
    return out


def review_items(now: dt.datetime) -> list[tuple[object, Item]]:
    """Supervisors with submitted agreements waiting more than REVIEW_WAIT_DAYS days."""
    today = timezone.localdate(now)
    waiting = list(
        Agreement.objects.filter(
            status=Agreement.Status.SUBMITTED,
            submitted_at__lt=now - dt.timedelta(days=REVIEW_WAIT_DAYS),
        )
        .select_related("fiscal_year")
        .order_by("submitted_at")
    )
    supervisors = {}
    for user in (
        get_user_model()
        .objects.filter(
            groups__name=roles.SUPERVISOR,
            is_active=True,
            profile__office_id__in={a.office_id for a in waiting},
        )
        .select_related("profile")
    ):
        supervisors.setdefault(user.profile.office_id, []).append(user)
    out = []
    for agreement in waiting:
        days = (now - agreement.submitted_at).days
        for supervisor in supervisors.get(agreement.office_id, []):
            if supervisor.pk == agreement.owner_id:
                continue
            out.append(
                (
                    supervisor,
                    Item(
                        key=f"review:{agreement.pk}:{today:%Y%m%d}",
                        subject=f"ข้อตกลงของ {agreement.owner_name} รอการพิจารณามา {days} วันแล้ว",
                        text=f"{agreement.owner_name} ส่งข้อตกลง {agreement.number} "
                        f"เมื่อ {thai_date(agreement.submitted_at)} รอการพิจารณามา {days} วันแล้ว",
                        link=agreement_link(agreement),
                    ),
                )
            )
    return out


def scoring_items(now: dt.datetime) -> list[tuple[object, Item]]:
    """Evaluators with unfinished sheets in an open round whose scoring window (or their
    extension) ends 3 or 1 days from now: one item per evaluator and round."""
    today = timezone.localdate(now)
    sheets = (
        Evaluation.objects.filter(
            status=Evaluation.Status.DRAFT,
            member__committee__round__status=EvaluationRound.Status.OPEN,
            member__evaluator__is_active=True,
        )
        .select_related("member__evaluator", "member__committee__round")
        .order_by("member__committee__round_id", "member__evaluator_id", "pk")
    )
    extensions = {
        (e.person_id, e.evaluation_round_id): e.until for e in ScoringExtension.objects.filter(until__gte=now)
    }
    grouped: dict[tuple[int, int], list[Evaluation]] = {}
    for sheet in sheets:
        grouped.setdefault((sheet.member.evaluator_id, sheet.member.committee.round_id), []).append(sheet)
    out = []
    for (evaluator_id, round_id), group in grouped.items():
        evaluation_round = group[0].member.committee.round
        last_day = evaluation_round.due_on
        extended = extensions.get((evaluator_id, round_id))
        if extended is not None:
            last_day = max(last_day, timezone.localdate(extended))
        days_left = (last_day - today).days
        milestone = _milestone(days_left, SCORING_MILESTONES)
        if milestone is None:
            continue
        out.append(
            (
                group[0].member.evaluator,
                Item(
                    key=f"scoring:{round_id}:{last_day:%Y%m%d}:{milestone}",
                    subject=(
                        f"อีก {days_left} วันจะสิ้นสุดช่วงเวลาให้คะแนน"
                        if days_left
                        else "วันนี้เป็นวันสุดท้ายของการให้คะแนน"
                    )
                    + f": ท่านมีแบบประเมินที่ยังไม่ยืนยันผล {len(group)} ฉบับ",
                    text=f"{evaluation_round.title}: แบบประเมินที่ยังไม่ยืนยันผล {len(group)} ฉบับ "
                    f"ให้คะแนนได้ถึง {thai_date(last_day)} ({_days_phrase(days_left)})",
                    link=reverse("evaluations:inbox"),
                ),
            )
        )
    return out


def reminders_due(now: dt.datetime | None = None) -> list[Planned]:
    """Everyone who should be reminded now, with what, leaving out what they were already told
    and people already reminded today."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    planned: dict[int, Planned] = {}
    for recipient, item in draft_items(now) + results_items(now) + review_items(now) + scoring_items(now):
        planned.setdefault(recipient.pk, Planned(recipient)).items.append(item)
    if not planned:
        return []
    sent = notification_selectors.reminded_items(
        list(planned), {item.key for p in planned.values() for item in p.items}
    )
    reminded_today = notification_selectors.reminded_on(list(planned), today)
    due = []
    for recipient_id, plan in planned.items():
        if recipient_id in reminded_today:
            continue
        plan.items = [item for item in plan.items if (recipient_id, item.key) not in sent]
        if plan.items:
            due.append(plan)
    return due


def reminders_send(*, dry_run: bool, now: dt.datetime | None = None) -> list[Planned]:
    """Remind everyone due (or, with dry_run, only say who would be). Returns who was reminded."""
    now = now or timezone.now()
    due = reminders_due(now)
    if dry_run:
        return due
    sent = []
    for plan in due:
        if _remind(plan, now):
            sent.append(plan)
    return sent


def _remind(plan: Planned, now: dt.datetime) -> bool:
    return reminder_send(
        recipient=plan.recipient,
        items=[(item.key, item.text) for item in plan.items],
        subject=plan.subject,
        link=plan.items[0].link,
        now=now,
    )


def describe(plan: Planned) -> str:
    """One person's reminder for the dry run's output."""
    email = plan.recipient.email or "ไม่มีอีเมล"
    lines = [f"{display_name(plan.recipient)} ({plan.recipient.get_username()}, {email})"]
    lines += [f"  - {item.text}" for item in plan.items]
    return "\n".join(lines)
