"""The page a locked-out sign-in gets (django-axes calls `lockout_response`)."""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


def username_of(request, credentials=None) -> str:
    """The username django-axes records. A hostile sign-in may post ten thousand characters or a
    NUL; the record must still fit its column (and PostgreSQL refuses NUL in text)."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = str(source.get("username") or "")
    return username.replace("\x00", "")[:150]
