"""The director's pages: the office's agreements in every state, and the review of a revised
agreement with the earlier round's comments and what changed."""

import copy

import pytest

from agreements import workflow
from agreements.models import Agreement
from agreements.tests.steps import COMPLETE, fill, start
from pa_portal import roles
from testsupport.factories import make_person


@pytest.fixture
def setup(standards, policies, people):
    return people


def revised(tasks: str) -> dict:
    data = copy.deepcopy(COMPLETE)
    data["part1"][0]["tasks"] = tasks
    return data


def test_the_office_list_shows_every_state_with_counts_and_only_this_office(setup, client_for):
    people = setup
    waiting = fill(start(people), people["deputy"])
    workflow.agreement_submit(agreement=waiting, actor=people["deputy"])
    make_person("idle", [roles.DEPUTY], people["office"], first_name="ยังไม่เริ่ม")
    fill(start(people, "other_deputy"), people["other_deputy"])

    page = client_for(people["supervisor"]).get("/agreements/review/").content.decode()
    for tab in ("ทั้งหมด (2)", "รอพิจารณา (1)", "ส่งกลับแก้ไข (0)", "เห็นชอบแล้ว (0)", "ยังไม่ส่ง (1)"):
        assert tab in page
    assert f'href="/agreements/{waiting.pk}/review/"' in page
    assert "นายยังไม่เริ่ม" in page and "ยังไม่เริ่มจัดทำ" in page
    assert "ธนากร" not in page  # another office's deputy

    only_waiting = client_for(people["supervisor"]).get("/agreements/review/?state=returned").content.decode()
    assert "ไม่มีข้อตกลงในสถานะ “ส่งกลับแก้ไข”" in only_waiting


def test_the_office_list_is_the_directors_alone(setup, client_for):
    assert client_for(setup["deputy"]).get("/agreements/review/").status_code == 404  # deny() hides the page


def test_a_revised_version_is_reviewed_beside_the_earlier_comments(setup, client_for):
    people = setup
    deputy, boss = people["deputy"], client_for(people["supervisor"])
    agreement = fill(start(people), deputy)
    workflow.agreement_submit(agreement=agreement, actor=deputy)
    first = boss.get(f"/agreements/{agreement.pk}/review/").content.decode()
    assert 'id="previous-round"' not in first
    workflow.agreement_return(
        agreement=agreement,
        actor=people["supervisor"],
        comment="ปรับงานให้ชัด",
        item_comments={"item-1.1": "ระบุจำนวนโรงเรียน"},
    )
    fill(agreement, deputy, revised("งานที่แก้ไขแล้ว"))
    workflow.agreement_submit(agreement=agreement, actor=deputy)

    page = boss.get(f"/agreements/{agreement.pk}/review/").content.decode()
    assert "ฉบับที่ 2 ส่งใหม่หลังแก้ไขตามความเห็นเมื่อพิจารณาฉบับที่ 1" in page
    assert "แก้ไข 1 รายการ</strong> (ข้อ 1.1)" in page
    assert f'href="/agreements/{agreement.pk}/compare/1/2/"' in page
    assert "ความเห็นโดยรวม: ปรับงานให้ชัด" in page
    assert "ความเห็นเมื่อพิจารณาฉบับที่ 1:</strong> ระบุจำนวนโรงเรียน" in page

    response = boss.post(f"/agreements/{agreement.pk}/review/", {"decision": "agree", "comment": ""})
    assert response.status_code == 302 and response["Location"] == "/agreements/review/"
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED
