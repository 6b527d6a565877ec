from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError

from agreements.models import Agreement
from reports import stored


class Command(BaseCommand):
    help = "Render an agreement's PA1 (its latest submission, or --version N) to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("agreement_id", type=int)
        parser.add_argument("-o", "--output", required=True, help="the PDF file to write")
        parser.add_argument(
            "--submission-version",
            type=int,
            dest="version",
            help="the submission's version (default: latest)",
        )
        parser.add_argument("--thai-digits", action="store_true", help="Thai numerals")

    def handle(self, *args, agreement_id, output, version, thai_digits, **options):
        agreement = Agreement.objects.filter(pk=agreement_id).first()
        if agreement is None:
            raise CommandError(f"agreement {agreement_id} does not exist")
        submissions = agreement.submissions.order_by("-version")
        submission = submissions.filter(version=version).first() if version else submissions.first()
        if submission is None:
            raise CommandError(
                f"{agreement.number} has no submission{f' version {version}' if version else ''}"
            )
        name = stored.agreement_pdf(submission=submission, thai_digits=thai_digits)
        with default_storage.open(name, "rb") as source, open(output, "wb") as target:
            while chunk := source.read(1 << 16):
                target.write(chunk)
        self.stdout.write(f"{agreement.number} version {submission.version} -> {output}")
