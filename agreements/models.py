from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from pa_portal import thai


class FiscalYear(models.Model):
    """A fiscal year (1 Oct – 30 Sep) named by its Buddhist-era year, with its calendar."""

    year = models.PositiveSmallIntegerField("ปีงบประมาณ (พ.ศ.)", unique=True)
    opens_on = models.DateField("วันที่เปิดให้จัดทำข้อตกลง", null=True, blank=True)
    submission_deadline = models.DateTimeField("กำหนดส่งข้อตกลง", null=True, blank=True)
    review_deadline = models.DateTimeField("กำหนดพิจารณาของผู้บังคับบัญชา", null=True, blank=True)

    class Meta:
        verbose_name = "ปีงบประมาณ"
        verbose_name_plural = "ปีงบประมาณ"
        ordering = ["-year"]

    def __str__(self):
        return f"ปีงบประมาณ {self.year}"

    @property
    def starts_on(self):
        return thai.fiscal_year_bounds(self.year)[0]

    @property
    def ends_on(self):
        return thai.fiscal_year_bounds(self.year)[1]


class Policy(models.Model):
    """An OBEC policy, focus point or Quick Win item that a challenge issue can serve."""

    class Kind(models.TextChoices):
        POLICY = "policy", "นโยบาย สพฐ."
        FOCUS = "focus", "จุดเน้น"
        QUICK_WIN = "quick_win", "Quick Win"

    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.CASCADE, related_name="policies")
    code = models.SlugField("รหัส", max_length=50)
    kind = models.CharField("ประเภท", max_length=10, choices=Kind.choices, default=Kind.POLICY)
    title = models.CharField("ชื่อนโยบาย", max_length=500)
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)
    active = models.BooleanField("ใช้งาน", default=True)

    class Meta:
        verbose_name = "นโยบาย สพฐ."
        verbose_name_plural = "นโยบาย สพฐ."
        ordering = ["fiscal_year", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["fiscal_year", "code"], name="policy_code_unique")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class TargetGroup(models.TextChoices):
    LEARNERS = "learners", "ผู้เรียน"
    PERSONNEL = "personnel", "ข้าราชการครูและบุคลากรทางการศึกษา"
    SCHOOLS = "schools", "สถานศึกษา"
    OFFICE = "office", "สำนักงานเขตพื้นที่การศึกษา"


