"""The guideline's rules as plain functions over the interchange dict: no database needed."""

import json
from decimal import Decimal

import pytest
from django.conf import settings

from agreements import rules
from agreements.models import TargetGroup
from agreements.tests.factories import complete_agreement_data, issue, row

STANDARD = json.loads(
    (settings.BASE_DIR / "fixtures" / "standards" / "deputy-director.json").read_text(encoding="utf-8")
)
CODES = [item["code"] for domain in STANDARD["domains"] for item in domain["items"]]


def paths(problems) -> list[str]:
    return [p.path for p in problems]


def test_the_demo_agreement_breaks_no_rule():
    assert rules.submit_problems(complete_agreement_data(), CODES) == []


def test_the_deputy_standard_has_22_sub_items_in_form_order():
    assert len(CODES) == 22 and CODES[0] == "1.1" and CODES[-1] == "5.4"


def test_a_missing_row_is_reported_by_its_sub_item():
    data = complete_agreement_data()
    data["part1"] = [r for r in data["part1"] if r["sub_item"] != "4.2"]
    problems = rules.submit_problems(data, CODES)
    assert [(p.path, p.anchor, p.message) for p in problems] == [("part1", "item-4.2", "ข้อ 4.2: ยังไม่ได้กรอก")]


def test_a_row_outside_the_standard_is_reported():
    data = complete_agreement_data()
    data["part1"].append({**row(data, "5.4"), "sub_item": "6.1"})
    assert [p.message for p in rules.submit_problems(data, CODES)] == ["ข้อ 6.1 ไม่อยู่ในมาตรฐานตำแหน่งนี้"]


def test_a_sub_item_given_twice_is_refused_even_in_a_draft():
    data = complete_agreement_data()
    data["part1"].insert(3, dict(row(data, "1.1")))
    problems = rules.draft_problems(data)
    assert [(p.path, p.message) for p in problems] == [("part1[3].sub_item", "ข้อ 1.1 ซ้ำ (หนึ่งข้อมีได้แถวเดียว)")]


def test_an_indicator_without_an_outcome_is_reported_for_its_group():
    data = complete_agreement_data()
    row(data, "1.2")["targets"][0]["outcome"] = ""
    group = TargetGroup(row(data, "1.2")["targets"][0]["group"]).label
    problems = rules.submit_problems(data, CODES)
    assert [(p.path, p.message) for p in problems] == [
        ("part1[1].targets[0]", f"ข้อ 1.2 กลุ่ม{group}: ต้องระบุผลลัพธ์ด้วย")
    ]


def test_an_unknown_target_group_or_indicator_kind_is_refused_in_a_draft():
    data = complete_agreement_data()
    row(data, "1.3")["targets"][0].update(group="parents", kind="mixed")
    assert paths(rules.draft_problems(data)) == ["part1[2].targets[0].group", "part1[2].targets[0].kind"]


@pytest.mark.parametrize("count", [0, 1, 2])
def test_fewer_than_three_challenge_issues_cannot_be_submitted(count):
    data = complete_agreement_data()
    data["part2"] = data["part2"][:count]
    assert rules.draft_problems(data) == []
    assert f"(ขณะนี้มี {count} ประเด็น)" in rules.submit_problems(data, CODES)[0].message


def test_four_challenge_issues_are_refused_even_in_a_draft():
    data = complete_agreement_data()
    data["part2"].append({**issue(data, 1), "order": 4})
    assert [p.message for p in rules.draft_problems(data)] == ["ประเด็นท้าทายต้องมี 3 ประเด็นพอดี (มี 4 ประเด็น)"]
    assert "(ขณะนี้มี 4 ประเด็น)" in " ".join(p.message for p in rules.submit_problems(data, CODES))


def test_a_challenge_issue_needs_a_title_a_policy_a_problem_steps_and_both_kinds_of_target():
    data = complete_agreement_data()
    issue(data, 2).update(title=" ", policy=None, policy_other="", problem="", method=[], targets=[])
    assert [(p.path, p.anchor) for p in rules.submit_problems(data, CODES)] == [
        ("part2[1].title", "challenge-2"),
        ("part2[1].policy", "challenge-2"),
        ("part2[1].problem", "challenge-2"),
        ("part2[1].method", "challenge-2"),
        ("part2[1].targets", "challenge-2"),
        ("part2[1].targets", "challenge-2"),
    ]


