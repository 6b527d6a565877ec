"""Old and new code side by side, from two load runs' summaries (bench/load/report.py), as the
tables of docs/PERFORMANCE.md: per page the requests, p95, the ratio of the p95s, the medians
and the server CPU. A ratio over the target is marked; pages with fewer than ten requests in
either run are marked as noise rather than judged.

    python bench/load/compare.py OLD_RUN/single-200 NEW_RUN/single-200 [--target 1.3]
"""

import argparse
from pathlib import Path

FEW = 10


def rows(summary: Path) -> dict[str, dict[str, str]]:
    """The page table of a summary.md, by page name."""
    lines = [line for line in summary.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    table = {}
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        table[cells[0]] = dict(zip(header, cells, strict=True))
    return table


def compare(old: dict, new: dict, target: float) -> str:
    out = [
        "| page | requests old / new | p95 old ms | p95 new ms | ratio | median old / new ms "
        "| server CPU p50 old / new ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for page in sorted(set(old) & set(new)):
        a, b = old[page], new[page]
        ratio = float(b["p95 ms"]) / float(a["p95 ms"])
        few = min(int(a["requests"]), int(b["requests"])) < FEW
        mark = " (few requests)" if few and ratio > target else " **over**" if ratio > target else ""
        out.append(
            f"| {page} | {a['requests']} / {b['requests']} | {a['p95 ms']} | {b['p95 ms']} "
            f"| {ratio:.2f}×{mark} | {a['p50 ms']} / {b['p50 ms']} "
            f"| {a['server CPU p50 ms']} / {b['server CPU p50 ms']} |"
        )
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("old", type=Path, help="the old code's run directory (holding summary.md)")
    parser.add_argument("new", type=Path, help="the new code's run directory")
    parser.add_argument("--target", type=float, default=1.3)
    args = parser.parse_args()
    print(compare(rows(args.old / "summary.md"), rows(args.new / "summary.md"), args.target))


if __name__ == "__main__":
    main()
