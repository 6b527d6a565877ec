import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from agreements.drafts import fiscal_year_get_or_create
from agreements.models import Policy

POLICY_DIR = settings.BASE_DIR / "fixtures" / "policies"


@transaction.atomic
def load_policy_files(directory=POLICY_DIR) -> int:
    """Load the starter OBEC policy lists (idempotent: existing codes are left as edited)."""
    created = 0
    for path in sorted(directory.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        year = fiscal_year_get_or_create(data["fiscal_year"])
        for order, item in enumerate(data["items"], start=1):
            _, was_created = Policy.objects.get_or_create(
                fiscal_year=year,
                code=item["code"],
                defaults={"kind": item["kind"], "title": item["title"], "order": order},
            )
            created += was_created
    return created


class Command(BaseCommand):
    help = "Load the starter OBEC policy lists from fixtures/policies (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(f"policies added: {load_policy_files()}")