class IndicatorKind(models.TextChoices):
    QUANTITATIVE = "quantitative", "เชิงปริมาณ"
    QUALITATIVE = "qualitative", "เชิงคุณภาพ"
    BOTH = "both", "เชิงปริมาณและเชิงคุณภาพ"


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "ร่าง"
        SUBMITTED = "submitted", "ส่งแล้ว รอการพิจารณา"
        RETURNED = "returned", "ส่งกลับให้แก้ไข"
        AGREED = "agreed", "ผู้บังคับบัญชาเห็นชอบแล้ว"
        EVALUATED = "evaluated", "ประเมินแล้ว"

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="agreements")
    fiscal_year = models.ForeignKey(FiscalYear, on_delete=models.PROTECT, related_name="agreements")
    standard = models.ForeignKey(
        "standards.PositionStandard", on_delete=models.PROTECT, related_name="agreements"
    )
    office = models.ForeignKey("accounts.Office", on_delete=models.PROTECT, related_name="agreements")
    status = models.CharField(
        "สถานะ", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    # Bumped by every save: a save that carries an older revision is refused (no silent overwrite).
    revision = models.PositiveIntegerField(default=1)

    # The owner's details as they were when the agreement was made.
    owner_name = models.CharField("ชื่อ-นามสกุล", max_length=300)
    owner_position = models.CharField("ตำแหน่ง", max_length=200)
    owner_academic_standing = models.CharField("วิทยฐานะ", max_length=100, blank=True)
    owner_salary_rank = models.CharField("อันดับ", max_length=20, blank=True)
    owner_salary_rate = models.DecimalField(
        "อัตราเงินเดือน", max_digits=10, decimal_places=2, null=True, blank=True
    )
    office_name = models.CharField("สังกัด", max_length=200)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    agreed_at = models.DateTimeField(null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements_agreed",
    )

    class Meta:
        verbose_name = "ข้อตกลงในการพัฒนางาน"
        verbose_name_plural = "ข้อตกลงในการพัฒนางาน"
        ordering = ["-fiscal_year__year", "office__code", "owner_name"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "fiscal_year"], name="one_agreement_per_owner_and_year")
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "status"], name="agreement_year_status"),
            models.Index(fields=["office", "fiscal_year", "status"], name="agreement_office_year"),
        ]

    def __str__(self):
        return f"{self.number} {self.owner_name}"

    @property
    def number(self) -> str:
        return f"PA-{self.fiscal_year.year}-{self.pk:05d}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class AgreementItem(models.Model):
    """Part 1: one row per sub-item of the standard."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="items")
    sub_item = models.ForeignKey("standards.SubItem", on_delete=models.PROTECT, related_name="+")
    tasks = models.TextField("งาน (Tasks)", blank=True)

    class Meta:
        verbose_name = "รายการข้อตกลงส่วนที่ 1"
        verbose_name_plural = "รายการข้อตกลงส่วนที่ 1"
        ordering = ["sub_item__domain__number", "sub_item__order"]
        constraints = [models.UniqueConstraint(fields=["agreement", "sub_item"], name="one_row_per_sub_item")]


class TargetEntry(models.Model):
    """An Outcome and its Indicator for one target group of a Part 1 row."""

    item = models.ForeignKey(AgreementItem, on_delete=models.CASCADE, related_name="targets")
    target_group = models.CharField("กลุ่มเป้าหมาย", max_length=10, choices=TargetGroup.choices)
    outcome = models.TextField("ผลลัพธ์ (Outcomes)", blank=True)
    indicator = models.TextField("ตัวชี้วัด (Indicators)", blank=True)
    kind = models.CharField("ประเภทตัวชี้วัด", max_length=12, choices=IndicatorKind.choices, blank=True)

    class Meta:
        verbose_name = "กลุ่มเป้าหมาย ผลลัพธ์ และตัวชี้วัด"
        verbose_name_plural = "กลุ่มเป้าหมาย ผลลัพธ์ และตัวชี้วัด"
        constraints = [models.UniqueConstraint(fields=["item", "target_group"], name="one_entry_per_group")]


class ChallengeIssue(models.Model):
    """Part 2: a challenge issue (ประเด็นท้าทาย); an agreement has exactly three when submitted."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="challenges")
    order = models.PositiveSmallIntegerField("ประเด็นที่")
    title = models.CharField("ชื่อประเด็นท้าทาย", max_length=500, blank=True)
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    policy_other = models.CharField("นโยบายอื่น (ระบุ)", max_length=500, blank=True)
    problem = models.TextField("สภาพปัญหาและหลักฐาน", blank=True)

    class Meta:
        verbose_name = "ประเด็นท้าทาย"
        verbose_name_plural = "ประเด็นท้าทาย"
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "order"], name="challenge_order_unique"),
            models.CheckConstraint(
                condition=models.Q(order__gte=1, order__lte=3), name="challenge_order_1_to_3"
            ),
        ]


