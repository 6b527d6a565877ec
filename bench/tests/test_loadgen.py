"""seed_load fills the database for the load benchmark with bulk copies that must be the rows the
services write: the copies read back exactly like the model agreement, the submissions carry
the real snapshot and hash, a draft can be submitted, and every account signs in."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from agreements import workflow
from agreements.models import Agreement, Submission
from agreements.snapshot import agreement_to_dict, snapshot_hash
from bench.load import loadgen, seed_load
from evaluations.models import Committee


@pytest.fixture
def seeded(standards, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = StringIO()
    call_command(
        seed_load.Command(), "--offices", "4", "--deputies-per-office", "3", "--evaluators", "4", stdout=out
    )
    return out.getvalue()


def without_owner(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "owner"}


def test_every_copied_agreement_reads_back_like_the_one_the_services_wrote(seeded):
    agreements = list(Agreement.objects.order_by("pk"))
    assert len(agreements) == 12
    model = without_owner(agreement_to_dict(agreements[0]))
    assert len(model["part1"]) == 22 and len(model["part2"]) == 3
    for agreement in agreements[1:]:
        assert without_owner(agreement_to_dict(agreement)) == model
        assert agreement.owner_name == agreement.owner.profile.full_name
        assert agreement.office_id == agreement.owner.profile.office_id


def test_statuses_are_mixed_and_every_submission_is_a_true_snapshot(seeded):
    counts = {status: Agreement.objects.filter(status=status).count() for status in Agreement.Status.values}
    assert counts["draft"] == 8 and counts["submitted"] + counts["agreed"] == 4
    assert counts["submitted"] and counts["agreed"]
    for submission in Submission.objects.select_related("agreement"):
        assert submission.sha256 == snapshot_hash(submission.snapshot)
        assert submission.snapshot == agreement_to_dict(submission.agreement)
    assert Committee.objects.count() == counts["agreed"]
    assert "committees=" in seeded


def test_a_seeded_draft_can_be_submitted_by_its_owner(seeded):
    draft = Agreement.objects.filter(status=Agreement.Status.DRAFT).order_by("-pk").first()
    submission = workflow.agreement_submit(agreement=draft, actor=draft.owner)
    assert submission.sha256 == snapshot_hash(agreement_to_dict(draft))


def test_every_kind_of_account_signs_in_with_the_known_password(seeded):
    for username in (
        loadgen.deputy_username(2, 3),
        loadgen.supervisor_username(4),
        loadgen.evaluator_username(1),
        loadgen.HR_USERNAME,
    ):
        response = Client().post(
            "/accounts/login/", {"username": username, "password": loadgen.LOAD_PASSWORD}
        )
        assert response.status_code == 302, username


def test_seeding_twice_is_refused_unless_asked_to_skip(seeded):
    with pytest.raises(CommandError):
        call_command(seed_load.Command(), "--offices", "1", stdout=StringIO())
    out = StringIO()
    call_command(seed_load.Command(), "--offices", "1", "--if-empty", stdout=out)
    assert "already present" in out.getvalue()
