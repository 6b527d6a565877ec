from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluations.schemes import SCORING_DIR, schemes_load_all
from pa_portal.errors import DomainError


class Command(BaseCommand):
    help = "Load the scoring scheme editions from fixtures/scoring (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(SCORING_DIR))

    def handle(self, *args, **options):
        try:
            results = schemes_load_all(Path(options["dir"]))
        except DomainError as exc:
            raise CommandError(str(exc)) from exc
        for scheme, created in results:
            state = "added" if created else "unchanged"
            self.stdout.write(f"{scheme.code} edition {scheme.edition}: {state}")
