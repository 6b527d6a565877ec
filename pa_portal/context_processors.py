from . import permissions


def portal(request):
    user = getattr(request, "user", None)
    return {"roles": permissions.roles_of(user) if user is not None else frozenset()}
