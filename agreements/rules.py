"""The guideline's rules, as plain functions over the interchange dict (see docs/agreement-format.md).

Both the web form and the JSON importer turn their input into that dict, so one set of rules and
one set of Thai messages serve both. A problem carries the JSON path of the field it is about and
an anchor the web page links to.
"""

import re
from decimal import Decimal

from pa_portal.errors import Problem
from pa_portal.thai import fiscal_month_index
from pa_portal.thaitext import parse_number

from .models import IndicatorKind, Target, TargetGroup

# Django computes an enum's `.values` anew on every read; the rules read them once per target.
GROUPS = frozenset(TargetGroup.values)
KINDS = frozenset(IndicatorKind.values)

CHALLENGE_COUNT = 3

# Field limits: generous for prose, strict enough to stop a runaway paste.
LIMITS = {
    "tasks": 5000,
    "outcome": 3000,
    "indicator": 3000,
    "title": 500,
    "policy_other": 500,
    "problem": 8000,
    "step": 2000,
    "target_text": 2000,
    "unit": 50,
}

_HAS_DIGIT = re.compile(r"[0-9\u0e50-\u0e59]")
_BARE_NUMBER = re.compile(r"^[\s0-9\u0e50-\u0e59.,%+\-]+$")
# Target.value is DECIMAL(12, 2): a longer number cannot be stored, and more decimals would be
# rounded silently.
VALUE_INTEGER_DIGITS = 10
VALUE_DECIMAL_PLACES = 2


def item_anchor(code: str) -> str:
    return f"item-{code}"


def challenge_anchor(order: int) -> str:
    return f"challenge-{order}"


def value_fits(value: Decimal) -> bool:
    """Whether a target value can be stored exactly."""
    if value == 0:
        return True
    decimals = max(0, -value.normalize().as_tuple().exponent)
    integer_digits = value.adjusted() + 1  # digits before the point, for |value| >= 1
    return decimals <= VALUE_DECIMAL_PLACES and integer_digits <= VALUE_INTEGER_DIGITS


def is_bare_number(text: str) -> bool:
    return bool(text.strip()) and bool(_BARE_NUMBER.match(text))


