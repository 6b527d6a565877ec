from django.contrib import admin

from .models import Domain, PositionStandard, SubItem


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    can_delete = False
    readonly_fields = ("number", "title")


@admin.register(PositionStandard)
class PositionStandardAdmin(admin.ModelAdmin):
    """Standards come from fixtures through `load_standards`; the admin lists them read-only so
    no agreement's text can change under it."""

    list_display = ("code", "edition", "title", "position", "created_at")
    list_filter = ("code",)
    inlines = [DomainInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SubItem)
class SubItemAdmin(admin.ModelAdmin):
    list_display = ("code", "domain", "text")
    list_filter = ("domain__standard",)
    search_fields = ("text",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
