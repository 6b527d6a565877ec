import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from pa_portal.errors import DomainError, Problem
from pa_portal.thaitext import clean_text

from .models import Office, Profile

User = get_user_model()

OFFICE_COLUMNS = ("code", "name", "kind", "province")
_KIND_ALIASES = {
    "spp": Office.Kind.PRIMARY,
    "สพป": Office.Kind.PRIMARY,
    "สพป.": Office.Kind.PRIMARY,
    "spm": Office.Kind.SECONDARY,
    "สพม": Office.Kind.SECONDARY,
    "สพม.": Office.Kind.SECONDARY,
}


def _row_problem(line: int, message: str) -> Problem:
    return Problem(f"line:{line}", "", f"บรรทัดที่ {line}: {message}")


@transaction.atomic
def offices_import_csv(*, text: str) -> tuple[int, int]:
    """Create or update offices from CSV text with the header code,name,kind,province.

    Every row is checked before anything is written: one bad row and nothing is loaded, with each
    problem reported by its line number. Returns (created, updated)."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in OFFICE_COLUMNS if c not in header]
    if missing:
        raise DomainError(
            [_row_problem(1, f"ไม่มีคอลัมน์ {', '.join(missing)} (ต้องมี {', '.join(OFFICE_COLUMNS)})")]
        )
    rows, errors, seen = [], [], {}
    for row in reader:
        line = reader.line_num
        values = {k.strip(): clean_text(v or "", multiline=False) for k, v in row.items() if k}
        problems = []
        for column in OFFICE_COLUMNS:
            if not values.get(column):
                problems.append(f"ไม่มีค่าในคอลัมน์ {column}")
        kind = _KIND_ALIASES.get(values.get("kind", "").lower())
        if values.get("kind") and kind is None:
            problems.append(f"ประเภท '{values['kind']}' ไม่ถูกต้อง (ใช้ สพป. หรือ สพม.)")
        code = values.get("code", "")
        if len(code) > 20:
            problems.append("รหัสหน่วยงานยาวเกิน 20 ตัวอักษร")
        if len(values.get("name", "")) > 200:
            problems.append("ชื่อหน่วยงานยาวเกิน 200 ตัวอักษร")
        if code and code in seen:
            problems.append(f"รหัส {code} ซ้ำกับบรรทัดที่ {seen[code]}")
        seen.setdefault(code, line)
        if problems:
            errors.extend(_row_problem(line, p) for p in problems)
            continue
        rows.append({**values, "kind": kind})
    if errors:
        raise DomainError(errors)
    created = updated = 0
    for values in rows:
        _, was_created = Office.objects.update_or_create(
            code=values["code"],
            defaults={"name": values["name"], "kind": values["kind"], "province": values["province"]},
        )
        created += was_created
        updated += not was_created
    return created, updated


@transaction.atomic
def person_create(
    *,
    username: str,
    password: str,
    roles: list[str],
    title: str,
    first_name: str,
    last_name: str,
    office: Office | None = None,
    position: str = "",
    academic_standing: str = "",
    salary_rank: str = "",
    salary_rate=None,
    email: str = "",
    is_superuser: bool = False,
):
    user = User.objects.create_user(
        username=username,
        password=password,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=is_superuser,
        is_superuser=is_superuser,
    )
    Profile.objects.create(
        user=user,
        title=title,
        first_name=first_name,
        last_name=last_name,
        position=position,
        academic_standing=academic_standing,
        office=office,
        salary_rank=salary_rank,
        salary_rate=salary_rate,
    )
    user.groups.set(Group.objects.filter(name__in=roles))
    return user
