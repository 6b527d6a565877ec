"""The read behind HR's page of an office's committee rules: the current edition's optional
exclusions, on or off for the office, and the conflicts of interest declared with its people."""

from dataclasses import dataclass

from accounts.models import Office

from .composition import DEFAULT_RULES, EXCLUSION_DECLARED_CONFLICT, EXCLUSION_LABELS, CommitteeRules
from .models import ConflictDeclaration, OfficeExclusion, ScoringScheme
from .schemes import scheme_latest


@dataclass
class ExclusionRow:
    code: str
    label: str
    offered: bool  # offered by the current edition (else only switched on under an earlier one)
    switch: OfficeExclusion | None  # who switched it on for the office, and when; None = off

    @property
    def on(self) -> bool:
        return self.switch is not None


@dataclass
class OfficeRules:
    office: Office
    scheme: ScoringScheme | None  # the current edition of the default scheme (None: none loaded)
    rules: CommitteeRules
    exclusions: list[ExclusionRow]
    conflicts: list[ConflictDeclaration]
    declared_conflict_label: str = EXCLUSION_LABELS[EXCLUSION_DECLARED_CONFLICT]


def office_rules(office: Office) -> OfficeRules:
    """The current edition's optional exclusions, on or off for `office`, and the conflicts
    declared with the office's people. An exclusion switched on that the current edition no
    longer offers is listed too, so HR can switch it off."""
    scheme = scheme_latest()
    rules = scheme.rules() if scheme is not None else DEFAULT_RULES
    switches = {
        e.code: e
        for e in OfficeExclusion.objects.filter(office=office).select_related("switched_on_by__profile")
    }
    codes = list(rules.exclusions) + sorted(set(switches) - set(rules.exclusions))
    rows = [
        ExclusionRow(code, EXCLUSION_LABELS.get(code, code), code in rules.exclusions, switches.get(code))
        for code in codes
    ]
    conflicts = list(
        ConflictDeclaration.objects.filter(owner__profile__office=office)
        .select_related("evaluator__profile", "owner__profile", "recorded_by__profile")
        .order_by("owner__profile__first_name", "evaluator__profile__first_name", "pk")
    )
    return OfficeRules(office=office, scheme=scheme, rules=rules, exclusions=rows, conflicts=conflicts)
