from django.db import models

from .codes import grouped


class DocumentCode(models.Model):
    """The verification code printed on every page of one rendered document, and what the portal
    issued under it: which document (kind, object, what it was made of, digit style) and the
    SHA-256 of the final PDF (after sealing). Reserved before rendering; the hashes are written
    once the file is stored."""

    code = models.CharField("รหัสตรวจสอบ", max_length=16, unique=True)
    kind = models.CharField("ประเภทเอกสาร", max_length=20)
    object_id = models.PositiveBigIntegerField("รหัสต้นฉบับ")
    # What the document was made of, as the stored PDF's name says it (snapshot or content hash,
    # signatures, layout version, digit style): a changed source gets a new code.
    source_key = models.CharField("ข้อมูลที่ใช้สร้าง", max_length=300)
    thai_digits = models.BooleanField("ใช้เลขไทย", default=False)
    sha256 = models.CharField("SHA-256 ของไฟล์ PDF", max_length=64, blank=True, db_index=True)
    # The embedded source data (e.g. the agreement's snapshot JSON): a re-saved copy of the file
    # loses the byte match but keeps this.
    attachment_sha256 = models.CharField("SHA-256 ของข้อมูลที่แนบในไฟล์", max_length=64, blank=True, db_index=True)
    sealed = models.BooleanField("ประทับตราดิจิทัลแล้ว", default=False)
    created_at = models.DateTimeField("ออกรหัสเมื่อ", auto_now_add=True)
    stored_at = models.DateTimeField("บันทึกไฟล์เมื่อ", null=True, blank=True)

    class Meta:
        verbose_name = "รหัสตรวจสอบเอกสาร"
        verbose_name_plural = "รหัสตรวจสอบเอกสาร"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "source_key", "thai_digits"], name="one_code_per_document"
            )
        ]
        indexes = [models.Index(fields=["kind", "object_id"], name="document_code_object")]

    def __str__(self):
        return grouped(self.code)

    @property
    def display(self) -> str:
        return grouped(self.code)


class VerificationLookup(models.Model):
    """One use of the public check page. The uploaded file itself is never kept: only its
    SHA-256 and what was found."""

    class Method(models.TextChoices):
        CODE = "code", "กรอกรหัส"
        UPLOAD = "upload", "อัปโหลดไฟล์"

    class Result(models.TextChoices):
        GENUINE = "genuine", "ตรงกับเอกสารที่ระบบออก"
        DATA_MATCH = "data_match", "ข้อมูลที่แนบตรง แต่ไฟล์ไม่ตรง"
        NOT_FOUND = "not_found", "ไม่พบ"
        LIMITED = "limited", "ถูกจำกัดจำนวนครั้ง"

    at = models.DateTimeField("เวลา", auto_now_add=True, db_index=True)
    method = models.CharField("วิธี", max_length=10, choices=Method.choices)
    code_tried = models.CharField("รหัสที่กรอก", max_length=40, blank=True)
    file_sha256 = models.CharField("SHA-256 ของไฟล์ที่อัปโหลด", max_length=64, blank=True)
    result = models.CharField("ผล", max_length=12, choices=Result.choices)
    document = models.ForeignKey(
        DocumentCode,
        verbose_name="เอกสาร",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ip_hash = models.CharField("ที่อยู่ IP (แฮช)", max_length=32, db_index=True)
    user_agent = models.CharField("โปรแกรมที่ใช้", max_length=120, blank=True)

    class Meta:
        verbose_name = "การตรวจสอบเอกสาร"
        verbose_name_plural = "การตรวจสอบเอกสาร"
        ordering = ["-at"]

    @property
    def found(self) -> bool:
        return self.result in (self.Result.GENUINE, self.Result.DATA_MATCH)
