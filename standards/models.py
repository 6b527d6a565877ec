from django.db import models


class PositionStandard(models.Model):
    """One edition of a position standard. Editions are never edited in place: a new edition is
    added beside the old one, so agreements made under an old edition keep their text."""

    code = models.SlugField("รหัส", max_length=50)
    edition = models.PositiveSmallIntegerField("ฉบับที่", default=1)
    title = models.CharField("ชื่อมาตรฐาน", max_length=300)
    position = models.CharField("ตำแหน่ง", max_length=200)
    source = models.TextField("ที่มา", blank=True)
    content_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "มาตรฐานตำแหน่ง"
        verbose_name_plural = "มาตรฐานตำแหน่ง"
        ordering = ["code", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["code", "edition"], name="standard_code_edition_unique")
        ]

    def __str__(self):
        return f"{self.title} (ฉบับที่ {self.edition})"


class Domain(models.Model):
    standard = models.ForeignKey(PositionStandard, on_delete=models.CASCADE, related_name="domains")
    number = models.PositiveSmallIntegerField("ด้านที่")
    title = models.CharField("ชื่อด้าน", max_length=300)

    class Meta:
        verbose_name = "ด้าน"
        verbose_name_plural = "ด้าน"
        ordering = ["standard", "number"]
        constraints = [models.UniqueConstraint(fields=["standard", "number"], name="domain_number_unique")]

    def __str__(self):
        return f"ด้านที่ {self.number} {self.title}"


class SubItem(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="items")
    code = models.CharField("ข้อ", max_length=10)
    order = models.PositiveSmallIntegerField("ลำดับ")
    text = models.TextField("ลักษณะงาน")

    class Meta:
        verbose_name = "ข้อ"
        verbose_name_plural = "ข้อ"
        ordering = ["domain__number", "order"]
        constraints = [models.UniqueConstraint(fields=["domain", "code"], name="subitem_code_unique")]

    def __str__(self):
        return f"{self.code} {self.text[:60]}"
