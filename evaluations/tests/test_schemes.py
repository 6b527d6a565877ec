import copy
import json
from decimal import Decimal

import pytest
from django.contrib.admin.sites import site
from django.urls import reverse

from evaluations import schemes
from evaluations.composition import CommitteeRules
from evaluations.models import ScoringScheme
from pa_portal.errors import DomainError

from .conftest import make_round

FIXTURE = json.loads((schemes.SCORING_DIR / "pa-deputy-director.json").read_text(encoding="utf-8"))


def test_the_fixture_holds_every_number_of_the_rubric(scheme):
    rubric = scheme.rubric()
    assert [(lv.value, lv.label) for lv in rubric.levels] == [
        (1, "ปฏิบัติได้ต่ำกว่าระดับที่คาดหวังมาก"),
        (2, "ปฏิบัติได้ต่ำกว่าระดับที่คาดหวัง"),
        (3, "ปฏิบัติได้ตามระดับที่คาดหวัง"),
        (4, "ปฏิบัติได้สูงกว่าระดับที่คาดหวัง"),
    ]
    assert (rubric.part1_points, rubric.part2_points) == (Decimal(60), Decimal(40))
    assert [(c.code, c.points) for c in rubric.criteria] == [
        ("method", Decimal(20)),
        ("quantitative", Decimal(10)),
        ("qualitative", Decimal(10)),
    ]
    assert rubric.committee_size == 3 and rubric.pass_mark == Decimal(70)
    assert rubric.problems() == []


def test_loading_again_changes_nothing(scheme):
    again, created = schemes.scheme_load(data=FIXTURE)
    assert again == scheme and not created
    assert ScoringScheme.objects.count() == 1


def test_new_numbers_under_an_existing_edition_are_refused(scheme):
    changed = copy.deepcopy(FIXTURE)
    changed["pass_mark"] = "60"
    with pytest.raises(DomainError, match="ฉบับใหม่"):
        schemes.scheme_load(data=changed)
    changed["edition"] = 2
    new, created = schemes.scheme_load(data=changed)
    assert created and new.pass_mark == Decimal(60)
    assert schemes.scheme_latest() == new


def test_an_inconsistent_scheme_is_refused(db):
    broken = copy.deepcopy(FIXTURE)
    broken["part2_criteria"][0]["points"] = "25"
    with pytest.raises(DomainError, match="ไม่เท่ากับคะแนนเต็มส่วนที่ 2"):
        schemes.scheme_load(data=broken)


def test_a_round_refuses_a_scheme_that_does_not_add_up(people, scheme):
    scheme.criteria.filter(code="method").update(points=5)
    with pytest.raises(DomainError, match="เกณฑ์การให้คะแนนใช้ไม่ได้"):
        make_round(people["hr"], scheme)


def test_the_admin_edits_an_edition_until_a_round_pins_it(people, scheme, client_for, rf):
    request = rf.get("/")
    request.user = people["admin"]
    model_admin = site._registry[ScoringScheme]
    assert model_admin.has_change_permission(request, scheme)

    make_round(people["hr"], scheme)

    assert not model_admin.has_change_permission(request, scheme)
    assert not model_admin.has_delete_permission(request, scheme)
    client = client_for(people["admin"])
    url = reverse("admin:evaluations_scoringscheme_change", args=[scheme.pk])
    response = client.post(url, {"title": "x", "part1_points": "80"})
    assert response.status_code == 403
    scheme.refresh_from_db()
    assert scheme.part1_points == Decimal(60)


def test_the_admin_copies_an_edition_to_adjust_it(people, scheme, client_for):
    make_round(people["hr"], scheme)
    response = client_for(people["admin"]).post(
        reverse("admin:evaluations_scoringscheme_changelist"),
        {"action": "new_edition", "_selected_action": [scheme.pk]},
    )
    assert response.status_code == 302
    new = ScoringScheme.objects.get(edition=2)
    assert new.rubric() == scheme.rubric()
    assert not new.in_use


def test_the_fixture_states_the_default_committee_rules(scheme):
    rules = scheme.rules()
    assert (rules.supervisor, rules.agreed_by_may_sit) == ("may_chair", True)
    assert rules.proposes_supervisor_as_chair and rules.problems() == []
    assert rules == CommitteeRules()


def test_default_rules_keep_the_hash_of_an_edition_loaded_before_rules_were_data(scheme):
    without_rules = copy.deepcopy(FIXTURE)
    del without_rules["committee_rules"]
    again, created = schemes.scheme_load(data=without_rules)
    assert again == scheme and not created


def test_different_committee_rules_under_an_existing_edition_are_refused(scheme):
    changed = copy.deepcopy(FIXTURE)
    changed["committee_rules"]["supervisor"] = "excluded"
    with pytest.raises(DomainError, match="ฉบับใหม่"):
        schemes.scheme_load(data=changed)
    changed["edition"] = 2
    new, created = schemes.scheme_load(data=changed)
    assert created and new.rules().supervisor == "excluded"
    assert new.content_hash != scheme.content_hash


@pytest.mark.parametrize(
    "rules, message",
    [
        ({"supervisor": "sometimes"}, "ไม่รู้จัก"),
        ({"exclusions": ["astrology"]}, "ข้อยกเว้น 'astrology' ไม่รู้จัก"),
        ({"supervisor": "must_chair", "agreed_by_may_sit": False}, "ขัดกัน"),
        ({"owner_may_sit": True}, "ฟิลด์ที่ไม่รู้จัก"),
        ({"agreed_by_may_sit": "yes"}, "true หรือ false"),
    ],
)
def test_unusable_committee_rules_are_refused(db, rules, message):
    broken = copy.deepcopy(FIXTURE)
    broken["committee_rules"] = rules
    with pytest.raises(DomainError, match=message):
        schemes.scheme_load(data=broken)


def test_a_copied_edition_keeps_the_committee_rules(people, scheme):
    scheme.committee_rules = {**scheme.committee_rules, "supervisor": "member_only"}
    scheme.save()
    copy_ = schemes.scheme_new_edition(scheme=scheme)
    assert copy_.rules() == scheme.rules()
