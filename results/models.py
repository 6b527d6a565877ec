"""The deputy's report of what was done and achieved against an agreed agreement
(รายงานผลการพัฒนางานตามข้อตกลง).

A report reads its targets from the agreed submission's snapshot (never from live rows), and keys
each result by what that snapshot names: a Part 1 row by its sub-item code, an indicator by its
target group, a challenge issue by its order, a target and a step by their place in the issue."""

from django.db import models

from agreements.models import Extension, ReviewDecision, SubmittedVersion


class SelfRating(models.IntegerChoices):
    """The deputy's own level on the rubric's four levels (optional)."""

    ONE = 1, "1 ปฏิบัติได้ต่ำกว่าระดับที่คาดหวังมาก"
    TWO = 2, "2 ปฏิบัติได้ต่ำกว่าระดับที่คาดหวัง"
    THREE = 3, "3 ปฏิบัติได้ตามระดับที่คาดหวัง"
    FOUR = 4, "4 ปฏิบัติได้สูงกว่าระดับที่คาดหวัง"


class ResultsCalendar(models.Model):
    """When a fiscal year's results reports open and are due. A year without one uses the
    defaults (results/deadlines.py): open from 1 July, due 15 September."""

    fiscal_year = models.OneToOneField(
        "agreements.FiscalYear",
        verbose_name="ปีงบประมาณ",
        on_delete=models.CASCADE,
        related_name="results_calendar",
    )
    opens_on = models.DateField("วันที่เปิดให้รายงานผล", null=True, blank=True, help_text="ว่าง = 1 กรกฎาคม")
    deadline = models.DateTimeField("กำหนดส่งรายงานผล", null=True, blank=True, help_text="ว่าง = 15 กันยายน")

    class Meta:
        verbose_name = "ปฏิทินรายงานผลการพัฒนางาน"
        verbose_name_plural = "ปฏิทินรายงานผลการพัฒนางาน"
        ordering = ["-fiscal_year__year"]

    def __str__(self):
        return f"ปฏิทินรายงานผล ปีงบประมาณ {self.fiscal_year.year}"


class ResultsReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "ร่าง"
        SUBMITTED = "submitted", "ส่งแล้ว รอการพิจารณา"
        RETURNED = "returned", "ส่งกลับให้แก้ไข"
        ACCEPTED = "accepted", "ผู้บังคับบัญชารับรองแล้ว"

    agreement = models.OneToOneField(
        "agreements.Agreement", on_delete=models.PROTECT, related_name="results_report"
    )
    # The agreed version whose targets this report answers.
    basis = models.ForeignKey("agreements.Submission", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "สถานะ", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Bumped by every save that changes something: a save carrying an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "รายงานผลการพัฒนางานตามข้อตกลง"
        verbose_name_plural = "รายงานผลการพัฒนางานตามข้อตกลง"
        ordering = ["-agreement__fiscal_year__year", "agreement__owner_name"]

    def __str__(self):
        return f"รายงานผล {self.agreement.number}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class RowResult(models.Model):
    """Part 1: what was done for one row of the agreement."""

    report = models.ForeignKey(ResultsReport, on_delete=models.CASCADE, related_name="rows")
    sub_item = models.CharField("ข้อ", max_length=20)
    done = models.TextField("สิ่งที่ได้ดำเนินการ", blank=True)
    self_rating = models.PositiveSmallIntegerField(
        "ระดับที่ประเมินตนเอง", choices=SelfRating.choices, null=True, blank=True
    )
    rating_reason = models.TextField("เหตุผลของระดับที่ประเมินตนเอง", blank=True)

    class Meta:
        verbose_name = "ผลการดำเนินงานรายข้อ"
        verbose_name_plural = "ผลการดำเนินงานรายข้อ"
        constraints = [models.UniqueConstraint(fields=["report", "sub_item"], name="results_one_row_each")]


class IndicatorResult(models.Model):
    """Part 1: the result of one indicator (one target group of a row). Whether it met its
    target is computed (results/measures.py), never stored or typed."""

    report = models.ForeignKey(ResultsReport, on_delete=models.CASCADE, related_name="indicators")
    sub_item = models.CharField("ข้อ", max_length=20)
    target_group = models.CharField("กลุ่มเป้าหมาย", max_length=10)
    achieved = models.DecimalField("ค่าที่ทำได้", max_digits=12, decimal_places=2, null=True, blank=True)
    description = models.TextField("ผลที่เกิดขึ้น", blank=True)

    class Meta:
        verbose_name = "ผลตามตัวชี้วัด"
        verbose_name_plural = "ผลตามตัวชี้วัด"
        constraints = [
            models.UniqueConstraint(
                fields=["report", "sub_item", "target_group"], name="results_one_indicator_each"
            )
        ]


class ChallengeResult(models.Model):
    """Part 2: one challenge issue's results, lessons learned and self-rating."""

    report = models.ForeignKey(ResultsReport, on_delete=models.CASCADE, related_name="challenges")
    order = models.PositiveSmallIntegerField("ประเด็นที่")
    lessons = models.TextField("ปัญหา อุปสรรค และแนวทางแก้ไข", blank=True)
    self_rating = models.PositiveSmallIntegerField(
        "ระดับที่ประเมินตนเอง", choices=SelfRating.choices, null=True, blank=True
    )
    rating_reason = models.TextField("เหตุผลของระดับที่ประเมินตนเอง", blank=True)

    class Meta:
        verbose_name = "ผลประเด็นท้าทาย"
        verbose_name_plural = "ผลประเด็นท้าทาย"
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["report", "order"], name="results_one_issue_each")]


