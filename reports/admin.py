from django.contrib import admin

from pa_portal.admin import LabelledInline, PortalAdmin

from .models import PacketDocument, PacketExport


class PacketDocumentInline(LabelledInline, admin.TabularInline):
    model = PacketDocument
    verbose_name = "เอกสารในชุด"
    verbose_name_plural = "เอกสารในชุด"
    labels = {
        "position": "ลำดับ",
        "kind": "ชนิดเอกสาร",
        "office_code": "รหัสหน่วยงาน",
        "status": "สถานะ",
        "pages": "จำนวนหน้า",
        "error": "ข้อผิดพลาด",
    }
    extra = 0
    can_delete = False
    fields = ["position", "kind", "person", "office_code", "status", "pages", "error"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PacketExport)
class PacketExportAdmin(PortalAdmin):
    list_display = ["id", "fiscal_year", "requested_by", "format", "status", "done", "total", "created_at"]
    list_filter = ["status", "format", "fiscal_year"]
    readonly_fields = [
        "requested_by",
        "fiscal_year",
        "offices",
        "kinds",
        "states",
        "format",
        "thai_digits",
        "status",
        "total",
        "done",
        "file",
        "pages",
        "manifest",
        "error",
        "created_at",
        "finished_at",
    ]
    inlines = [PacketDocumentInline]

    def has_add_permission(self, request):
        return False
