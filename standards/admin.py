from django.contrib import admin

from pa_portal.admin import ReadOnlyAdmin

from .models import Domain, PositionStandard, SubItem


class DomainInline(admin.TabularInline):
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


@admin.register(SubItem)
class SubItemAdmin(ReadOnlyAdmin):
    list_display = ("code", "domain", "text")
    list_filter = ("domain__standard",)
    search_fields = ("text",)
