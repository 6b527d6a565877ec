import pytest

from pa_portal.testing import make_personas


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def standards(db):
    """Both position standards, loaded from fixtures/ as `make run` loads them."""
    from standards.services import standards_load_all

    return {standard.code: standard for standard, _ in standards_load_all()}


@pytest.fixture
def policies(db):
    from agreements.management.commands.load_policies import load_policy_files

    load_policy_files()


@pytest.fixture
def people(db):
    return make_personas()


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as `user`."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user)
        return c

    return make
