from django.conf import settings
from django.db import models


class DocumentKind(models.TextChoices):
    PA1 = "pa1", "PA1 ข้อตกลงในการพัฒนางาน"
    PA2 = "pa2", "PA2 แบบประเมินของกรรมการแต่ละคน"
    PA3 = "pa3", "PA3 แบบสรุปผลการประเมินของคณะกรรมการ"
    RESULTS = "res", "รายงานผลการพัฒนางานตามข้อตกลง"


class PacketExport(models.Model):
    """HR's request for the documents of a fiscal year as one merged PDF or a ZIP, built by a
    Celery task. `done`/`total` count the documents prepared; `manifest` lists the failures."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF ไฟล์เดียว (มีบุ๊กมาร์กรายบุคคล)"
        ZIP = "zip", "ZIP แยกไฟล์ PDF รายเอกสาร"

    class Status(models.TextChoices):
        QUEUED = "queued", "รอคิว"
        RUNNING = "running", "กำลังสร้างเอกสาร"
        ASSEMBLING = "assembling", "กำลังรวมไฟล์"
        DONE = "done", "เสร็จแล้ว"
        FAILED = "failed", "ไม่สำเร็จ"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ขอ",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="packet_exports",
    )
    fiscal_year = models.ForeignKey(
        "agreements.FiscalYear", verbose_name="ปีงบประมาณ", on_delete=models.PROTECT, related_name="+"
    )
    offices = models.ManyToManyField(
        "accounts.Office", verbose_name="สำนักงานเขตพื้นที่การศึกษา", blank=True, related_name="+"
    )
    kinds = models.JSONField("ประเภทเอกสาร", default=list)
    states = models.JSONField("สถานะข้อตกลง", default=list)
    format = models.CharField("รูปแบบไฟล์", max_length=3, choices=Format.choices, default=Format.PDF)
    thai_digits = models.BooleanField("ใช้เลขไทย", default=False)
    status = models.CharField(
        "สถานะ", max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    total = models.PositiveIntegerField("จำนวนเอกสาร", default=0)
    done = models.PositiveIntegerField("เตรียมแล้ว", default=0)
    file = models.FileField("ไฟล์", upload_to="reports/packets/%Y/%m/", blank=True)
    pages = models.PositiveIntegerField("จำนวนหน้า", default=0)
    manifest = models.JSONField("รายการเอกสารที่สร้างไม่สำเร็จ", default=list, blank=True)
    error = models.TextField("ข้อผิดพลาด", blank=True)
    created_at = models.DateTimeField("ขอเมื่อ", auto_now_add=True)
    finished_at = models.DateTimeField("เสร็จเมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "ชุดเอกสาร PDF"
        verbose_name_plural = "ชุดเอกสาร PDF"
        ordering = ["-created_at"]

    def __str__(self):
        return f"ชุดเอกสารปีงบประมาณ {self.fiscal_year.year} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class PacketDocument(models.Model):
    """One document of a packet: what to render (kind + source id), and how it went."""

    class Status(models.TextChoices):
        PENDING = "pending", "รอ"
        READY = "ready", "พร้อม"
        FAILED = "failed", "ไม่สำเร็จ"

    export = models.ForeignKey(PacketExport, on_delete=models.CASCADE, related_name="documents")
    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=3, choices=DocumentKind.choices)
    source_id = models.PositiveBigIntegerField(
        help_text="Submission id for PA1; the evaluation's id for PA2/PA3"
    )
    agreement = models.ForeignKey(
        "agreements.Agreement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    person = models.CharField("บุคคล", max_length=300)
    office_code = models.CharField(max_length=20)
    title = models.CharField(max_length=300)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.PENDING)
    # When a worker began rendering it: a document still pending long after that was killed with
    # its worker process (services.packet_export_recover).
    started_at = models.DateTimeField(null=True, blank=True)
    pdf_name = models.CharField(max_length=300, blank=True)
    pages = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "เอกสารในชุด"
        verbose_name_plural = "เอกสารในชุด"
        ordering = ["export", "position"]
        constraints = [
            models.UniqueConstraint(fields=["export", "position"], name="packet_document_position_unique")
        ]
