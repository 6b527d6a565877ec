"""The scoring arithmetic, as pure functions over a `Rubric` (a scheme edition's numbers).

No number of the rubric is written here: levels, points, the committee's size and the pass mark
all come from the `Rubric`, which comes from a `ScoringScheme` row (or, for a finalised sheet, from
the snapshot stored with it).

Part 1 = (sum of row levels ÷ number of rows) × part1_points ÷ top level.
Part 2 = mean over the challenge issues of Σ (criterion level × criterion points ÷ top level).
Total = Part 1 + Part 2, each rounded half-up to `decimal_places` first, so the printed parts add
up to the printed total. Arithmetic is exact (fractions) until that rounding, and each step is
monotone, so raising a level can never lower a score.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Level:
    value: int
    label: str


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str
    points: Decimal


@dataclass(frozen=True)
class Rubric:
    levels: tuple[Level, ...]
    part1_points: Decimal
    part2_points: Decimal
    criteria: tuple[Criterion, ...]
    committee_size: int
    pass_mark: Decimal
    decimal_places: int = 2

    @property
    def top_level(self) -> int:
        return max(level.value for level in self.levels)

    @property
    def level_values(self) -> tuple[int, ...]:
        return tuple(level.value for level in self.levels)

    @property
    def total_points(self) -> Decimal:
        return self.part1_points + self.part2_points

    def level_label(self, value) -> str:
        for level in self.levels:
            if level.value == value:
                return level.label
        return ""

    def problems(self) -> list[str]:
        """What makes this rubric unusable, in Thai (empty when it is consistent)."""
        problems = []
        if len(self.levels) < 2:
            problems.append("ต้องมีระดับการประเมินอย่างน้อย 2 ระดับ")
        if any(level.value < 1 for level in self.levels):
            problems.append("ระดับการประเมินต้องเริ่มที่ 1 ขึ้นไป")
        if not self.criteria:
            problems.append("ส่วนที่ 2 ต้องมีประเด็นการพิจารณาอย่างน้อย 1 ประเด็น")
        criteria_sum = sum((c.points for c in self.criteria), Decimal(0))
        if criteria_sum != self.part2_points:
            problems.append(
                f"คะแนนเต็มของประเด็นการพิจารณาส่วนที่ 2 รวมกันได้ {criteria_sum} "
                f"ไม่เท่ากับคะแนนเต็มส่วนที่ 2 ({self.part2_points})"
            )
        if self.committee_size < 1:
            problems.append("จำนวนกรรมการต้องมีอย่างน้อย 1 คน")
        if not 0 <= self.pass_mark <= self.total_points:
            problems.append("เกณฑ์ผ่านต้องอยู่ระหว่าง 0 ถึงคะแนนเต็ม")
        return problems

    def to_dict(self) -> dict:
        return {
            "levels": [{"value": lv.value, "label": lv.label} for lv in self.levels],
            "part1_points": str(self.part1_points),
            "part2_points": str(self.part2_points),
            "criteria": [{"code": c.code, "label": c.label, "points": str(c.points)} for c in self.criteria],
            "committee_size": self.committee_size,
            "pass_mark": str(self.pass_mark),
            "decimal_places": self.decimal_places,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Rubric":
        return cls(
            levels=tuple(Level(int(lv["value"]), lv["label"]) for lv in data["levels"]),
            part1_points=Decimal(data["part1_points"]),
            part2_points=Decimal(data["part2_points"]),
            criteria=tuple(Criterion(c["code"], c["label"], Decimal(c["points"])) for c in data["criteria"]),
            committee_size=int(data["committee_size"]),
            pass_mark=Decimal(data["pass_mark"]),
            decimal_places=int(data["decimal_places"]),
        )


@dataclass(frozen=True)
class SheetResult:
    part1: Decimal
    part2: Decimal
    total: Decimal
    passed: bool  # only meaningful when complete
    complete: bool
    rows: int
    part1_level_sum: int
    issue_scores: tuple[Decimal, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CommitteeResult:
    totals: tuple[Decimal, ...]
    mean: Decimal | None
    passed: bool
    complete: bool


def round_half_up(value: Fraction, places: int) -> Decimal:
    scaled = math.floor(value * 10**places + Fraction(1, 2))
    return Decimal(scaled).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def criterion_points(rubric: Rubric, level: int, points: Decimal) -> Decimal:
    """One criterion's points for a level, as printed beside it (level × points ÷ top level)."""
    return round_half_up(Fraction(level) * Fraction(points) / rubric.top_level, rubric.decimal_places)


