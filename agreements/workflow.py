"""The agreement's workflow: submit (an immutable snapshot), then the supervisor returns it for
revision or agrees to it. Each step announces itself as a domain signal once it has committed
(agreements/signals.py); notifications and PDF renders react to those in higher apps."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.selectors import display_name
from audit.services import audit_record
from pa_portal.errors import DomainError, Problem
from pa_portal.events import send_on_commit
from pa_portal.thaitext import clean_text
from standards import selectors as standard_selectors

from . import deadlines, permissions, rules, signals
from .models import Agreement, Review, ReviewComment, Submission
from .selectors import agreement_lock
from .snapshot import agreement_to_dict, snapshot_hash


def agreement_problems(agreement: Agreement, data: dict | None = None) -> list[Problem]:
    """What stands between this agreement and a valid submission. `data` is its
    agreement_to_dict when the caller has it already (saves reading the agreement twice)."""
    codes = standard_selectors.standard_sub_item_codes(agreement.standard)
    return rules.submit_problems(data if data is not None else agreement_to_dict(agreement), codes)


@transaction.atomic
def agreement_submit(*, agreement: Agreement, actor) -> Submission:
    locked = agreement_lock(agreement)
    permissions.editable_check(actor, locked)
    deadlines.submission_window_check(locked)
    snapshot = agreement_to_dict(locked)
    problems = agreement_problems(locked, snapshot)
    if problems:
        raise DomainError(problems)
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
    send_on_commit(signals.agreement_submitted, Agreement, agreement=locked, submission=submission)
    return submission


@transaction.atomic
def agreement_return(
    *, agreement: Agreement, actor, comment: str, item_comments: dict[str, str] | None = None
) -> Review:
    """The supervisor returns a submitted agreement for revision, with comments per row/issue."""
    locked = agreement_lock(agreement, "owner__profile")  # the notification goes to the owner
    if not permissions.can_review_agreement(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์พิจารณาข้อตกลงนี้")
    comment = clean_text(comment)
    item_comments = {k: clean_text(v) for k, v in (item_comments or {}).items() if clean_text(v)}
    if not comment and not item_comments:
        raise DomainError([Problem("comment", "review", "กรุณาระบุเหตุผลหรือข้อเสนอแนะในการส่งกลับให้แก้ไข")])
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
    send_on_commit(signals.agreement_returned, Agreement, agreement=locked, review=review)
    return review


@transaction.atomic
def agreement_agree(*, agreement: Agreement, actor, comment: str = "") -> Review:
    locked = agreement_lock(agreement, "owner__profile")
    if not permissions.can_review_agreement(actor, locked):
        raise PermissionDenied("คุณไม่มีสิทธิ์พิจารณาข้อตกลงนี้")
    review = _review(locked, actor, Review.Decision.AGREED, clean_text(comment))
    locked.status = Agreement.Status.AGREED
    locked.agreed_at = review.created_at
    locked.agreed_by = actor
    locked.save(update_fields=["status", "agreed_at", "agreed_by", "updated_at"])
    audit_record(actor=actor, action="agreement.agreed", obj=locked, agreement=locked)
    send_on_commit(signals.agreement_agreed, Agreement, agreement=locked, review=review)
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
