from django.apps import apps
from django.contrib import admin

from pa_portal.admin import ReadOnlyAdmin

from .models import AuditEntry
from .presentation import ACTION_LABELS, action_label


class ActionFilter(admin.SimpleListFilter):
    """The actions by their Thai names (the stored value is a code)."""

    title = "การดำเนินการ"
    parameter_name = "action"

    def lookups(self, request, model_admin):
        return sorted(ACTION_LABELS.items(), key=lambda item: item[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action_name", "object_name", "object_id")
    list_filter = (ActionFilter,)
    search_fields = ("actor_name", "object_id")
    labels = {
        "actor": "ผู้ดำเนินการ",
        "object_type": "ประเภทข้อมูล",
        "object_id": "รหัสข้อมูล",
        "agreement": "ข้อตกลง",
        "changes": "รายละเอียดการเปลี่ยนแปลง",
    }

    @admin.display(description="การดำเนินการ", ordering="action")
    def action_name(self, entry):
        return action_label(entry.action)

    @admin.display(description="ประเภทข้อมูล", ordering="object_type")
    def object_name(self, entry):
        try:
            return apps.get_model(entry.object_type)._meta.verbose_name
        except (LookupError, ValueError):
            return entry.object_type
