from django.core.management.base import BaseCommand, CommandError

from agreements import interchange
from agreements.models import Agreement


class Command(BaseCommand):
    help = (
        "Print one agreement as UTF-8 JSON (docs/agreement-format.md): the current content, or with "
        "--submission N the snapshot of submission N. ID is the number (42) or PA-2570-00042."
    )

    def add_arguments(self, parser):
        parser.add_argument("id", help="the agreement's id or number, e.g. 42 or PA-2570-00042")
        parser.add_argument(
            "--submission", type=int, metavar="N", help="print the frozen snapshot of submission N"
        )
        parser.add_argument("-o", "--output", help="write to this file (UTF-8) instead of standard output")

    def handle(self, *args, **options):
        agreement = self._agreement(options["id"])
        if options["submission"] is None:
            text = interchange.agreement_export(agreement)
        else:
            submission = agreement.submissions.filter(version=options["submission"]).first()
            if submission is None:
                raise CommandError(f"{agreement.number} ไม่มีฉบับที่ส่งครั้งที่ {options['submission']}")
            text = interchange.to_json(submission.snapshot)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            self.stdout.write(text, ending="")

    def _agreement(self, ident: str) -> Agreement:
        # "PA-2570-00042" carries the year too; the primary key alone identifies the agreement.
        key = ident.rsplit("-", 1)[-1]
        if not key.isdigit():
            raise CommandError(f"'{ident}' ไม่ใช่เลขที่ข้อตกลง (เช่น 42 หรือ PA-2570-00042)")
        agreement = Agreement.objects.select_related("fiscal_year").filter(pk=int(key)).first()
        if agreement is None or (ident.startswith("PA-") and agreement.number != ident):
            raise CommandError(f"ไม่พบข้อตกลง {ident}")
        return agreement
