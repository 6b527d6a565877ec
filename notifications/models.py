from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    """An entry of a person's in-portal notification list; e-mailed too unless they opted out."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "มีข้อตกลงส่งมาให้พิจารณา"
        RETURNED = "returned", "ข้อตกลงถูกส่งกลับให้แก้ไข"
        AGREED = "agreed", "ผู้บังคับบัญชาเห็นชอบข้อตกลงแล้ว"
        EXTENSION = "extension", "ได้รับการขยายเวลา"
        COMMITTEE_ASSIGNED = "committee", "ได้รับแต่งตั้งเป็นกรรมการประเมิน"
        SHEETS_FINAL = "sheets_final", "กรรมการประเมินครบทุกคนแล้ว"
        PACKET_READY = "packet", "ชุดเอกสารพร้อมดาวน์โหลด"
        REMINDER = "reminder", "แจ้งเตือนกำหนดเวลา"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField("ประเภท", max_length=20, choices=Kind.choices)
    subject = models.CharField("เรื่อง", max_length=300)
    body = models.TextField("ข้อความ", blank=True)
    link = models.CharField("ลิงก์", max_length=500, blank=True)
    read_at = models.DateTimeField("อ่านเมื่อ", null=True, blank=True)
    created_at = models.DateTimeField("เวลา", default=timezone.now)
    # Set by the e-mail task once the message left, so a retried task never sends it twice.
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "การแจ้งเตือน"
        verbose_name_plural = "การแจ้งเตือน"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="unread_notifications")]

    def __str__(self):
        return self.subject


class Reminder(models.Model):
    """One reminder message to one person on one day (Asia/Bangkok): the unique constraint is what
    keeps anyone from being reminded twice a day, even when two runs overlap."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField("วันที่")
    notification = models.ForeignKey(Notification, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "การเตือนความจำ"
        verbose_name_plural = "การเตือนความจำ"
        ordering = ["-day", "recipient"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="one_reminder_per_day")]


class ReminderItem(models.Model):
    """What a reminder was about, e.g. "draft:12:3" (agreement 12, three days before the deadline),
    so each milestone is reminded of once."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=100)
    text = models.CharField(max_length=500)

    class Meta:
        verbose_name = "รายการในการเตือน"
        verbose_name_plural = "รายการในการเตือน"
        indexes = [models.Index(fields=["key"], name="reminder_items_by_key")]
