"""The one permission layer. Views, downloads, tasks and commands ask here, never inline.

Object checks return booleans; views turn a False into 404 (via `get_object_or_404` on a queryset
from `*_visible_to`, or `deny()`), so a guessed URL never reveals that an object exists.
"""

from django.http import Http404

from accounts import roles


def roles_of(user) -> frozenset[str]:
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_pa_roles", None)
    if cached is None:
        cached = remember_roles(user, user.groups.values_list("name", flat=True))
    return cached


def remember_roles(user, group_names) -> frozenset[str]:
    """Keep the user's roles on the user object for the rest of the request (the session's user
    comes with its group names already: accounts/backends.py)."""
    names = set(group_names)
    if user.is_superuser:
        names.add(roles.ADMIN)
    user._pa_roles = frozenset(names)
    return user._pa_roles


def has_role(user, role: str) -> bool:
    return role in roles_of(user)


def is_hr(user) -> bool:
    """HR staff and administrators read and export everything in scope."""
    return bool(roles_of(user) & {roles.HR, roles.ADMIN})


def user_office_id(user):
    profile = getattr(user, "profile", None)
    return profile.office_id if profile is not None else None


def deny():
    raise Http404("ไม่พบหน้าที่ต้องการ")


# --- agreements ---------------------------------------------------------------------------


def is_office_supervisor(user, agreement) -> bool:
    return (
        has_role(user, roles.SUPERVISOR)
        and user.pk != agreement.owner_id
        and user_office_id(user) is not None
        and user_office_id(user) == agreement.office_id
    )


def can_start_agreement(user) -> bool:
    return has_role(user, roles.DEPUTY)


def can_view_agreement(user, agreement) -> bool:
    if not user.is_authenticated:
        return False
    if agreement.owner_id == user.pk or is_hr(user):
        return True
    if is_office_supervisor(user, agreement) and agreement.status != agreement.Status.DRAFT:
        return True
    return is_assigned_evaluator(user, agreement)


def can_edit_agreement(user, agreement) -> bool:
    return agreement.owner_id == user.pk and agreement.is_editable


def can_review_agreement(user, agreement) -> bool:
    return is_office_supervisor(user, agreement) and agreement.status == agreement.Status.SUBMITTED


def can_read_history(user, agreement) -> bool:
    """The owner, the office's supervisor and HR read an agreement's audit trail."""
    return agreement.owner_id == user.pk or is_office_supervisor(user, agreement) or is_hr(user)


def agreements_visible_to(user, queryset=None):
    """The agreements `user` may read, as a queryset filter (the list views' and the 404s' basis)."""
    from django.db.models import Q

    from agreements.models import Agreement

    qs = queryset if queryset is not None else Agreement.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if is_hr(user):
        return qs
    condition = Q(owner=user)
    if has_role(user, roles.SUPERVISOR) and user_office_id(user) is not None:
        condition |= Q(office_id=user_office_id(user)) & ~Q(status=Agreement.Status.DRAFT)
    if has_role(user, roles.EVALUATOR):
        condition |= Q(pk__in=_assigned_agreement_ids(user))
    return qs.filter(condition)


# --- evaluation ---------------------------------------------------------------------------


def _assigned_agreement_ids(user):
    from evaluations.models import CommitteeMember

    return CommitteeMember.objects.filter(evaluator=user).values("committee__agreement_id")


def is_assigned_evaluator(user, agreement) -> bool:
    if not has_role(user, roles.EVALUATOR):
        return False
    return _assigned_agreement_ids(user).filter(committee__agreement_id=agreement.pk).exists()


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


def can_add_evidence(user, agreement) -> bool:
    """The owner documents the work once the supervisor has agreed to it."""
    return agreement.owner_id == user.pk and agreement.status in (
        agreement.Status.AGREED,
        agreement.Status.EVALUATED,
    )


def can_view_evidence(user, evidence) -> bool:
    return can_view_agreement(user, evidence.agreement)


def can_delete_evidence(user, evidence) -> bool:
    """The owner may withdraw evidence until an evaluator has finalised a sheet that saw it."""
    from evaluations.models import Evaluation

    if evidence.agreement.owner_id != user.pk:
        return False
    return not Evaluation.objects.filter(
        member__committee__agreement_id=evidence.agreement_id,
        status=Evaluation.Status.FINAL,
        finalised_at__gte=evidence.created_at,
    ).exists()


# --- reports ------------------------------------------------------------------------------


def can_export_packets(user) -> bool:
    return is_hr(user)


def packets_visible_to(user, queryset=None):
    """HR sees the packets they asked for; administrators see all of them."""
    from reports.models import PacketExport

    qs = queryset if queryset is not None else PacketExport.objects.all()
    if not is_hr(user):
        return qs.none()
    if has_role(user, roles.ADMIN):
        return qs
    return qs.filter(requested_by=user)
