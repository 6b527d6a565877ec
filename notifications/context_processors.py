from functools import cache

from .selectors import unread_count


def notifications(request):
    """The unread count for the navigation bar, counted only when a template asks for it."""
    user = getattr(request, "user", None)

    @cache
    def count() -> int:
        if user is None or not user.is_authenticated:
            return 0
        return unread_count(user)

    return {"unread_notification_count": count}