def draft_problems(data: dict) -> list[Problem]:
    """What no draft may hold, even an unfinished one: wrong types, over-long text, months outside
    the year, a non-numeric target value, a qualitative target that is only a number."""
    problems: list[Problem] = []

    def limit(path, anchor, text, key, label):
        if text and len(text) > LIMITS[key]:
            problems.append(
                Problem(
                    path,
                    anchor,
                    f"{label} ยาวเกินกำหนด ({len(text):,} ตัวอักษร จากสูงสุด {LIMITS[key]:,} ตัวอักษร)",
                )
            )

    seen_codes = set()
    for i, row in enumerate(data.get("part1", [])):
        code = row.get("sub_item", "?")
        anchor = item_anchor(code)
        if code in seen_codes:
            problems.append(Problem(f"part1[{i}].sub_item", anchor, f"ข้อ {code} ซ้ำ (หนึ่งข้อมีได้แถวเดียว)"))
        seen_codes.add(code)
        limit(f"part1[{i}].tasks", anchor, row.get("tasks", ""), "tasks", f"งาน (Tasks) ข้อ {code}")
        for j, entry in enumerate(row.get("targets", [])):
            base = f"part1[{i}].targets[{j}]"
            if entry.get("group") not in GROUPS:
                problems.append(
                    Problem(f"{base}.group", anchor, f"ข้อ {code}: ไม่รู้จักกลุ่มเป้าหมาย '{entry.get('group')}'")
                )
            if entry.get("kind") and entry["kind"] not in KINDS:
                problems.append(
                    Problem(f"{base}.kind", anchor, f"ข้อ {code}: ประเภทตัวชี้วัด '{entry['kind']}' ไม่ถูกต้อง")
                )
            limit(f"{base}.outcome", anchor, entry.get("outcome", ""), "outcome", f"ผลลัพธ์ ข้อ {code}")
            limit(f"{base}.indicator", anchor, entry.get("indicator", ""), "indicator", f"ตัวชี้วัด ข้อ {code}")

    challenges = data.get("part2", [])
    if len(challenges) > CHALLENGE_COUNT:
        problems.append(
            Problem(
                "part2", "part2", f"ประเด็นท้าทายต้องมี {CHALLENGE_COUNT} ประเด็นพอดี (มี {len(challenges)} ประเด็น)"
            )
        )
    for i, issue in enumerate(challenges):
        order = issue.get("order", i + 1)
        anchor = challenge_anchor(order)
        label = f"ประเด็นท้าทายที่ {order}"
        base = f"part2[{i}]"
        limit(f"{base}.title", anchor, issue.get("title", ""), "title", f"ชื่อ{label}")
        limit(
            f"{base}.policy_other", anchor, issue.get("policy_other", ""), "policy_other", f"นโยบาย ({label})"
        )
        limit(f"{base}.problem", anchor, issue.get("problem", ""), "problem", f"สภาพปัญหา ({label})")
        for j, step in enumerate(issue.get("method", [])):
            spath = f"{base}.method[{j}]"
            limit(f"{spath}.text", anchor, step.get("text", ""), "step", f"ขั้นตอนที่ {j + 1} ({label})")
            months = []
            for key in ("start_month", "end_month"):
                month = step.get(key)
                if month is None:
                    continue
                if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
                    problems.append(
                        Problem(f"{spath}.{key}", anchor, f"{label} ขั้นตอนที่ {j + 1}: เดือนต้องเป็น 1–12")
                    )
                else:
                    months.append(month)
            if len(months) == 2:
                if fiscal_month_index(months[0]) > fiscal_month_index(months[1]):
                    problems.append(
                        Problem(
                            f"{spath}.end_month",
                            anchor,
                            f"{label} ขั้นตอนที่ {j + 1}: เดือนสิ้นสุดต้องไม่อยู่ก่อนเดือนเริ่มในปีงบประมาณ",
                        )
                    )
        for j, target in enumerate(issue.get("targets", [])):
            tpath = f"{base}.targets[{j}]"
            kind = target.get("kind")
            text = target.get("text", "") or ""
            limit(f"{tpath}.text", anchor, text, "target_text", f"เป้าหมาย ({label})")
            limit(f"{tpath}.unit", anchor, target.get("unit", "") or "", "unit", f"หน่วย ({label})")
            if kind not in Target.Kind.values:
                problems.append(Problem(f"{tpath}.kind", anchor, f"{label}: ประเภทเป้าหมาย '{kind}' ไม่ถูกต้อง"))
                continue
            if kind == Target.Kind.QUANTITATIVE:
                try:
                    value = parse_number(target.get("value"))
                except ValueError:
                    problems.append(
                        Problem(
                            f"{tpath}.value",
                            anchor,
                            f"{label}: ค่าเป้าหมายเชิงปริมาณต้องเป็นตัวเลข (ได้รับ '{target.get('value')}')",
                        )
                    )
                    continue
                if value is not None and value < 0:
                    # One rule for the form and the importer: a target is an amount to reach.
                    problems.append(
                        Problem(
                            f"{tpath}.value",
                            anchor,
                            f"{label}: ค่าเป้าหมายต้องไม่ติดลบ (ได้รับ '{target.get('value')}') "
                            "ถ้าเป้าหมายคือการลดลง ให้เขียนคำว่า 'ลดลง' ในข้อความเป้าหมายและใส่ตัวเลขเป็นค่าบวก",
                        )
                    )
                elif value is not None and not value_fits(value):
                    problems.append(
                        Problem(
                            f"{tpath}.value",
                            anchor,
                            f"{label}: ค่าเป้าหมาย '{target.get('value')}' ต้องมีไม่เกิน "
                            f"{VALUE_INTEGER_DIGITS} หลักก่อนจุดทศนิยม และไม่เกิน {VALUE_DECIMAL_PLACES} ตำแหน่งหลังจุด",
                        )
                    )
            elif is_bare_number(text):
                problems.append(
                    Problem(
                        f"{tpath}.text",
                        anchor,
                        f"{label}: เป้าหมายเชิงคุณภาพต้องเป็นข้อความบรรยาย ไม่ใช่ตัวเลขอย่างเดียว",
                    )
                )
    return problems


