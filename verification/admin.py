from django.contrib import admin

from pa_portal.admin import ReadOnlyAdmin

from .models import DocumentCode, VerificationLookup


@admin.register(DocumentCode)
class DocumentCodeAdmin(ReadOnlyAdmin):
    list_display = ("code", "kind", "object_id", "thai_digits", "sealed", "stored_at")
    list_filter = ("kind", "sealed")
    search_fields = ("code", "sha256")


@admin.register(VerificationLookup)
class VerificationLookupAdmin(ReadOnlyAdmin):
    list_display = ("at", "method", "result", "code_tried", "ip_hash")
    list_filter = ("method", "result")
    search_fields = ("code_tried", "file_sha256", "ip_hash")
