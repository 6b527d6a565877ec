import json

from django.core.management.base import BaseCommand, CommandError

from standards import selectors


class Command(BaseCommand):
    help = "Print a position standard (latest edition unless --edition) as UTF-8 JSON."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--edition", type=int)

    def handle(self, *args, code, edition=None, **options):
        if edition is None:
            standard = selectors.standard_latest(code)
        else:
            standard = selectors.standard_list().filter(code=code, edition=edition).first()
        if standard is None:
            raise CommandError(f"ไม่พบมาตรฐาน '{code}'")
        data = selectors.standard_as_dict(selectors.standard_with_items(standard.pk))
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