def test_an_unknown_target_kind_is_refused():
    data = complete_agreement_data()
    issue(data, 1)["targets"][0]["kind"] = "numeric"
    assert paths(rules.draft_problems(data)) == ["part2[0].targets[0].kind"]


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("95", Decimal("95")),
        ("73.5", Decimal("73.5")),
        ("1,250", Decimal("1250")),
        ("๙๕", Decimal("95")),
        (" ๑,๒๐๐.๕ ", Decimal("1200.5")),
        (95, Decimal("95")),
        (73.5, Decimal("73.5")),
        (Decimal("0.25"), Decimal("0.25")),
        ("80%", Decimal("80")),
        ("80 %", Decimal("80")),
        ("ร้อยละ 80", Decimal("80")),
        ("๘๐", Decimal("80")),
        ("80,5", Decimal("80.5")),
    ],
)
def test_a_target_value_is_read_as_a_number(raw, value):
    assert rules.parse_number(raw) == value


@pytest.mark.parametrize(
    "raw", ["ร้อยละแปดสิบ", "NaN", "Infinity", "-inf", float("nan"), float("inf"), True, "1/2", "80%%"]
)
def test_anything_but_a_finite_number_is_not_a_target_value(raw):
    with pytest.raises(ValueError, match="ไม่ใช่ตัวเลข"):
        rules.parse_number(raw)


@pytest.mark.parametrize(
    ("value", "fits"),
    [
        ("0", True),
        ("95", True),
        ("73.50", True),
        ("9999999999.99", True),
        ("-5", True),
        ("12345678901", False),
        ("0.001", False),
        ("1E+999", False),
    ],
)
def test_a_target_value_must_fit_its_column_exactly(value, fits):
    assert rules.value_fits(Decimal(value)) is fits


def test_a_value_too_long_for_its_column_is_refused_instead_of_rounded():
    data = complete_agreement_data()
    issue(data, 1)["targets"][1]["value"] = "73.456"
    problems = rules.draft_problems(data)
    assert paths(problems) == ["part2[0].targets[1].value"]
    assert "ไม่เกิน 2 ตำแหน่งหลังจุด" in problems[0].message


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("80", True),
        ("85 %", True),
        ("๙๐", True),
        ("1,000.5", True),
        ("-5", True),
        ("", False),
        ("ครูมีความพึงพอใจในระดับมาก", False),
        ("ร้อยละ 80 ของครูพึงพอใจ", False),
    ],
)
def test_a_bare_number_is_told_apart_from_a_sentence(text, bare):
    assert rules.is_bare_number(text) is bare


def test_each_text_has_a_limit_with_the_length_in_the_message():
    data = complete_agreement_data()
    row(data, "2.4")["tasks"] = "ก" * (rules.LIMITS["tasks"] + 1)
    issue(data, 3)["title"] = "ข" * (rules.LIMITS["title"] + 1)
    problems = rules.draft_problems(data)
    assert paths(problems) == ["part1[9].tasks", "part2[2].title"]
    assert "5,001 ตัวอักษร จากสูงสุด 5,000 ตัวอักษร" in problems[0].message


def test_an_empty_dict_is_a_valid_draft_and_reports_every_missing_piece_on_submit():
    assert rules.draft_problems({}) == []
    problems = rules.submit_problems({}, CODES)
    assert len(problems) == 23 and problems[-1].anchor == "part2"


def test_a_negative_target_value_is_refused_by_the_one_rule_of_form_and_import():
    data = complete_agreement_data()
    target = next(t for t in data["part2"][0]["targets"] if t["kind"] == "quantitative")
    target["value"] = "-5"
    problems = rules.draft_problems(data)
    assert [p.path for p in problems] == ["part2[0].targets[0].value"]
    assert "ติดลบ" in problems[0].message
    target["value"] = -5
    assert [p.message for p in rules.draft_problems(data)] == [problems[0].message]
