import sys

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Office
from agreements.models import Agreement, FiscalYear
from reports import documents, services
from reports.models import PacketExport


class Command(BaseCommand):
    help = (
        "Export a packet of official documents (one merged PDF with bookmarks, or a ZIP) for a "
        "fiscal year, in this process, with the same services as the portal's Celery task."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fiscal-year", type=int, required=True, help="Buddhist-era year, e.g. 2570")
        parser.add_argument(
            "--office", action="append", default=[], help="office code (repeatable; default all)"
        )
        parser.add_argument(
            "--kind",
            action="append",
            default=[],
            choices=["pa1", "pa2", "pa3"],
            help="document kind (default pa1)",
        )
        parser.add_argument(
            "--state", action="append", default=[], choices=Agreement.Status.values, help="agreement status"
        )
        parser.add_argument("--format", choices=PacketExport.Format.values, default=PacketExport.Format.PDF)
        parser.add_argument("--thai-digits", action="store_true")
        parser.add_argument("-o", "--output", required=True, help="the file to write")

    def handle(self, *args, **o):
        year = FiscalYear.objects.filter(year=o["fiscal_year"]).first()
        if year is None:
            raise CommandError(f"fiscal year {o['fiscal_year']} does not exist")
        offices = list(Office.objects.filter(code__in=o["office"]))
        missing = set(o["office"]) - {office.code for office in offices}
        if missing:
            raise CommandError(f"unknown office code(s): {', '.join(sorted(missing))}")
        kinds = o["kind"] or ["pa1"]
        unavailable = set(kinds) - set(documents.available_kinds())
        if unavailable:
            raise CommandError(f"document kind(s) not available yet: {', '.join(sorted(unavailable))}")
        export = services.packet_export_request(
            actor=None,
            fiscal_year=year,
            offices=offices,
            kinds=kinds,
            states=o["state"],
            format=o["format"],
            thai_digits=o["thai_digits"],
            queue=False,
        )

        def progress(n, total):
            if o["verbosity"] > 0:
                sys.stderr.write(f"\r{n}/{total}")
                sys.stderr.flush()

        export = services.packet_export_run(export=export, progress=progress)
        if o["verbosity"] > 0:
            sys.stderr.write("\n")
        for failure in export.manifest:
            self.stderr.write(
                f"FAILED {failure['office_code']} {failure['person']} {failure['kind']}: {failure['error']}"
            )
        if export.status != PacketExport.Status.DONE or not export.file:
            raise CommandError(export.error or "the packet could not be built")
        with export.file.open("rb") as source, open(o["output"], "wb") as target:
            while chunk := source.read(1 << 16):
                target.write(chunk)
        unit = "pages" if export.format == PacketExport.Format.PDF else "files"
        self.stdout.write(
            f"{o['output']}: {export.pages} {unit}, {export.total - len(export.manifest)} documents, "
            f"{len(export.manifest)} failed"
        )
