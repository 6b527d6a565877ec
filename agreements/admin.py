from django.contrib import admin

from .models import FiscalYear, Policy, SubmissionExtension


@admin.register(FiscalYear)
class FiscalYearAdmin(admin.ModelAdmin):
    """The yearly calendar: when agreements open, the submission deadline and the review window."""

    list_display = ("year", "opens_on", "submission_deadline", "review_deadline")
    fields = ("year", "opens_on", "submission_deadline", "review_deadline")


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "kind", "fiscal_year", "order", "active")
    list_filter = ("fiscal_year", "kind", "active")
    search_fields = ("code", "title")


@admin.register(SubmissionExtension)
class SubmissionExtensionAdmin(admin.ModelAdmin):
    """Read-only here: extensions are granted on HR's page, which audits and notifies."""

    list_display = ("person", "fiscal_year", "until", "granted_by", "granted_at")
    list_filter = ("fiscal_year",)
    search_fields = ("person__username", "person__profile__first_name", "person__profile__last_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
