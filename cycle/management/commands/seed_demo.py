from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import Office, Profile
from accounts.services import person_create
from agreements import demo as agreements_demo
from cycle import demo as cycle_demo
from evaluations import demo as evaluations_demo
from pa_portal import roles
from results import demo as results_demo

DEMO_PASSWORD = "pa-demo-2570"

OFFICES = [
    ("65020000", "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพิษณุโลก เขต 2", Office.Kind.PRIMARY, "พิษณุโลก"),
    ("00390000", "สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาพิษณุโลก อุตรดิตถ์", Office.Kind.SECONDARY, "พิษณุโลก"),
]

DEPUTY = "รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
DIRECTOR = "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
# username, roles, title, first, last, office index, position, standing, rank, rate
PEOPLE = [
    ("director", [roles.SUPERVISOR], "นาย", "ประเสริฐ", "วงศ์สวัสดิ์", 0, DIRECTOR, "expert", "คศ.4", "69040.00"),
    ("deputy1", [roles.DEPUTY], "นางสาว", "สุภาพร", "แก้วมณี", 0, DEPUTY, "senior", "คศ.3", "58390.00"),
    ("deputy2", [roles.DEPUTY], "นาย", "ธนากร", "ศรีสุข", 0, DEPUTY, "senior", "คศ.3", "52760.00"),
    ("deputy3", [roles.DEPUTY], "นาง", "วิไลวรรณ", "จันทร์หอม", 1, DEPUTY, "expert", "คศ.4", "61230.00"),
    ("director2", [roles.SUPERVISOR], "นาย", "สมศักดิ์", "บุญมา", 1, DIRECTOR, "expert", "คศ.4", "70360.00"),
    ("evaluator1", [roles.EVALUATOR], "ดร.", "อนุชา", "พรหมมา", None, "ผู้ทรงคุณวุฒิ", "", "", None),
    ("evaluator2", [roles.EVALUATOR], "นาง", "รัตนา", "ทองดี", None, "ศึกษานิเทศก์ เชี่ยวชาญ", "expert", "", None),
    ("evaluator3", [roles.EVALUATOR], "นาย", "วีระพงษ์", "สายสุวรรณ", None, DIRECTOR, "expert", "", None),
    ("hr1", [roles.HR], "นางสาว", "กมลชนก", "ใจดี", 0, "นักทรัพยากรบุคคล ชำนาญการ", "", "", None),
]


class Command(BaseCommand):
    help = "Create demo offices, people and agreements (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="run even with DEBUG off")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing when demo users already exist"
        )

    def handle(self, *args, force=False, if_empty=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo สร้างบัญชีทดลองที่รู้รหัสผ่าน: ใช้เฉพาะเมื่อ DEBUG=1 หรือระบุ --force")
        User = get_user_model()
        if User.objects.filter(username="deputy1").exists():
            if if_empty:
                self.stdout.write("demo data already present")
                return
            raise CommandError("มีข้อมูลตัวอย่างอยู่แล้ว (ผู้ใช้ deputy1)")
        with transaction.atomic():
            users = self.create_people()
            agreements_demo.seed(users)
            evaluations_demo.seed(users)
            results_demo.seed(users)
            cycle_demo.seed(users)
        self.stdout.write("บัญชีทดลอง (รหัสผ่านเดียวกันทุกบัญชี):")
        for username, user in users.items():
            self.stdout.write(f"  {username:<12} {DEMO_PASSWORD}  {Profile.objects.get(user=user)}")

    def create_people(self):
        offices = [
            Office.objects.update_or_create(
                code=code, defaults={"name": name, "kind": kind, "province": province}
            )[0]
            for code, name, kind, province in OFFICES
        ]
        users = {}
        for username, role_list, title, first, last, office, position, standing, rank, rate in PEOPLE:
            users[username] = person_create(
                username=username,
                password=DEMO_PASSWORD,
                roles=role_list,
                title=title,
                first_name=first,
                last_name=last,
                office=offices[office] if office is not None else None,
                position=position,
                academic_standing=standing,
                salary_rank=rank,
                salary_rate=Decimal(rate) if rate else None,
                email=f"{username}@example.go.th",
            )
        users["admin"] = person_create(
            username="admin",
            password=DEMO_PASSWORD,
            roles=[roles.ADMIN],
            title="",
            first_name="ผู้ดูแล",
            last_name="ระบบ",
            is_superuser=True,
        )
        return users
