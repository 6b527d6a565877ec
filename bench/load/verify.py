"""After a load run: did every submit keep its data?

    python bench/load/verify.py RESULTS_DIR

For each submit the load test recorded: the submission exists with the version the page showed,
its sha256 is the hash of its snapshot, and its Part 1 is exactly what was posted last (after the
portal's own text clean-up). Then for every load agreement: every submission's hash matches,
and an agreement that is submitted or agreed still equals its latest snapshot.
Writes verify.json beside the results; exits 1 on any problem.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pa_portal.settings")

import django  # noqa: E402

django.setup()


from agreements.models import Agreement, Submission, TargetGroup  # noqa: E402
from agreements.snapshot import agreement_to_dict, snapshot_hash  # noqa: E402
from bench.load import loadgen  # noqa: E402
from pa_portal.thaitext import clean_text  # noqa: E402


def posted_part1(fields: dict, codes: list[str]) -> list[dict]:
    rows = []
    for code in codes:
        targets = []
        for group in TargetGroup.values:
            outcome = clean_text(fields.get(f"outcome__{code}__{group}", ""))
            indicator = clean_text(fields.get(f"indicator__{code}__{group}", ""))
            if outcome or indicator:
                kind = fields.get(f"kind__{code}__{group}", "")
                targets.append({"group": group, "outcome": outcome, "indicator": indicator, "kind": kind})
        rows.append(
            {"sub_item": code, "tasks": clean_text(fields.get(f"tasks__{code}", "")), "targets": targets}
        )
    return rows


def stored_part1(snapshot: dict) -> list[dict]:
    return [
        {"sub_item": r["sub_item"], "tasks": r["tasks"], "targets": r["targets"]} for r in snapshot["part1"]
    ]


def main(results: Path) -> int:
    problems = []
    records = [
        json.loads(line) for line in (results / "submissions.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    checked = 0
    for record in records:
        pk, version = record["agreement"], record["version"]
        submission = Submission.objects.filter(agreement_id=pk, version=version).first()
        if submission is None:
            problems.append(f"agreement {pk}: no submission version {version}")
            continue
        if snapshot_hash(submission.snapshot) != submission.sha256:
            problems.append(f"agreement {pk} v{version}: sha256 does not match the snapshot")
        # The rows of the domain page that was posted last.
        codes = [
            row["sub_item"]
            for row in submission.snapshot["part1"]
            if f"tasks__{row['sub_item']}" in record["part1"]
        ]
        stored = [row for row in stored_part1(submission.snapshot) if row["sub_item"] in codes]
        if not codes or stored != posted_part1(record["part1"], codes):
            problems.append(f"agreement {pk} v{version}: Part 1 differs from what was posted")
        checked += 1

    load = Agreement.objects.filter(office__code__startswith=loadgen.OFFICE_PREFIX)
    all_submissions = 0
    for submission in Submission.objects.filter(agreement__in=load).iterator():
        all_submissions += 1
        if snapshot_hash(submission.snapshot) != submission.sha256:
            problems.append(f"submission {submission.pk}: sha256 does not match the snapshot")
    frozen = 0
    for agreement in load.filter(status__in=[Agreement.Status.SUBMITTED, Agreement.Status.AGREED]):
        latest = agreement.submissions.order_by("-version").first()
        if latest is None or latest.snapshot != agreement_to_dict(agreement):
            problems.append(
                f"agreement {agreement.pk} ({agreement.status}): differs from its latest snapshot"
            )
        frozen += 1

    report = {
        "recorded_submits": len(records),
        "recorded_submits_checked": checked,
        "submissions_in_database": all_submissions,
        "submitted_or_agreed_agreements_checked": frozen,
        "problems": problems,
    }
    (results / "verify.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "problems"}), f"problems={len(problems)}")
    for problem in problems[:20]:
        print("  ", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
