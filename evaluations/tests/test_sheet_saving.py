"""An evaluator's work on a score sheet is not lost: each save carries the revision its page was
opened at (a second tab is refused, nothing written), the page autosaves as JSON, finalising too
early lists each missing level once and marks its buttons, and a finalised sheet says who the
committee is still waiting for."""

import json

import pytest
from django.urls import reverse

from evaluations import services
from evaluations.forms import EVALUATOR_EMPTY_LABEL
from pa_portal.errors import StaleRevision

from .conftest import all_levels, score_and_finalise, sheet_of

JSON = {"HTTP_ACCEPT": "application/json"}


def test_a_save_from_a_page_opened_before_another_save_is_refused(people, committee):
    sheet = sheet_of(committee, people["evaluator1"])
    assert sheet.revision == 1
    evaluator = people["evaluator1"]
    services.sheet_save(
        evaluation=sheet, actor=evaluator, levels={"item:1.1": 3}, comments={}, expected_revision=1
    )
    assert sheet.revision == 2

    with pytest.raises(StaleRevision):
        services.sheet_save(
            evaluation=sheet, actor=evaluator, levels={"item:1.1": 1}, comments={}, expected_revision=1
        )
    assert sheet.scores.get(anchor="item:1.1").level == 3


def test_a_save_that_changes_nothing_keeps_the_revision(people, committee):
    sheet = sheet_of(committee, people["evaluator1"])
    evaluator = people["evaluator1"]
    services.sheet_save(
        evaluation=sheet, actor=evaluator, levels={"item:1.1": 3}, comments={}, expected_revision=1
    )
    services.sheet_save(
        evaluation=sheet, actor=evaluator, levels={"item:1.1": 3}, comments={}, expected_revision=2
    )
    sheet.refresh_from_db()
    assert sheet.revision == 2  # another tab opened at revision 2 may still save