class TargetResult(models.Model):
    """Part 2: the result of one expected outcome (its place in the issue's target list)."""

    challenge = models.ForeignKey(ChallengeResult, on_delete=models.CASCADE, related_name="targets")
    index = models.PositiveSmallIntegerField()
    achieved = models.DecimalField("ค่าที่ทำได้", max_digits=12, decimal_places=2, null=True, blank=True)
    outcome = models.TextField("ผลที่เกิดขึ้น", blank=True)

    class Meta:
        verbose_name = "ผลตามเป้าหมาย"
        verbose_name_plural = "ผลตามเป้าหมาย"
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["challenge", "index"], name="results_one_target_each")]


class StepResult(models.Model):
    """Part 2: how far one method step got against its timeline."""

    class Status(models.TextChoices):
        DONE = "done", "ดำเนินการแล้ว"
        PARTLY = "partly", "ดำเนินการบางส่วน"
        NOT_DONE = "not_done", "ยังไม่ได้ดำเนินการ"

    challenge = models.ForeignKey(ChallengeResult, on_delete=models.CASCADE, related_name="steps")
    index = models.PositiveSmallIntegerField()
    status = models.CharField("ผลการดำเนินการ", max_length=10, choices=Status.choices, blank=True)
    reason = models.TextField("เหตุผล", blank=True)

    class Meta:
        verbose_name = "ผลการดำเนินการรายขั้นตอน"
        verbose_name_plural = "ผลการดำเนินการรายขั้นตอน"
        ordering = ["index"]
        constraints = [models.UniqueConstraint(fields=["challenge", "index"], name="results_one_step_each")]


class ResultsSubmission(SubmittedVersion):
    """A frozen snapshot of a results report as submitted."""

    frozen_name = "รายงานผลฉบับที่ส่ง"

    report = models.ForeignKey(ResultsReport, on_delete=models.CASCADE, related_name="submissions")

    class Meta:
        verbose_name = "รายงานผลฉบับที่ส่ง"
        verbose_name_plural = "รายงานผลฉบับที่ส่ง"
        ordering = ["report", "version"]
        constraints = [
            models.UniqueConstraint(fields=["report", "version"], name="results_submission_version_unique")
        ]


class ResultsReview(ReviewDecision):
    """The director's decision on one submitted version: accepted, or returned with a comment."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "รับรอง"
        RETURNED = "returned", "ส่งกลับให้แก้ไข"

    submission = models.OneToOneField(ResultsSubmission, on_delete=models.PROTECT, related_name="review")
    decision = models.CharField("ผลการพิจารณา", max_length=10, choices=Decision.choices)

    class Meta:
        verbose_name = "ผลการพิจารณารายงานผล"
        verbose_name_plural = "ผลการพิจารณารายงานผล"
        ordering = ["created_at"]


class ResultsExtension(Extension):
    """An extension of a fiscal year's results deadline for one deputy."""

    fiscal_year = models.ForeignKey(
        "agreements.FiscalYear",
        verbose_name="ปีงบประมาณ",
        on_delete=models.CASCADE,
        related_name="results_extensions",
    )

    class Meta:
        verbose_name = "การขยายเวลาส่งรายงานผล"
        verbose_name_plural = "การขยายเวลาส่งรายงานผล"
        ordering = ["fiscal_year", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "fiscal_year"], name="one_results_extension_each")
        ]

    def __str__(self):
        return f"{self.person} {self.fiscal_year}"
