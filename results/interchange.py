"""One results report as a JSON file (docs/results-format.md, docs/results.schema.json).

The file is exactly the report's snapshot (`report_to_dict()`). Importing reads the deputy's own
fields back into their draft through the same save as the web form (drafts.report_update): the
same rules, Thai problems addressed by the file's JSON path, and nothing written when refused.
The agreed targets in the file are read-only: they come from the agreed agreement, never the file.
"""

import hashlib
import itertools
import json
from functools import cache

from django.conf import settings
from django.db import transaction
from jsonschema import Draft202012Validator

from agreements.interchange import json_path, to_json
from audit.services import audit_record
from pa_portal.errors import DomainError, NoLongerEditable, Problem, StaleRevision

from . import drafts, permissions
from .models import ResultsReport

SCHEMA_PATH = settings.BASE_DIR / "docs" / "results.schema.json"
MAX_BYTES = 2 * 1024 * 1024
MAX_REPORTED = 50


def report_export(data: dict) -> str:
    return to_json(data)


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _refuse_constant(name):
    raise DomainError([Problem("", "", f"ไฟล์มีค่า {name} ซึ่งไม่ใช่ตัวเลขที่ใช้ได้")])


def _explain(error) -> str:
    kind, expected = error.validator, error.validator_value
    if kind == "required":
        missing = [name for name in expected if name not in error.instance]
        return f"ขาดช่อง {', '.join(repr(n) for n in missing)} ซึ่งต้องมี"
    if kind == "type":
        return f"ชนิดของค่าไม่ถูกต้อง (ต้องเป็น {expected})"
    if kind == "const":
        return f"รูปแบบไฟล์ต้องเป็น '{expected}'"
    if kind == "enum":
        return f"ค่าไม่ถูกต้อง ต้องเป็นหนึ่งใน {', '.join(repr(v) for v in expected)}"
    if kind == "additionalProperties":
        return "มีช่องที่ไม่รู้จักในรูปแบบรายงานผล"
    return f"ไม่ตรงตามรูปแบบที่กำหนด ({kind})"


def schema_problems(data) -> list[Problem]:
    errors = itertools.islice(Draft202012Validator(schema()).iter_errors(data), MAX_REPORTED)
    return [Problem(json_path(e.absolute_path), "", _explain(e)) for e in errors]


def parse_results_json(raw: bytes) -> dict:
    """Bytes of a file → the report dict, or DomainError listing what is wrong."""
    if len(raw) > MAX_BYTES:
        raise DomainError(f"ไฟล์มีขนาดเกิน {MAX_BYTES // (1024 * 1024)} MB")
    try:
        # utf-8-sig: Windows Notepad writes a byte order mark; it carries no content.
        data = json.loads(raw.decode("utf-8-sig"), parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise DomainError("ไฟล์ไม่ได้เข้ารหัสแบบ UTF-8 กรุณาบันทึกไฟล์เป็น UTF-8") from None
    except json.JSONDecodeError as error:
        raise DomainError(f"ไฟล์ไม่ใช่ JSON ที่ถูกต้อง: บรรทัด {error.lineno} คอลัมน์ {error.colno}") from None
    except (ValueError, RecursionError):
        raise DomainError("ไฟล์ไม่ใช่รายงานผลที่อ่านได้") from None
    problems = schema_problems(data)
    if problems:
        raise DomainError(problems)
    return data


def _payload(data: dict) -> dict:
    """The deputy's own fields of a file, in the shape the form posts (a target and a step are
    keyed by their place in the issue, as the file lists them)."""
    return {
        "part1": [
            {
                "sub_item": row["sub_item"],
                "done": row["done"],
                "self_rating": row["self_rating"],
                "rating_reason": row["rating_reason"],
                "indicators": [
                    {"group": e["group"], "achieved": e["achieved"], "description": e["description"]}
                    for e in row["indicators"]
                ],
            }
            for row in data["part1"]
        ],
        "part2": [
            {
                "order": issue["order"],
                "lessons": issue["lessons"],
                "self_rating": issue["self_rating"],
                "rating_reason": issue["rating_reason"],
                "targets": [
                    {"index": j, "achieved": t.get("achieved", ""), "outcome": t.get("outcome", "")}
                    for j, t in enumerate(issue["targets"])
                ],
                "steps": [
                    {"index": j, "status": s["status"], "reason": s["reason"]}
                    for j, s in enumerate(issue["method"])
                ],
            }
            for issue in data["part2"]
        ],
    }


def _file_path(problem: Problem) -> Problem:
    """A rule's path in the file's terms (the form calls a Part 2 step `steps`, the file `method`)."""
    return Problem(problem.path.replace(".steps[", ".method["), problem.anchor, problem.message)


@transaction.atomic
def report_import(*, report: ResultsReport, actor, raw: bytes) -> ResultsReport:
    """Replace the results of the owner's editable report with a file's; refused whole."""
    permissions.editable_check(actor, report)
    data = parse_results_json(raw)
    if data["agreement"]["sha256"] != report.basis.sha256:
        raise DomainError(
            "ไฟล์นี้เป็นรายงานผลของข้อตกลงฉบับอื่น (ข้อตกลงที่เห็นชอบไม่ตรงกัน) จึงนำเข้าไม่ได้", path="agreement.sha256"
        )
    try:
        report = drafts.report_update(report=report, actor=actor, data=_payload(data), expected_revision=None)
    except (StaleRevision, NoLongerEditable):
        raise
    except DomainError as error:
        raise DomainError([_file_path(p) for p in error.problems]) from None
    audit_record(
        actor=actor,
        action="results.imported",
        obj=report,
        agreement=report.agreement,
        changes={"sha256": hashlib.sha256(raw).hexdigest(), "bytes": len(raw)},
    )
    return report
