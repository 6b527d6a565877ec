"""Who may sit on an evaluation committee, and who chairs it: the rules of a scoring scheme edition.

The rules are data (the `committee_rules` block of an edition file in fixtures/scoring), like the
weights and the pass mark, because the circulars that set them (ก.ค.ศ. ว 9/2564, ว 10/2564 and the
same pattern for educational administrators) may differ by position and change by year. A committee
stores the rules it was appointed under (`Committee.composition_rules`), so a new edition never
changes a committee already appointed.

One rule is not data: the owner never evaluates their own agreement (`committee_conflicts`).
This module is pure: it reads facts about a person (`Facts`) and returns Thai problems."""

from dataclasses import asdict, dataclass, field

# What the owner's office supervisor (ผอ.สพท.) may do on the committee.
SUPERVISOR_MUST_CHAIR = "must_chair"
SUPERVISOR_MAY_CHAIR = "may_chair"
SUPERVISOR_MEMBER_ONLY = "member_only"
SUPERVISOR_EXCLUDED = "excluded"
SUPERVISOR_CHOICES = {
    SUPERVISOR_MUST_CHAIR: "ผู้บังคับบัญชาของเจ้าของข้อตกลงเป็นประธานกรรมการ",
    SUPERVISOR_MAY_CHAIR: "ผู้บังคับบัญชาของเจ้าของข้อตกลงเป็นประธานกรรมการหรือกรรมการได้",
    SUPERVISOR_MEMBER_ONLY: "ผู้บังคับบัญชาของเจ้าของข้อตกลงเป็นกรรมการได้ แต่เป็นประธานกรรมการไม่ได้",
    SUPERVISOR_EXCLUDED: "ผู้บังคับบัญชาของเจ้าของข้อตกลงเป็นกรรมการไม่ได้",
}

# Exclusions an edition offers; HR switches each on per office (`OfficeExclusion`).
EXCLUSION_DECLARED_CONFLICT = "declared_conflict"
EXCLUSION_SAME_OFFICE = "same_office"
EXCLUSION_LABELS = {
    EXCLUSION_DECLARED_CONFLICT: "ผู้ที่แจ้งว่ามีส่วนได้เสียกับเจ้าของข้อตกลง (เช่น เป็นญาติ) เป็นกรรมการไม่ได้",
    EXCLUSION_SAME_OFFICE: "บุคลากรในสำนักงานเดียวกับเจ้าของข้อตกลง (นอกจากผู้บังคับบัญชา) เป็นกรรมการไม่ได้",
}

OWNER_RULE = "เจ้าของข้อตกลงเป็นกรรมการประเมินข้อตกลงของตนเองไม่ได้"
AGREED_BY_EXCLUDED = "ผู้ที่ให้ความเห็นชอบข้อตกลงเป็นกรรมการไม่ได้"


@dataclass(frozen=True)
class CommitteeRules:
    """One edition's composition rules (the committee's size is the edition's `committee_size`)."""

    supervisor: str = SUPERVISOR_MAY_CHAIR
    agreed_by_may_sit: bool = True
    exclusions: tuple[str, ...] = (EXCLUSION_DECLARED_CONFLICT, EXCLUSION_SAME_OFFICE)
    # Where the rules come from, for messages: "เกณฑ์ฉบับที่ 2". Not part of the rules' content.
    source: str = field(default="", compare=False)

    @property
    def supervisor_may_sit(self) -> bool:
        return self.supervisor != SUPERVISOR_EXCLUDED

    @property
    def supervisor_may_chair(self) -> bool:
        return self.supervisor in (SUPERVISOR_MUST_CHAIR, SUPERVISOR_MAY_CHAIR)

    @property
    def proposes_supervisor_as_chair(self) -> bool:
        return self.supervisor_may_chair

    def problems(self) -> list[str]:
        """What makes these rules unusable, in Thai (empty when they are consistent)."""
        problems = []
        if self.supervisor not in SUPERVISOR_CHOICES:
            problems.append(
                f"กฎคณะกรรมการ: ค่า supervisor '{self.supervisor}' ไม่รู้จัก "
                f"(ใช้ได้: {', '.join(SUPERVISOR_CHOICES)})"
            )
        for code in self.exclusions:
            if code not in EXCLUSION_LABELS:
                problems.append(f"กฎคณะกรรมการ: ข้อยกเว้น '{code}' ไม่รู้จัก (ใช้ได้: {', '.join(EXCLUSION_LABELS)})")
        if self.supervisor == SUPERVISOR_MUST_CHAIR and not self.agreed_by_may_sit:
            problems.append(
                "กฎคณะกรรมการขัดกัน: ผู้บังคับบัญชาต้องเป็นประธานกรรมการ "
                "แต่ผู้ที่ให้ความเห็นชอบข้อตกลง (ปกติคือผู้บังคับบัญชา) เป็นกรรมการไม่ได้"
            )
        return problems

    def lines(self, switched_on: frozenset[str] = frozenset()) -> list[str]:
        """The rules in Thai for HR's committee form, with the exclusions switched on for the office."""
        lines = [OWNER_RULE, SUPERVISOR_CHOICES.get(self.supervisor, self.supervisor)]
        lines.append("ผู้ที่ให้ความเห็นชอบข้อตกลงเป็นกรรมการได้" if self.agreed_by_may_sit else AGREED_BY_EXCLUDED)
        lines += [EXCLUSION_LABELS[code] for code in self.exclusions if code in switched_on]
        return lines

    def to_dict(self) -> dict:
        data = asdict(self)
        data.pop("source")
        data["exclusions"] = list(self.exclusions)
        return data

    @classmethod
    def from_dict(cls, data: dict | None, *, source: str = "") -> "CommitteeRules":
        """Rules from an edition file or a stored snapshot; a missing key takes the default."""
        data = data or {}
        unknown = set(data) - {"supervisor", "agreed_by_may_sit", "exclusions"}
        if unknown:
            raise ValueError(f"กฎคณะกรรมการมีฟิลด์ที่ไม่รู้จัก: {', '.join(sorted(unknown))}")
        defaults = cls()
        agreed_by_may_sit = data.get("agreed_by_may_sit", defaults.agreed_by_may_sit)
        if not isinstance(agreed_by_may_sit, bool):
            raise ValueError("กฎคณะกรรมการ: agreed_by_may_sit ต้องเป็น true หรือ false")
        return cls(
            supervisor=str(data.get("supervisor", defaults.supervisor)),
            agreed_by_may_sit=agreed_by_may_sit,
            exclusions=tuple(data.get("exclusions", defaults.exclusions)),
            source=source,
        )


