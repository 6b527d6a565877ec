"""Starting a results report and saving its draft. The web form and the demo write through here;
the rules are results/rules.py."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from agreements.models import Agreement
from audit.services import audit_record
from pa_portal.errors import DomainError, StaleRevision
from pa_portal.thaitext import clean_text

from . import deadlines, permissions, rules
from .models import ChallengeResult, IndicatorResult, ResultsReport, RowResult, StepResult, TargetResult
from .selectors import report_lock
from .snapshot import report_to_dict

STALE = (
    "รายงานผลนี้ถูกบันทึกจากหน้าต่างหรืออุปกรณ์อื่นหลังจากที่คุณเปิดหน้านี้ "
    "ระบบจึงยังไม่บันทึกข้อความของคุณ (ข้อความยังอยู่ในแบบฟอร์ม) "
    "กรุณาคัดลอกข้อความเก็บไว้ แล้วโหลดหน้าใหม่เพื่อดูฉบับล่าสุดก่อนแก้ไขต่อ"
)


@transaction.atomic
def report_start(*, agreement: Agreement, actor) -> ResultsReport:
    """Open the owner's results report of an agreed agreement (once the year's window is open)."""
    if agreement.owner_id != actor.pk or not permissions.can_report(actor):
        raise PermissionDenied("เฉพาะเจ้าของข้อตกลงที่รายงานผลได้")
    agreement = Agreement.objects.select_for_update().select_related("fiscal_year").get(pk=agreement.pk)
    existing = ResultsReport.objects.filter(agreement=agreement).first()
    if existing is not None:
        return existing
    deadlines.open_check(agreement)
    basis = agreement.submissions.filter(review__decision="agreed").order_by("-version").first()
    if basis is None:
        raise DomainError("ไม่พบฉบับที่ผู้บังคับบัญชาเห็นชอบของข้อตกลงนี้")
    report = ResultsReport.objects.create(agreement=agreement, basis=basis)
    deadlines.write_check(report)  # after its deadline only with an extension (rolls back)
    audit_record(actor=actor, action="results.created", obj=report, agreement=agreement)
    return report


def clean_payload(data: dict) -> dict:
    """Repair pasted Thai in every text the deputy typed (see pa_portal.thaitext)."""

    def rating(value):
        return None if value in (None, "") else value

    return {
        **(
            {
                "part1": [
                    {
                        **row,
                        "done": clean_text(row.get("done")),
                        "rating_reason": clean_text(row.get("rating_reason")),
                        "self_rating": rating(row.get("self_rating")),
                        "indicators": [
                            {**e, "description": clean_text(e.get("description"))}
                            for e in row.get("indicators", [])
                        ],
                    }
                    for row in data["part1"]
                ]
            }
            if "part1" in data
            else {}
        ),
        **(
            {
                "part2": [
                    {
                        **issue,
                        "lessons": clean_text(issue.get("lessons")),
                        "rating_reason": clean_text(issue.get("rating_reason")),
                        "self_rating": rating(issue.get("self_rating")),
                        "targets": [
                            {**t, "outcome": clean_text(t.get("outcome"))} for t in issue.get("targets", [])
                        ],
                        "steps": [
                            {**s, "reason": clean_text(s.get("reason"))} for s in issue.get("steps", [])
                        ],
                    }
                    for issue in data["part2"]
                ]
            }
            if "part2" in data
            else {}
        ),
    }


@transaction.atomic
def report_update(
    *, report: ResultsReport, actor, data: dict, expected_revision: int | None
) -> ResultsReport:
    """Save a draft: the Part 1 rows and/or Part 2 issues given in `data`. Incomplete is fine;
    a broken value (a quantitative result that is no number) is refused with every problem
    listed and nothing written; a save based on an older revision is refused (StaleRevision)."""
    locked = report_lock(report)
    permissions.editable_check(actor, locked)
    deadlines.write_check(locked)
    if expected_revision is not None and expected_revision != locked.revision:
        raise StaleRevision(STALE)
    data = clean_payload(data)
    problems = rules.draft_problems(data, locked.basis.snapshot)
    if problems:
        raise DomainError(problems)
    before = report_to_dict(locked)
    _write(locked, data)
    after = report_to_dict(locked)
    changes = _changes(before, after)
    if changes:
        locked.revision += 1
        locked.save(update_fields=["revision", "updated_at"])
        audit_record(
            actor=actor, action="results.saved", obj=locked, agreement=locked.agreement, changes=changes
        )
    report.revision = locked.revision
    return locked


def _changes(before: dict, after: dict) -> dict:
    changes = {}
    for part, key, label in (("part1", "sub_item", "item"), ("part2", "order", "challenge")):
        old = {entry[key]: entry for entry in before[part]}
        for entry in after[part]:
            if old.get(entry[key]) != entry:
                changes[f"{label}:{entry[key]}"] = {"before": old.get(entry[key]), "after": entry}
    return changes


def _write(report: ResultsReport, data: dict) -> None:
    """Replace the results of the rows and issues given (a page saves its own rows whole)."""
    rows = data.get("part1", [])
    if rows:
        codes = [row["sub_item"] for row in rows]
        RowResult.objects.filter(report=report, sub_item__in=codes).delete()
        IndicatorResult.objects.filter(report=report, sub_item__in=codes).delete()
        RowResult.objects.bulk_create(
            RowResult(
                report=report,
                sub_item=row["sub_item"],
                done=row.get("done", ""),
                self_rating=row.get("self_rating"),
                rating_reason=row.get("rating_reason", ""),
            )
            for row in rows
        )
        IndicatorResult.objects.bulk_create(
            IndicatorResult(
                report=report,
                sub_item=row["sub_item"],
                target_group=entry["group"],
                achieved=entry.get("achieved_value"),
                description=entry.get("description", ""),
            )
            for row in rows
            for entry in row.get("indicators", [])
        )
    issues = data.get("part2", [])
    if issues:
        ChallengeResult.objects.filter(report=report, order__in=[i["order"] for i in issues]).delete()
        saved = ChallengeResult.objects.bulk_create(
            ChallengeResult(
                report=report,
                order=issue["order"],
                lessons=issue.get("lessons", ""),
                self_rating=issue.get("self_rating"),
                rating_reason=issue.get("rating_reason", ""),
            )
            for issue in issues
        )
        TargetResult.objects.bulk_create(
            TargetResult(
                challenge=challenge,
                index=entry["index"],
                achieved=entry.get("achieved_value"),
                outcome=entry.get("outcome", ""),
            )
            for challenge, issue in zip(saved, issues, strict=True)
            for entry in issue.get("targets", [])
        )
        StepResult.objects.bulk_create(
            StepResult(
                challenge=challenge,
                index=step["index"],
                status=step.get("status", ""),
                reason=step.get("reason", ""),
            )
            for challenge, issue in zip(saved, issues, strict=True)
            for step in issue.get("steps", [])
        )
