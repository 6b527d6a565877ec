from django.contrib import admin

from pa_portal.admin import LabelledInline, ReadOnlyAdmin

from .models import Domain, PositionStandard, SubItem


class DomainInline(LabelledInline, admin.TabularInline):
    model = Domain
    extra = 0
    can_delete = False
    readonly_fields = ("number", "title")


@admin.register(PositionStandard)
class PositionStandardAdmin(ReadOnlyAdmin):
    """Standards come from fixtures through `load_standards`; the admin lists them read-only so
    no agreement's text can change under it."""

    list_display = ("code", "edition", "title", "position", "created_at")
    list_filter = ("code",)
    inlines = [DomainInline]
    labels = {"content_hash": "รหัสตรวจสอบเนื้อหา (SHA-256)", "created_at": "บันทึกเมื่อ"}


@admin.register(SubItem)
class SubItemAdmin(ReadOnlyAdmin):
    list_display = ("code", "domain", "text")
    list_filter = ("domain__standard",)
    labels = {"domain": "ด้าน", "domain__standard": "มาตรฐานตำแหน่ง"}
    search_fields = ("text",)
