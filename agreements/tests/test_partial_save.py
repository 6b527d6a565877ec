"""A draft save keeps every valid value: one bad value is refused on its own, keeps what was
stored, and is reported with the path of its field (issue 17, point 3)."""

import copy

import pytest

from agreements import drafts
from agreements.snapshot import agreement_to_dict
from agreements.tests.steps import COMPLETE, fill, start
from pa_portal.errors import DomainError


def quantitative(issue):
    return [t for t in issue["targets"] if t["kind"] == "quantitative"]


def test_a_word_for_a_number_is_refused_alone_and_the_other_issues_are_saved(setup):
    agreement = fill(start(setup), setup["deputy"])
    data = copy.deepcopy({"part2": COMPLETE["part2"]})
    stored_value = quantitative(agreement_to_dict(agreement)["part2"][1])[0]["value"]
    data["part2"][0]["title"] = "ชื่อประเด็นที่ 1 ที่แก้แล้ว"
    quantitative(data["part2"][1])[0]["value"] = "ร้อยละแปดสิบ"
    data["part2"][2]["problem"] = "สภาพปัญหาของประเด็นที่ 3 ที่เขียนใหม่"

    saved = drafts.agreement_save_draft(
        agreement=agreement, actor=setup["deputy"], data=data, expected_revision=agreement.revision
    )

    issues = agreement_to_dict(agreement)["part2"]
    assert issues[0]["title"] == "ชื่อประเด็นที่ 1 ที่แก้แล้ว"
    assert issues[2]["problem"] == "สภาพปัญหาของประเด็นที่ 3 ที่เขียนใหม่"
    assert quantitative(issues[1])[0]["value"] == stored_value
    (problem,) = saved.refused
    assert problem.path.startswith("part2[1].targets[") and problem.path.endswith("].value")
    assert "ร้อยละแปดสิบ" in problem.message


@pytest.mark.parametrize("typed", ["80%", "80 %", "ร้อยละ 80", "๘๐", "80,0"])
def test_a_percentage_as_people_write_it_is_saved_as_the_number(setup, typed):
    agreement = fill(start(setup), setup["deputy"])
    data = copy.deepcopy({"part2": COMPLETE["part2"]})
    quantitative(data["part2"][0])[0]["value"] = typed

    saved = drafts.agreement_save_draft(
        agreement=agreement, actor=setup["deputy"], data=data, expected_revision=agreement.revision
    )

    assert saved.refused == []
    assert quantitative(agreement_to_dict(agreement)["part2"][0])[0]["value"] == "80"


def test_a_step_that_ends_before_it_starts_keeps_its_stored_months(setup):
    agreement = fill(start(setup), setup["deputy"])
    stored = agreement_to_dict(agreement)["part2"][0]["method"][0]
    data = copy.deepcopy({"part2": COMPLETE["part2"]})
    data["part2"][0]["method"][0].update(start_month=3, end_month=11, text="ขั้นตอนแรกที่เขียนใหม่")

    saved = drafts.agreement_save_draft(
        agreement=agreement, actor=setup["deputy"], data=data, expected_revision=agreement.revision
    )

    step = agreement_to_dict(agreement)["part2"][0]["method"][0]
    assert (step["start_month"], step["end_month"]) == (stored["start_month"], stored["end_month"])
    assert step["text"] == "ขั้นตอนแรกที่เขียนใหม่"
    assert [p.path for p in saved.refused] == ["part2[0].method[0].end_month"]


def test_a_problem_with_the_whole_part_still_refuses_the_save(setup):
    agreement = fill(start(setup), setup["deputy"])
    data = copy.deepcopy({"part2": COMPLETE["part2"]})
    data["part2"][1]["order"] = 1
    before = agreement_to_dict(agreement)

    with pytest.raises(DomainError, match="ลำดับประเด็นท้าทายซ้ำกัน"):
        drafts.agreement_save_draft(
            agreement=agreement, actor=setup["deputy"], data=data, expected_revision=agreement.revision
        )
    assert agreement_to_dict(agreement) == before


def test_the_importer_still_refuses_a_file_with_any_bad_value(setup):
    agreement = fill(start(setup), setup["deputy"])
    data = copy.deepcopy({"part2": COMPLETE["part2"]})
    quantitative(data["part2"][1])[0]["value"] = "ร้อยละแปดสิบ"
    with pytest.raises(DomainError):
        drafts.agreement_update(
            agreement=agreement, actor=setup["deputy"], data=data, expected_revision=agreement.revision
        )
