from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, User

from pa_portal.admin import PortalAdmin

from .models import Office, Profile


@admin.register(Office)
class OfficeAdmin(PortalAdmin):
    list_display = ("code", "name", "kind", "province")
    list_filter = ("kind",)
    search_fields = ("code", "name", "province")


@admin.register(Profile)
class ProfileAdmin(PortalAdmin):
    list_display = ("user", "full_name", "position", "academic_standing", "office")
    labels = {"user": "บัญชีผู้ใช้", "full_name": "ชื่อ-นามสกุล"}
    list_filter = ("academic_standing", "office__kind")
    search_fields = ("first_name", "last_name", "user__username")
    autocomplete_fields = ("office",)


def _through_portal_admin(model) -> None:
    """Re-register a library's ModelAdmin (auth's users and groups, django-axes' sign-in records)
    as a PortalAdmin, so that its changes and deletions are audited like the portal's own."""
    if not admin.site.is_registered(model):
        return
    library_admin = type(admin.site._registry[model])
    admin.site.unregister(model)
    admin.site.register(model, type(library_admin.__name__, (PortalAdmin, library_admin), {}))


for _model in (User, Group, AccessAttempt, AccessLog, AccessFailureLog):
    _through_portal_admin(_model)
