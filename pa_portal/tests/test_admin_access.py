"""The admin site is for staff only, as a group: every admin URL pattern, visited by every
persona of the URL matrix (test_url_matrix.py), sends anyone but staff to a sign-in page."""

from django.contrib import admin

from pa_portal.tests.test_url_matrix import ANONYMOUS, PERSONAS, Pattern, clients, is_admin, url_patterns


def admin_url(pattern: Pattern) -> str:
    """A concrete URL for an admin pattern, with a real object where the model has one."""
    route = pattern.route
    if "<path:object_id>" in route or "<id>" in route:
        model = next(
            (m for m in admin.site._registry if f"admin/{m._meta.app_label}/{m._meta.model_name}/" in route),
            None,
        )
        obj = model._default_manager.order_by("pk").first() if model is not None else None
        object_id = str(obj.pk) if obj is not None else "999999"
        route = route.replace("<path:object_id>", object_id).replace("<id>", object_id)
    route = route.replace("<path:content_type_id>", "1")
    # The two regular-expression patterns: an app's index, and the catch-all for unknown pages.
    if "(?P<app_label>" in route:
        route = "admin/agreements/"
    if "(?P<url>" in route:
        route = "admin/no-such-page/"
    return "/" + route


def test_the_admin_site_is_for_staff_only(world):
    visitors = clients(world)
    patterns = [p for p in url_patterns() if is_admin(p) and p.key not in ("admin:login", "admin:logout")]
    failures = []
    for pattern in patterns:
        url = admin_url(pattern)
        for persona in PERSONAS:
            response = visitors[persona].get(url)
            # Anonymous visitors meet the portal's sign-in first; signed-in non-staff the admin's.
            to_login = response.status_code == 302 and response["Location"].startswith(
                ("/accounts/login/", "/admin/login/") if persona == ANONYMOUS else "/admin/login/"
            )
            if persona == "admin":
                if to_login or response.status_code >= 500:
                    failures.append(f"{url} as admin: {response.status_code}")
            elif not to_login:
                failures.append(f"{url} as {persona}: {response.status_code} {response.get('Location')}")
    assert failures == []
