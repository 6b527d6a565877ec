import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from evaluations import committees, schemes, services
from evaluations.composition import CommitteeRules
from evaluations.models import Committee, CommitteeMember, Evaluation
from pa_portal import roles
from pa_portal.errors import DomainError

from .conftest import load_edition, make_round, score_and_finalise, sheet_of


def grant(user, role):
    user.groups.add(Group.objects.get(name=role))
    user._pa_roles = None  # roles are cached per user object


def _assign(people, evaluation_round, agreement, chair, *members):
    return committees.committee_assign(
        evaluation_round=evaluation_round,
        agreement=agreement,
        chair=people[chair],
        members=[people[m] for m in members],
        actor=people["hr"],
    )


def test_hr_appoints_a_chair_and_two_members_each_with_a_blank_sheet(people, open_round, agreed):
    committee = _assign(people, open_round, agreed, "evaluator1", "evaluator2", "evaluator3")

    seats = list(committee.members.order_by("order"))
    assert [(s.evaluator.username, s.role) for s in seats] == [
        ("evaluator1", CommitteeMember.Role.CHAIR),
        ("evaluator2", CommitteeMember.Role.MEMBER),
        ("evaluator3", CommitteeMember.Role.MEMBER),
    ]
    assert Evaluation.objects.filter(member__committee=committee, status=Evaluation.Status.DRAFT).count() == 3
    assert committee.submission == agreed.submissions.get()
    entry = AuditEntry.objects.get(action="evaluation.committee_assigned")
    assert entry.agreement_id == agreed.pk
    assert entry.changes["after"][0] == ["chair", seats[0].evaluator_name]


def test_committee_size_comes_from_the_scheme(people, scheme, agreed):
    scheme.committee_size = 2
    scheme.save()
    evaluation_round = make_round(people["hr"], scheme)

    with pytest.raises(DomainError, match="ต้องมี 2 คน"):
        _assign(people, evaluation_round, agreed, "evaluator1", "evaluator2", "evaluator3")
    committee = _assign(people, evaluation_round, agreed, "evaluator1", "evaluator2")
    assert committee.members.count() == 2


def test_two_people_short_is_refused(people, open_round, agreed):
    with pytest.raises(DomainError, match="ต้องมี 3 คน"):
        _assign(people, open_round, agreed, "evaluator1")


def test_the_same_person_cannot_take_two_seats(people, open_round, agreed):
    with pytest.raises(DomainError, match="ซ้ำ"):
        _assign(people, open_round, agreed, "evaluator1", "evaluator1", "evaluator2")


def test_the_owner_cannot_sit_on_their_own_committee(people, open_round, agreed):
    grant(people["deputy"], roles.EVALUATOR)

    with pytest.raises(DomainError, match="ข้อตกลงของตนเอง"):
        _assign(people, open_round, agreed, "deputy", "evaluator2", "evaluator3")
    assert not Committee.objects.exists()


def test_the_owners_supervisor_chairs_under_the_default_edition(people, open_round, agreed):
    grant(people["supervisor"], roles.EVALUATOR)
    assert agreed.agreed_by == people["supervisor"]  # who agreed the PA may sit too, by default

    committee = _assign(people, open_round, agreed, "supervisor", "evaluator2", "evaluator3")

    assert committee.members.get(role=CommitteeMember.Role.CHAIR).evaluator == people["supervisor"]
    assert committee.composition_rules == {
        "scheme": "pa-deputy-director",
        "edition": 1,
        "rules": {
            "supervisor": "may_chair",
            "agreed_by_may_sit": True,
            "exclusions": ["declared_conflict", "same_office"],
        },
    }
    entry = AuditEntry.objects.get(action="evaluation.committee_assigned")
    assert entry.changes["rules"]["edition"] == 1


