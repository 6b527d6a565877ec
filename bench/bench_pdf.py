#!/usr/bin/env python
"""PDF benchmarks of the reports app (issue 5).

    .venv/bin/python bench/bench_pdf.py                  # everything, ~15 min on the 2-core machine
    .venv/bin/python bench/bench_pdf.py --only render    # one agreement only
    .venv/bin/python bench/bench_pdf.py --agreements 20  # a smaller packet

Measures, on a throw-away SQLite database and media directory (nothing of var/ is touched):
1. one 22-row agreement (PA1): render time (median of --repeat runs in one process, after one
   cold run) and the process's peak RSS; for the demo agreement's full text and for a short one;
2. a packet of --agreements PA1s exported by a real `celery worker` (Redis broker from
   PA_BENCH_BROKER_URL, default redis://127.0.0.1:6379/15, on a queue of its own) with 1 and
   with 2 worker processes: wall time from the request to the finished file, and the peak RSS of
   every worker process (sampled from /proc and read from VmHWM);
3. the streaming merge alone on the packet's PDFs, once and three times over, to show that its
   memory does not grow with the packet (and pypdf's PdfWriter on the same input, for contrast).
Prints Markdown for docs/PERFORMANCE.md.
"""

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def django_setup(workdir: Path, media: Path | None = None) -> None:
    os.environ.update(
        {
            "DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "pa_portal.settings",
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "VAR_DIR": str(workdir),
            "MEDIA_ROOT": str(media or workdir / "media"),
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()


def peak_rss_mb() -> float:
    """This process's peak RSS. Not ru_maxrss: Linux carries it over from the parent across
    fork and exec, so a child of a big process would report the parent's size."""
    return status_kb(os.getpid(), "VmHWM") / 1024


# --- data ----------------------------------------------------------------------------------------


def prepare(workdir: Path, count: int) -> dict:
    from django.core.management import call_command

    from accounts.models import Office
    from agreements.management.commands.load_policies import load_policy_files
    from reports.tests.factories import compact_data, deputy, submitted_agreement
    from standards.services import standards_load_all

    call_command("migrate", verbosity=0)
    standards_load_all()
    load_policy_files()
    offices = [
        Office.objects.create(code=f"6{n:02d}10000", name=f"สำนักงานเขตพื้นที่การศึกษาประถมศึกษาทดสอบ เขต {n}")
        for n in range(1, 6)
    ]
    started = time.perf_counter()
    full = [submitted_agreement(deputy(offices[n % len(offices)])) for n in range(count)]
    short = submitted_agreement(deputy(offices[0]), data=compact_data())
    print(f"# data: {count} agreements in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return {"full": [s.pk for s in full], "short": short.pk}


# --- 1. one agreement ------------------------------------------------------------------------------


def child_render(submission_id: int, repeat: int) -> dict:
    from pypdf import PdfReader

    from reports import documents

    def once():
        source = documents.load("pa1", submission_id)
        wall, cpu = time.perf_counter(), time.process_time()
        data = documents.render(source, thai_digits=False)
        return time.perf_counter() - wall, time.process_time() - cpu, data

    cold, _cpu, data = once()  # imports, the font configuration, the template cache
    runs = [once()[:2] for _ in range(repeat)]
    import io

    return {
        "cold_s": cold,
        "wall_s": [w for w, _ in runs],
        "cpu_s": [c for _, c in runs],
        "pages": len(PdfReader(io.BytesIO(data)).pages),
        "bytes": len(data),
        "peak_rss_mb": peak_rss_mb(),
    }


def child_reference(repeat: int) -> dict:
    """The reference case of /work/shared/PDF-NOTES.md (0.93 s there): a plain 22-row, 4-column
    table of 350 Thai characters per cell. Tells how this run's machine compares, so it runs on
    WeasyPrint as released, as in the notes: the speed-ups of reports/text_layout.py would lay out
    its 88 identical cells once (0.55 s instead of ~0.9 s)."""
    from weasyprint import HTML

    from reports import pdf, text_layout
    from reports.tests.factories import complete_data

    text_layout.uninstall()

    text = " ".join(row["tasks"] for row in complete_data()["part1"])[:350]
    font = pdf.font_urls()["regular"]
    css = (
        f'@font-face {{ font-family: S; src: url("{font}"); }} @page {{ size: A4 landscape; margin: 1.5cm }}'
        "html { font-family: S; font-size: 12pt } table { width: 100%; border-collapse: collapse;"
        " table-layout: fixed } td { border: 0.5pt solid; padding: 3pt; vertical-align: top }"
    )
    rows = "".join("<tr>" + f"<td>{text}</td>" * 4 + "</tr>" for _ in range(22))
    html = f"<style>{css}</style><table><thead><tr><th>1</th><th>2</th><th>3</th><th>4</th></tr></thead>{rows}</table>"
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        document = HTML(string=html, url_fetcher=pdf.StaticOnlyURLFetcher()).render(
            font_config=pdf.font_config()
        )
        document.write_pdf()
        times.append(time.perf_counter() - started)
    return {"wall_s": times[1:], "pages": len(document.pages)}


def run_child(args: list[str]) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True, env=os.environ.copy()
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- 2. packets on a worker ------------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    children = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def status_kb(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class MemorySampler(threading.Thread):
    """Peak RSS per process of the worker's tree (the parent and its pool processes), and the
    CPU time they used (pool processes are replaced every 50 tasks: their last sample counts)."""

    def __init__(self, root: int):
        super().__init__(daemon=True)
        self.root, self.peaks, self.cpu, self.running = root, {}, {}, True
        self.cpu_before = {pid: cpu_seconds(pid) for pid in descendants(root)}

    def run(self):
        while self.running:
            self.sample()
            time.sleep(0.1)

    def sample(self):
        for pid in descendants(self.root):
            kb = max(status_kb(pid, "VmRSS"), status_kb(pid, "VmHWM"))
            self.peaks[pid] = max(self.peaks.get(pid, 0), kb)
            self.cpu[pid] = max(self.cpu.get(pid, 0.0), cpu_seconds(pid))

    def stop(self) -> dict:
        self.sample()
        self.running = False
        parent = self.peaks.pop(self.root, 0)
        cpu = sum(self.cpu.values()) - sum(self.cpu_before.values())
        return {
            "parent_mb": parent / 1024,
            "pool_mb": max(self.peaks.values(), default=0) / 1024,
            "cpu_s": cpu,
        }


def packet_on_worker(workdir: Path, submission_ids: list[int], processes: int, broker: str) -> dict:
    from celery.exceptions import AlwaysEagerIgnored
    from pypdf import PdfReader

    from agreements.models import FiscalYear
    from pa_portal.celery import app
    from reports import services

    warnings.simplefilter("ignore", AlwaysEagerIgnored)  # this process has no broker; the worker has

    media = workdir / f"media-{processes}p"  # a fresh store: every PDF is rendered in this run
    queue = f"bench-pdf-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "CELERY_BROKER_URL": broker, "CELERY_PDF_QUEUE": queue, "MEDIA_ROOT": str(media)}
    log = workdir / f"worker-{processes}p.log"
    command = [str(Path(sys.executable).with_name("celery")), "-A", "pa_portal", "worker", "-Q", queue]
    command += ["--concurrency", str(processes), "--max-tasks-per-child", "50", "-n", f"{queue}@%h"]
    command += ["--without-gossip", "--without-mingle", "-l", "info"]
    with log.open("w") as output:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        while "ready." not in log.read_text():
            if worker.poll() is not None:
                raise RuntimeError(log.read_text()[-3000:])
            time.sleep(0.2)
        sampler = MemorySampler(worker.pid)
        sampler.start()
        export = services.packet_export_request(
            actor=None, fiscal_year=FiscalYear.objects.get(year=2570), kinds=["pa1"], queue=False
        )
        started = time.perf_counter()
        with app.connection_for_write(broker) as connection:
            app.send_task(
                "reports.tasks.packet_export_start", args=[export.pk], queue=queue, connection=connection
            )
        while True:
            export.refresh_from_db()
            if export.is_finished:
                break
            if worker.poll() is not None:
                raise RuntimeError(log.read_text()[-3000:])
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        memory = sampler.stop()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        import redis

        redis.Redis.from_url(broker).delete(queue, f"_kombu.binding.{queue}")
    path = media / export.file.name
    return {
        "processes": processes,
        "documents": export.total,
        "failed": len(export.manifest),
        "pages": len(PdfReader(path).pages),
        "mb": path.stat().st_size / 1e6,
        "seconds": elapsed,
        "export": export.pk,
        "media": str(media),
        **memory,
    }


# --- 3. the merge alone ----------------------------------------------------------------------------


def child_merge(files: list[str], times: int, writer: str) -> dict:
    from reports.merge import Bookmark, StreamingMerger

    baseline = peak_rss_mb()  # Django and the libraries, before the first document is read
    started = time.perf_counter()
    pages = 0
    with tempfile.TemporaryFile() as out:
        if writer == "stream":
            merger = StreamingMerger(out)
            for _ in range(times):
                for name in files:
                    first, _count = merger.append(name)
                    merger.add_bookmark(Bookmark(Path(name).stem, first))
            merger.finish()
            pages = merger.page_count
        else:
            from pypdf import PdfWriter

            pdf_writer = PdfWriter()
            for _ in range(times):
                for name in files:
                    pdf_writer.append(name)
            pdf_writer.write(out)
            pages = len(pdf_writer.pages)
    return {
        "seconds": time.perf_counter() - started,
        "pages": pages,
        "peak_rss_mb": peak_rss_mb(),
        "growth_mb": peak_rss_mb() - baseline,
    }


# --- report ----------------------------------------------------------------------------------------


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    mem_kb = int(
        next(
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    )
    os_name = next(
        (
            line.split("=", 1)[1].strip('"')
            for line in Path("/etc/os-release").read_text().splitlines()
            if line.startswith("PRETTY_NAME")
        ),
        platform.platform(),
    )
    import weasyprint
    from weasyprint.text.ffi import pango

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": os_name,
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "pango": "{}.{}.{}".format(*divmod(pango.pango_version() // 100, 100), pango.pango_version() % 100),
    }


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", choices=["render", "packet", "merge"], action="append")
    parser.add_argument("--agreements", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", help="also write the raw results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (database, PDFs)")
    parser.add_argument("--child", choices=["render", "merge", "reference"], help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--submission", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--files", help=argparse.SUPPRESS)
    parser.add_argument("--times", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--writer", default="stream", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        django_setup(Path(args.workdir))
        if args.child == "render":
            print(json.dumps(child_render(args.submission, args.repeat)))
        elif args.child == "reference":
            print(json.dumps(child_reference(args.repeat)))
        else:
            files = Path(args.files).read_text().split("\n")
            print(json.dumps(child_merge(files, args.times, args.writer)))
        return

    only = set(args.only or ["render", "packet", "merge"])
    broker = (
        os.environ.get("PA_BENCH_BROKER_URL")
        or os.environ.get("PA_TEST_BROKER_URL")
        or "redis://127.0.0.1:6379/15"
    )
    workdir = Path(tempfile.mkdtemp(prefix="pa-bench-pdf-"))
    django_setup(workdir)
    results = {"machine": machine(), "load_before": os.getloadavg()}
    count = args.agreements if only & {"packet", "merge"} else 1
    data = prepare(workdir, count)

    if "render" in only:
        common = ["--workdir", str(workdir), "--repeat", str(args.repeat)]
        results["render_full"] = run_child(
            ["--child", "render", "--submission", str(data["full"][0]), *common]
        )
        results["render_short"] = run_child(
            ["--child", "render", "--submission", str(data["short"]), *common]
        )
        results["reference"] = run_child(["--child", "reference", *common])
    if only & {"packet", "merge"}:
        results["packets"] = [packet_on_worker(workdir, data["full"], n, broker) for n in (1, 2)]
    if "merge" in only:
        from reports.models import PacketDocument

        last = results["packets"][-1]
        names = PacketDocument.objects.filter(export_id=last["export"]).order_by("position")
        files = workdir / "files.txt"
        files.write_text("\n".join(str(Path(last["media"]) / d.pdf_name) for d in names))
        common = ["--child", "merge", "--workdir", str(workdir), "--files", str(files)]
        results["merge"] = [
            {"writer": "stream", "documents": len(names), **run_child([*common, "--times", "1"])},
            {"writer": "stream", "documents": 3 * len(names), **run_child([*common, "--times", "3"])},
            {"writer": "pypdf", "documents": len(names), **run_child([*common, "--writer", "pypdf"])},
        ]
    results["load_after"] = os.getloadavg()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(report(results, args))
    if args.keep:
        print(f"\n(work directory kept: {workdir})", file=sys.stderr)
    else:
        shutil.rmtree(workdir, ignore_errors=True)


def report(r: dict, args) -> str:
    m = r["machine"]
    out = [
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB RAM, {m['os']}, Python {m['python']}, "
        f"WeasyPrint {m['weasyprint']}, Pango {m['pango']}. Load average before/after: "
        f"{r['load_before'][0]:.1f} / {r['load_after'][0]:.1f}.",
        "",
    ]
    if "render_full" in r:
        out += [
            f"| one agreement (PA1, 22 rows) | pages | median of {args.repeat} | min – max | CPU median | cold first render | peak RSS |",
            "|---|---|---|---|---|---|---|",
        ]
        for label, key in (
            ("demo agreement, full text", "render_full"),
            ("short text (a line per cell)", "render_short"),
        ):
            x = r[key]
            out.append(
                f"| {label} | {x['pages']} | {statistics.median(x['wall_s']):.2f} s | {min(x['wall_s']):.2f} – "
                f"{max(x['wall_s']):.2f} s | {statistics.median(x['cpu_s']):.2f} s | {x['cold_s']:.2f} s | {x['peak_rss_mb']:.0f} MB |"
            )
        x = r["reference"]
        out.append(
            f"| reference case of PDF-NOTES.md (plain table, 350 characters per cell; 0.93 s there) | {x['pages']} "
            f"| {statistics.median(x['wall_s']):.2f} s | {min(x['wall_s']):.2f} – {max(x['wall_s']):.2f} s | | | |"
        )
        out.append("")
    if "packets" in r:
        out += [
            "| packet (PA1, merged PDF) | documents | pages | file | wall time | wall per document "
            "| worker CPU per document | peak RSS, pool process | peak RSS, worker parent |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for x in r["packets"]:
            out.append(
                f"| {x['processes']} worker process{'es' if x['processes'] > 1 else ''} | {x['documents']} "
                f"({x['failed']} failed) | {x['pages']} | {x['mb']:.1f} MB | {x['seconds']:.0f} s | "
                f"{x['seconds'] / x['documents']:.2f} s | {x['cpu_s'] / x['documents']:.2f} s "
                f"| {x['pool_mb']:.0f} MB | {x['parent_mb']:.0f} MB |"
            )
        out.append("")
    if "merge" in r:
        out += [
            "| merge alone | documents | pages | time | peak RSS | growth while merging |",
            "|---|---|---|---|---|---|",
        ]
        for x in r["merge"]:
            label = (
                "streaming merge (reports.merge)"
                if x["writer"] == "stream"
                else "pypdf PdfWriter, for contrast"
            )
            out.append(
                f"| {label} | {x['documents']} | {x['pages']} | {x['seconds']:.1f} s | {x['peak_rss_mb']:.0f} MB "
                f"| +{x['growth_mb']:.0f} MB |"
            )
    return "\n".join(out)


if __name__ == "__main__":
    main()