def test_an_autosave_answers_with_the_new_revision(people, committee, client_for):
    sheet = sheet_of(committee, people["evaluator1"])
    url = reverse("evaluations:sheet", args=[sheet.pk])
    response = client_for(people["evaluator1"]).post(
        url, {"revision": "1", "level__item:1.1": "4", "comment__item:1.1": "ดี"}, **JSON
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True and body["revision"] == 2
    assert sheet.scores.get(anchor="item:1.1").comment == "ดี"


def test_an_autosave_from_a_stale_page_is_refused_with_409(people, committee, client_for):
    sheet = sheet_of(committee, people["evaluator1"])
    client = client_for(people["evaluator1"])
    url = reverse("evaluations:sheet", args=[sheet.pk])
    client.post(url, {"revision": "1", "level__item:1.1": "4"}, **JSON)

    response = client.post(url, {"revision": "1", "level__item:1.1": "2", "level__item:1.2": "2"}, **JSON)
    assert response.status_code == 409
    body = response.json()
    assert body["stale"] is True and body["problems"] == [services.SHEET_STALE]
    assert sheet.scores.get(anchor="item:1.1").level == 4
    assert not sheet.scores.filter(anchor="item:1.2").exists()


def test_a_stale_page_posted_by_its_button_keeps_the_choices_on_the_page(people, committee, client_for):
    sheet = sheet_of(committee, people["evaluator1"])
    client = client_for(people["evaluator1"])
    url = reverse("evaluations:sheet", args=[sheet.pk])
    client.post(url, {"revision": "1", "level__item:1.1": "4"}, **JSON)

    response = client.post(url, {"revision": "1", "level__item:1.2": "2", "action": "save"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "แบบประเมินนี้ถูกบันทึกจากหน้าต่างหรืออุปกรณ์อื่น" in page
    assert 'value="2" class="btn-check level-input" data-part="1" id="id_level__item:1.2_1" checked>' in page


def test_an_autosave_to_a_finalised_sheet_says_it_is_locked(people, committee, client_for):
    sheet = score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"])
    response = client_for(people["evaluator1"]).post(
        reverse("evaluations:sheet", args=[sheet.pk]), {"revision": "9", "level__item:1.1": "1"}, **JSON
    )
    assert response.status_code == 423 and json.loads(response.content)["locked"] is True


def test_finalising_too_early_lists_each_missing_level_once_as_a_link_to_its_buttons(
    people, committee, client_for
):
    sheet = sheet_of(committee, people["evaluator1"])
    levels = {key: str(level) for key, level in all_levels(sheet).items()}
    del levels["item:1.2"], levels["challenge:3:qualitative"]
    data = {f"level__{key}": level for key, level in levels.items()}
    response = client_for(people["evaluator1"]).post(
        reverse("evaluations:sheet", args=[sheet.pk]), {**data, "revision": "1", "action": "finalise"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("ยังไม่ได้เลือกระดับของข้อ 1.2") == 1
    assert page.count("ยังไม่ได้เลือกระดับของประเด็นท้าทายที่ 3 ด้าน") == 1
    assert '<a class="problem-link" href="#id_level__item:1.2_0">' in page
    assert '<a class="problem-link" href="#id_level__challenge:3:qualitative_0">' in page
    # The buttons of the missing level are marked and say why; the others are not.
    assert (
        'value="1" aria-invalid="true" class="btn-check level-input is-invalid" data-part="1"'
        ' id="id_level__item:1.2_0" aria-describedby="id_level__item:1.2_error">'
    ) in page
    assert '<div class="invalid-feedback d-block" id="id_level__item:1.2_error">' in page
    assert page.count('aria-invalid="true"') == 2 * 4 + 2  # four buttons each, and their groups
    # The draft part was saved: the page now carries the revision that save made.
    sheet.refresh_from_db()
    assert not sheet.is_final and sheet.revision == 2
    assert '<input type="hidden" name="revision" value="2" id="id_revision">' in page


def test_a_finalised_sheet_says_how_many_members_are_still_scoring(people, committee, client_for):
    sheet = score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"])
    assert services.sheet_state_label(sheet) == "ส่งผลการประเมินของท่านแล้ว — รอกรรมการอีก 2 คน"
    score_and_finalise(sheet_of(committee, people["evaluator2"]), people["evaluator2"])
    page = (
        client_for(people["evaluator1"]).get(reverse("evaluations:sheet", args=[sheet.pk])).content.decode()
    )
    assert "ส่งผลการประเมินของท่านแล้ว — รอกรรมการอีก 1 คน" in page
    inbox = client_for(people["evaluator2"]).get(reverse("evaluations:inbox")).content.decode()
    assert "ส่งผลการประเมินของท่านแล้ว — รอกรรมการอีก 1 คน" in inbox

    score_and_finalise(sheet_of(committee, people["evaluator3"]), people["evaluator3"])
    sheet.refresh_from_db()
    assert services.sheet_state_label(sheet) == "ประเมินเสร็จสิ้น"


def test_a_fail_beside_a_passing_mean_says_which_member_was_under_the_pass_mark(
    people, committee, client_for
):
    score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"], part1=4)
    score_and_finalise(sheet_of(committee, people["evaluator2"]), people["evaluator2"], part1=4)
    score_and_finalise(sheet_of(committee, people["evaluator3"]), people["evaluator3"], part1=2)  # 50.00
    committee.refresh_from_db()
    outcome = services.committee_outcome(committee)
    assert not outcome.passed and outcome.mean > 70

    reason = services.committee_outcome_reason(committee)
    low = sheet_of(committee, people["evaluator3"]).member
    assert reason.startswith(f"คะแนนรวมของ {low.evaluator_name} (กรรมการ) 50.00 คะแนน ต่ำกว่าเกณฑ์ 70 คะแนน")
    page = client_for(people["hr"]).get(reverse("evaluations:results", args=[committee.pk])).content.decode()
    assert reason in page
    round_page = client_for(people["hr"]).get(reverse("evaluations:round", args=[committee.round_id]))
    assert reason in round_page.content.decode()


def test_a_pass_or_an_incomplete_committee_has_no_reason(people, committee):
    score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"], part1=3)  # 75.00
    assert services.committee_outcome_reason(committee) == ""  # still waiting for two members
    score_and_finalise(sheet_of(committee, people["evaluator2"]), people["evaluator2"], part1=4)
    score_and_finalise(sheet_of(committee, people["evaluator3"]), people["evaluator3"], part1=4)
    committee.refresh_from_db()
    assert services.committee_outcome(committee).passed
    assert services.committee_outcome_reason(committee) == ""


def test_the_committee_form_offers_a_thai_empty_choice(people, open_round, agreed, client_for):
    url = reverse("evaluations:committee_assign", args=[open_round.pk, agreed.pk])
    page = client_for(people["hr"]).get(url).content.decode()
    assert "---------" not in page
    assert f'<option value="">{EVALUATOR_EMPTY_LABEL}</option>' in page


def test_the_message_after_saving_a_committee_is_in_the_office_section_the_page_scrolls_to(
    people, open_round, agreed, client_for
):
    client = client_for(people["hr"])
    response = client.post(
        reverse("evaluations:committee_assign", args=[open_round.pk, agreed.pk]),
        {
            "chair": people["evaluator1"].pk,
            "member_1": people["evaluator2"].pk,
            "member_2": people["evaluator3"].pk,
        },
    )
    anchor = f"office-{agreed.office_id}"
    assert response["Location"].endswith(f"#{anchor}")
    page = client.get(response["Location"]).content.decode()
    section = page.index(f'<section class="mb-4" id="{anchor}">')
    message = page.index(f"แต่งตั้งคณะกรรมการประเมินของ {agreed.owner_name} แล้ว")
    assert section < message < page.index("</section>", section)
    assert page.count(f"แต่งตั้งคณะกรรมการประเมินของ {agreed.owner_name} แล้ว") == 1