DEFAULT_RULES = CommitteeRules()
# What the portal enforced in code before the rules were data (both the office supervisor and the
# person who agreed were refused): committees appointed then keep it (migration 0003).
LEGACY_RULES = CommitteeRules(supervisor=SUPERVISOR_EXCLUDED, agreed_by_may_sit=False, exclusions=())


def default_rules_dict() -> dict:
    """The default of `ScoringScheme.committee_rules` (a callable, as a JSONField default must be)."""
    return DEFAULT_RULES.to_dict()


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one person and one agreement."""

    name: str
    is_owner: bool
    is_office_supervisor: bool
    agreed_it: bool
    same_office: bool
    declared_conflicts: tuple[str, ...] = ()  # the reasons declared with the owner
    is_evaluator: bool = True


def _rule(rules: CommitteeRules, text: str) -> str:
    where = f" ({rules.source})" if rules.source else ""
    return f"ตามกฎ “{text}”{where}"


def person_problems(
    rules: CommitteeRules, facts: Facts, *, as_chair: bool, switched_on: frozenset[str] = frozenset()
) -> list[str]:
    """Why this person may not take this seat (empty when they may). `switched_on` holds the
    exclusions HR has switched on for the owner's office; only those the rules offer apply."""
    name = facts.name
    if facts.is_owner:  # always, whatever the edition says
        return [f"{name} เป็นเจ้าของข้อตกลงนี้ {_rule(rules, OWNER_RULE)}"]
    problems = []
    if facts.is_office_supervisor:
        if not rules.supervisor_may_sit:
            problems.append(
                f"{name} เป็นผู้บังคับบัญชาของเจ้าของข้อตกลง จึงเป็นกรรมการประเมินข้อตกลงนี้ไม่ได้ "
                f"{_rule(rules, SUPERVISOR_CHOICES[SUPERVISOR_EXCLUDED])}"
            )
        elif as_chair and not rules.supervisor_may_chair:
            problems.append(
                f"{name} เป็นผู้บังคับบัญชาของเจ้าของข้อตกลง จึงเป็นประธานกรรมการไม่ได้ "
                f"{_rule(rules, SUPERVISOR_CHOICES[SUPERVISOR_MEMBER_ONLY])}"
            )
    if facts.agreed_it and not rules.agreed_by_may_sit:
        problems.append(
            f"{name} เป็นผู้ให้ความเห็นชอบข้อตกลงนี้ จึงเป็นกรรมการประเมินไม่ได้ {_rule(rules, AGREED_BY_EXCLUDED)}"
        )
    active = switched_on & set(rules.exclusions)
    if EXCLUSION_DECLARED_CONFLICT in active and facts.declared_conflicts:
        reasons = "; ".join(facts.declared_conflicts)
        problems.append(
            f"{name} แจ้งว่ามีส่วนได้เสียกับเจ้าของข้อตกลง ({reasons}) "
            f"{_rule(rules, EXCLUSION_LABELS[EXCLUSION_DECLARED_CONFLICT])}"
        )
    if EXCLUSION_SAME_OFFICE in active and facts.same_office and not facts.is_office_supervisor:
        problems.append(
            f"{name} สังกัดสำนักงานเดียวกับเจ้าของข้อตกลง {_rule(rules, EXCLUSION_LABELS[EXCLUSION_SAME_OFFICE])}"
        )
    if not facts.is_evaluator:
        problems.append(f"{name} ไม่ได้มีบทบาทผู้ประเมินในระบบ")
    return problems


def chair_problems(rules: CommitteeRules, chair: Facts) -> list[str]:
    """A rule about the seats together: when the supervisor must chair, a committee that has the
    supervisor as a plain member, or that leaves them out, is refused."""
    if rules.supervisor != SUPERVISOR_MUST_CHAIR or chair.is_office_supervisor:
        return []
    return [
        f"ประธานกรรมการต้องเป็นผู้บังคับบัญชาของเจ้าของข้อตกลง {_rule(rules, SUPERVISOR_CHOICES[SUPERVISOR_MUST_CHAIR])}"
    ]
