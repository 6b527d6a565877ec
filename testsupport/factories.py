"""Factories and persona helpers shared by the tests of every app."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accounts.models import Office, Profile
from pa_portal import roles

PASSWORD = "correct-horse-battery-2570"  # noqa: S105 (test-only)


class OfficeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Office
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"650{n:05d}")
    name = factory.Sequence(lambda n: f"สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพิษณุโลก เขต {n + 1}")
    kind = Office.Kind.PRIMARY
    province = "พิษณุโลก"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=extracted))
        self.save()


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    title = "นาย"
    first_name = factory.Iterator(["สมชาย", "สุภาพร", "ธนากร", "วิไลวรรณ", "อนุชา", "รัตนา"])
    last_name = factory.Iterator(["ใจดี", "แก้วมณี", "ศรีสุข", "จันทร์หอม", "พรหมมา", "ทองดี"])
    position = "รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
    academic_standing = Profile.AcademicStanding.SENIOR_PROFESSIONAL
    office = factory.SubFactory(OfficeFactory)
    salary_rank = "คศ.3"
    salary_rate = "58390.00"


def make_person(username: str, role_names: list[str], office=None, **profile) -> object:
    user = UserFactory(username=username, roles=role_names)
    ProfileFactory(user=user, office=office, **profile)
    user.refresh_from_db()
    return user


def make_personas() -> dict:
    """The cast of the stories: two offices, their directors, deputies, evaluators and HR."""
    office = OfficeFactory(code="65020000", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพิษณุโลก เขต 2")
    other_office = OfficeFactory(code="65010000", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพิษณุโลก เขต 1")
    return {
        "office": office,
        "other_office": other_office,
        "deputy": make_person("deputy", [roles.DEPUTY], office, first_name="สุภาพร", last_name="แก้วมณี"),
        "other_deputy": make_person("other_deputy", [roles.DEPUTY], other_office, first_name="ธนากร"),
        "supervisor": make_person(
            "supervisor", [roles.SUPERVISOR], office, position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
        ),
        "other_supervisor": make_person(
            "other_supervisor",
            [roles.SUPERVISOR],
            other_office,
            position="ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
        ),
        "evaluator1": make_person("evaluator1", [roles.EVALUATOR], None, position="ผู้ทรงคุณวุฒิ"),
        "evaluator2": make_person("evaluator2", [roles.EVALUATOR], None, position="ผู้ทรงคุณวุฒิ"),
        "evaluator3": make_person("evaluator3", [roles.EVALUATOR], None, position="ผู้ทรงคุณวุฒิ"),
        "evaluator4": make_person("evaluator4", [roles.EVALUATOR], None, position="ผู้ทรงคุณวุฒิ"),
        "hr": make_person("hr", [roles.HR], office, position="นักทรัพยากรบุคคล"),
        "admin": _admin(),
    }


def _admin():
    user = UserFactory(username="admin", roles=[])
    user.is_staff = user.is_superuser = True
    user.save()
    ProfileFactory(user=user, office=None, first_name="ผู้ดูแล", last_name="ระบบ")
    return user
