import pytest

from agreements.tests.factories import ensure_reference_data


@pytest.fixture
def setup(people):
    """The personas, with the standards and the year's policies loaded."""
    ensure_reference_data()
    return people
