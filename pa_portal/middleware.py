"""Session expiry as an inactivity timeout, without writing the session on every request."""

import time

from django.conf import settings
from django.utils.cache import patch_cache_control

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


class PrivateNoStoreMiddleware:
    """Every response to a signed-in user (pages, JSON, PDFs, workbooks, evidence files) is
    `Cache-Control: private, no-store`: a personal page must not be kept by a shared proxy or in
    the browser's cache of a shared office computer. Static files are public and cacheable;
    WhiteNoise answers them before this middleware runs, and the check below covers a static
    file served any other way (DEBUG's staticfiles view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Read before the view: a sign-out view ends the session but its answer is still private.
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        user = getattr(request, "user", None)
        if signed_in or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
