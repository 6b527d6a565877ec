from django.contrib import admin

from pa_portal.admin import PortalAdmin

from .models import ChallengeIssue, FiscalYear, Policy, SubmissionExtension


@admin.register(FiscalYear)
class FiscalYearAdmin(PortalAdmin):
    """The yearly calendar: when agreements open, the submission deadline and the review window."""

    list_display = ("year", "opens_on", "submission_deadline", "review_deadline")
    fields = ("year", "opens_on", "submission_deadline", "review_deadline")

    @staticmethod
    def in_use(obj) -> bool:
        return obj is not None and obj.agreements.exists()

    def get_readonly_fields(self, request, obj=None):
        # The year is part of every agreement's number (PA-2570-00001) and of their snapshots and
        # PDFs: once an agreement exists, renaming the year would renumber it under them.
        return ("year",) if self.in_use(obj) else ()

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.in_use(obj)


@admin.register(Policy)
class PolicyAdmin(PortalAdmin):
    list_display = ("code", "title", "kind", "fiscal_year", "order", "active")
    list_filter = ("fiscal_year", "kind", "active")
    labels = {"fiscal_year": "ปีงบประมาณ"}
    search_fields = ("code", "title")

    @staticmethod
    def in_use(obj) -> bool:
        return obj is not None and ChallengeIssue.objects.filter(policy=obj).exists()

    def get_readonly_fields(self, request, obj=None):
        # Agreements (and their snapshots, by code) point at a policy in use: it keeps its code and
        # year. Its title may be corrected and it may be retired (active), both audited.
        return ("code", "fiscal_year", "kind") if self.in_use(obj) else ()

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self.in_use(obj)


@admin.register(SubmissionExtension)
class SubmissionExtensionAdmin(PortalAdmin):
    """Read-only here: extensions are granted on HR's page, which audits and notifies."""

    list_display = ("person", "fiscal_year", "until", "granted_by", "granted_at")
    list_filter = ("fiscal_year",)
    search_fields = ("person__username", "person__profile__first_name", "person__profile__last_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
