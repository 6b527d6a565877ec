"""At most VERIFY_RATE_LIMIT lookups per address per VERIFY_RATE_WINDOW seconds, counted in the
shared cache (Redis in production), so that codes cannot be tried in bulk from one address."""

from django.conf import settings
from django.core.cache import cache


def lookup_allowed(address_hash: str) -> bool:
    key = f"verification:lookups:{address_hash}"
    if cache.add(key, 1, timeout=settings.VERIFY_RATE_WINDOW):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: a new window
        cache.set(key, 1, timeout=settings.VERIFY_RATE_WINDOW)
        return True
    return count <= settings.VERIFY_RATE_LIMIT
