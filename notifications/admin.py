from django.contrib import admin

from pa_portal.admin import LabelledInline, PortalAdmin

from .models import Notification, Reminder, ReminderItem


@admin.register(Notification)
class NotificationAdmin(PortalAdmin):
    list_display = ("created_at", "recipient", "kind", "subject", "read_at", "emailed_at")
    list_filter = ("kind",)
    search_fields = ("recipient__username", "subject")
    readonly_fields = ("recipient", "kind", "subject", "body", "link", "created_at", "read_at", "emailed_at")
    labels = {"recipient": "ผู้รับ", "emailed_at": "ส่งอีเมลเมื่อ"}

    def has_add_permission(self, request):
        return False


class ReminderItemInline(LabelledInline, admin.TabularInline):
    model = ReminderItem
    verbose_name = "รายการที่เตือน"
    verbose_name_plural = "รายการที่เตือน"
    labels = {"key": "รหัสรายการ", "text": "ข้อความ"}
    extra = 0
    readonly_fields = ("key", "text")
    can_delete = False


@admin.register(Reminder)
class ReminderAdmin(PortalAdmin):
    list_display = ("day", "recipient", "created_at")
    list_filter = ("day",)
    readonly_fields = ("recipient", "day", "notification", "created_at")
    labels = {"recipient": "ผู้รับ", "notification": "การแจ้งเตือน", "created_at": "สร้างเมื่อ"}
    inlines = [ReminderItemInline]

    def has_add_permission(self, request):
        return False
