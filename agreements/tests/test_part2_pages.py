"""Part 2 in the browser's forms: one challenge issue a page (as Part 1 is one domain a page),
each page replacing only its own issue, and the three together one link away."""

import pytest

from agreements import drafts
from agreements.snapshot import agreement_to_dict
from agreements.tests.steps import fill, part2_post, start
from pa_portal.errors import DomainError


@pytest.fixture
def setup(standards, policies, people):
    return people


def test_part2_saves_three_challenge_issues_and_refuses_a_bare_number_as_quality(setup, client_for):
    agreement = start(setup)
    client = client_for(setup["deputy"])
    post = {
        "revision": agreement.revision,
        "c1_title": "ยกระดับการอ่านออกเขียนได้",
        "c1_policy": "qw-reading",
        "c1_problem": "นักเรียนชั้น ป.1 อ่านไม่ออก ร้อยละ 12.5",
        "c1_step1_text": "สำรวจนักเรียนที่อ่านไม่ออก",
        "c1_step1_start": "10",
        "c1_step1_end": "11",
        "c1_quant1_text": "ร้อยละของนักเรียนที่อ่านออก",
        "c1_quant1_value": "95",
        "c1_quant1_unit": "%",
        "c1_qual1_text": "80",
    }
    response = client.post(f"/agreements/{agreement.pk}/part2/", post)
    page = response.content.decode()
    assert response.status_code == 400
    assert "เป้าหมายเชิงคุณภาพต้องเป็นข้อความบรรยาย" in page
    assert "นักเรียนชั้น ป.1 อ่านไม่ออก ร้อยละ 12.5" in page
    # Everything else of the issue was saved; the bare number was not.
    assert agreement.challenges.get().targets.get().kind == "quantitative"
    agreement.refresh_from_db()
    post["revision"] = agreement.revision
    post["c1_qual1_text"] = "ครูมีความมั่นใจในการสอนอ่าน"
    assert client.post(f"/agreements/{agreement.pk}/part2/", post).status_code == 302
    issue = agreement.challenges.get()
    assert issue.policy.code == "qw-reading"
    assert issue.steps.get().start_month == 10
    assert str(issue.targets.get(kind="quantitative").value) == "95.00"
    page = client.get(f"/agreements/{agreement.pk}/part2/").content.decode()
    assert 'class="gantt' in page


def test_part2_is_edited_one_issue_a_page_and_each_page_replaces_only_its_own_issue(setup, client_for):
    agreement = fill(start(setup), setup["deputy"])
    client = client_for(setup["deputy"])
    detail = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert f'href="/agreements/{agreement.pk}/part2/?issue=1">แก้ไขส่วนที่ 2' in detail

    page = client.get(f"/agreements/{agreement.pk}/part2/?issue=2").content.decode()
    assert 'id="challenge-2"' in page and 'name="c2_title"' in page
    assert 'id="challenge-1"' not in page and 'name="c3_title"' not in page
    assert 'aria-current="page" href="?issue=2">ประเด็นที่ 2 <span class="domain-state small">(ครบแล้ว)' in page
    assert "ทั้ง 3 ประเด็นในหน้าเดียว" in page

    before = agreement_to_dict(agreement)["part2"]
    post = part2_post(agreement, [2])
    post["c2_title"] = "ประเด็นที่ 2 แก้ในหน้าของประเด็นนี้"
    response = client.post(f"/agreements/{agreement.pk}/part2/?issue=2", post)
    assert (
        response.status_code == 302 and response["Location"] == f"/agreements/{agreement.pk}/part2/?issue=2"
    )
    after = agreement_to_dict(agreement)["part2"]
    assert [i["order"] for i in after] == [1, 2, 3]
    assert after[0] == before[0] and after[2] == before[2]
    assert after[1] == {**before[1], "title": "ประเด็นที่ 2 แก้ในหน้าของประเด็นนี้"}


def test_emptying_one_issue_on_its_page_removes_that_issue_only_and_its_tab_says_so(setup, client_for):
    agreement = fill(start(setup), setup["deputy"])
    client = client_for(setup["deputy"])
    post = {k: ("" if k != "revision" else v) for k, v in part2_post(agreement, [3]).items()}
    assert client.post(f"/agreements/{agreement.pk}/part2/?issue=3", post).status_code == 302
    assert [i["order"] for i in agreement_to_dict(agreement)["part2"]] == [1, 2]
    page = client.get(f"/agreements/{agreement.pk}/part2/?issue=1").content.decode()
    assert 'href="?issue=3">ประเด็นที่ 3 <span class="domain-state small">(ยังไม่ได้กรอก)' in page
    detail = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert f'href="/agreements/{agreement.pk}/part2/?issue=3">แก้ไขส่วนที่ 2' in detail


def test_a_page_of_one_issue_ignores_fields_of_another_issue(setup, client_for):
    agreement = fill(start(setup), setup["deputy"])
    before = agreement_to_dict(agreement)["part2"]
    post = {**part2_post(agreement, [1]), "c2_title": "แอบส่งมาจากหน้าประเด็นที่ 1"}
    response = client_for(setup["deputy"]).post(f"/agreements/{agreement.pk}/part2/?issue=1", post)
    assert response.status_code == 302
    assert agreement_to_dict(agreement)["part2"] == before


def test_the_service_refuses_an_issue_outside_the_page_it_was_sent_from(setup):
    agreement = fill(start(setup), setup["deputy"])
    issue = agreement_to_dict(agreement)["part2"][1]
    with pytest.raises(DomainError) as refused:
        drafts.agreement_save_draft(
            agreement=agreement,
            actor=setup["deputy"],
            data={"part2": [issue]},
            expected_revision=agreement.revision,
            only_issues=(1,),
        )
    assert refused.value.problems[0].message == "ประเด็นท้าทายที่ส่งมาไม่ตรงกับหน้าที่แก้ไข"
    assert len(agreement_to_dict(agreement)["part2"]) == 3
