from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pa_portal.errors import DomainError
from standards.services import STANDARDS_DIR, standards_load_all


class Command(BaseCommand):
    help = "Load the position standards from fixtures/standards (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(STANDARDS_DIR))

    def handle(self, *args, **options):
        try:
            results = standards_load_all(Path(options["dir"]))
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        for standard, created in results:
            state = "added" if created else "unchanged"
            self.stdout.write(f"{standard.code} edition {standard.edition}: {state}")