def test_hr_is_proposed_the_owners_supervisor_as_chair(people, open_round, agreed):
    rules = open_round.scheme.rules()
    # Only an evaluator can be chosen, so a supervisor without the role is not proposed.
    assert committees.committee_proposed_chair(rules=rules, office=agreed.office, owner=agreed.owner) is None

    grant(people["supervisor"], roles.EVALUATOR)
    proposed = committees.committee_proposed_chair(rules=rules, office=agreed.office, owner=agreed.owner)
    assert proposed == people["supervisor"]

    excluded = load_edition(2, supervisor="excluded").rules()
    assert (
        committees.committee_proposed_chair(rules=excluded, office=agreed.office, owner=agreed.owner) is None
    )


def test_an_edition_that_excludes_the_supervisor_refuses_naming_its_rule(people, agreed):
    grant(people["supervisor"], roles.EVALUATOR)
    evaluation_round = make_round(people["hr"], load_edition(2, supervisor="excluded"), number=2)

    with pytest.raises(DomainError) as refused:
        _assign(people, evaluation_round, agreed, "evaluator1", "supervisor", "evaluator3")
    assert refused.value.messages == [
        f"{people['supervisor'].profile.full_name} เป็นผู้บังคับบัญชาของเจ้าของข้อตกลง "
        "จึงเป็นกรรมการประเมินข้อตกลงนี้ไม่ได้ "
        "ตามกฎ “ผู้บังคับบัญชาของเจ้าของข้อตกลงเป็นกรรมการไม่ได้” (เกณฑ์ฉบับที่ 2)"
    ]
    assert not Committee.objects.exists()


def test_an_edition_may_seat_the_supervisor_but_not_as_chair(people, agreed):
    grant(people["supervisor"], roles.EVALUATOR)
    evaluation_round = make_round(people["hr"], load_edition(2, supervisor="member_only"), number=2)

    with pytest.raises(
        DomainError, match="จึงเป็นประธานกรรมการไม่ได้ ตามกฎ “ผู้บังคับบัญชาของเจ้าของข้อตกลงเป็นกรรมการได้ แต่"
    ):
        _assign(people, evaluation_round, agreed, "supervisor", "evaluator2", "evaluator3")
    committee = _assign(people, evaluation_round, agreed, "evaluator1", "supervisor", "evaluator3")
    assert committee.members.get(evaluator=people["supervisor"]).role == CommitteeMember.Role.MEMBER


def test_an_edition_where_the_supervisor_must_chair_refuses_another_chair(people, agreed):
    grant(people["supervisor"], roles.EVALUATOR)
    evaluation_round = make_round(people["hr"], load_edition(2, supervisor="must_chair"), number=2)

    with pytest.raises(DomainError, match="ประธานกรรมการต้องเป็นผู้บังคับบัญชาของเจ้าของข้อตกลง ตามกฎ"):
        _assign(people, evaluation_round, agreed, "evaluator1", "supervisor", "evaluator3")
    committee = _assign(people, evaluation_round, agreed, "supervisor", "evaluator1", "evaluator3")
    assert committee.members.get(role=CommitteeMember.Role.CHAIR).evaluator == people["supervisor"]


def test_the_owner_is_refused_whatever_the_edition_says(people, agreed):
    grant(people["deputy"], roles.EVALUATOR)
    for number, edition in enumerate(
        (load_edition(2, supervisor="may_chair", exclusions=[]), load_edition(3, supervisor="must_chair")),
        start=2,
    ):
        evaluation_round = make_round(people["hr"], edition, number=number)
        with pytest.raises(DomainError, match="ตามกฎ “เจ้าของข้อตกลงเป็นกรรมการประเมินข้อตกลงของตนเองไม่ได้”"):
            _assign(people, evaluation_round, agreed, "evaluator1", "deputy", "evaluator3")
    # No edition can say otherwise: the rules have no such setting.
    with pytest.raises(ValueError, match="ฟิลด์ที่ไม่รู้จัก"):
        CommitteeRules.from_dict({"owner_may_sit": True})
    assert not Committee.objects.exists()


