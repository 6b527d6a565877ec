"""The signed-in user of every request is read in one query, with the profile and the roles the
permission checks need; what it reads must equal the plain reads it replaces."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.backends import ProfileBackend
from pa_portal import permissions, roles
from testsupport.factories import make_person

pytestmark = pytest.mark.django_db


def fresh_roles(user) -> frozenset[str]:
    user._pa_roles = None
    return permissions.roles_of(user)


@pytest.mark.parametrize(
    "role_names",
    [[roles.DEPUTY], [roles.SUPERVISOR, roles.EVALUATOR], [roles.HR, roles.EVALUATOR, roles.DEPUTY], []],
)
def test_the_user_comes_with_profile_and_roles_in_one_query(role_names):
    person = make_person("somchai", role_names, first_name="สมชาย", last_name="ใจดี")
    with CaptureQueriesContext(connection) as queries:
        user = ProfileBackend().get_user(person.pk)
        found = permissions.roles_of(user)
        name = user.profile.full_name
    assert len(queries.captured_queries) == 1
    assert found == frozenset(role_names) == fresh_roles(person)
    assert "สมชาย" in name


def test_a_role_taken_away_is_gone_on_the_next_request():
    person = make_person("wichai", [roles.SUPERVISOR, roles.EVALUATOR])
    person.groups.remove(Group.objects.get(name=roles.EVALUATOR))
    assert permissions.roles_of(ProfileBackend().get_user(person.pk)) == {roles.SUPERVISOR}


def test_a_superuser_is_an_administrator_and_an_inactive_user_is_nobody():
    admin = make_person("root_admin", [])
    admin.is_superuser = True
    admin.save()
    assert permissions.roles_of(ProfileBackend().get_user(admin.pk)) == {roles.ADMIN}
    admin.is_active = False
    admin.save()
    assert ProfileBackend().get_user(admin.pk) is None
