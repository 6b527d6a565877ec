from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that only the application's services may write (standards from fixtures,
    committees through the conflict rules, sheets, the audit trail): the admin lists them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
