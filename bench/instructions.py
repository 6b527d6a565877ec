#!/usr/bin/env python
"""Instructions per request of the Part 1 domain page, counted by valgrind (callgrind), which do
not drift with the machine's speed as CPU time does. Runs this script twice under valgrind: with
N requests and with none (both after three warm ones), and prints the difference over N.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pa_portal_prof \\
        .venv/bin/python bench/instructions.py [--requests 20]

The database is a copy of the load data, as for bench/profile_requests.py. Takes a few minutes.
"""

import argparse
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def requests(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.profile_requests import deputy_with_draft  # sets Django up as the profiler does

    agreement, client = deputy_with_draft()
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
