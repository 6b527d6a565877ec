"""Fill the database with the deadline-day load data (bench/load/loadgen.py); run.sh calls it.

    DATABASE_URL=postgres://… .venv/bin/python bench/load/seed_load.py --offices 245 --deputies-per-office 3

A plain script with the portal's settings (DJANGO_SETTINGS_MODULE, default pa_portal.settings),
so no product app ships a load-data command. Its Command is a Django management command all
the same (options, --help, errors as a command reports them); the tests run it with call_command.
"""

import os
import sys
import time
from pathlib import Path

if __name__ == "__main__":  # run as a script: set Django up before the imports below need it
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pa_portal.settings")
    import django

    django.setup()

from django.core.management.base import BaseCommand, CommandError  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from bench.load import loadgen  # noqa: E402
from pa_portal import thai  # noqa: E402


class Command(BaseCommand):
    help = (
        "Fill the database with deadline-day load data: offices, directors, deputies, evaluators, "
        "HR and one agreement per deputy (for bench/load). All accounts share one known password."
    )

    def add_arguments(self, parser):
        parser.add_argument("--offices", type=int, default=245)
        parser.add_argument("--deputies-per-office", type=int, default=3)
        parser.add_argument("--evaluators", type=int, default=30)
        parser.add_argument(
            "--fiscal-year",
            type=int,
            default=None,
            help="Buddhist-era fiscal year (default: the current one)",
        )
        parser.add_argument("--if-empty", action="store_true", help="do nothing when load data exists")

    def handle(self, *args, offices, deputies_per_office, evaluators, fiscal_year, if_empty, **options):
        if offices < 1 or deputies_per_office < 1:
            raise CommandError("ต้องมีอย่างน้อย 1 สำนักงานและ 1 รองผู้อำนวยการต่อสำนักงาน")
        if loadgen.load_present():
            if if_empty:
                self.stdout.write("load data already present")
                return
            raise CommandError("มีข้อมูลทดสอบโหลดอยู่แล้ว ใช้ฐานข้อมูลใหม่หรือระบุ --if-empty")
        year = fiscal_year or thai.fiscal_year_of(timezone.localdate())
        started = time.monotonic()
        summary = loadgen.load_seed(
            offices=offices,
            deputies_per_office=deputies_per_office,
            evaluators=evaluators,
            fiscal_year=year,
        )
        # A bulk load leaves the planner with the statistics of nearly empty tables (it then
        # chose a sequential scan of every target row to read one agreement: 30 ms instead of
        # 0.3). In production autovacuum keeps them current; give the load data the same.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"offices={summary.offices} users={summary.users} fiscal_year={year} "
            f"agreements={dict(sorted(summary.statuses.items()))} committees={summary.committees} "
            f"password={loadgen.LOAD_PASSWORD} seconds={time.monotonic() - started:.1f}"
        )


if __name__ == "__main__":
    Command().run_from_argv([sys.argv[0], "seed_load", *sys.argv[1:]])
