from django.contrib import admin

from .models import Office, Profile


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "province")
    list_filter = ("kind",)
    search_fields = ("code", "name", "province")


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "full_name", "position", "academic_standing", "office")
    list_filter = ("academic_standing", "office__kind")
    search_fields = ("first_name", "last_name", "user__username")
    autocomplete_fields = ("office",)
