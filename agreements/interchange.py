"""One agreement as a JSON file (docs/agreement-format.md, docs/agreement.schema.json).

The file is exactly `agreement_to_dict()`. Reading a file is defensive (size, depth,
encoding, NaN, duplicate keys, the schema) and says what is wrong in Thai with the JSON path of
each problem; writing goes through the same services as the web form, inside one transaction, so a
file with any problem writes nothing.
"""

import hashlib
import itertools
import json
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.db import transaction
from jsonschema import Draft202012Validator

from audit.services import audit_record
from pa_portal.errors import DomainError, Problem
from standards.models import PositionStandard
from standards.selectors import standard_sub_items

from . import drafts, rules, workflow
from .models import Agreement, IndicatorKind, Target, TargetGroup
from .snapshot import agreement_to_dict

SCHEMA_PATH = settings.BASE_DIR / "docs" / "agreement.schema.json"
MAX_BYTES = 2 * 1024 * 1024
# The format itself is five levels deep (file → part2 → issue → targets → target) and a complete
# agreement has about 600 values; these bounds keep a hostile file from costing real work.
MAX_DEPTH = 10
MAX_VALUES = 10_000
MAX_REPORTED = 50


# --- export -----------------------------------------------------------------------------------


def to_json(data: dict) -> str:
    """UTF-8 JSON as people read it: Thai unescaped, indented, one trailing newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def agreement_export(agreement: Agreement) -> str:
    return to_json(agreement_to_dict(agreement))


# --- reading a file ---------------------------------------------------------------------------


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _problem(path: str, message: str) -> Problem:
    return Problem(path, "", message)


def _fail(path: str, message: str):
    raise DomainError([_problem(path, message)])


_TOO_DEEP = f"โครงสร้างไฟล์ซ้อนกันลึกเกิน {MAX_DEPTH} ชั้น ซึ่งไม่ใช่รูปแบบข้อตกลง"


def _check_size_and_depth(data) -> None:
    """Walk the parsed file without recursion, stopping at the first container nested too deep or
    once there are more values than any agreement has, before the schema validator (recursive,
    and far slower per value) sees it."""
    stack = [(data, 1)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > MAX_DEPTH:
            _fail("", _TOO_DEEP)
        seen += len(children)
        if seen > MAX_VALUES:
            _fail("", f"ไฟล์มีข้อมูลมากเกิน {MAX_VALUES:,} ค่า ซึ่งมากกว่าข้อตกลงหนึ่งฉบับ")
        stack.extend((child, depth + 1) for child in children)


class _DuplicateKey(ValueError):
    pass


def _object_without_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKey(key)
        seen[key] = value
    return seen


class _NotFinite(ValueError):
    pass


def _refuse_constant(name):
    raise _NotFinite(name)


# json's own messages, for the mistakes people make when they edit a file by hand.
_SYNTAX = {
    "Expecting value": "ต้องมีค่า (ข้อความ ตัวเลข รายการ หรือออบเจกต์) ตรงนี้",
    "Expecting ',' delimiter": "ขาดเครื่องหมายจุลภาค (,)",
    "Expecting ':' delimiter": "ขาดเครื่องหมายทวิภาค (:) หลังชื่อช่อง",
    "Expecting property name enclosed in double quotes": 'ชื่อช่องต้องอยู่ในเครื่องหมายคำพูด (") และไม่มีจุลภาคเกินท้ายรายการ',
    "Unterminated string starting at": 'ข้อความไม่มีเครื่องหมายคำพูด (") ปิดท้าย',
    "Invalid control character at": "มีอักขระควบคุม (เช่น การขึ้นบรรทัดใหม่) อยู่ในข้อความ ให้เขียนเป็น \\n",
    "Invalid \\escape": "มีรหัส \\ ที่ไม่ถูกต้องในข้อความ",
    "Invalid \\uXXXX escape": "รหัส \\u ต้องตามด้วยเลขฐานสิบหก 4 หลัก (เช่น \\u0E01)",
    "Illegal trailing comma before end of object": "มีเครื่องหมายจุลภาค (,) เกินก่อนปิดออบเจกต์",
    "Illegal trailing comma before end of array": "มีเครื่องหมายจุลภาค (,) เกินก่อนปิดรายการ",
    "Extra data": "มีข้อมูลเกินมาหลังจบออบเจกต์ของข้อตกลง",
}


def parse_agreement_json(raw: bytes) -> dict:
    """Bytes of a file → the agreement dict, or DomainError listing every problem found."""
    if len(raw) > MAX_BYTES:
        _fail("", f"ไฟล์มีขนาดเกิน {MAX_BYTES // (1024 * 1024)} MB ซึ่งใหญ่เกินกว่าข้อตกลงหนึ่งฉบับ")
    try:
        # utf-8-sig: Windows Notepad writes a byte order mark; it carries no content.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _fail("", f"ไฟล์ไม่ได้เข้ารหัสแบบ UTF-8 (พบไบต์ที่ไม่ถูกต้องที่ตำแหน่ง {error.start}) กรุณาบันทึกไฟล์เป็น UTF-8")
    try:
        data = json.loads(
            text,
            object_pairs_hook=_object_without_duplicates,
            parse_constant=_refuse_constant,
            parse_float=Decimal,
        )
    except _DuplicateKey as error:
        _fail("", f"มีช่อง '{error}' ซ้ำกันในวัตถุเดียวกัน (แต่ละช่องใส่ได้ครั้งเดียว)")
    except _NotFinite as error:
        _fail("", f"ไฟล์มีค่า {error} ซึ่งไม่ใช่ตัวเลขที่ใช้ได้ (ตัวเลขต้องเป็นค่าจำกัด ไม่ใช่ NaN หรือ Infinity)")
    except json.JSONDecodeError as error:
        # A message json may add in a later Python release is not shown in English.
        reason = _SYNTAX.get(error.msg, "รูปแบบไม่ถูกต้อง")
        _fail("", f"ไฟล์ไม่ใช่ JSON ที่ถูกต้อง: บรรทัด {error.lineno} คอลัมน์ {error.colno} {reason}")
    except ValueError:
        # Python refuses to convert an integer of more than 4,300 digits.
        _fail("", "ไฟล์มีตัวเลขที่ยาวเกินกว่าจะอ่านได้")
    except RecursionError:
        # json's C parser stops itself at the interpreter's recursion limit, long before a stack
        # could overflow; anything shallower is measured by _check_size_and_depth.
        _fail("", _TOO_DEEP)
    if not isinstance(data, dict):
        _fail("", f"ไฟล์ต้องเป็นออบเจกต์ JSON {{ ... }} ของข้อตกลงหนึ่งฉบับ แต่ได้รับ{_type_name(data)}")
    _check_size_and_depth(data)
    problems = schema_problems(data)
    if problems:
        raise DomainError(problems)
    return data


# --- schema errors in Thai --------------------------------------------------------------------

_TYPE_NAMES = {
    "object": "ออบเจกต์ { }",
    "array": "รายการ [ ]",
    "string": "ข้อความ",
    "integer": "จำนวนเต็ม",
    "number": "ตัวเลข",
    "boolean": "ค่าจริง/เท็จ",
    "null": "ค่าว่าง (null)",
}
_ENUM_LABELS = {
    **dict(TargetGroup.choices),
    **dict(IndicatorKind.choices),
    **dict(Target.Kind.choices),
    "": "ไม่ระบุ",
}


def _type_name(value) -> str:
    if value is None:
        return _TYPE_NAMES["null"]
    if isinstance(value, bool):
        return _TYPE_NAMES["boolean"]
    if isinstance(value, int):
        return _TYPE_NAMES["integer"]
    if isinstance(value, (float, Decimal)):
        return _TYPE_NAMES["number"]
    if isinstance(value, str):
        return _TYPE_NAMES["string"]
    if isinstance(value, list):
        return _TYPE_NAMES["array"]
    return _TYPE_NAMES["object"]


def json_path(parts) -> str:
    """["part1", 3, "tasks"] → "part1[3].tasks", the path style of agreements/rules.py."""
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _child(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _show(value) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def schema_problems(data: dict) -> list[Problem]:
    validator = Draft202012Validator(schema())
    problems = []
    errors = itertools.islice(validator.iter_errors(data), MAX_REPORTED)
    for error in sorted(errors, key=_document_order):
        problems.extend(_explain(error))
    problems.extend(_qualitative_value_problems(data) if not problems else [])
    return problems[:MAX_REPORTED]


def _document_order(error):
    return [(0, part, "") if isinstance(part, int) else (1, 0, part) for part in error.absolute_path]


def _explain(error) -> list[Problem]:
    path = json_path(error.absolute_path)
    kind, expected, value = error.validator, error.validator_value, error.instance
    if kind == "type":
        types = [expected] if isinstance(expected, str) else expected
        wanted = " หรือ ".join(_TYPE_NAMES[t] for t in types)
        return [_problem(path, f"ต้องเป็น{wanted} แต่ได้รับ{_type_name(value)} ({_show(value)})")]
    if kind == "required":
        return [
            _problem(_child(path, name), f"ขาดช่อง '{name}' ซึ่งต้องมี") for name in expected if name not in value
        ]
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        return [
            _problem(_child(path, name), f"ไม่รู้จักช่อง '{name}' (ช่องที่ใช้ได้: {', '.join(sorted(known))})")
            for name in sorted(set(value) - known)
        ]
    if kind == "const":
        return [_problem(path, f"รูปแบบไฟล์ต้องเป็น '{expected}' (ได้รับ {_show(value)})")]
    if kind == "enum":
        allowed = ", ".join(f"'{v}' ({_ENUM_LABELS[v]})" if v in _ENUM_LABELS else f"'{v}'" for v in expected)
        return [_problem(path, f"ค่า {_show(value)} ไม่ถูกต้อง ต้องเป็นหนึ่งใน {allowed}")]
    if path == "fiscal_year" and kind in ("minimum", "maximum"):
        return [_problem(path, f"ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2570 (ได้รับ {value})")]
    if kind == "minimum":
        return [_problem(path, f"ต้องไม่น้อยกว่า {expected} (ได้รับ {value})")]
    if kind == "maximum":
        return [_problem(path, f"ต้องไม่มากกว่า {expected} (ได้รับ {value})")]
    if kind == "minLength":
        return [_problem(path, "ต้องไม่เป็นข้อความว่าง")]
    if kind == "maxLength":
        return [_problem(path, f"ยาวเกิน {expected} ตัวอักษร")]
    if kind == "maxItems":
        return [_problem(path, f"มีได้ไม่เกิน {expected} รายการ (มี {len(value)} รายการ)")]
    return [_problem(path, f"ไม่ตรงตามรูปแบบที่กำหนด ({kind})")]


def _qualitative_value_problems(data: dict) -> list[Problem]:
    """A qualitative target has no number; refusing one keeps a number from vanishing on import."""
    problems = []
    for i, issue in enumerate(data.get("part2", [])):
        for j, target in enumerate(issue.get("targets", [])):
            if target["kind"] != Target.Kind.QUALITATIVE:
                continue
            for key in ("value", "unit"):
                if target.get(key) not in (None, ""):
                    problems.append(
                        _problem(
                            f"part2[{i}].targets[{j}].{key}",
                            "เป้าหมายเชิงคุณภาพไม่มีค่าตัวเลขหรือหน่วย (ย้ายไปเป็นเป้าหมายเชิงปริมาณ หรือเขียนเป็นข้อความ)",
                        )
                    )
    return problems


# --- import -----------------------------------------------------------------------------------


def _payload(data: dict, codes: list[str]) -> dict:
    """The importable content of a valid file, in the shape agreement_update takes. The file
    replaces the whole agreement: a sub-item it leaves out becomes an empty row."""
    part1 = [
        {
            "sub_item": row["sub_item"],
            "tasks": row.get("tasks", ""),
            "targets": [
                {
                    "group": entry["group"],
                    "outcome": entry.get("outcome", ""),
                    "indicator": entry.get("indicator", ""),
                    "kind": entry.get("kind", ""),
                }
                for entry in row.get("targets", [])
            ],
        }
        for row in data.get("part1", [])
    ]
    given = {row["sub_item"] for row in part1}
    part1 += [{"sub_item": code, "tasks": "", "targets": []} for code in codes if code not in given]
    part2 = []
    for i, issue in enumerate(data.get("part2", [])):
        part2.append(
            {
                "order": issue.get("order", i + 1),
                "title": issue.get("title", ""),
                "policy": issue.get("policy"),
                "policy_other": issue.get("policy_other", ""),
                "problem": issue.get("problem", ""),
                "method": [
                    {
                        "text": step["text"],
                        "start_month": step.get("start_month"),
                        "end_month": step.get("end_month"),
                    }
                    for step in issue.get("method", [])
                ],
                "targets": [
                    {"kind": t["kind"], "text": t["text"], "value": t.get("value"), "unit": t.get("unit", "")}
                    if t["kind"] == Target.Kind.QUANTITATIVE
                    else {"kind": t["kind"], "text": t["text"]}
                    for t in issue.get("targets", [])
                ],
            }
        )
    return {"part1": part1, "part2": part2}


def _standard(data: dict) -> PositionStandard:
    code, edition = data["standard"]["code"], data["standard"]["edition"]
    standard = PositionStandard.objects.filter(code=code, edition=edition).first()
    if standard is None:
        _fail(
            "standard", f"ไม่พบมาตรฐานตำแหน่ง '{code}' ฉบับที่ {edition} ในระบบ (python manage.py load_standards)"
        )
    return standard


def agreement_import(*, raw: bytes, owner, submit: bool = False) -> Agreement:
    """Write the agreement in `raw` (a file's bytes) as `owner`'s agreement of its fiscal year,
    through agreement_start / agreement_update / agreement_submit. Either everything is written or,
    on any problem, nothing (DomainError, AgreementError or PermissionDenied)."""
    data = parse_agreement_json(raw)
    standard = _standard(data)
    codes = list(standard_sub_items(standard).values_list("code", flat=True))
    payload = _payload(data, codes)
    year = data["fiscal_year"]
    with transaction.atomic():
        agreement = Agreement.objects.filter(owner=owner, fiscal_year__year=year).first()
        if agreement is None:
            agreement = drafts.agreement_start(owner=owner, fiscal_year=year, standard=standard)
        elif agreement.standard_id != standard.pk:
            _fail(
                "standard",
                f"ข้อตกลงปีงบประมาณ {year} ที่มีอยู่ใช้{agreement.standard} ไม่ตรงกับมาตรฐานในไฟล์ "
                f"('{standard.code}' ฉบับที่ {standard.edition})",
            )
        elif not agreement.is_editable:
            _fail(
                "",
                f"ข้อตกลงปีงบประมาณ {year} ({agreement.number}) อยู่ในสถานะ "
                f"'{agreement.get_status_display()}' จึงแก้ไขไม่ได้ (แก้ไขได้เฉพาะร่างหรือฉบับที่ส่งกลับให้แก้ไข)",
            )
        drafts.agreement_update(agreement=agreement, actor=owner, data=payload, expected_revision=None)
        if submit:
            # The rules agreement_submit applies, run on the file itself first so that each problem
            # carries the file's JSON path (the stored rows may be in another order). Raising here
            # rolls back the update above.
            problems = rules.submit_problems(drafts.clean_payload(payload), codes)
            if problems:
                raise DomainError(problems)
            workflow.agreement_submit(agreement=agreement, actor=owner)
        audit_record(
            actor=owner,
            action="agreement.imported",
            obj=agreement,
            agreement=agreement,
            changes={"sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw), "submitted": submit},
        )
    return Agreement.objects.get(pk=agreement.pk)


def format_problems(problems: list[Problem]) -> list[str]:
    """One line per problem: the JSON path, then the Thai message."""
    return [f"{p.path or '(ทั้งไฟล์)'}: {p.message}" for p in problems]
