"""A complete draft and its deputy's signed-in client, for the hostile-input tests."""

import pytest

from agreements import drafts
from pa_portal.tests.conftest import COMPLETE


@pytest.fixture
def draft(standards, policies, people):
    agreement = drafts.agreement_start(owner=people["deputy"], fiscal_year=2570)
    drafts.agreement_update(
        agreement=agreement, actor=people["deputy"], data=COMPLETE, expected_revision=None
    )
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def deputy(people, client_for):
    return client_for(people["deputy"])
