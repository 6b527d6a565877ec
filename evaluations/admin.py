from django.contrib import admin, messages

from pa_portal.admin import LabelledInline, PortalAdmin, ReadOnlyAdmin

from . import evidence as evidence_services
from . import permissions, schemes
from .forms import RoundAdminForm
from .models import (
    Committee,
    CommitteeMember,
    Evaluation,
    EvaluationRound,
    Evidence,
    ScoringCriterion,
    ScoringLevel,
    ScoringScheme,
)


class _LockedWhenInUse:
    """An edition pinned by a round is read-only: its numbers back finalised results."""

    def _locked(self, obj):
        return obj is not None and obj.in_use

    def has_change_permission(self, request, obj=None):
        scheme = getattr(obj, "scheme", obj)
        return super().has_change_permission(request, obj) and not self._locked(scheme)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not self._locked(obj)

    def has_delete_permission(self, request, obj=None):
        scheme = getattr(obj, "scheme", obj)
        return super().has_delete_permission(request, obj) and not self._locked(scheme)


class LevelInline(_LockedWhenInUse, admin.TabularInline):
    model = ScoringLevel
    extra = 0


class CriterionInline(_LockedWhenInUse, admin.TabularInline):
    model = ScoringCriterion
    extra = 0


@admin.register(ScoringScheme)
class ScoringSchemeAdmin(PortalAdmin):
    list_display = ("code", "edition", "title", "part1_points", "part2_points", "committee_size", "pass_mark")
    list_filter = ("code",)
    inlines = [LevelInline, CriterionInline]
    labels = {"content_hash": "รหัสตรวจสอบเนื้อหา (SHA-256)", "created_at": "บันทึกเมื่อ"}
    actions = ["new_edition"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj is not None and obj.in_use)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj is not None and obj.in_use)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        scheme = form.instance
        schemes.scheme_refresh_hash(scheme)
        for problem in scheme.problems():
            messages.warning(request, f"เกณฑ์นี้ยังใช้สร้างรอบการประเมินไม่ได้: {problem}")

    @admin.action(description="คัดลอกเป็นฉบับใหม่ (เพื่อแก้ไขตัวเลข)")
    def new_edition(self, request, queryset):
        for scheme in queryset:
            copy = schemes.scheme_new_edition(scheme=scheme)
            messages.success(request, f"สร้าง {copy} แล้ว")


@admin.register(EvaluationRound)
class EvaluationRoundAdmin(PortalAdmin):
    form = RoundAdminForm
    list_display = ("title", "fiscal_year", "number", "scheme", "starts_on", "due_on", "status")
    list_filter = ("fiscal_year", "status")
    filter_horizontal = ("offices",)
    labels = {"created_by": "สร้างโดย", "created_at": "สร้างเมื่อ"}

    def get_readonly_fields(self, request, obj=None):
        # The scheme is pinned once committees exist: their sheets are scored under it.
        if obj is not None and obj.committees.exists():
            return ("fiscal_year", "scheme")
        return ()

    def has_delete_permission(self, request, obj=None):
        # Committees and their sheets hang off a round: it goes only while it has none.
        return super().has_delete_permission(request, obj) and not (
            obj is not None and obj.committees.exists()
        )


class MemberInline(LabelledInline, admin.TabularInline):
    model = CommitteeMember
    extra = 0
    fields = ("order", "role", "evaluator_name", "evaluator_position")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Committee)
class CommitteeAdmin(ReadOnlyAdmin):
    """Read-only: committees are appointed through the HR pages, which apply the conflict rules."""

    list_display = ("agreement", "round", "assigned_at", "completed_at")
    list_filter = ("round",)
    inlines = [MemberInline]
    labels = {
        "round": "รอบการประเมิน",
        "agreement": "ข้อตกลง",
        "submission": "ฉบับที่ประเมิน",
        "assigned_by": "แต่งตั้งโดย",
        "assigned_at": "แต่งตั้งเมื่อ",
        "composition_rules": "กฎการจัดคณะกรรมการ",
    }


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ("member", "status", "part1_score", "part2_score", "total", "passed", "finalised_at")
    list_filter = ("status", "member__committee__round")
    labels = {
        "member": "กรรมการ",
        "rubric_snapshot": "เกณฑ์ที่ใช้ประเมิน (สำเนา)",
        "updated_at": "แก้ไขล่าสุดเมื่อ",
        "member__committee__round": "รอบการประเมิน",
    }


@admin.register(Evidence)
class EvidenceAdmin(PortalAdmin):
    list_display = ("title", "agreement", "anchor", "kind", "content_type", "size", "created_at")
    list_filter = ("kind",)
    labels = {
        "agreement": "ข้อตกลง",
        "content_type": "ชนิดไฟล์",
        "size": "ขนาด (ไบต์)",
        "sha256": "รหัสตรวจสอบ (SHA-256)",
        "uploaded_by": "แนบโดย",
    }
    # No file link here: files are served only through the permission-checked view.
    fields = (
        "agreement",
        "anchor",
        "kind",
        "title",
        "url",
        "original_name",
        "content_type",
        "size",
        "sha256",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The portal's rule: never once a finalised sheet has seen it.
        return super().has_delete_permission(request, obj) and (
            obj is None or permissions.can_delete_evidence(request.user, obj)
        )

    def delete_model(self, request, obj):
        # The portal's service: its rule, its audit entry, and the file removed with the row.
        evidence_services.evidence_delete(evidence=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("agreement"):
            evidence_services.evidence_delete(evidence=obj, actor=request.user)
