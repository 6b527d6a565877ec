from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.services import OFFICE_COLUMNS, offices_import_csv
from pa_portal.errors import DomainError


class Command(BaseCommand):
    help = (
        "Load offices from a UTF-8 CSV with the header "
        + ",".join(OFFICE_COLUMNS)
        + " (kind: สพป./สพม. or spp/spm). Nothing is loaded if any row is wrong."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"อ่านไฟล์ {file} ไม่ได้: {exc}") from exc
        try:
            created, updated = offices_import_csv(text=text)
        except DomainError as exc:
            raise CommandError("ไม่ได้นำเข้าข้อมูลใด ๆ เนื่องจากพบข้อผิดพลาด:\n" + "\n".join(exc.messages)) from exc
        self.stdout.write(f"นำเข้าเรียบร้อย: เพิ่ม {created} หน่วยงาน, ปรับปรุง {updated} หน่วยงาน")
