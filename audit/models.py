from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class AuditQuerySet(models.QuerySet):
    """Bulk writes would bypass the model's refusal: refuse them here too. (Deleting a user or an
    agreement still nulls the link through Django's base manager, keeping the entry.)"""

    def update(self, **kwargs):
        raise ValidationError("ประวัติการเปลี่ยนแปลงแก้ไขไม่ได้")

    def delete(self):
        raise ValidationError("ประวัติการเปลี่ยนแปลงลบไม่ได้")


class AuditEntry(models.Model):
    """Who did what, when, with the before and after. Append-only: the application never
    updates or deletes an entry."""

    at = models.DateTimeField("เวลา", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField("ผู้ดำเนินการ", max_length=300, blank=True)
    action = models.CharField("การดำเนินการ", max_length=60, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    agreement = models.ForeignKey(
        "agreements.Agreement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    changes = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "ประวัติการเปลี่ยนแปลง"
        verbose_name_plural = "ประวัติการเปลี่ยนแปลง"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("ประวัติการเปลี่ยนแปลงแก้ไขไม่ได้")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("ประวัติการเปลี่ยนแปลงลบไม่ได้")
