from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from agreements.models import Extension

from .composition import CommitteeRules, default_rules_dict
from .scoring import Criterion, Level, Rubric


class ScoringScheme(models.Model):
    """One edition of the scoring rubric. Every number of the arithmetic lives here, so a circular
    that changes a weight or the pass mark is a new edition, not a code change. An edition is
    pinned by the rounds that use it and becomes read-only from then on."""

    code = models.SlugField("รหัส", max_length=50)
    edition = models.PositiveSmallIntegerField("ฉบับที่", default=1)
    title = models.CharField("ชื่อเกณฑ์", max_length=300)
    source = models.TextField("ที่มา", blank=True)
    part1_points = models.DecimalField("คะแนนเต็มส่วนที่ 1", max_digits=6, decimal_places=2)
    part2_points = models.DecimalField("คะแนนเต็มส่วนที่ 2", max_digits=6, decimal_places=2)
    committee_size = models.PositiveSmallIntegerField("จำนวนกรรมการ (รวมประธาน)")
    pass_mark = models.DecimalField("เกณฑ์ผ่าน (คะแนนรวมของกรรมการแต่ละคน)", max_digits=6, decimal_places=2)
    decimal_places = models.PositiveSmallIntegerField("จำนวนตำแหน่งทศนิยมของคะแนน", default=2)
    # Who may sit and who chairs (evaluations/composition.py); part of the edition like the numbers.
    committee_rules = models.JSONField("กฎการแต่งตั้งคณะกรรมการ", default=default_rules_dict)
    content_hash = models.CharField(max_length=64, editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "เกณฑ์การให้คะแนน"
        verbose_name_plural = "เกณฑ์การให้คะแนน"
        ordering = ["code", "-edition"]
        constraints = [models.UniqueConstraint(fields=["code", "edition"], name="scheme_code_edition_unique")]

    def __str__(self):
        return f"{self.title} (ฉบับที่ {self.edition})"

    @property
    def in_use(self) -> bool:
        return self.pk is not None and self.rounds.exists()

    def rubric(self) -> Rubric:
        return Rubric(
            levels=tuple(Level(level.value, level.label) for level in self.levels.all()),
            part1_points=self.part1_points,
            part2_points=self.part2_points,
            criteria=tuple(Criterion(c.code, c.label, c.points) for c in self.criteria.all()),
            committee_size=self.committee_size,
            pass_mark=self.pass_mark,
            decimal_places=self.decimal_places,
        )

    def rules(self) -> CommitteeRules:
        return CommitteeRules.from_dict(self.committee_rules, source=f"เกณฑ์ฉบับที่ {self.edition}")

    def problems(self) -> list[str]:
        """What makes this edition unusable for a round: its numbers, then its committee rules."""
        try:
            rules_problems = self.rules().problems()
        except (TypeError, ValueError) as exc:
            rules_problems = [str(exc)]
        return self.rubric().problems() + rules_problems


class ScoringLevel(models.Model):
    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="levels")
    value = models.PositiveSmallIntegerField("ระดับ")
    label = models.CharField("คำอธิบายระดับ", max_length=200)

    class Meta:
        verbose_name = "ระดับการประเมิน"
        verbose_name_plural = "ระดับการประเมิน"
        ordering = ["scheme", "value"]
        constraints = [models.UniqueConstraint(fields=["scheme", "value"], name="scheme_level_unique")]

    def __str__(self):
        return f"{self.value} {self.label}"


class ScoringCriterion(models.Model):
    """A Part 2 criterion scored for every challenge issue (method, quantitative and qualitative
    outcomes), with its full points."""

    scheme = models.ForeignKey(ScoringScheme, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField("รหัส", max_length=30)
    label = models.CharField("ประเด็นการพิจารณา", max_length=200)
    points = models.DecimalField("คะแนนเต็มต่อประเด็นท้าทาย", max_digits=6, decimal_places=2)
    order = models.PositiveSmallIntegerField("ลำดับ", default=0)

    class Meta:
        verbose_name = "ประเด็นการพิจารณาส่วนที่ 2"
        verbose_name_plural = "ประเด็นการพิจารณาส่วนที่ 2"
        ordering = ["scheme", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="scheme_criterion_unique")]

    def __str__(self):
        return self.label


