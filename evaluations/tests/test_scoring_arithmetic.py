"""The arithmetic of a sheet, on plain rubrics (no database)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluations.scoring import (
    Criterion,
    Level,
    Rubric,
    committee_result,
    criterion_points,
    formula_lines,
    round_half_up,
    sheet_result,
)

LABELS = (
    "ปฏิบัติได้ต่ำกว่าระดับที่คาดหวังมาก",
    "ปฏิบัติได้ต่ำกว่าระดับที่คาดหวัง",
    "ปฏิบัติได้ตามระดับที่คาดหวัง",
    "ปฏิบัติได้สูงกว่าระดับที่คาดหวัง",
)
PA = Rubric(
    levels=tuple(Level(i, label) for i, label in enumerate(LABELS, start=1)),
    part1_points=Decimal(60),
    part2_points=Decimal(40),
    criteria=(
        Criterion("method", "วิธีการดำเนินการให้บรรลุผล", Decimal(20)),
        Criterion("quantitative", "ผลลัพธ์เชิงปริมาณ", Decimal(10)),
        Criterion("qualitative", "ผลลัพธ์เชิงคุณภาพ", Decimal(10)),
    ),
    committee_size=3,
    pass_mark=Decimal(70),
)


def issues(*triples):
    return [dict(zip(("method", "quantitative", "qualitative"), t, strict=True)) for t in triples]


def test_all_threes_give_45_plus_30():
    result = sheet_result(PA, [3] * 15, issues((3, 3, 3), (3, 3, 3), (3, 3, 3)))
    assert (result.part1, result.part2, result.total) == (
        Decimal("45.00"),
        Decimal("30.00"),
        Decimal("75.00"),
    )
    assert result.passed and result.complete


def test_all_fours_give_full_marks_and_all_ones_a_quarter():
    assert sheet_result(PA, [4] * 22, issues((4, 4, 4), (4, 4, 4), (4, 4, 4))).total == Decimal(100)
    assert sheet_result(PA, [1] * 22, issues((1, 1, 1), (1, 1, 1), (1, 1, 1))).total == Decimal(25)


def test_a_worked_example_by_hand():
    # Part 1: 15 rows summing to 50 -> 50/15 × 60/4 = 50.00
    rows = [4] * 5 + [3] * 10
    assert sum(rows) == 50
    # Part 2: issue 1 = 4×5 + 3×2.5 + 3×2.5 = 35; issue 2 = 3×5 + 2×2.5 + 3×2.5 = 27.5;
    # issue 3 = 2×5 + 2×2.5 + 2×2.5 = 20 -> mean 27.5
    result = sheet_result(PA, rows, issues((4, 3, 3), (3, 2, 3), (2, 2, 2)))
    assert result.part1 == Decimal("50.00")
    assert result.issue_scores == (Decimal("35.00"), Decimal("27.50"), Decimal("20.00"))
    assert result.part2 == Decimal("27.50")
    assert result.total == Decimal("77.50")


def test_part_one_rounds_half_up_and_the_parts_add_up_to_the_total():
    # 22 rows summing to 67: 67/22 × 15 = 45.6818… -> 45.68
    rows = [3] * 21 + [4]
    result = sheet_result(PA, rows, issues((3, 3, 3), (3, 3, 3), (3, 3, 3)))
    assert result.part1 == Decimal("45.68")
    assert result.total == result.part1 + result.part2


def test_round_half_up_is_exact_at_the_half():
    from fractions import Fraction

    assert round_half_up(Fraction(1, 200), 2) == Decimal("0.01")
    assert round_half_up(Fraction(69995, 1000), 2) == Decimal("70.00")
    assert round_half_up(Fraction(69994, 1000), 2) == Decimal("69.99")


@pytest.mark.parametrize(
    ("rows", "triples", "total", "passes"),
    [
        ([3] * 22, [(3, 3, 3)] * 3, "75.00", True),
        ([3] * 11 + [2] * 11, [(4, 4, 4)] * 3, "77.50", True),
        ([2] * 22, [(3, 3, 3)] * 3, "60.00", False),
    ],
)
def test_the_pass_rule_per_evaluator(rows, triples, total, passes):
    result = sheet_result(PA, rows, issues(*triples))
    assert result.total == Decimal(total)
    assert result.passed is passes


def test_exactly_the_pass_mark_passes_and_a_hundredth_less_fails():
    at_mark = sheet_result(PA, [2] * 22, issues((4, 4, 4), (4, 4, 4), (4, 4, 4)))
    assert at_mark.total == Decimal("70.00") and at_mark.passed
    below = sheet_result(PA, [2] * 22, issues((4, 4, 4), (4, 4, 4), (4, 4, 3)))
    assert below.total < Decimal(70) and not below.passed


def test_an_incomplete_sheet_is_a_running_total_and_never_passes():
    result = sheet_result(PA, [4, 4, None, None], issues((4, None, None)))
    assert not result.complete and not result.passed
    assert result.part1 == Decimal("30.00")  # (4+4)/4 rows × 15
    assert result.part2 == Decimal("20.00")


def test_a_level_outside_the_scheme_is_refused():
    with pytest.raises(ValueError, match="ไม่อยู่ในเกณฑ์"):
        sheet_result(PA, [5], issues((3, 3, 3)))


def test_the_committee_passes_only_when_every_evaluator_passes():
    assert committee_result(PA, [(Decimal(75), True), (Decimal(80), True), (Decimal(72), True)]).passed
    # A mean of 77 is not enough when one evaluator gave 69.
    outcome = committee_result(PA, [(Decimal(69), False), (Decimal(80), True), (Decimal(82), True)])
    assert outcome.mean == Decimal("77.00")
    assert not outcome.passed


def test_a_committee_with_a_sheet_missing_has_no_verdict():
    outcome = committee_result(PA, [(Decimal(90), True), (Decimal(90), True)])
    assert not outcome.complete and not outcome.passed


def test_criterion_points_are_level_times_points_over_the_top_level():
    assert criterion_points(PA, 3, Decimal(20)) == Decimal("15.00")
    assert criterion_points(PA, 3, Decimal(10)) == Decimal("7.50")


def test_the_formula_is_written_from_the_rubrics_numbers():
    lines = "\n".join(formula_lines(PA, 3))
    assert "× 60 ÷ 4" in lines
    assert "วิธีการดำเนินการให้บรรลุผล × 20 ÷ 4" in lines
    assert "ประเด็นท้าทาย 3 ประเด็น" in lines
    assert "ไม่ต่ำกว่า 70 คะแนน" in lines
    other = Rubric(
        levels=tuple(Level(i, str(i)) for i in range(1, 6)),
        part1_points=Decimal(70),
        part2_points=Decimal(30),
        criteria=(Criterion("method", "วิธีการ", Decimal(30)),),
        committee_size=5,
        pass_mark=Decimal(60),
    )
    lines = "\n".join(formula_lines(other))
    assert "× 70 ÷ 5" in lines and "(5 คน)" in lines and "ไม่ต่ำกว่า 60" in lines


def test_rubric_problems_catch_criteria_that_do_not_add_up():
    broken = Rubric(
        levels=PA.levels,
        part1_points=Decimal(60),
        part2_points=Decimal(40),
        criteria=PA.criteria[:2],
        committee_size=3,
        pass_mark=Decimal(70),
    )
    assert any("ไม่เท่ากับคะแนนเต็มส่วนที่ 2" in p for p in broken.problems())
    assert PA.problems() == []


# --- properties -------------------------------------------------------------------------------


@st.composite
def rubrics(draw):
    """Any consistent rubric worth 100: 2–6 levels, Part 1 / Part 2 split anywhere, 1–4 criteria."""
    top = draw(st.integers(min_value=2, max_value=6))
    part1 = Decimal(draw(st.integers(min_value=0, max_value=100)))
    part2 = Decimal(100) - part1
    cuts = sorted(draw(st.lists(st.integers(min_value=0, max_value=int(part2)), max_size=3)))
    bounds = [0, *cuts, int(part2)]
    criteria = tuple(
        Criterion(f"c{i}", f"เกณฑ์ {i}", Decimal(bounds[i + 1] - bounds[i])) for i in range(len(bounds) - 1)
    )
    return Rubric(
        levels=tuple(Level(v, str(v)) for v in range(1, top + 1)),
        part1_points=part1,
        part2_points=part2,
        criteria=criteria,
        committee_size=3,
        pass_mark=Decimal(70),
        decimal_places=draw(st.integers(min_value=0, max_value=3)),
    )


@st.composite
def sheets(draw, rubric=None):
    rubric = rubric or draw(rubrics())
    level = st.sampled_from(rubric.level_values)
    maybe_level = st.one_of(st.none(), level)
    rows = draw(st.lists(maybe_level, min_size=1, max_size=30))
    issue = st.fixed_dictionaries({c.code: maybe_level for c in rubric.criteria})
    part2 = draw(st.lists(issue, min_size=1, max_size=4))
    return rubric, rows, part2


@given(sheets(rubric=PA))
def test_the_pa_total_always_lies_between_0_and_100(sheet):
    rubric, rows, part2 = sheet
    result = sheet_result(rubric, rows, part2)
    assert Decimal(0) <= result.part1 <= Decimal(60)
    assert Decimal(0) <= result.part2 <= Decimal(40)
    assert Decimal(0) <= result.total <= Decimal(100)


@given(sheets())
def test_any_rubric_total_lies_between_0_and_its_full_marks(sheet):
    rubric, rows, part2 = sheet
    result = sheet_result(rubric, rows, part2)
    assert Decimal(0) <= result.total <= rubric.total_points


@given(sheets(), st.data())
def test_raising_any_level_never_lowers_the_total(sheet, data):
    rubric, rows, part2 = sheet
    before = sheet_result(rubric, rows, part2)
    anchors = [("row", i, None) for i in range(len(rows))] + [
        ("issue", i, c.code) for i in range(len(part2)) for c in rubric.criteria
    ]
    where, index, code = data.draw(st.sampled_from(anchors))
    current = rows[index] if where == "row" else part2[index][code]
    higher = [v for v in rubric.level_values if current is None or v > current]
    if not higher:
        return  # already at the top level: nothing to raise
    new = data.draw(st.sampled_from(higher))
    rows, part2 = list(rows), [dict(issue) for issue in part2]
    if where == "row":
        rows[index] = new
    else:
        part2[index][code] = new
    after = sheet_result(rubric, rows, part2)
    assert after.total >= before.total
    assert after.part1 >= before.part1 and after.part2 >= before.part2


@given(sheets(rubric=PA))
def test_the_printed_parts_always_add_up_to_the_printed_total(sheet):
    rubric, rows, part2 = sheet
    result = sheet_result(rubric, rows, part2)
    assert result.part1 + result.part2 == result.total
