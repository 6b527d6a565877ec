import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from audit.models import AuditEntry
from evaluations import committees, services
from evaluations.models import Committee, CommitteeMember, Evaluation
from pa_portal import roles
from pa_portal.errors import DomainError

from .conftest import make_round, score_and_finalise, sheet_of


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


def test_the_owners_supervisor_cannot_sit_even_as_an_evaluator(people, open_round, agreed):
    grant(people["supervisor"], roles.EVALUATOR)

    with pytest.raises(DomainError, match="ผู้บังคับบัญชา"):
        _assign(people, open_round, agreed, "evaluator1", "supervisor", "evaluator3")


def test_the_director_who_agreed_cannot_sit_after_moving_office(people, open_round, agreed):
    supervisor = people["supervisor"]
    grant(supervisor, roles.EVALUATOR)
    supervisor.profile.office = people["other_office"]
    supervisor.profile.save()

    problems = committees.committee_conflicts(agreement=agreed, evaluator=supervisor)
    assert problems and "ผู้บังคับบัญชา" in problems[0]


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
    grant(people["supervisor"], roles.EVALUATOR)

    result = committees.committee_assign_office(
        evaluation_round=open_round,
        office=people["office"],
        chair=people["supervisor"],
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
