from django.contrib import admin

from .models import FiscalYear, Policy


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
