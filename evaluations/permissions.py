"""Who may do what with evaluation rounds, committees, score sheets and evidence."""

# Some are asked through here, so that evaluation views need one permissions module.
from agreements.permissions import agreements_visible_to, can_view_agreement, is_office_supervisor  # noqa: F401
from pa_portal import roles
from pa_portal.permissions import deny, has_role, is_hr, roles_of, user_office_id  # noqa: F401

from .models import CommitteeMember, Evaluation


def assigned_agreement_ids(user):
    """The agreements whose committee `user` sits on (registered as agreement readers)."""
    if not has_role(user, roles.EVALUATOR):
        return None
    return CommitteeMember.objects.filter(evaluator=user).values("committee__agreement_id")


def is_assigned_evaluator(user, agreement) -> bool:
    ids = assigned_agreement_ids(user)
    return ids is not None and ids.filter(committee__agreement_id=agreement.pk).exists()


def can_manage_evaluations(user) -> bool:
    """HR and administrators run the rounds, appoint committees and export the results."""
    return is_hr(user)


def can_assign_committee(user, evaluation_round) -> bool:
    return is_hr(user) and evaluation_round.is_open


def can_score(user, evaluation) -> bool:
    """Only the sheet's own evaluator, while the sheet is a draft and the round is open."""
    member = evaluation.member
    return (
        user.is_authenticated
        and member.evaluator_id == user.pk
        and has_role(user, roles.EVALUATOR)
        and not evaluation.is_final
        and member.committee.round.is_open
    )


def can_view_sheet(user, evaluation) -> bool:
    """Sheets stay independent: an evaluator sees only their own until the whole committee has
    finalised; then the chair sees every sheet. HR sees finalised sheets."""
    if not user.is_authenticated:
        return False
    member = evaluation.member
    if member.evaluator_id == user.pk:
        return True
    if is_hr(user):
        return evaluation.is_final
    committee = member.committee
    return (
        committee.completed_at is not None
        and committee.members.filter(evaluator=user, role=member.Role.CHAIR).exists()
    )


def can_view_results(user, committee) -> bool:
    """HR follows a committee at any time (drafts' figures are not shown); the members, the owner
    and the office's supervisor see the result once every sheet is final."""
    if not user.is_authenticated:
        return False
    if is_hr(user):
        return True
    if committee.completed_at is None:
        return False
    agreement = committee.agreement
    if agreement.owner_id == user.pk or is_office_supervisor(user, agreement):
        return True
    return committee.members.filter(evaluator=user).exists()


def can_download_sheet(user, evaluation) -> bool:
    """PA2 exists once a sheet is final; whoever may read the sheet may download it (its own
    evaluator, HR, the chair of a complete committee)."""
    return evaluation.is_final and can_view_sheet(user, evaluation)


def can_download_summary(user, committee) -> bool:
    """PA3 exists once every sheet is final; whoever may read the results may download it (HR,
    the committee's chair and members, the owner and the office's supervisor)."""
    return committee.completed_at is not None and can_view_results(user, committee)


def can_add_evidence(user, agreement) -> bool:
    """The owner documents the work once the supervisor has agreed to it."""
    return agreement.owner_id == user.pk and agreement.status in (
        agreement.Status.AGREED,
        agreement.Status.EVALUATED,
    )


def can_view_evidence(user, evidence) -> bool:
    return can_view_agreement(user, evidence.agreement)


def can_delete_evidence(user, evidence) -> bool:
    """The owner may withdraw evidence until an evaluator has finalised a sheet that saw it; an
    administrator with the admin site's delete permission may remove it under the same rule."""
    if evidence.agreement.owner_id != user.pk and not user.has_perm("evaluations.delete_evidence"):
        return False
    return not Evaluation.objects.filter(
        member__committee__agreement_id=evidence.agreement_id,
        status=Evaluation.Status.FINAL,
        finalised_at__gte=evidence.created_at,
    ).exists()