def test_an_existing_committee_keeps_the_rules_it_was_appointed_under(people, open_round, agreed):
    grant(people["supervisor"], roles.EVALUATOR)
    committee = _assign(people, open_round, agreed, "supervisor", "evaluator2", "evaluator3")
    appointed_under = committee.composition_rules

    new = load_edition(2, supervisor="excluded", agreed_by_may_sit=False)
    assert schemes.scheme_latest() == new

    committee.refresh_from_db()
    assert committee.composition_rules == appointed_under
    assert committee.members.get(role=CommitteeMember.Role.CHAIR).evaluator == people["supervisor"]
    # Re-appointing in its round is still checked against the rules it was appointed under.
    committee = _assign(people, open_round, agreed, "supervisor", "evaluator4", "evaluator3")
    assert committee.composition_rules == appointed_under
    # A round under the new edition applies the new rules.
    with pytest.raises(DomainError, match="เกณฑ์ฉบับที่ 2"):
        _assign(
            people, make_round(people["hr"], new, number=2), agreed, "supervisor", "evaluator2", "evaluator3"
        )


def test_the_director_who_agreed_may_sit_after_moving_office_unless_the_edition_says_not(
    people, open_round, agreed
):
    supervisor = people["supervisor"]
    grant(supervisor, roles.EVALUATOR)
    supervisor.profile.office = people["other_office"]
    supervisor.profile.save()

    assert (
        committees.committee_conflicts(
            agreement=agreed, evaluator=supervisor, rules=open_round.scheme.rules()
        )
        == []
    )
    strict = load_edition(2, agreed_by_may_sit=False).rules()
    problems = committees.committee_conflicts(agreement=agreed, evaluator=supervisor, rules=strict)
    assert problems and "ตามกฎ “ผู้ที่ให้ความเห็นชอบข้อตกลงเป็นกรรมการไม่ได้” (เกณฑ์ฉบับที่ 2)" in problems[0]


def test_a_declared_conflict_refuses_only_where_hr_switched_the_exclusion_on(people, open_round, agreed):
    committees.conflict_declare(
        evaluator=people["evaluator2"], owner=people["deputy"], reason="เป็นญาติ (พี่น้อง)", actor=people["hr"]
    )
    committee = _assign(people, open_round, agreed, "evaluator1", "evaluator2", "evaluator3")
    assert committee.members.count() == 3  # not switched on for this office yet

    committees.office_exclusion_set(
        office=people["office"], code="declared_conflict", on=True, actor=people["hr"]
    )
    with pytest.raises(DomainError, match=r"แจ้งว่ามีส่วนได้เสียกับเจ้าของข้อตกลง \(เป็นญาติ \(พี่น้อง\)\) ตามกฎ"):
        _assign(people, open_round, agreed, "evaluator1", "evaluator2", "evaluator4")
    assert [
        e.action
        for e in AuditEntry.objects.filter(action__startswith="evaluation.")
        .exclude(action__in=["evaluation.committee_assigned", "evaluation.round_created"])
        .order_by("pk")
    ] == ["evaluation.conflict_declared", "evaluation.exclusion_on"]
    assert AuditEntry.objects.get(action="evaluation.conflict_declared").changes["reason"] == "เป็นญาติ (พี่น้อง)"

    committees.office_exclusion_set(
        office=people["office"], code="declared_conflict", on=False, actor=people["hr"]
    )
    _assign(people, open_round, agreed, "evaluator1", "evaluator2", "evaluator4")


def test_a_conflict_needs_a_reason_and_only_hr_records_it(people):
    with pytest.raises(DomainError, match="ระบุเหตุผล"):
        committees.conflict_declare(
            evaluator=people["evaluator2"], owner=people["deputy"], reason=" ", actor=people["hr"]
        )
    with pytest.raises(PermissionDenied):
        committees.conflict_declare(
            evaluator=people["evaluator2"], owner=people["deputy"], reason="ญาติ", actor=people["supervisor"]
        )


def test_the_same_office_exclusion_refuses_colleagues_but_not_the_supervisor(people, open_round, agreed):
    colleague = people["evaluator3"]
    colleague.profile.office = people["office"]
    colleague.profile.save()
    grant(people["supervisor"], roles.EVALUATOR)
    committees.office_exclusion_set(office=people["office"], code="same_office", on=True, actor=people["hr"])

    with pytest.raises(DomainError, match="สังกัดสำนักงานเดียวกับเจ้าของข้อตกลง ตามกฎ"):
        _assign(people, open_round, agreed, "supervisor", "evaluator2", "evaluator3")
    _assign(people, open_round, agreed, "supervisor", "evaluator2", "evaluator4")


