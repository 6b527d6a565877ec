"""Achieved / not achieved is computed from the target's value, unit and direction."""

from decimal import Decimal

import pytest

from results.measures import (
    AT_LEAST,
    AT_MOST,
    PERCENT,
    RATIO,
    amount,
    is_met,
    measure_of_indicator,
    measure_of_target,
    parse_achieved,
    target_text,
)


def test_a_percentage_indicator_is_met_at_or_above_its_target():
    measure = measure_of_indicator("ร้อยละ 90 ของโครงการตามแผนปฏิบัติราชการดำเนินการแล้วเสร็จ").as_dict()
    assert (measure["value"], measure["unit"], measure["comparison"]) == ("90", PERCENT, AT_LEAST)
    assert is_met(measure, "90") is True
    assert is_met(measure, "92.5") is True
    assert is_met(measure, "89.99") is False
    assert amount("92.5", measure) == "ร้อยละ 92.5"


def test_a_count_indicator_keeps_its_unit_and_ignores_grade_and_year_numbers():
    measure = measure_of_indicator("สถานศึกษาชั้นประถมศึกษาปีที่ 6 ปีการศึกษา 2569 จำนวน 48 โรงเรียน").as_dict()
    assert (measure["value"], measure["unit"]) == ("48", "โรงเรียน")
    assert is_met(measure, "48") is True
    assert is_met(measure, "47") is False


def test_a_not_more_than_target_such_as_a_dropout_rate_is_met_at_or_below_it():
    measure = measure_of_indicator("อัตราการออกกลางคันของนักเรียนไม่เกินร้อยละ 0.5").as_dict()
    assert (measure["value"], measure["comparison"]) == ("0.5", AT_MOST)
    assert is_met(measure, "0.3") is True
    assert is_met(measure, "0.5") is True
    assert is_met(measure, "0.8") is False
    assert target_text(measure) == "ไม่เกิน ร้อยละ 0.5"


def test_not_less_than_is_a_floor_even_though_it_contains_less_than():
    measure = measure_of_indicator("ไม่น้อยกว่าร้อยละ 80 ของครู").as_dict()
    assert measure["comparison"] == AT_LEAST
    assert is_met(measure, "79") is False


def test_a_ratio_target_compares_per_one_and_accepts_a_typed_ratio():
    measure = measure_of_indicator("อัตราส่วนครูต่อนักเรียนไม่เกิน 1:20").as_dict()
    assert (measure["unit"], measure["comparison"]) == (RATIO, AT_MOST)
    assert parse_achieved("1:18", measure) == Decimal("18.00")
    assert is_met(measure, parse_achieved("1:18", measure)) is True
    assert is_met(measure, parse_achieved("2:45", measure)) is False  # 22.5 pupils per teacher
    assert amount("18", measure) == "1:18"


def test_part2_targets_use_their_stated_value_and_unit_and_their_text_for_direction():
    floor = measure_of_target("ร้อยละของนักเรียนที่อ่านออกเขียนได้", "95", "%").as_dict()
    assert (floor["unit"], floor["comparison"]) == (PERCENT, AT_LEAST)
    ceiling = measure_of_target("จำนวนครั้งการขอข้อมูลซ้ำซ้อนไม่เกิน", "12", "ครั้ง").as_dict()
    assert ceiling["comparison"] == AT_MOST
    assert is_met(ceiling, "10") is True
    assert is_met(floor, "94") is False


def test_an_indicator_without_a_number_has_no_computed_result():
    assert measure_of_indicator("คะแนนเฉลี่ย O-NET ชั้นประถมศึกษาปีที่ 6 เพิ่มขึ้น") is None
    assert is_met(None, "5") is None


def test_typed_values_accept_thai_digits_commas_and_a_percent_sign_but_not_words():
    assert parse_achieved("๙๕") == Decimal("95")
    assert parse_achieved("1,250") == Decimal("1250")
    assert parse_achieved("92.5%") == Decimal("92.5")
    assert parse_achieved("  ") is None
    with pytest.raises(ValueError, match="ไม่ใช่ตัวเลข"):
        parse_achieved("เกือบครบ")
