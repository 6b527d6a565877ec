"""Who may ask for and download HR's PDF packets."""

from pa_portal import roles
from pa_portal.permissions import deny, has_role, is_hr  # noqa: F401  (deny: asked through here)

from .models import PacketExport


def can_export_packets(user) -> bool:
    return is_hr(user)


def packets_visible_to(user, queryset=None):
    """HR sees the packets they asked for; administrators see all of them."""
    qs = queryset if queryset is not None else PacketExport.objects.all()
    if not is_hr(user):
        return qs.none()
    if has_role(user, roles.ADMIN):
        return qs
    return qs.filter(requested_by=user)