def _check_level(rubric: Rubric, level) -> None:
    if level is not None and level not in rubric.level_values:
        raise ValueError(f"ระดับ {level} ไม่อยู่ในเกณฑ์การให้คะแนน")


def sheet_result(
    rubric: Rubric,
    part1_levels: list[int | None],
    part2_levels: list[dict[str, int | None]],
) -> SheetResult:
    """One evaluator's scores. `part1_levels` has one entry per Part 1 row; `part2_levels` one
    dict (criterion code -> level) per challenge issue. A missing level (None) counts as zero,
    which makes a draft's figure a running total that only grows as levels are chosen."""
    top = rubric.top_level
    for level in part1_levels:
        _check_level(rubric, level)
    level_sum = sum(level for level in part1_levels if level is not None)
    rows = len(part1_levels)
    part1_exact = Fraction(level_sum, rows) * Fraction(rubric.part1_points) / top if rows else Fraction(0)

    issue_exact = []
    complete = rows > 0 and all(level is not None for level in part1_levels) and bool(part2_levels)
    for issue in part2_levels:
        subtotal = Fraction(0)
        for criterion in rubric.criteria:
            level = issue.get(criterion.code)
            _check_level(rubric, level)
            if level is None:
                complete = False
                continue
            subtotal += Fraction(level) * Fraction(criterion.points) / top
        issue_exact.append(subtotal)
    part2_exact = sum(issue_exact, Fraction(0)) / len(issue_exact) if issue_exact else Fraction(0)

    places = rubric.decimal_places
    part1 = round_half_up(part1_exact, places)
    part2 = round_half_up(part2_exact, places)
    total = part1 + part2
    return SheetResult(
        part1=part1,
        part2=part2,
        total=total,
        passed=complete and total >= rubric.pass_mark,
        complete=complete,
        rows=rows,
        part1_level_sum=level_sum,
        issue_scores=tuple(round_half_up(s, places) for s in issue_exact),
    )


def committee_result(rubric: Rubric, sheets: list[tuple[Decimal, bool]]) -> CommitteeResult:
    """The committee's verdict from its finalised sheets, given as (total, passed): a pass only
    when the committee is complete and every evaluator's total passes; the mean is shown too."""
    totals = tuple(total for total, _ in sheets)
    complete = len(sheets) == rubric.committee_size
    mean = (
        round_half_up(sum((Fraction(t) for t in totals), Fraction(0)) / len(totals), rubric.decimal_places)
        if totals
        else None
    )
    return CommitteeResult(
        totals=totals,
        mean=mean,
        passed=complete and all(passed for _, passed in sheets),
        complete=complete,
    )


def number_text(value: Decimal) -> str:
    """A rubric number without trailing zeros: 60, 2.5."""
    text = format(value.normalize(), "f")
    return text


def formula_lines(rubric: Rubric, issues: int | None = None) -> list[str]:
    """The formula in Thai, written from the rubric's own numbers (shown beside every result)."""
    top = rubric.top_level
    issue_count = f"ประเด็นท้าทาย {issues} ประเด็น" if issues else "ประเด็นท้าทายทุกประเด็น"
    criteria = " + ".join(f"ระดับ{c.label} × {number_text(c.points)} ÷ {top}" for c in rubric.criteria)
    return [
        f"ระดับการประเมิน {min(rubric.level_values)}–{top}: "
        + ", ".join(f"{lv.value} = {lv.label}" for lv in rubric.levels),
        f"ส่วนที่ 1 (เต็ม {number_text(rubric.part1_points)} คะแนน) = ค่าเฉลี่ยระดับของทุกข้อ × {number_text(rubric.part1_points)} ÷ {top}",
        f"ส่วนที่ 2 (เต็ม {number_text(rubric.part2_points)} คะแนน) = ค่าเฉลี่ยของ{issue_count} โดยแต่ละประเด็น = {criteria}",
        f"คะแนนรวม (เต็ม {number_text(rubric.total_points)} คะแนน) = ส่วนที่ 1 + ส่วนที่ 2 "
        f"(ปัดเศษทศนิยม {rubric.decimal_places} ตำแหน่งแบบปัดครึ่งขึ้น)",
        f"ผ่านเกณฑ์เมื่อคะแนนรวมของกรรมการทุกคน ({rubric.committee_size} คน) "
        f"ไม่ต่ำกว่า {number_text(rubric.pass_mark)} คะแนน และแสดงค่าเฉลี่ยของคณะกรรมการประกอบ",
    ]
