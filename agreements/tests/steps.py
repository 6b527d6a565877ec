"""Steps the agreement tests share: save, submit and expect a refusal, a changed copy of the data."""

import pytest

from agreements import drafts, workflow
from agreements.models import Agreement
from agreements.snapshot import agreement_to_dict
from agreements.tests.factories import (
    complete_agreement_data,
)
from pa_portal.errors import DomainError


def save(agreement, data, *, actor=None, revision=None):
    return drafts.agreement_update(
        agreement=agreement, actor=actor or agreement.owner, data=data, expected_revision=revision
    )


def submit_refused(agreement) -> list:
    """Submit, expect the rules to refuse it, check nothing was frozen, return the problems."""
    with pytest.raises(DomainError) as error:
        workflow.agreement_submit(agreement=agreement, actor=agreement.owner)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT
    assert not agreement.submissions.exists()
    return error.value.problems


def with_change(change) -> dict:
    data = complete_agreement_data()
    change(data)
    return data


def stored_index(agreement, code) -> int:
    return [r["sub_item"] for r in agreement_to_dict(agreement)["part1"]].index(code)
