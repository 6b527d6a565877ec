"""The browser story's personas. The fixtures themselves (chromium, open_as, watch) are in
testsupport/browser.py, shared with the other apps' browser tests."""

import pytest


@pytest.fixture(autouse=True)
def _roles_before_people(role_groups):
    """Autouse, so the groups exist before `people` gives the personas their roles."""
