"""Errors point at the field (issue 17, point 4): the overview counts what the submit would
accept, "แก้ไขส่วนที่ 1" opens where there is something to fix, the Part 1 tabs say each
domain's state in words, and a page opened from the submit's list marks the field."""

import copy

from agreements.tests.steps import COMPLETE, fill, start


def without_kind(code):
    data = copy.deepcopy(COMPLETE)
    row = next(r for r in data["part1"] if r["sub_item"] == code)
    for target in row["targets"]:
        target["kind"] = ""
    return data


def test_a_row_without_its_indicator_kind_is_not_counted_complete(setup, client_for):
    agreement = fill(start(setup), setup["deputy"], without_kind("3.2"))
    page = client_for(setup["deputy"]).get(f"/agreements/{agreement.pk}/").content.decode()
    assert "21 จาก 22 ข้อ" in page
    assert "3 จาก 3 ประเด็น" in page


def test_edit_part1_opens_the_first_domain_with_a_problem(setup, client_for):
    agreement = fill(start(setup), setup["deputy"], without_kind("3.2"))
    page = client_for(setup["deputy"]).get(f"/agreements/{agreement.pk}/").content.decode()
    assert f'href="/agreements/{agreement.pk}/part1/?domain=3#item-3.2">แก้ไขส่วนที่ 1' in page


def test_the_part1_tabs_say_which_domains_are_complete_and_which_need_work(setup, client_for):
    agreement = fill(start(setup), setup["deputy"], without_kind("3.2"))
    page = client_for(setup["deputy"]).get(f"/agreements/{agreement.pk}/part1/?domain=1").content.decode()
    assert 'ด้านที่ 1 <span class="domain-state small">(ครบแล้ว)</span>' in page
    assert 'ด้านที่ 3 <span class="domain-state small">(ต้องแก้ ' in page


def test_a_page_opened_from_the_submit_list_marks_the_field_of_each_problem(setup, client_for):
    data = copy.deepcopy(COMPLETE)
    data["part2"][1]["title"] = ""
    agreement = fill(start(setup), setup["deputy"], data)
    client = client_for(setup["deputy"])
    submit = client.get(f"/agreements/{agreement.pk}/submit/").content.decode()
    assert f'href="/agreements/{agreement.pk}/part2/?issue=2&amp;check=1#id_c2_title"' in submit
    page = client.get(f"/agreements/{agreement.pk}/part2/?issue=2&check=1").content.decode()
    assert 'aria-invalid="true" aria-describedby="id_c2_title_error" id="id_c2_title"' in page
    assert 'id="id_c2_title_error"><div>ประเด็นท้าทายที่ 2: ต้องระบุชื่อประเด็น</div>' in page
    assert (
        'aria-invalid="true"' not in client.get(f"/agreements/{agreement.pk}/part2/?issue=2").content.decode()
    )