def submit_problems(data: dict, sub_item_codes: list[str]) -> list[Problem]:
    """Everything the guideline requires of a submitted agreement, in the order of the form."""
    problems = draft_problems(data)
    rows = {row.get("sub_item"): (i, row) for i, row in enumerate(data.get("part1", []))}
    for code in sub_item_codes:
        anchor = item_anchor(code)
        if code not in rows:
            problems.append(Problem("part1", anchor, f"ข้อ {code}: ยังไม่ได้กรอก"))
            continue
        i, row = rows[code]
        if not (row.get("tasks") or "").strip():
            problems.append(Problem(f"part1[{i}].tasks", anchor, f"ข้อ {code}: ต้องระบุงาน (Tasks)"))
        complete = [
            t
            for t in row.get("targets", [])
            if (t.get("outcome") or "").strip() and (t.get("indicator") or "").strip()
        ]
        if not complete:
            problems.append(
                Problem(
                    f"part1[{i}].targets",
                    anchor,
                    f"ข้อ {code}: ต้องมีผลลัพธ์และตัวชี้วัดอย่างน้อยหนึ่งกลุ่มเป้าหมาย",
                )
            )
        for j, entry in enumerate(row.get("targets", [])):
            has_outcome = bool((entry.get("outcome") or "").strip())
            has_indicator = bool((entry.get("indicator") or "").strip())
            group = TargetGroup(entry["group"]).label if entry.get("group") in GROUPS else "?"
            if has_outcome != has_indicator:
                missing = "ตัวชี้วัด" if has_outcome else "ผลลัพธ์"
                problems.append(
                    Problem(f"part1[{i}].targets[{j}]", anchor, f"ข้อ {code} กลุ่ม{group}: ต้องระบุ{missing}ด้วย")
                )
            if has_indicator and not entry.get("kind"):
                problems.append(
                    Problem(
                        f"part1[{i}].targets[{j}].kind",
                        anchor,
                        f"ข้อ {code} กลุ่ม{group}: ต้องระบุประเภทตัวชี้วัด (เชิงปริมาณ/เชิงคุณภาพ)",
                    )
                )
    extra = [code for code in rows if code not in sub_item_codes]
    for code in extra:
        problems.append(Problem("part1", "part1", f"ข้อ {code} ไม่อยู่ในมาตรฐานตำแหน่งนี้"))

    challenges = data.get("part2", [])
    if len(challenges) != CHALLENGE_COUNT:
        problems.append(
            Problem(
                "part2",
                "part2",
                f"ต้องมีประเด็นท้าทาย {CHALLENGE_COUNT} ประเด็นพอดี (ขณะนี้มี {len(challenges)} ประเด็น)",
            )
        )
    for i, issue in enumerate(challenges):
        order = issue.get("order", i + 1)
        anchor = challenge_anchor(order)
        label = f"ประเด็นท้าทายที่ {order}"
        base = f"part2[{i}]"
        if not (issue.get("title") or "").strip():
            problems.append(Problem(f"{base}.title", anchor, f"{label}: ต้องระบุชื่อประเด็น"))
        if not issue.get("policy") and not (issue.get("policy_other") or "").strip():
            problems.append(Problem(f"{base}.policy", anchor, f"{label}: ต้องเลือกนโยบาย สพฐ. หรือระบุนโยบายอื่น"))
        if not (issue.get("problem") or "").strip():
            problems.append(Problem(f"{base}.problem", anchor, f"{label}: ต้องระบุสภาพปัญหาและหลักฐาน"))
        steps = issue.get("method", [])
        if not steps:
            problems.append(Problem(f"{base}.method", anchor, f"{label}: ต้องมีวิธีการดำเนินการอย่างน้อยหนึ่งขั้นตอน"))
        for j, step in enumerate(steps):
            if step.get("start_month") is None or step.get("end_month") is None:
                problems.append(
                    Problem(
                        f"{base}.method[{j}]",
                        anchor,
                        f"{label} ขั้นตอนที่ {j + 1}: ต้องระบุเดือนเริ่มและเดือนสิ้นสุด",
                    )
                )
        targets = issue.get("targets", [])
        quantitative = [t for t in targets if t.get("kind") == Target.Kind.QUANTITATIVE]
        qualitative = [t for t in targets if t.get("kind") == Target.Kind.QUALITATIVE]
        if not quantitative:
            problems.append(Problem(f"{base}.targets", anchor, f"{label}: ต้องมีเป้าหมายเชิงปริมาณอย่างน้อยหนึ่งข้อ"))
        if not qualitative:
            problems.append(Problem(f"{base}.targets", anchor, f"{label}: ต้องมีเป้าหมายเชิงคุณภาพอย่างน้อยหนึ่งข้อ"))
        for j, target in enumerate(targets):
            if target.get("kind") == Target.Kind.QUANTITATIVE:
                try:
                    value = parse_number(target.get("value"))
                except ValueError:
                    continue  # already reported by draft_problems
                if value is None:
                    problems.append(
                        Problem(
                            f"{base}.targets[{j}].value",
                            anchor,
                            f"{label}: เป้าหมายเชิงปริมาณ '{(target.get('text') or '')[:40]}' ต้องระบุตัวเลข",
                        )
                    )
    return problems
