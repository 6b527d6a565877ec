"""HR's page of an office's committee rules: switching the edition's optional exclusions on or off
for the office, and recording the conflicts of interest declared with its deputies."""

import html
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from audit.models import AuditEntry
from evaluations import committees
from evaluations.models import Committee, ConflictDeclaration, OfficeExclusion
from pa_portal import roles

RELATIVE = "เป็นญาติ (พี่น้อง)"


def rules_url(office):
    return reverse("evaluations:office_rules", args=[office.pk])


def declare(client, office, **data):
    return client.post(rules_url(office), {"action": "conflict", **data})


def test_hr_switches_on_declared_conflicts_declares_one_and_the_committee_form_refuses_that_evaluator(
    people, open_round, agreed, client_for
):
    hr = client_for(people["hr"])
    office = people["office"]
    # HR reaches the page from the round, next to the office's agreements.
    round_page = hr.get(reverse("evaluations:round", args=[open_round.pk])).content.decode()
    assert rules_url(office) in round_page
    page = hr.get(rules_url(office)).content.decode()
    assert "ผู้ที่แจ้งว่ามีส่วนได้เสียกับเจ้าของข้อตกลง (เช่น เป็นญาติ) เป็นกรรมการไม่ได้" in page
    assert "เปิดใช้ข้อยกเว้นนี้" in page and "ยังไม่มีการแจ้งส่วนได้เสีย" in page

    # 1. HR switches on "declared conflicts" for the office.
    response = hr.post(rules_url(office), {"action": "exclusion", "code": "declared_conflict", "on": "1"})
    assert response.status_code == 302 and response["Location"] == rules_url(office) + "#exclusions"
    assert list(OfficeExclusion.objects.filter(office=office).values_list("code", flat=True)) == [
        "declared_conflict"
    ]
    page = hr.get(rules_url(office)).content.decode()
    assert "ปิดข้อยกเว้นนี้" in page and people["hr"].profile.full_name in page

    # 2. HR records that evaluator2 is the deputy's sibling.
    response = declare(
        hr, office, evaluator=people["evaluator2"].pk, owner=people["deputy"].pk, reason=f"  {RELATIVE} "
    )
    assert response.status_code == 302 and response["Location"] == rules_url(office) + "#conflicts"
    declaration = ConflictDeclaration.objects.get()
    assert (declaration.evaluator, declaration.owner, declaration.reason) == (
        people["evaluator2"],
        people["deputy"],
        RELATIVE,
    )
    page = hr.get(rules_url(office)).content.decode()
    assert RELATIVE in page and people["deputy"].profile.full_name in page
    assert list(
        AuditEntry.objects.filter(action__in=["evaluation.exclusion_on", "evaluation.conflict_declared"])
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["evaluation.exclusion_on", "evaluation.conflict_declared"]

    # 3. The committee form lists the rule, links back here, and refuses evaluator2 naming the rule.
    url = reverse("evaluations:committee_assign", args=[open_round.pk, agreed.pk])
    form_page = hr.get(url).content.decode()
    assert "ผู้ที่แจ้งว่ามีส่วนได้เสียกับเจ้าของข้อตกลง (เช่น เป็นญาติ) เป็นกรรมการไม่ได้" in form_page
    assert rules_url(office) in form_page
    response = hr.post(
        url,
        {
            "chair": people["evaluator1"].pk,
            "member_1": people["evaluator2"].pk,
            "member_2": people["evaluator3"].pk,
        },
    )
    assert response.status_code == 200
    assert (
        f"{people['evaluator2'].profile.full_name} แจ้งว่ามีส่วนได้เสียกับเจ้าของข้อตกลง ({RELATIVE}) "
        "ตามกฎ “ผู้ที่แจ้งว่ามีส่วนได้เสียกับเจ้าของข้อตกลง (เช่น เป็นญาติ) เป็นกรรมการไม่ได้” (เกณฑ์ฉบับที่ 1)"
    ) in response.content.decode()
    assert not Committee.objects.exists()

    # 4. Switched off again, the same committee is appointed.
    response = hr.post(rules_url(office), {"action": "exclusion", "code": "declared_conflict", "on": "0"})
    assert response.status_code == 302 and not OfficeExclusion.objects.exists()
    response = hr.post(
        url,
        {
            "chair": people["evaluator1"].pk,
            "member_1": people["evaluator2"].pk,
            "member_2": people["evaluator3"].pk,
        },
    )
    assert response.status_code == 302 and Committee.objects.count() == 1


@pytest.mark.parametrize("persona", ["deputy", "supervisor", "evaluator1"])
def test_anyone_but_hr_gets_404_and_changes_nothing(people, persona, client_for):
    client = client_for(people[persona])
    office = people["office"]
    audit_before = AuditEntry.objects.count()

    assert client.get(rules_url(office)).status_code == 404
    switched = client.post(rules_url(office), {"action": "exclusion", "code": "declared_conflict", "on": "1"})
    declared = declare(
        client, office, evaluator=people["evaluator2"].pk, owner=people["deputy"].pk, reason="ญาติ"
    )

    assert (switched.status_code, declared.status_code) == (404, 404)
    assert not OfficeExclusion.objects.exists() and not ConflictDeclaration.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_an_admin_may_use_the_page_and_an_unknown_office_is_404(people, client_for):
    client = client_for(people["admin"])
    assert client.get(rules_url(people["office"])).status_code == 200
    assert client.get(reverse("evaluations:office_rules", args=[999999])).status_code == 404


def test_a_declaration_without_a_reason_is_refused_in_thai_keeping_the_choices(people, client_for):
    office = people["office"]
    response = declare(
        client_for(people["hr"]),
        office,
        evaluator=people["evaluator2"].pk,
        owner=people["deputy"].pk,
        reason="  ",
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["reason"] == ["กรุณาระบุเหตุผลของการมีส่วนได้เสีย"]
    page = response.content.decode()
    assert "กรุณาระบุเหตุผลของการมีส่วนได้เสีย" in page
    assert re.search(r'<textarea name="reason"[^>]*is-invalid', page)  # the field is marked
    assert f'<option value="{people["evaluator2"].pk}" selected>' in page
    assert f'<option value="{people["deputy"].pk}" selected>' in page
    assert not ConflictDeclaration.objects.exists()


def test_an_owner_from_another_office_is_refused_keeping_the_reason(people, client_for):
    response = declare(
        client_for(people["hr"]),
        people["office"],
        evaluator=people["evaluator2"].pk,
        owner=people["other_deputy"].pk,
        reason=RELATIVE,
    )

    assert response.status_code == 200
    assert response.context["form"].errors["owner"] == ["เจ้าของข้อตกลงต้องเป็นบุคลากรของสำนักงานนี้"]
    page = response.content.decode()
    assert RELATIVE in page  # the text HR typed is still there
    assert f'<option value="{people["other_deputy"].pk}"' not in page  # only this office's deputies
    assert not ConflictDeclaration.objects.exists()


def test_a_deputy_cannot_be_declared_in_conflict_with_themself(people, client_for):
    people["deputy"].groups.add(Group.objects.get(name=roles.EVALUATOR))
    response = declare(
        client_for(people["hr"]),
        people["office"],
        evaluator=people["deputy"].pk,
        owner=people["deputy"].pk,
        reason=RELATIVE,
    )

    assert response.status_code == 200
    assert response.context["form"].errors["evaluator"] == ["ผู้ประเมินและเจ้าของข้อตกลงเป็นคนเดียวกัน"]
    assert RELATIVE in response.content.decode()
    assert not ConflictDeclaration.objects.exists()


def test_an_unknown_exclusion_code_is_refused_in_thai(people, client_for):
    response = client_for(people["hr"]).post(
        rules_url(people["office"]), {"action": "exclusion", "code": "relatives", "on": "1"}, follow=True
    )
    assert "ไม่รู้จักข้อยกเว้น 'relatives'" in html.unescape(response.content.decode())
    assert not OfficeExclusion.objects.exists()


def test_only_the_offices_declarations_are_listed(people, client_for):
    committees.conflict_declare(
        evaluator=people["evaluator3"],
        owner=people["other_deputy"],
        reason="หุ้นส่วนธุรกิจร้านค้า",
        actor=people["hr"],
    )
    page = client_for(people["hr"]).get(rules_url(people["office"])).content.decode()
    assert "หุ้นส่วนธุรกิจร้านค้า" not in page
    page = client_for(people["hr"]).get(rules_url(people["other_office"])).content.decode()
    assert "หุ้นส่วนธุรกิจร้านค้า" in page
