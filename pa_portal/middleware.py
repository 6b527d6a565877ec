"""Session expiry as an inactivity timeout, without writing the session on every request."""

import time

from django.conf import settings

REFRESHED_AT = "_refreshed_at"


class SessionRefreshMiddleware:
    """Pushes a signed-in session's expiry forward (SESSION_COOKIE_AGE from now) at most once
    every SESSION_REFRESH_SECONDS. Django's SESSION_SAVE_EVERY_REQUEST does the same on every
    request: three statements and a commit on each page and autosave, the most frequent write on
    deadline day (bench/load). The timeout then counts from the last request, give or take the
    refresh interval (5 minutes of an 8-hour timeout by default)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)
