"""Steps the agreement tests share: start, fill and save an agreement, submit and expect a refusal,
a changed copy of the data, the Part 1 form as a browser posts it."""

import json

import pytest
from django.conf import settings

from agreements import drafts, workflow
from agreements.models import Agreement
from agreements.snapshot import agreement_to_dict
from agreements.tests.factories import (
    complete_agreement_data,
)
from pa_portal.errors import DomainError

COMPLETE = json.loads(
    (settings.BASE_DIR / "fixtures/demo/agreement-complete.json").read_text(encoding="utf-8")
)


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


def start(people, who="deputy"):
    return drafts.agreement_start(owner=people[who], fiscal_year=2570)


def fill(agreement, owner, data=COMPLETE):
    drafts.agreement_update(agreement=agreement, actor=owner, data=data, expected_revision=None)
    agreement.refresh_from_db()
    return agreement


def part1_post(agreement, **changes):
    """The Part 1 form as the browser would post it, from the stored content."""
    from agreements.forms import Part1Form

    data = agreement_to_dict(agreement)
    post = {k: ("" if v is None else v) for k, v in Part1Form.initial_from(data, agreement.revision).items()}
    post.update(changes)
    return post


def part2_post(agreement, orders):
    """The Part 2 form of the given issues as the browser would post it, from the stored content."""
    from agreements.forms import Part2Form

    initial, _counts = Part2Form.initial_from(agreement_to_dict(agreement), agreement.revision)
    prefixes = tuple(f"c{order}_" for order in orders)
    return {
        k: ("" if v is None else v) for k, v in initial.items() if k == "revision" or k.startswith(prefixes)
    }