def test_another_offices_director_with_the_evaluator_role_may_sit(people, open_round, agreed):
    other = people["other_supervisor"]
    grant(other, roles.EVALUATOR)

    committee = _assign(people, open_round, agreed, "other_supervisor", "evaluator2", "evaluator3")
    assert committee.members.get(role=CommitteeMember.Role.CHAIR).evaluator == other


def test_someone_without_the_evaluator_role_is_refused(people, open_round, agreed):
    with pytest.raises(DomainError, match="ไม่ได้มีบทบาทผู้ประเมิน"):
        _assign(people, open_round, agreed, "evaluator1", "evaluator2", "hr")


def test_a_draft_agreement_is_outside_the_round(people, open_round, standards):
    from agreements import drafts

    draft = drafts.agreement_start(owner=people["deputy"], fiscal_year=2570)
    with pytest.raises(DomainError, match="ไม่อยู่ในขอบเขต"):
        _assign(people, open_round, draft, "evaluator1", "evaluator2", "evaluator3")


def test_only_hr_or_admin_appoint(people, open_round, agreed):
    for actor in ("supervisor", "evaluator1", "deputy"):
        with pytest.raises(PermissionDenied):
            committees.committee_assign(
                evaluation_round=open_round,
                agreement=agreed,
                chair=people["evaluator1"],
                members=[people["evaluator2"], people["evaluator3"]],
                actor=people[actor],
            )
    committees.committee_assign(
        evaluation_round=open_round,
        agreement=agreed,
        chair=people["evaluator1"],
        members=[people["evaluator2"], people["evaluator3"]],
        actor=people["admin"],
    )


def test_the_database_holds_exactly_one_chair(people, committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        committee.members.update(role=CommitteeMember.Role.CHAIR)


def test_reappointing_keeps_the_draft_of_who_stays_and_drops_who_leaves(people, committee):
    kept = sheet_of(committee, people["evaluator2"])
    services.sheet_save(evaluation=kept, actor=people["evaluator2"], levels={"item:1.1": 4}, comments={})

    committee = _assign(
        people, committee.round, committee.agreement, "evaluator2", "evaluator4", "evaluator1"
    )

    chair = committee.members.get(role=CommitteeMember.Role.CHAIR)
    assert chair.evaluator == people["evaluator2"]
    assert chair.evaluation.pk == kept.pk
    assert chair.evaluation.scores.get(anchor="item:1.1").level == 4
    assert not committee.members.filter(evaluator=people["evaluator3"]).exists()
    assert committee.members.count() == 3


def test_reappointing_is_refused_once_someone_has_finalised(people, committee):
    score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"])

    with pytest.raises(DomainError, match="ยืนยันผล"):
        _assign(people, committee.round, committee.agreement, "evaluator2", "evaluator3", "evaluator4")


def test_bulk_by_office_assigns_all_and_skips_conflicts(people, open_round, agreed, other_agreed):
    grant(people["deputy"], roles.EVALUATOR)

    result = committees.committee_assign_office(
        evaluation_round=open_round,
        office=people["office"],
        chair=people["deputy"],
        members=[people["evaluator2"], people["evaluator3"]],
        actor=people["hr"],
    )
    assert result.assigned == []
    assert [a for a, _ in result.skipped] == [agreed]

    result = committees.committee_assign_office(
        evaluation_round=open_round,
        office=people["office"],
        chair=people["evaluator1"],
        members=[people["evaluator2"], people["evaluator3"]],
        actor=people["hr"],
    )
    assert result.assigned == [agreed]
    assert not Committee.objects.filter(agreement=other_agreed).exists()


def test_a_round_limited_to_one_office_leaves_the_other_out(people, scheme, agreed, other_agreed):
    evaluation_round = make_round(people["hr"], scheme, offices=[people["other_office"]])
    assert list(services.round_agreements(evaluation_round)) == [other_agreed]
