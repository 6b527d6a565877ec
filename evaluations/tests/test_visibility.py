from evaluations import permissions

from .conftest import score_and_finalise, sheet_of


def test_no_evaluator_sees_another_sheet_before_finalising_their_own(people, committee):
    chair, member, other = (people[n] for n in ("evaluator1", "evaluator2", "evaluator3"))
    score_and_finalise(sheet_of(committee, member), member)

    assert not permissions.can_view_sheet(chair, sheet_of(committee, member))
    assert not permissions.can_view_sheet(other, sheet_of(committee, member))
    assert not permissions.can_view_sheet(member, sheet_of(committee, chair))


def test_finalising_your_own_does_not_open_the_others_before_everyone_is_done(people, committee):
    chair, member = people["evaluator1"], people["evaluator2"]
    score_and_finalise(sheet_of(committee, chair), chair)
    score_and_finalise(sheet_of(committee, member), member)

    assert not permissions.can_view_sheet(chair, sheet_of(committee, member))
    assert not permissions.can_view_results(chair, committee)


def test_once_all_are_final_the_chair_sees_every_sheet_and_members_see_the_result(people, committee):
    for name in ("evaluator1", "evaluator2", "evaluator3"):
        score_and_finalise(sheet_of(committee, people[name]), people[name])
    committee.refresh_from_db()

    chair, member = people["evaluator1"], people["evaluator2"]
    assert all(
        permissions.can_view_sheet(chair, sheet_of(committee, people[n]))
        for n in ("evaluator2", "evaluator3")
    )
    assert not permissions.can_view_sheet(member, sheet_of(committee, people["evaluator3"]))
    assert permissions.can_view_results(member, committee)
    assert permissions.can_view_results(people["deputy"], committee)
    assert permissions.can_view_results(people["supervisor"], committee)
    assert not permissions.can_view_results(people["other_deputy"], committee)
    assert not permissions.can_view_results(people["evaluator4"], committee)


def test_hr_reads_only_finalised_sheets(people, committee):
    hr = people["hr"]
    sheet = sheet_of(committee, people["evaluator1"])
    assert not permissions.can_view_sheet(hr, sheet)
    score_and_finalise(sheet, people["evaluator1"])
    assert permissions.can_view_sheet(hr, sheet_of(committee, people["evaluator1"]))


def test_an_assigned_evaluator_can_read_the_agreement(people, committee):
    assert permissions.can_view_agreement(people["evaluator3"], committee.agreement)
    assert not permissions.can_view_agreement(people["evaluator4"], committee.agreement)
