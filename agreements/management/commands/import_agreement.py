import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from agreements import interchange
from pa_portal.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import one agreement from a JSON file (docs/agreement-format.md) as USERNAME's agreement of "
        "the file's fiscal year, through the same services and rules as the web form. On any problem "
        "nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path of the JSON file, or - for standard input")
        parser.add_argument("--owner", required=True, help="username of the deputy who owns the agreement")
        parser.add_argument("--submit", action="store_true", help="submit the agreement after importing it")

    def handle(self, *args, **options):
        owner = get_user_model().objects.filter(username=options["owner"]).first()
        if owner is None:
            raise CommandError(f"ไม่พบผู้ใช้ '{options['owner']}'")
        raw = self._read(options["file"])
        try:
            agreement = interchange.agreement_import(raw=raw, owner=owner, submit=options["submit"])
        except DomainError as error:
            lines = interchange.format_problems(error.problems)
            raise CommandError(
                f"นำเข้าไม่สำเร็จ ไม่มีการบันทึกข้อมูลใด ๆ (พบ {len(lines)} ปัญหา):\n" + "\n".join(lines)
            ) from None
        except PermissionDenied as error:
            raise CommandError(f"นำเข้าไม่สำเร็จ ไม่มีการบันทึกข้อมูลใด ๆ: {error}") from None
        self.stdout.write(
            f"นำเข้าแล้ว: {agreement.number} {agreement.owner_name} สถานะ {agreement.get_status_display()}"
        )

    def _read(self, name: str) -> bytes:
        # One byte past the limit is enough to know the file is too big; never read all of it.
        if name == "-":
            return sys.stdin.buffer.read(interchange.MAX_BYTES + 1)
        path = Path(name)
        try:
            if path.stat().st_size > interchange.MAX_BYTES:
                raise CommandError(
                    f"ไฟล์ {name} มีขนาดเกิน {interchange.MAX_BYTES // (1024 * 1024)} MB "
                    "ซึ่งใหญ่เกินกว่าข้อตกลงหนึ่งฉบับ ไม่มีการบันทึกข้อมูลใด ๆ"
                )
            with path.open("rb") as handle:
                return handle.read(interchange.MAX_BYTES + 1)
        except FileNotFoundError:
            raise CommandError(f"ไม่พบไฟล์ {name}") from None
        except IsADirectoryError:
            raise CommandError(f"{name} เป็นโฟลเดอร์ ไม่ใช่ไฟล์") from None
        except PermissionError:
            raise CommandError(f"ไม่มีสิทธิ์อ่านไฟล์ {name}") from None
