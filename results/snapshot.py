"""The results report as one plain dict: the agreed targets (from the agreement's agreed snapshot)
with the deputy's results beside them, and whether each quantitative target was met (computed).
It is the snapshot stored on every submission and the PDF is rendered from it alone."""

from agreements.models import IndicatorKind, Target

from . import measures
from .models import ChallengeResult, IndicatorResult, ResultsReport, RowResult, StepResult, TargetResult

FORMAT = "pa-portal/results@1"
QUANTITATIVE_KINDS = (IndicatorKind.QUANTITATIVE, IndicatorKind.BOTH)
QUALITATIVE_KINDS = (IndicatorKind.QUALITATIVE, IndicatorKind.BOTH)


def _value(decimal) -> str:
    return measures.plain(decimal)


def report_to_dict(report: ResultsReport) -> dict:
    basis = report.basis.snapshot
    rows = {r.sub_item: r for r in RowResult.objects.filter(report=report)}
    indicators = {(i.sub_item, i.target_group): i for i in IndicatorResult.objects.filter(report=report)}
    challenges = {c.order: c for c in ChallengeResult.objects.filter(report=report)}
    targets = {(t.challenge_id, t.index): t for t in TargetResult.objects.filter(challenge__report=report)}
    steps = {(s.challenge_id, s.index): s for s in StepResult.objects.filter(challenge__report=report)}

    part1 = []
    for row in basis["part1"]:
        code = row["sub_item"]
        saved = rows.get(code)
        entries = []
        for target in row.get("targets", []):
            result = indicators.get((code, target["group"]))
            kind = target.get("kind") or ""
            measure = measures.measure_of_indicator(target.get("indicator", ""))
            measure = measure.as_dict() if measure and kind in QUANTITATIVE_KINDS else None
            achieved = _value(result.achieved) if result else ""
            entries.append(
                {
                    "group": target["group"],
                    "outcome": target.get("outcome", ""),
                    "indicator": target.get("indicator", ""),
                    "kind": kind,
                    "target": measure,
                    "achieved": achieved,
                    "description": result.description if result else "",
                    "met": measures.is_met(measure, achieved),
                }
            )
        part1.append(
            {
                "sub_item": code,
                "domain": row["domain"],
                "domain_title": row["domain_title"],
                "sub_item_text": row["sub_item_text"],
                "tasks": row.get("tasks", ""),
                "done": saved.done if saved else "",
                "self_rating": saved.self_rating if saved else None,
                "rating_reason": saved.rating_reason if saved else "",
                "indicators": entries,
            }
        )

    part2 = []
    for issue in basis["part2"]:
        saved = challenges.get(issue["order"])
        key = saved.pk if saved else None
        issue_targets = []
        for index, target in enumerate(issue.get("targets", [])):
            result = targets.get((key, index))
            entry = {"kind": target["kind"], "text": target.get("text", "")}
            if target["kind"] == Target.Kind.QUANTITATIVE:
                measure = measures.measure_of_target(
                    target["text"], target.get("value"), target.get("unit", "")
                )
                measure = measure.as_dict() if measure else None
                achieved = _value(result.achieved) if result else ""
                entry.update(target=measure, achieved=achieved, met=measures.is_met(measure, achieved))
            else:
                entry["outcome"] = result.outcome if result else ""
            issue_targets.append(entry)
        issue_steps = []
        for index, step in enumerate(issue.get("method", [])):
            result = steps.get((key, index))
            issue_steps.append(
                {
                    "order": step.get("order", index + 1),
                    "text": step.get("text", ""),
                    "start_month": step.get("start_month"),
                    "end_month": step.get("end_month"),
                    "status": result.status if result else "",
                    "reason": result.reason if result else "",
                }
            )
        part2.append(
            {
                "order": issue["order"],
                "title": issue.get("title", ""),
                "targets": issue_targets,
                "method": issue_steps,
                "lessons": saved.lessons if saved else "",
                "self_rating": saved.self_rating if saved else None,
                "rating_reason": saved.rating_reason if saved else "",
            }
        )

    agreement = report.agreement
    return {
        "format": FORMAT,
        "agreement": {
            "number": agreement.number,
            "fiscal_year": basis["fiscal_year"],
            "version": report.basis.version,
            "sha256": report.basis.sha256,
        },
        "standard": basis["standard"],
        "owner": basis["owner"],
        "part1": part1,
        "part2": part2,
    }


def summary(data: dict) -> dict:
    """How many quantitative targets have a result and how many of them were met."""
    measured = [
        entry for row in data["part1"] for entry in row["indicators"] if entry["target"] is not None
    ] + [t for issue in data["part2"] for t in issue["targets"] if t.get("target")]
    return {
        "targets": len(measured),
        "reported": sum(1 for e in measured if e["achieved"] != ""),
        "met": sum(1 for e in measured if e["met"]),
    }
