"""Who may do what with an agreement. Views, services, downloads and commands ask here.

Apps above this one can let more people read an agreement (an evaluator on its committee) by
registering a reader with `agreement_readers_register`: agreements never imports them."""

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from pa_portal import roles
from pa_portal.errors import NoLongerEditable

# deny and roles_of are the kernel's, asked through here so views need one permissions module.
from pa_portal.permissions import deny, has_role, is_hr, roles_of, user_office_id  # noqa: F401

from .models import Agreement

# Each reader maps a user to a queryset of the agreement ids they may read (or None: none).
_readers: list[Callable[[object], QuerySet | None]] = []


def agreement_readers_register(reader: Callable[[object], QuerySet | None]) -> None:
    if reader not in _readers:
        _readers.append(reader)


def _extra_reader_ids(user) -> list[QuerySet]:
    return [ids for reader in _readers if (ids := reader(user)) is not None]


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
    return any(
        Agreement.objects.filter(pk=agreement.pk, pk__in=ids).exists() for ids in _extra_reader_ids(user)
    )


def can_edit_agreement(user, agreement) -> bool:
    return agreement.owner_id == user.pk and agreement.is_editable


SUBMITTED_ALREADY = "ข้อตกลงนี้ส่งแล้ว แก้ไขไม่ได้"


def editable_check(user, agreement) -> None:
    """Refuse a write to an agreement that is not editable by `user`. Its owner is told that it
    has been submitted (a parallel submit or another tab got there first: NoLongerEditable, not a
    permission error); anyone else is refused outright."""
    if can_edit_agreement(user, agreement):
        return
    if agreement.owner_id == user.pk:
        raise NoLongerEditable(SUBMITTED_ALREADY)
    raise PermissionDenied("คุณไม่มีสิทธิ์แก้ไขข้อตกลงนี้")


def can_review_agreement(user, agreement) -> bool:
    return is_office_supervisor(user, agreement) and agreement.status == agreement.Status.SUBMITTED


def can_read_history(user, agreement) -> bool:
    """The owner, the office's supervisor and HR read an agreement's audit trail."""
    return agreement.owner_id == user.pk or is_office_supervisor(user, agreement) or is_hr(user)


def agreements_visible_to(user, queryset=None):
    """The agreements `user` may read, as a queryset filter (the list views' and the 404s' basis)."""
    qs = queryset if queryset is not None else Agreement.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if is_hr(user):
        return qs
    condition = Q(owner=user)
    if has_role(user, roles.SUPERVISOR) and user_office_id(user) is not None:
        condition |= Q(office_id=user_office_id(user)) & ~Q(status=Agreement.Status.DRAFT)
    for ids in _extra_reader_ids(user):
        condition |= Q(pk__in=ids)
    return qs.filter(condition)
