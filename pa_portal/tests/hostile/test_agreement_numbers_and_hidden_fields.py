"""Hostile numbers, months and hidden fields in the agreement forms: impossible months, absurd
target values, forged revisions and slot counts, unknown codes, too many fields."""

import pytest

from agreements.forms import Part2Form
from pa_portal.tests.hostile.agreement_posts import (
    Unchanged,
    part1_post,
    part2_post,
    save_part1,
    save_part2,
)


def test_11_month_13_is_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_step1_start="13")
    assert response.status_code == 400
    assert "ตัวเลือก 13 ไม่มีในรายการ กรุณาเลือกจากรายการที่กำหนด" in response.content.decode()


def test_12_month_zero_and_negative_are_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_step1_start="0", c1_step1_end="-3")
    page = response.content.decode()
    assert response.status_code == 400
    assert "ตัวเลือก 0 ไม่มีในรายการ" in page and "ตัวเลือก -3 ไม่มีในรายการ" in page


def test_13_a_method_that_ends_before_it_starts_is_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_step1_start="3", c1_step1_end="11")
    assert response.status_code == 400
    assert "ขั้นตอนที่ 1: เดือนสิ้นสุดต้องไม่อยู่ก่อนเดือนเริ่มในปีงบประมาณ" in response.content.decode()


@pytest.mark.parametrize("value", ["1e999", "NaN", "Infinity", "-1e999", "9" * 40])
def test_14_absurd_target_values_are_refused(draft, deputy, value):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_quant1_value=value)
    assert response.status_code == 400
    assert "ค่าเป้าหมาย" in response.content.decode()


def test_15_a_non_numeric_revision_is_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part1(deputy, draft, revision="1; DROP TABLE agreements")
    assert response.status_code == 400
    assert "กรุณากรอกจำนวนเต็ม" in response.content.decode()


def test_16_a_negative_revision_is_a_stale_save(draft, deputy):
    with Unchanged(draft):
        response = save_part1(deputy, draft, revision="-1", **{"tasks__1.1": "ข้อความใหม่"})
    assert response.status_code == 409
    assert "ถูกบันทึกจากหน้าต่างหรืออุปกรณ์อื่น" in response.content.decode()


def test_17_a_huge_slot_count_is_capped_not_obeyed(draft, deputy):
    """The hidden counters decide how many form fields exist: a hostile value must not make the
    server build a billion fields."""
    from agreements.models import Policy

    post = part2_post(draft, c1_steps_count="999999999", c2_quant_count="-5", c3_qual_count="1e999")
    form = Part2Form(post, policies=Policy.objects.filter(fiscal_year=draft.fiscal_year))
    steps = [name for name in form.fields if name.startswith("c1_step") and name.endswith("_text")]
    assert len(steps) == 30
    assert (
        len([n for n in form.fields if n.startswith("c2_quant") and n.endswith("_text")])
        == Part2Form.MIN_QUANT
    )
    assert (
        len([n for n in form.fields if n.startswith("c3_qual") and n.endswith("_text")]) == Part2Form.MIN_QUAL
    )
    with Unchanged(draft):
        response = deputy.post(f"/agreements/{draft.pk}/part2/", post)
    assert response.status_code == 400
    assert "กรุณากรอกจำนวนเต็ม" in response.content.decode()  # the "1e999" counter
    del post["c3_qual_count"]
    assert deputy.post(f"/agreements/{draft.pk}/part2/", post).status_code == 302


def test_18_an_unknown_policy_code_is_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_policy="../../etc/passwd")
    assert response.status_code == 400
    assert "ตัวเลือก ../../etc/passwd ไม่มีในรายการ" in response.content.decode()


def test_19_an_unknown_indicator_kind_is_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part1(deputy, draft, **{"kind__1.1__learners": "<b>both</b>"})
    assert response.status_code == 400
    assert "ตัวเลือก &lt;b&gt;both&lt;/b&gt; ไม่มีในรายการ" in response.content.decode()


def test_20_autosave_of_bad_input_answers_json_in_thai_and_keeps_the_stored_value(draft, deputy):
    with Unchanged(draft):
        response = deputy.post(
            f"/agreements/{draft.pk}/part1/",
            part1_post(draft, **{"tasks__1.1": "ก" * 5001}),
            HTTP_ACCEPT="application/json",
        )
    body = response.json()
    assert response.status_code == 200
    assert body["ok"] is True
    assert body["invalid"] == [
        {
            "id": "id_tasks__1.1",
            "messages": ["งาน (Tasks) ข้อ 1.1: ยาวเกินกำหนด (สูงสุด 5000 ตัวอักษร มี 5001 ตัวอักษร)"],
        }
    ]


def test_21_too_many_form_fields_are_refused_before_any_view_runs(draft, deputy):
    post = part1_post(draft)
    post.update({f"junk{i}": "x" for i in range(1200)})
    with Unchanged(draft):
        response = deputy.post(f"/agreements/{draft.pk}/part1/", post)
    assert response.status_code == 400
