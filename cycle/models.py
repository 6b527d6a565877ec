from django.conf import settings
from django.db import models
from django.utils import timezone


class SubmissionExtension(models.Model):
    """HR lets one person submit a first draft after the fiscal year's submission deadline.

    One row per person and year: granting again moves `until` (the audit trail keeps each grant).
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ได้รับการขยายเวลา",
        on_delete=models.CASCADE,
        related_name="submission_extensions",
    )
    fiscal_year = models.ForeignKey(
        "agreements.FiscalYear",
        verbose_name="ปีงบประมาณ",
        on_delete=models.CASCADE,
        related_name="submission_extensions",
    )
    until = models.DateTimeField("ขยายเวลาส่งถึง")
    reason = models.TextField("เหตุผล")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ผู้อนุมัติ", on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField("วันที่อนุมัติ", default=timezone.now)

    class Meta:
        verbose_name = "การขยายเวลาส่งข้อตกลง"
        verbose_name_plural = "การขยายเวลาส่งข้อตกลง"
        ordering = ["fiscal_year", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "fiscal_year"], name="one_submission_extension")
        ]

    def __str__(self):
        return f"{self.person} {self.fiscal_year}"


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
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

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
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="one_reminder_a_day")]


class ReminderItem(models.Model):
    """What a reminder was about, e.g. "draft:12:3" (agreement 12, three days before the deadline),
    so each milestone is reminded of once."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=100)
    text = models.CharField(max_length=500)

    class Meta:
        indexes = [models.Index(fields=["key"], name="reminder_item_key")]


class ScoringExtension(models.Model):
    """HR lets one evaluator keep scoring their unfinished sheets of a round after its window
    (the round's due date) has closed."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ประเมินที่ได้รับการขยายเวลา",
        on_delete=models.CASCADE,
        related_name="scoring_extensions",
    )
    evaluation_round = models.ForeignKey(
        "evaluations.EvaluationRound",
        verbose_name="รอบการประเมิน",
        on_delete=models.CASCADE,
        related_name="scoring_extensions",
    )
    until = models.DateTimeField("ขยายเวลาให้คะแนนถึง")
    reason = models.TextField("เหตุผล")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ผู้อนุมัติ", on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField("วันที่อนุมัติ", default=timezone.now)

    class Meta:
        verbose_name = "การขยายเวลาให้คะแนน"
        verbose_name_plural = "การขยายเวลาให้คะแนน"
        ordering = ["evaluation_round", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "evaluation_round"], name="one_scoring_extension")
        ]

    def __str__(self):
        return f"{self.person} {self.evaluation_round}"
