from django.contrib import admin

from pa_portal.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "object_type", "object_id")
    list_filter = ("action", "object_type")
    search_fields = ("actor_name", "object_id")
    labels = {
        "actor": "ผู้ดำเนินการ",
        "object_type": "ประเภทข้อมูล",
        "object_id": "รหัสข้อมูล",
        "agreement": "ข้อตกลง",
        "changes": "รายละเอียดการเปลี่ยนแปลง",
    }
