"""The results report's workflow: submit (an immutable snapshot with its SHA-256), then the
director returns it with a comment or accepts it. Each step is announced on commit
(results/signals.py); cycle/receivers.py tells the people concerned."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.selectors import display_name
from agreements.snapshot import snapshot_hash
from audit.services import audit_record
from pa_portal.errors import DomainError, Problem
from pa_portal.events import send_on_commit
from pa_portal.thaitext import clean_text

from . import deadlines, permissions, rules, signals
from .models import ResultsReport, ResultsReview, ResultsSubmission
from .selectors import report_lock
from .snapshot import report_to_dict


def report_problems(report: ResultsReport, data: dict | None = None) -> list[Problem]:
    return rules.submit_problems(data if data is not None else report_to_dict(report))


@transaction.atomic
def report_submit(*, report: ResultsReport, actor) -> ResultsSubmission:
    locked = report_lock(report)
    permissions.editable_check(actor, locked)
    deadlines.write_check(locked)
    snapshot = report_to_dict(locked)
    problems = report_problems(locked, snapshot)
    if problems:
        raise DomainError(problems)
    now = timezone.now()
    submission = ResultsSubmission.objects.create(
        report=locked,
        version=locked.submissions.count() + 1,
        snapshot=snapshot,
        sha256=snapshot_hash(snapshot),
        submitted_by=actor,
        submitted_at=now,
    )
    locked.status = ResultsReport.Status.SUBMITTED
    locked.submitted_at = now
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="results.submitted",
        obj=locked,
        agreement=locked.agreement,
        changes={"version": submission.version, "sha256": submission.sha256},
    )
    send_on_commit(signals.results_submitted, ResultsReport, report=locked, submission=submission)
    return submission


@transaction.atomic
def report_return(*, report: ResultsReport, actor, comment: str) -> ResultsReview:
    locked = report_lock(report)
    if not permissions.can_review_report(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์พิจารณารายงานผลนี้")
    comment = clean_text(comment)
    if not comment:
        raise DomainError([Problem("comment", "review", "กรุณาระบุเหตุผลหรือข้อเสนอแนะในการส่งกลับให้แก้ไข")])
    review = _review(locked, actor, ResultsReview.Decision.RETURNED, comment)
    locked.status = ResultsReport.Status.RETURNED
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="results.returned",
        obj=locked,
        agreement=locked.agreement,
        changes={"comment": comment},
    )
    send_on_commit(signals.results_returned, ResultsReport, report=locked, review=review)
    return review


@transaction.atomic
def report_accept(*, report: ResultsReport, actor, comment: str = "") -> ResultsReview:
    locked = report_lock(report)
    if not permissions.can_review_report(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์พิจารณารายงานผลนี้")
    review = _review(locked, actor, ResultsReview.Decision.ACCEPTED, clean_text(comment))
    locked.status = ResultsReport.Status.ACCEPTED
    locked.accepted_at = review.created_at
    locked.save(update_fields=["status", "accepted_at", "updated_at"])
    audit_record(actor=actor, action="results.accepted", obj=locked, agreement=locked.agreement)
    send_on_commit(signals.results_accepted, ResultsReport, report=locked, review=review)
    return review


def _review(report: ResultsReport, actor, decision: str, comment: str) -> ResultsReview:
    profile = getattr(actor, "profile", None)
    return ResultsReview.objects.create(
        submission=report.submissions.order_by("-version").first(),
        decision=decision,
        comment=comment,
        reviewer=actor,
        reviewer_name=display_name(actor),
        reviewer_position=profile.position if profile else "",
    )
