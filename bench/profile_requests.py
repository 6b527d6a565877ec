#!/usr/bin/env python
"""Profile the heavy pages one request at a time, in process, on a copy of the load database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pa_portal_prof \
        .venv/bin/python bench/profile_requests.py [--profile part1-get|part1-post|...]

Prints the median wall and CPU time and the query count of each page (DEBUG off, like the
load benchmark), and with --profile the top of a cProfile of that page. A development aid for
docs/PERFORMANCE.md's "What made it faster"; the load benchmark (bench/load/run.sh) is the figure.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pa_portal.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "profile-only-not-a-secret")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE", "0")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from agreements.models import Agreement  # noqa: E402


def form_data(html: str) -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT / "bench" / "load"))
    from htmlform import forms_in  # type: ignore

    form = next(f for f in forms_in(html) if f.get("revision") is not None)
    return form.data()


def deputy_with_draft() -> tuple[Agreement, Client]:
    """A draft of the load data and a client signed in as its owner (also bench/instructions.py's)."""
    agreement = Agreement.objects.filter(status="draft").select_related("owner").order_by("pk")[5]
    client = Client()
    client.force_login(agreement.owner)
    return agreement, client


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--profile", help="page name to profile")
    args = parser.parse_args()

    agreement, client = deputy_with_draft()
    base = f"/agreements/{agreement.pk}"

    def part1_post():  # an autosave of one domain's page, as users open it
        html = client.get(f"{base}/part1/?domain=1").content.decode()
        data = dict(form_data(html))
        data["tasks__1.1"] = data.get("tasks__1.1", "") + " ก"
        body = urlencode(data)  # as autosave.js and the form's own submit send it
        return lambda: client.post(
            f"{base}/part1/?domain=1",
            body,
            content_type="application/x-www-form-urlencoded",
            HTTP_ACCEPT="application/json",
        )

    def part2_post():  # the page of one challenge issue, as users open it
        html = client.get(f"{base}/part2/?issue=1").content.decode()
        data = dict(form_data(html))
        data["c1_problem"] = data.get("c1_problem", "") + " ก"
        body = urlencode(data)
        return lambda: client.post(
            f"{base}/part2/?issue=1",
            body,
            content_type="application/x-www-form-urlencoded",
            HTTP_ACCEPT="application/json",
        )

    def sheet_get():
        from evaluations.models import Evaluation

        evaluation = Evaluation.objects.select_related("member__evaluator").order_by("pk").first()
        evaluator = Client()
        evaluator.force_login(evaluation.member.evaluator)
        return lambda: evaluator.get(f"/evaluations/sheets/{evaluation.pk}/")

    director = Client()
    director.force_login(
        User.objects.filter(groups__name="supervisor", profile__office_id=agreement.office_id).first()
    )

    pages = {
        "home": lambda: lambda: client.get("/"),
        "detail": lambda: lambda: client.get(f"{base}/"),
        "part1-get": lambda: lambda: client.get(f"{base}/part1/?domain=1"),
        "part2-get": lambda: lambda: client.get(f"{base}/part2/?issue=1"),
        "part2-all-get": lambda: lambda: client.get(f"{base}/part2/"),
        "submit-get": lambda: lambda: client.get(f"{base}/submit/"),
        "part1-post": part1_post,
        "part2-post": part2_post,
        "sheet-get": sheet_get,
        "review-list": lambda: lambda: director.get("/agreements/review/"),
    }
    for name, make in pages.items():
        if args.profile and name != args.profile:
            continue
        walls, cpus = [], []
        for _ in range(args.repeat):
            request = make()
            with CaptureQueriesContext(connection) as queries:
                wall, cpu = time.perf_counter(), time.process_time()
                response = request()
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
            assert response.status_code in (200, 302), (name, response.status_code)
        print(
            f"{name:12} wall {statistics.median(walls) * 1000:6.1f} ms  cpu {statistics.median(cpus) * 1000:6.1f} ms  cpu-min {min(cpus) * 1000:6.1f} ms"
            f"  queries {len(queries)}  bytes {len(response.content)}"
        )
        if args.profile:
            try:
                from pyinstrument import Profiler
            except ImportError:  # cProfile inflates C-heavy calls (unpickling, regexes) a lot
                profiler = cProfile.Profile()
                profiler.runcall(make())
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)
            else:
                profiler = Profiler(interval=0.0005)
                for _ in range(args.repeat):
                    request = make()
                    profiler.start()
                    request()
                    profiler.stop()
                print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
