from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from evaluations import exports, selectors


class Command(BaseCommand):
    help = "Write the evaluation results of a fiscal year (every round, or one) to an .xlsx workbook."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fiscal-year", type=int, required=True, help="Buddhist-era fiscal year, e.g. 2570"
        )
        parser.add_argument("--round", type=int, help="only this round number (ครั้งที่)")
        parser.add_argument("-o", "--output", required=True, help="the .xlsx file to write")

    def handle(self, *args, fiscal_year, round=None, output, **options):
        rounds = selectors.rounds_of_year(fiscal_year)
        if round is not None:
            rounds = rounds.filter(number=round)
        rounds = list(rounds)
        if not rounds:
            raise CommandError(f"ไม่พบรอบการประเมินของปีงบประมาณ {fiscal_year}")
        path = Path(output)
        path.write_bytes(exports.results_workbook_bytes(rounds))
        self.stdout.write(f"wrote {path} ({len(rounds)} round(s))")
