from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from verification.devcert import DEV_NAME, create_chain


class Command(BaseCommand):
    help = "Create the development seal certificate in var/dev-signing/ once (never for production)."

    def handle(self, *args, **options):
        directory = Path(settings.DEV_SIGNING_DIR)
        if settings.SIGNING_CERT != str(directory / "seal.pem"):
            self.stdout.write("SIGNING_CERT is set (or DEBUG is off): no development certificate is made.")
            return
        if (directory / "seal.pem").exists():
            self.stdout.write(f"The development certificate exists: {directory}")
            return
        create_chain(directory, common_name=DEV_NAME)
        self.stdout.write(
            self.style.WARNING(f"Created a development certificate in {directory} ({DEV_NAME}).")
        )
