"""Write the accounts file the load test reads: who may sign in, with which agreement.

Run with the benchmark's environment (DATABASE_URL …) after bench/load/seed_load.py:
    python bench/load/prepare.py OUT.json
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pa_portal.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from accounts.models import Office  # noqa: E402
from agreements.models import Agreement  # noqa: E402
from bench.load import loadgen  # noqa: E402
from pa_portal import roles  # noqa: E402


def signed_in_sessions(usernames: list[str]) -> dict[str, str]:
    """A session per person, as a sign-in makes it (what Client.force_login does): the peak hour
    is measured with people who signed in earlier that day. Sign-ins themselves are measured
    too, at the rate people arrive (the locustfile's Arrival users post the real form)."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    sessions = {}
    for user in get_user_model().objects.filter(username__in=usernames):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "accounts.backends.ProfileBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        sessions[user.username] = store.session_key
    return sessions


def main(out: Path) -> None:
    agreements = (
        Agreement.objects.filter(office__code__startswith=loadgen.OFFICE_PREFIX)
        .select_related("owner", "office")
        .order_by("office__code", "owner__username")
    )
    offices = Office.objects.filter(code__startswith=loadgen.OFFICE_PREFIX).order_by("code")
    supervisors = {
        office.pk: profile.user.username
        for office in offices.prefetch_related("people__user__groups")
        for profile in office.people.all()
        if any(g.name == roles.SUPERVISOR for g in profile.user.groups.all())
    }
    data = {
        "password": loadgen.LOAD_PASSWORD,
        "hr": loadgen.HR_USERNAME,
        "fiscal_year": agreements[0].fiscal_year.year,
        "deputies": [
            {"username": a.owner.username, "agreement": a.pk, "office": a.office_id, "status": a.status}
            for a in agreements
        ],
        "supervisors": supervisors,
        "evaluators": list(
            get_user_model()
            .objects.filter(username__startswith="load-e", groups__name=roles.EVALUATOR)
            .order_by("username")
            .values_list("username", flat=True)
        ),
        "offices": [office.pk for office in offices],
    }
    data["sessions"] = signed_in_sessions(
        [d["username"] for d in data["deputies"] if d["status"] == "draft"]
        + list(supervisors.values())
        + data["evaluators"]
        + [data["hr"]]
    )
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"accounts: {len(data['deputies'])} deputies, {len(supervisors)} supervisors -> {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
