"""The shared mechanism of permissions: a user's roles, and the 404 that refuses.

Each app owns the checks on its own objects (`agreements/permissions.py`,
`evaluations/permissions.py`, `reports/permissions.py`); views, downloads, tasks and commands
ask there, never inline. Object checks return booleans; views turn a False into 404 (via
`get_object_or_404` on a queryset from `*_visible_to`, or `deny()`), so a guessed URL never
reveals that an object exists.
"""

from django.http import Http404

from pa_portal import roles


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
