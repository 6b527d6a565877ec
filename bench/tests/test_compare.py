"""bench/load/compare.py: two load runs' summaries side by side, as docs/PERFORMANCE.md prints
them, with a page over the target marked, and marked as noise when it had few requests."""

from bench.load.compare import compare, rows

HEADER = (
    "| page | requests | failures | p50 ms | p95 ms | p99 ms | server p50 ms | server p95 ms "
    "| server CPU p50 ms | SQL p50 ms | SQL queries | × floor (CPU) |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
)


def summary(tmp_path, name, lines):
    path = tmp_path / name
    path.write_text("### a run\n\nRequests: 3\n\n" + HEADER + "".join(lines), encoding="utf-8")
    return path


def test_a_page_slower_than_the_target_is_marked_and_one_with_few_requests_is_called_noise(tmp_path):
    old = summary(
        tmp_path,
        "old.md",
        [
            "| GET /part1 | 120 | 0 | 20 | 40 | 60 | 1 | 2 | 16.0 | 1 | 5 | 3 |\n",
            "| GET /sheet | 5 | 0 | 50 | 60 | 70 | 1 | 2 | 30.0 | 1 | 5 | 3 |\n",
            "| GET /home | 200 | 0 | 10 | 20 | 30 | 1 | 2 | 8.0 | 1 | 5 | 3 |\n",
        ],
    )
    new = summary(
        tmp_path,
        "new.md",
        [
            "| GET /part1 | 118 | 0 | 30 | 60 | 90 | 1 | 2 | 26.0 | 1 | 5 | 3 |\n",
            "| GET /sheet | 6 | 0 | 80 | 90 | 99 | 1 | 2 | 48.0 | 1 | 5 | 3 |\n",
            "| GET /home | 210 | 0 | 10 | 22 | 30 | 1 | 2 | 7.0 | 1 | 5 | 3 |\n",
        ],
    )
    table = compare(rows(old), rows(new), target=1.3).splitlines()
    assert table[2] == "| GET /home | 200 / 210 | 20 | 22 | 1.10× | 10 / 10 | 8.0 / 7.0 |"
    assert table[3] == "| GET /part1 | 120 / 118 | 40 | 60 | 1.50× **over** | 20 / 30 | 16.0 / 26.0 |"
    assert table[4] == "| GET /sheet | 5 / 6 | 60 | 90 | 1.50× (few requests) | 50 / 80 | 30.0 / 48.0 |"
