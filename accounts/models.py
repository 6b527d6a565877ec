from django.conf import settings
from django.db import models


class Office(models.Model):
    """An Educational Service Area Office (สพท.)."""

    class Kind(models.TextChoices):
        PRIMARY = "spp", "สพป."
        SECONDARY = "spm", "สพม."

    code = models.CharField("รหัสหน่วยงาน", max_length=20, unique=True)
    name = models.CharField("ชื่อหน่วยงาน", max_length=200)
    kind = models.CharField("ประเภท", max_length=3, choices=Kind.choices)
    province = models.CharField("จังหวัด", max_length=100)

    class Meta:
        verbose_name = "สำนักงานเขตพื้นที่การศึกษา"
        verbose_name_plural = "สำนักงานเขตพื้นที่การศึกษา"
        ordering = ["code"]

    def __str__(self):
        return self.name


class Profile(models.Model):
    class AcademicStanding(models.TextChoices):
        NONE = "", "-"
        SENIOR_PROFESSIONAL = "senior", "ชำนาญการพิเศษ"
        EXPERT = "expert", "เชี่ยวชาญ"
        ADVANCED_EXPERT = "advanced", "เชี่ยวชาญพิเศษ"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    title = models.CharField("คำนำหน้าชื่อ", max_length=50, blank=True)
    first_name = models.CharField("ชื่อ", max_length=100)
    last_name = models.CharField("นามสกุล", max_length=100)
    position = models.CharField("ตำแหน่ง", max_length=200, blank=True)
    academic_standing = models.CharField(
        "วิทยฐานะ", max_length=10, choices=AcademicStanding.choices, blank=True
    )
    office = models.ForeignKey(
        Office,
        verbose_name="สังกัด",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
    )
    salary_rank = models.CharField("อันดับ", max_length=20, blank=True)
    salary_rate = models.DecimalField(
        "อัตราเงินเดือน (บาท)", max_digits=10, decimal_places=2, null=True, blank=True
    )
    email_notifications = models.BooleanField("รับการแจ้งเตือนทางอีเมล", default=True)

    class Meta:
        verbose_name = "ข้อมูลบุคลากร"
        verbose_name_plural = "ข้อมูลบุคลากร"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()
