from django.contrib.auth import get_user_model

from pa_portal import roles

from .models import Office

User = get_user_model()


def display_name(user) -> str:
    profile = getattr(user, "profile", None)
    if profile is not None:
        return profile.full_name
    return user.get_full_name() or user.get_username()


def office_supervisors(office: Office):
    return User.objects.filter(
        groups__name=roles.SUPERVISOR, profile__office=office, is_active=True
    ).select_related("profile")


def users_with_role(role: str):
    return (
        User.objects.filter(groups__name=role, is_active=True)
        .select_related("profile", "profile__office")
        .order_by("profile__first_name", "username")
    )
