from django.core.management.base import BaseCommand

from cycle import reminders


class Command(BaseCommand):
    help = "Remind owners of drafts, waiting supervisors and evaluators (what Celery beat runs daily)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print who would be reminded of what; send nothing"
        )

    def handle(self, *args, dry_run=False, **options):
        plans = reminders.reminders_send(dry_run=dry_run)
        if not plans:
            self.stdout.write("วันนี้ไม่มีผู้ที่ต้องได้รับการแจ้งเตือน")
            return
        heading = "ผู้ที่จะได้รับการแจ้งเตือน (ทดลอง ไม่ได้ส่งจริง)" if dry_run else "ส่งการแจ้งเตือนถึง"
        self.stdout.write(f"{heading} {len(plans)} คน:")
        for plan in plans:
            self.stdout.write(reminders.describe(plan))
