#!/usr/bin/env python
"""Instructions per request of the Part 1 domain page, counted by valgrind (callgrind), which do
not drift with the machine's speed as CPU time does. Runs this script twice under valgrind: with
N requests and with none (both after three warm ones), and prints the difference over N.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pa_portal_prof \\
        .venv/bin/python bench/instructions.py [--requests 20]

The database is a copy of the load data, as for bench/profile_requests.py. Takes a few minutes.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV = {"DEBUG": "0", "SECRET_KEY": "profile-only-not-a-secret", "ALLOWED_HOSTS": "testserver", "SECURE": "0"}


def requests(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pa_portal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.test import Client

    from agreements.models import Agreement

    agreement = Agreement.objects.filter(status="draft").select_related("owner").order_by("pk")[5]
    client = Client()
    client.force_login(agreement.owner)
    url = f"/agreements/{agreement.pk}/part1/?domain=1"
    for _ in range(3 + count):
        assert client.get(url).status_code == 200


def counted(count: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={tmp}/out",
                sys.executable,
                __file__,
                "--run",
                str(count),
            ],
            env={**os.environ, **{k: os.environ.get(k, v) for k, v in ENV.items()}},
            capture_output=True,
            text=True,
            check=True,
        )
    return int(re.search(r"Collected : (\d+)", run.stderr).group(1))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run is not None:
        requests(args.run)
        return
    per_request = (counted(args.requests) - counted(0)) / args.requests
    print(f"part1-get  {per_request / 1e6:.1f} M instructions per request")


if __name__ == "__main__":
    main()
