"""Summarise one load run as a Markdown table: per page the client-side latency (locust), the
server time and SQL query count (Server-Timing), and the page's server time as a ratio to the
floor view measured in the same run.

    python bench/load/report.py RESULTS_DIR TITLE  > RESULTS_DIR/summary.md
"""

import csv
import json
import os
import statistics
import sys
from pathlib import Path

FLOOR = "GET /bench/floor (floor)"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def ramp_times(results: Path) -> float | None:
    """Seconds of steady state measured (from the reset after the ramp to the stop)."""
    path = results / "sign_in.json"
    if not path.exists():
        return None
    ramp = json.loads(path.read_text(encoding="utf-8"))
    if ramp.get("steady_from"):
        end = (ramp.get("stopped_at") or [None])[0] or float(os.environ.get("DURATION", 180)) + ramp[
            "steady_from"
        ][0]
        measured = end - ramp["steady_from"][0]
        # The users' last requests during locust's stop are counted too; the planned span is
        # the better divisor when it is known.
        return min(measured, float(os.environ["DURATION"])) if os.environ.get("DURATION") else measured
    return None


def main(results: Path, title: str) -> None:
    with (results / "locust_stats.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    timing = json.loads((results / "server_timing.json").read_text(encoding="utf-8"))
    verify = (
        json.loads((results / "verify.json").read_text(encoding="utf-8"))
        if (results / "verify.json").exists()
        else None
    )
    # The ratio compares CPU time: wall time under load mostly measures the queue.
    floor_cpu = statistics.median(timing.get(FLOOR, {}).get("cpu_ms") or [0.0]) or 1e-9

    total = next(r for r in rows if r["Name"] == "Aggregated")
    lines = [f"### {title}", ""]
    lines.append(
        f"Requests: {total['Request Count']}, failures: {total['Failure Count']} "
        f"({100 * int(total['Failure Count']) / max(int(total['Request Count']), 1):.2f} %), "
        f"throughput {float(total['Requests/s']):.1f} req/s; "
        f"all requests p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms."
    )
    if verify is not None:
        lines.append(
            f"Data check: {verify['recorded_submits_checked']} of {verify['recorded_submits']} recorded submits "
            f"verified against what was posted, {verify['submissions_in_database']} submissions re-hashed, "
            f"{verify['submitted_or_agreed_agreements_checked']} submitted/agreed agreements equal their "
            f"latest snapshot; problems: {len(verify['problems'])}."
        )
    sign_in_file = results / "sign_in.json"
    if sign_in_file.exists():
        ramp = json.loads(sign_in_file.read_text(encoding="utf-8"))
        if ramp.get("client_ms"):
            lines.append(
                f"All sign-ins of the run, ramp included (the table is the steady state after the ramp): "
                f"{len(ramp['client_ms'])} sign-ins, p50 {statistics.median(ramp['client_ms']):.0f} ms, "
                f"p95 {percentile(ramp['client_ms'], 95):.0f} ms; server p50 "
                f"{statistics.median(ramp.get('server_ms') or [0]):.0f} ms."
            )
    steady = ramp_times(results)
    if steady:
        cpu_total = sum(sum(t.get("cpu_ms", [])) for t in timing.values()) / 1000
        lines.append(
            f"The portal's request threads used {cpu_total / steady:.2f} CPU-seconds per second of the "
            f"{steady:.0f} s measured (of the machine's {os.cpu_count()} cores, shared with the database, "
            f"the load generator and the other engineers' work)."
        )
    lines += [
        "",
        "| page | requests | failures | p50 ms | p95 ms | p99 ms | server p50 ms | server p95 ms "
        "| server CPU p50 ms | SQL p50 ms | SQL queries | × floor (CPU) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in sorted((r for r in rows if r["Name"] != "Aggregated"), key=lambda r: r["Name"]):
        t = timing.get(row["Name"], {})
        app, cpu, sql, db = t.get("app_ms", []), t.get("cpu_ms", []), t.get("sql", []), t.get("db_ms", [])
        server50 = statistics.median(app) if app else None
        cpu50 = statistics.median(cpu) if cpu else None
        queries = "–" if not sql else (f"{min(sql)}" if min(sql) == max(sql) else f"{min(sql)}–{max(sql)}")
        lines.append(
            f"| {row['Name']} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} "
            f"| {row['99%']} | {'–' if server50 is None else f'{server50:.1f}'} "
            f"| {'–' if not app else f'{percentile(app, 95):.1f}'} "
            f"| {'–' if cpu50 is None else f'{cpu50:.1f}'} "
            f"| {'–' if not db else f'{statistics.median(db):.1f}'} | {queries} "
            f"| {'–' if cpu50 is None else f'{cpu50 / floor_cpu:.0f}'} |"
        )
    print("\n".join(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