class MethodStep(models.Model):
    issue = models.ForeignKey(ChallengeIssue, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField("ขั้นที่")
    text = models.TextField("ขั้นตอนการดำเนินการ")
    start_month = models.PositiveSmallIntegerField("เดือนเริ่ม", null=True, blank=True)
    end_month = models.PositiveSmallIntegerField("เดือนสิ้นสุด", null=True, blank=True)

    class Meta:
        verbose_name = "ขั้นตอนการดำเนินการ"
        verbose_name_plural = "ขั้นตอนการดำเนินการ"
        ordering = ["order"]

    def clean(self):
        for month in (self.start_month, self.end_month):
            if month is not None and not 1 <= month <= 12:
                raise ValidationError("เดือนต้องอยู่ระหว่าง 1 ถึง 12")


class Target(models.Model):
    """An expected outcome of a challenge issue: quantitative (with a number) or qualitative."""

    class Kind(models.TextChoices):
        QUANTITATIVE = "quantitative", "เชิงปริมาณ"
        QUALITATIVE = "qualitative", "เชิงคุณภาพ"

    issue = models.ForeignKey(ChallengeIssue, on_delete=models.CASCADE, related_name="targets")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField("ประเภท", max_length=12, choices=Kind.choices)
    text = models.TextField("เป้าหมาย")
    value = models.DecimalField("ค่าเป้าหมาย", max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField("หน่วย", max_length=50, blank=True)

    class Meta:
        verbose_name = "ผลลัพธ์ที่คาดหวัง"
        verbose_name_plural = "ผลลัพธ์ที่คาดหวัง"
        ordering = ["kind", "order"]


class SubmittedVersion(models.Model):
    """What every submitted version shares (an agreement's, a results report's): a frozen
    snapshot with its SHA-256, never changed or deleted after it is written. `frozen_name` names
    it in the refusal."""

    frozen_name = "ฉบับที่ส่ง"

    version = models.PositiveIntegerField()
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(f"{self.frozen_name}แล้วแก้ไขไม่ได้")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"{self.frozen_name}แล้วลบไม่ได้")


class ReviewDecision(models.Model):
    """What every reviewer's decision on a submitted version shares: the comment and who decided,
    with the name and position as they were on the day. `decision` is each kind's own."""

    comment = models.TextField("ความเห็น", blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reviewer_name = models.CharField(max_length=300)
    reviewer_position = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class Submission(SubmittedVersion):
    """A frozen snapshot of an agreement as submitted."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="submissions")

    class Meta:
        verbose_name = "ข้อตกลงฉบับที่ส่ง"
        verbose_name_plural = "ข้อตกลงฉบับที่ส่ง"
        ordering = ["agreement", "version"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "version"], name="submission_version_unique")
        ]

    def __str__(self):
        return f"{self.agreement.number} ฉบับที่ {self.version}"


class Review(ReviewDecision):
    """The supervisor's decision on one submission: agreed, or returned with comments."""

    class Decision(models.TextChoices):
        AGREED = "agreed", "เห็นชอบ"
        RETURNED = "returned", "ไม่เห็นชอบ ส่งกลับให้แก้ไข"

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reviews")
    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="review")
    decision = models.CharField("ผลการพิจารณา", max_length=10, choices=Decision.choices)

    class Meta:
        verbose_name = "ผลการพิจารณาของผู้บังคับบัญชา"
        verbose_name_plural = "ผลการพิจารณาของผู้บังคับบัญชา"
        ordering = ["agreement", "created_at"]


class ReviewComment(models.Model):
    """A comment on one Part 1 row ("item:1.1") or challenge issue ("challenge:2")."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    anchor = models.CharField(max_length=30)
    text = models.TextField("ความเห็น")

    class Meta:
        verbose_name = "ความเห็นรายข้อของผู้บังคับบัญชา"
        verbose_name_plural = "ความเห็นรายข้อของผู้บังคับบัญชา"
        ordering = ["review", "id"]


class Extension(models.Model):
    """HR lets one person write after a deadline has passed, until `until`. One row per person and
    window: granting again moves `until` (the audit trail keeps each grant). The windows are
    a fiscal year's submission (below) and an evaluation round's scoring (evaluations)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ผู้ได้รับการขยายเวลา",
        on_delete=models.CASCADE,
        related_name="+",
    )
    until = models.DateTimeField("ขยายเวลาถึง")
    reason = models.TextField("เหตุผล")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ผู้อนุมัติ", on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField("วันที่อนุมัติ", default=timezone.now)

    class Meta:
        abstract = True


class SubmissionExtension(Extension):
    """An extension of a fiscal year's submission deadline (a first draft sent late)."""

    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name="ปีงบประมาณ", on_delete=models.CASCADE, related_name="submission_extensions"
    )

    class Meta:
        verbose_name = "การขยายเวลาส่งข้อตกลง"
        verbose_name_plural = "การขยายเวลาส่งข้อตกลง"
        ordering = ["fiscal_year", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "fiscal_year"], name="one_submission_extension_each")
        ]

    def __str__(self):
        return f"{self.person} {self.fiscal_year}"
