from django.contrib import admin

from pa_portal.admin import PortalAdmin

from .models import ResultsCalendar


@admin.register(ResultsCalendar)
class ResultsCalendarAdmin(PortalAdmin):
    """A year's results window: when reports open (default 1 July) and are due (15 September)."""

    list_display = ("fiscal_year", "opens_on", "deadline")
    fields = ("fiscal_year", "opens_on", "deadline")
