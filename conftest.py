import pytest

from testsupport.factories import make_personas

pytest_plugins = ["testsupport.browser"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_seal_unless_a_test_installs_one(settings):
    """Documents render unsealed in tests, whether or not this machine has the development
    certificate of `make run`; verification/tests install a test CA's certificate themselves."""
    settings.SIGNING_CERT = settings.SIGNING_KEY = settings.SIGNING_CHAIN = ""


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: rolled-back tests reuse primary keys on SQLite, and
    cached objects (e.g. standards.selectors.standard_tree) must not leak from one to the next."""
    from django.core.cache import cache

    from standards.selectors import standard_tree_forget

    cache.clear()
    standard_tree_forget()


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
def role_groups(db):
    """The role groups come from a data migration, and a transactional test's flush removes them
    for the transactional tests after it. Serialized rollback would bring them back, but not
    under Playwright, whose event loop gives the test another database connection object."""
    from django.contrib.auth.models import Group

    from pa_portal.roles import ALL_ROLES

    for name in ALL_ROLES:
        Group.objects.get_or_create(name=name)


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
