from functools import cache


def notifications(request):
    """The unread count for the navigation bar, counted only when a template asks for it."""
    user = getattr(request, "user", None)

    @cache
    def unread_count() -> int:
        if user is None or not user.is_authenticated:
            return 0
        from .selectors import unread_count as count

        return count(user)

    return {"unread_notification_count": unread_count}
