"""The reference data (standards, policies) and the personas every interchange test needs."""

import pytest

from agreements.tests.factories import (
    ensure_reference_data,
)


@pytest.fixture
def setup(people):
    ensure_reference_data()
    return people