class EvaluationRound(models.Model):
    """An evaluation round of a fiscal year (usually two), scoring the agreed agreements of its
    scope (all offices, or the offices listed) under one pinned scheme edition."""

    class Status(models.TextChoices):
        OPEN = "open", "เปิดการประเมิน"
        CLOSED = "closed", "ปิดการประเมิน"

    fiscal_year = models.ForeignKey(
        "agreements.FiscalYear", verbose_name="ปีงบประมาณ", on_delete=models.PROTECT, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField("ครั้งที่")
    title = models.CharField("ชื่อรอบการประเมิน", max_length=300)
    scheme = models.ForeignKey(
        ScoringScheme, verbose_name="เกณฑ์การให้คะแนน", on_delete=models.PROTECT, related_name="rounds"
    )
    starts_on = models.DateField("วันเริ่มประเมิน")
    due_on = models.DateField("กำหนดประเมินแล้วเสร็จ")
    status = models.CharField("สถานะ", max_length=10, choices=Status.choices, default=Status.OPEN)
    offices = models.ManyToManyField(
        "accounts.Office",
        verbose_name="สำนักงานเขตพื้นที่ที่อยู่ในรอบ (เว้นว่าง = ทุกสำนักงาน)",
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "รอบการประเมิน"
        verbose_name_plural = "รอบการประเมิน"
        ordering = ["-fiscal_year__year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="round_number_unique"),
            models.CheckConstraint(condition=models.Q(due_on__gte=models.F("starts_on")), name="round_dates"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def clean(self):
        if self.starts_on and self.due_on and self.due_on < self.starts_on:
            raise ValidationError({"due_on": "กำหนดแล้วเสร็จต้องไม่ก่อนวันเริ่มประเมิน"})


class RoundState(models.TextChoices):
    """Where an agreement stands in a round (not stored: derived from its committee)."""

    NOT_ASSIGNED = "not_assigned", "ยังไม่แต่งตั้งคณะกรรมการ"
    SCORING = "scoring", "อยู่ระหว่างการประเมิน"
    FINAL = "final", "ประเมินเสร็จสิ้น"


class Committee(models.Model):
    """The committee that scores one agreement in one round, against one frozen submission."""

    round = models.ForeignKey(EvaluationRound, on_delete=models.PROTECT, related_name="committees")
    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.PROTECT, related_name="committees")
    # The agreed version being scored: later edits of the agreement never move under a sheet.
    submission = models.ForeignKey("agreements.Submission", on_delete=models.PROTECT, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField("ประเมินครบทุกคนเมื่อ", null=True, blank=True)
    # The composition rules it was appointed under ({"scheme", "edition", "rules"}): a re-appointment
    # is checked against them, and a later edition never changes them.
    composition_rules = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = "คณะกรรมการประเมิน"
        verbose_name_plural = "คณะกรรมการประเมิน"
        ordering = ["round", "agreement"]
        constraints = [models.UniqueConstraint(fields=["round", "agreement"], name="one_committee_per_round")]

    def __str__(self):
        return f"{self.round} — {self.agreement}"

    def rules(self) -> CommitteeRules:
        stored = self.composition_rules or {}
        return CommitteeRules.from_dict(stored.get("rules"), source=f"เกณฑ์ฉบับที่ {stored.get('edition', '')}")


class CommitteeMember(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "ประธานกรรมการ"
        MEMBER = "member", "กรรมการ"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="committee_seats"
    )
    role = models.CharField("บทบาท", max_length=10, choices=Role.choices)
    order = models.PositiveSmallIntegerField("ลำดับ", default=1)
    # Name and position as they were at the appointment: the signed PA3 must not change later.
    evaluator_name = models.CharField("ชื่อ-นามสกุล", max_length=300)
    evaluator_position = models.CharField("ตำแหน่ง", max_length=200, blank=True)

    class Meta:
        verbose_name = "กรรมการประเมิน"
        verbose_name_plural = "กรรมการประเมิน"
        ordering = ["committee", "order"]
        constraints = [
            models.UniqueConstraint(fields=["committee", "evaluator"], name="one_seat_per_person"),
            models.UniqueConstraint(
                fields=["committee"], condition=models.Q(role="chair"), name="one_chair_per_committee"
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.evaluator_name}"

    @property
    def is_chair(self) -> bool:
        return self.role == self.Role.CHAIR


class Evaluation(models.Model):
    """One evaluator's scoring sheet (PA2). The results are written when the sheet is finalised,
    together with the rubric used, so a later scheme edition never changes a finalised result."""

    class Status(models.TextChoices):
        DRAFT = "draft", "กำลังประเมิน"
        FINAL = "final", "ประเมินเสร็จสิ้น"

    member = models.OneToOneField(CommitteeMember, on_delete=models.CASCADE, related_name="evaluation")
    status = models.CharField(
        "สถานะ", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    part1_score = models.DecimalField("คะแนนส่วนที่ 1", max_digits=6, decimal_places=2, null=True, blank=True)
    part2_score = models.DecimalField("คะแนนส่วนที่ 2", max_digits=6, decimal_places=2, null=True, blank=True)
    total = models.DecimalField("คะแนนรวม", max_digits=6, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField("ผ่านเกณฑ์", null=True, blank=True)
    rubric_snapshot = models.JSONField(null=True, blank=True, editable=False)
    finalised_at = models.DateTimeField("ยืนยันผลเมื่อ", null=True, blank=True)
    # Bumped by every save that changes a score: a save that carries an older revision (the same
    # sheet open in two tabs) is refused, as for an agreement.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "แบบประเมิน"
        verbose_name_plural = "แบบประเมิน"
        ordering = ["member__committee", "member__order"]

    def __str__(self):
        return f"{self.member} — {self.member.committee.agreement}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL


class Score(models.Model):
    """A level and comment for one Part 1 row ("item:1.1") or one criterion of a challenge issue
    ("challenge:2:method")."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    anchor = models.CharField(max_length=40)
    level = models.PositiveSmallIntegerField("ระดับ", null=True, blank=True)
    comment = models.TextField("ความเห็น", blank=True)

    class Meta:
        verbose_name = "คะแนนรายข้อ"
        verbose_name_plural = "คะแนนรายข้อ"
        ordering = ["evaluation", "id"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "anchor"], name="one_score_per_anchor")]


def evidence_upload_to(instance, filename):
    # The stored name is ours (uuid + the extension of the detected type); the user's file name is
    # kept in `original_name` only, so it never reaches a path.
    return f"evidence/{instance.agreement_id}/{filename}"


class Evidence(models.Model):
    """A file or link the owner attaches to a Part 1 row ("item:1.1") or a challenge issue
    ("challenge:2"). Files are served only through a permission-checked view."""

    class Kind(models.TextChoices):
        FILE = "file", "ไฟล์"
        LINK = "link", "ลิงก์"

    agreement = models.ForeignKey("agreements.Agreement", on_delete=models.CASCADE, related_name="evidence")
    anchor = models.CharField("แนบกับ", max_length=30)
    kind = models.CharField("ประเภท", max_length=4, choices=Kind.choices)
    title = models.CharField("ชื่อหลักฐาน", max_length=300)
    file = models.FileField("ไฟล์", upload_to=evidence_upload_to, blank=True, max_length=300)
    url = models.URLField("ลิงก์", max_length=1000, blank=True)
    original_name = models.CharField("ชื่อไฟล์เดิม", max_length=255, blank=True)
    content_type = models.CharField(max_length=150, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("แนบเมื่อ", auto_now_add=True)

    class Meta:
        verbose_name = "หลักฐานประกอบ"
        verbose_name_plural = "หลักฐานประกอบ"
        ordering = ["agreement", "anchor", "created_at"]

    def __str__(self):
        return self.title


class EvidenceIndicator(models.Model):
    """One evidence item counted for one indicator of its Part 1 row ("item:1.1/office"); an item
    may serve several indicators of that row."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.CharField("ตัวชี้วัด", max_length=60)

    class Meta:
        verbose_name = "หลักฐานของตัวชี้วัด"
        verbose_name_plural = "หลักฐานของตัวชี้วัด"
        constraints = [
            models.UniqueConstraint(fields=["evidence", "indicator"], name="evidence_indicator_once")
        ]

    def __str__(self):
        return self.indicator


class OfficeExclusion(models.Model):
    """An optional exclusion of the edition's committee rules that HR has switched on for one
    office (e.g. declared conflicts): committees appointed from then on apply it."""

    office = models.ForeignKey(
        "accounts.Office", verbose_name="สำนักงานเขตพื้นที่", on_delete=models.CASCADE, related_name="+"
    )
    code = models.SlugField("ข้อยกเว้น", max_length=40)
    switched_on_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    switched_on_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ข้อยกเว้นการแต่งตั้งกรรมการของสำนักงาน"
        verbose_name_plural = "ข้อยกเว้นการแต่งตั้งกรรมการของสำนักงาน"
        ordering = ["office", "code"]
        constraints = [models.UniqueConstraint(fields=["office", "code"], name="one_exclusion_per_office")]

    def __str__(self):
        return f"{self.office} {self.code}"


class ConflictDeclaration(models.Model):
    """A declared conflict of interest between a would-be evaluator and an agreement's owner
    (a relative, a business tie, …), with its reason."""

    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="ผู้ประเมิน", on_delete=models.CASCADE, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="เจ้าของข้อตกลง", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField("เหตุผล", max_length=500)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "การแจ้งส่วนได้เสีย"
        verbose_name_plural = "การแจ้งส่วนได้เสีย"
        ordering = ["evaluator", "owner"]
        constraints = [
            models.UniqueConstraint(fields=["evaluator", "owner"], name="one_declaration_per_pair")
        ]

    def __str__(self):
        return f"{self.evaluator} — {self.owner}: {self.reason}"


class ScoringExtension(Extension):
    """An extension of a round's scoring window: one evaluator finishes their open sheets late."""

    evaluation_round = models.ForeignKey(
        EvaluationRound,
        verbose_name="รอบการประเมิน",
        on_delete=models.CASCADE,
        related_name="scoring_extensions",
    )

    class Meta:
        verbose_name = "การขยายเวลาให้คะแนน"
        verbose_name_plural = "การขยายเวลาให้คะแนน"
        ordering = ["evaluation_round", "person"]
        constraints = [
            models.UniqueConstraint(fields=["person", "evaluation_round"], name="one_scoring_extension_each")
        ]

    def __str__(self):
        return f"{self.person} {self.evaluation_round}"
