"""The rules of a results report, as plain functions over plain dicts: what no draft may hold
(`draft_problems`, over the posted results) and what a submission needs (`submit_problems`, over
the report's snapshot dict). Messages are Thai; anchors match the agreement's pages."""

from agreements.rules import challenge_anchor, item_anchor
from pa_portal.errors import Problem

from . import measures
from .models import SelfRating, StepResult
from .snapshot import QUALITATIVE_KINDS, QUANTITATIVE_KINDS

TEXT_LIMIT = 5000


def _targets_of(basis: dict) -> tuple[dict, dict]:
    """What the agreed snapshot offers to report on: Part 1 groups by row, Part 2 by issue."""
    rows = {row["sub_item"]: {t["group"]: t for t in row.get("targets", [])} for row in basis["part1"]}
    issues = {issue["order"]: issue for issue in basis["part2"]}
    return rows, issues


def draft_problems(data: dict, basis: dict) -> list[Problem]:
    """Unknown rows, groups, issues or steps; a quantitative result that is not a number in its
    target's terms; a self-rating outside 1–4; over-long text. Also fills each result's parsed
    `achieved_value` in place (the save writes it)."""
    rows, issues = _targets_of(basis)
    problems: list[Problem] = []

    def text(path, anchor, value, label):
        if value and len(value) > TEXT_LIMIT:
            problems.append(Problem(path, anchor, f"{label} ยาวเกินกำหนด (สูงสุด {TEXT_LIMIT:,} ตัวอักษร)"))

    def rating(path, anchor, value, label):
        if value not in (None, "") and value not in SelfRating.values:
            problems.append(Problem(path, anchor, f"{label}: ระดับที่ประเมินตนเองต้องเป็น 1 ถึง 4"))

    for i, row in enumerate(data.get("part1", [])):
        code = row.get("sub_item")
        anchor = item_anchor(code)
        if code not in rows:
            problems.append(Problem(f"part1[{i}].sub_item", "part1", f"ไม่มีข้อ '{code}' ในข้อตกลงที่เห็นชอบ"))
            continue
        text(f"part1[{i}].done", anchor, row.get("done"), f"ข้อ {code} สิ่งที่ได้ดำเนินการ")
        text(f"part1[{i}].rating_reason", anchor, row.get("rating_reason"), f"ข้อ {code} เหตุผล")
        rating(f"part1[{i}].self_rating", anchor, row.get("self_rating"), f"ข้อ {code}")
        for j, entry in enumerate(row.get("indicators", [])):
            path = f"part1[{i}].indicators[{j}]"
            target = rows[code].get(entry.get("group"))
            if target is None:
                problems.append(Problem(path, anchor, f"ข้อ {code}: ไม่มีตัวชี้วัดของกลุ่มเป้าหมายนี้"))
                continue
            text(f"{path}.description", anchor, entry.get("description"), f"ข้อ {code} ผลที่เกิดขึ้น")
            measure = measures.measure_of_indicator(target.get("indicator", ""))
            try:
                entry["achieved_value"] = measures.parse_achieved(
                    entry.get("achieved"), measure.as_dict() if measure else None
                )
            except ValueError as exc:
                problems.append(Problem(f"{path}.achieved", anchor, f"ข้อ {code}: ค่าที่ทำได้ {exc}"))

    for i, issue in enumerate(data.get("part2", [])):
        order = issue.get("order")
        anchor = challenge_anchor(order)
        label = f"ประเด็นท้าทายที่ {order}"
        if order not in issues:
            problems.append(Problem(f"part2[{i}].order", "part2", f"ไม่มี{label}ในข้อตกลงที่เห็นชอบ"))
            continue
        agreed = issues[order]
        text(f"part2[{i}].lessons", anchor, issue.get("lessons"), f"{label} ปัญหา อุปสรรค")
        text(f"part2[{i}].rating_reason", anchor, issue.get("rating_reason"), f"{label} เหตุผล")
        rating(f"part2[{i}].self_rating", anchor, issue.get("self_rating"), label)
        for j, entry in enumerate(issue.get("targets", [])):
            index = entry.get("index")
            if not isinstance(index, int) or not 0 <= index < len(agreed.get("targets", [])):
                problems.append(Problem(f"part2[{i}].targets[{j}]", anchor, f"{label}: ไม่มีเป้าหมายลำดับนี้"))
                continue
            target = agreed["targets"][index]
            text(f"part2[{i}].targets[{j}].outcome", anchor, entry.get("outcome"), f"{label} ผลที่เกิดขึ้น")
            measure = measures.measure_of_target(target["text"], target.get("value"), target.get("unit", ""))
            try:
                entry["achieved_value"] = measures.parse_achieved(
                    entry.get("achieved"), measure.as_dict() if measure else None
                )
            except ValueError as exc:
                problems.append(
                    Problem(f"part2[{i}].targets[{j}].achieved", anchor, f"{label}: ค่าที่ทำได้ {exc}")
                )
        for j, step in enumerate(issue.get("steps", [])):
            index = step.get("index")
            if not isinstance(index, int) or not 0 <= index < len(agreed.get("method", [])):
                problems.append(Problem(f"part2[{i}].steps[{j}]", anchor, f"{label}: ไม่มีขั้นตอนลำดับนี้"))
                continue
            if step.get("status") and step["status"] not in StepResult.Status.values:
                problems.append(
                    Problem(f"part2[{i}].steps[{j}].status", anchor, f"{label}: ผลการดำเนินการไม่ถูกต้อง")
                )
            text(f"part2[{i}].steps[{j}].reason", anchor, step.get("reason"), f"{label} เหตุผล")
    return problems


