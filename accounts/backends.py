from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Aggregate, CharField, OuterRef, Subquery

from pa_portal import permissions


class _Names(Aggregate):
    """Group names joined by commas: STRING_AGG on PostgreSQL, GROUP_CONCAT on SQLite."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ',')"
    output_field = CharField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)


class ProfileBackend(ModelBackend):
    """Django's model backend, with the user's profile and role names read in the same query as
    the user.

    Nearly every signed-in request needs both (the header's name and menu, the office and roles
    behind every permission check, the audit trail's actor name): two statements fewer a request."""

    def get_user(self, user_id):
        User = get_user_model()
        role_names = (
            Group.objects.filter(user=OuterRef("pk"))
            .values("user")
            .annotate(names=_Names("name"))
            .values("names")
        )
        try:
            user = (
                User._default_manager.select_related("profile")
                .annotate(role_names=Subquery(role_names))
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        permissions.remember_roles(user, user.role_names.split(",") if user.role_names else [])
        return user
