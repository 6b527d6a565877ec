"""A number as a Thai user types it into a target value (pa_portal.thaitext.parse_number)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pa_portal.thaitext import parse_number

THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(amounts, st.sampled_from(["{}", "{}%", "{} %", "ร้อยละ {}", "ร้อยละ{}", " {} "]))
def test_a_percentage_written_any_usual_way_is_its_number(amount, pattern):
    assert parse_number(pattern.format(amount)) == amount


@given(amounts)
def test_thai_digits_read_as_arabic_ones(amount):
    assert parse_number(str(amount).translate(THAI)) == amount


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=99))
def test_a_decimal_comma_is_a_decimal_point(whole, fraction):
    text = f"{whole},{fraction:02d}"
    assert parse_number(text) == Decimal(f"{whole}.{fraction:02d}")


@given(st.integers(min_value=1000, max_value=10**9))
def test_thousands_separated_by_commas_are_one_number(amount):
    assert parse_number(f"{amount:,}") == amount


@pytest.mark.parametrize("text", ["ร้อยละแปดสิบ", "แปดสิบ", "80 คน", "ร้อยละ", "%", "1.000,5", "๘๐ %%"])
def test_words_and_other_text_are_not_a_number(text):
    with pytest.raises(ValueError, match="ไม่ใช่ตัวเลข"):
        parse_number(text)