def submit_problems(report: dict) -> list[Problem]:
    """What stands between a report (its snapshot dict) and a submission: every row says what was
    done, every indicator has its result (a number for a quantitative one, a description for a
    qualitative one), every Part 2 target has its result, every step its progress, with a
    reason when it is not fully done."""
    problems: list[Problem] = []
    for i, row in enumerate(report["part1"]):
        code = row["sub_item"]
        anchor = item_anchor(code)
        if not row["done"].strip():
            problems.append(Problem(f"part1[{i}].done", anchor, f"ข้อ {code}: ยังไม่ได้ระบุสิ่งที่ได้ดำเนินการ"))
        for j, entry in enumerate(row["indicators"]):
            path = f"part1[{i}].indicators[{j}]"
            if entry["kind"] in QUANTITATIVE_KINDS and entry["achieved"] == "":
                problems.append(
                    Problem(f"{path}.achieved", anchor, f"ข้อ {code}: ยังไม่ได้ระบุค่าที่ทำได้ของตัวชี้วัดเชิงปริมาณ")
                )
            if (entry["kind"] in QUALITATIVE_KINDS or not entry["kind"]) and not entry["description"].strip():
                problems.append(
                    Problem(f"{path}.description", anchor, f"ข้อ {code}: ยังไม่ได้ระบุผลที่เกิดขึ้นของตัวชี้วัด")
                )
    for i, issue in enumerate(report["part2"]):
        order = issue["order"]
        anchor = challenge_anchor(order)
        label = f"ประเด็นท้าทายที่ {order}"
        for j, target in enumerate(issue["targets"]):
            path = f"part2[{i}].targets[{j}]"
            if target["kind"] == "quantitative" and target["achieved"] == "":
                problems.append(
                    Problem(f"{path}.achieved", anchor, f"{label}: ยังไม่ได้ระบุค่าที่ทำได้ของเป้าหมายเชิงปริมาณ")
                )
            if target["kind"] == "qualitative" and not target["outcome"].strip():
                problems.append(Problem(f"{path}.outcome", anchor, f"{label}: ยังไม่ได้ระบุผลของเป้าหมายเชิงคุณภาพ"))
        for j, step in enumerate(issue["method"]):
            path = f"part2[{i}].method[{j}]"
            if not step["status"]:
                problems.append(
                    Problem(
                        f"{path}.status", anchor, f"{label}: ยังไม่ได้ระบุผลการดำเนินการของขั้นที่ {step['order']}"
                    )
                )
            elif step["status"] != StepResult.Status.DONE and not step["reason"].strip():
                problems.append(
                    Problem(
                        f"{path}.reason", anchor, f"{label}: ขั้นที่ {step['order']} ยังดำเนินการไม่ครบ กรุณาระบุเหตุผล"
                    )
                )
    return problems
