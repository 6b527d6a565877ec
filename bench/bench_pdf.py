#!/usr/bin/env python
"""PDF benchmarks of the reports app.

    .venv/bin/python bench/bench_pdf.py                  # everything, some minutes on 2 cores
    .venv/bin/python bench/bench_pdf.py --only render    # one agreement only
    .venv/bin/python bench/bench_pdf.py --agreements 20  # a smaller packet

Measures, on a throw-away SQLite database and media directory (nothing of var/ is touched):
1. one 22-row agreement (PA1), the demo's full text and a short one: the portal's render
   (`documents.render`: template, URL fetcher, snapshot attachment, Thai text layer) against
   WeasyPrint as released, `weasyprint.HTML(string=html).write_pdf()` on the same HTML, in
   alternation in one process after one cold run of each; the ratio of the medians, and the
   process's peak RSS;
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
    os.environ.update(DEBUG="1", DJANGO_SETTINGS_MODULE="pa_portal.settings", LOG_LEVEL="WARNING")
    os.environ.update(DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}", VAR_DIR=str(workdir))
    os.environ["MEDIA_ROOT"] = str(media or workdir / "media")
    os.environ.pop("CELERY_BROKER_URL", None)
    import django

    django.setup()


def peak_rss_mb() -> float:
    """This process's peak RSS (not ru_maxrss: Linux carries that over across fork and exec)."""
    return status_kb(os.getpid(), "VmHWM") / 1024


# --- data ----------------------------------------------------------------------------------------


def prepare(workdir: Path, count: int) -> dict:
    from django.core.management import call_command

    from accounts.models import Office
    from agreements.management.commands.load_policies import load_policy_files
    from reports import tasks
    from reports.tests.factories import compact_data, deputy, submitted_agreement
    from standards.services import standards_load_all

    tasks.agreement_pdf_prerender.delay = lambda *args, **kwargs: None  # each case renders afresh
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
    """The portal's render and released WeasyPrint's, alternating, on the same HTML."""
    import io

    import weasyprint
    import weasyprint.pdf
    from django.conf import settings
    from pypdf import PdfReader
    from weasyprint.urls import path2url

    from reports import documents, pdf

    source = documents.load("pa1", submission_id)
    html = pdf.render_html("reports/pdf/pa1.html", documents.pa1_context(*source.data))
    base_url = path2url(str(settings.BASE_DIR / "static")) + "/"
    with_text_layer = weasyprint.pdf.build_fonts_dictionary
    released_fonts = getattr(with_text_layer, "__wrapped__", with_text_layer)

    def portal():
        return documents.render(documents.load("pa1", submission_id), thai_digits=False)

    def released():  # no fetcher, attachment, shared fonts or text layer of the portal
        weasyprint.pdf.build_fonts_dictionary = released_fonts
        try:
            return weasyprint.HTML(string=html, base_url=base_url).write_pdf()
        finally:
            weasyprint.pdf.build_fonts_dictionary = with_text_layer

    def timed(render):
        wall, cpu = time.perf_counter(), time.process_time()
        data = render()
        return time.perf_counter() - wall, time.process_time() - cpu, data

    cold, _cpu, data = timed(portal)  # imports, the font configuration, the template cache
    released_pages = len(PdfReader(io.BytesIO(timed(released)[2])).pages)
    runs = [(timed(portal)[:2], timed(released)[0]) for _ in range(repeat)]
    result = dict(cold_s=cold, wall_s=[p[0] for p, _ in runs], cpu_s=[p[1] for p, _ in runs])
    result.update(released_wall_s=[r for _, r in runs], released_pages=released_pages)
    return {**result, "pages": len(PdfReader(io.BytesIO(data)).pages), "peak_rss_mb": peak_rss_mb()}


def run_child(workdir: Path, **spec) -> dict:
    """One measurement in a fresh process of its own (its peak RSS is its own)."""
    argv = [sys.executable, __file__, "--child", json.dumps({"workdir": str(workdir), **spec})]
    result = subprocess.run(argv, capture_output=True, text=True, check=True, env=os.environ.copy())
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- 2. packets on a worker ------------------------------------------------------------------------


def descendants(pid: int) -> list[int]:
    try:  # the children of each of its threads (a pool process may be forked from any)
        children = [c for t in Path(f"/proc/{pid}/task").glob("*/children") for c in t.read_text().split()]
    except OSError:
        return [pid]
    return [pid, *(found for child in children for found in descendants(int(child)))]


def status_kb(pid: int, field: str) -> int:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return 0
    return next((int(line.split()[1]) for line in lines if line.startswith(field + ":")), 0)


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
        self.cpu_before = sum(cpu_seconds(pid) for pid in descendants(root))

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
        parent, pool = self.peaks.pop(self.root, 0) / 1024, max(self.peaks.values(), default=0) / 1024
        return {"parent_mb": parent, "pool_mb": pool, "cpu_s": sum(self.cpu.values()) - self.cpu_before}


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

    def wait_until(done):
        while not done():
            if worker.poll() is not None:
                raise RuntimeError(log.read_text()[-3000:])
            time.sleep(0.2)

    try:
        wait_until(lambda: "ready." in log.read_text())
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
        wait_until(lambda: export.refresh_from_db() or export.is_finished)
        elapsed = time.perf_counter() - started
        memory = sampler.stop()
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        import redis

        redis.Redis.from_url(broker).delete(queue, f"_kombu.binding.{queue}")
    path = media / export.file.name
    result = dict(processes=processes, documents=export.total, failed=len(export.manifest), seconds=elapsed)
    result.update(pages=len(PdfReader(path).pages), mb=path.stat().st_size / 1e6, export=export.pk)
    return {**result, "media": str(media), **memory}


# --- 3. the merge alone ----------------------------------------------------------------------------


def child_merge(files: list[str], times: int, writer: str) -> dict:
    from pypdf import PdfWriter

    from reports.merge import Bookmark, StreamingMerger

    baseline = peak_rss_mb()  # Django and the libraries, before the first document is read
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        if writer == "stream":
            merger = StreamingMerger(out)
            for name in files * times:
                merger.add_bookmark(Bookmark(Path(name).stem, merger.append(name)[0]))
            merger.finish()
            pages = merger.page_count
        else:  # everything in memory until written
            pdf_writer = PdfWriter()
            for name in files * times:
                pdf_writer.append(name)
            pdf_writer.write(out)
            pages = len(pdf_writer.pages)
    seconds, peak = time.perf_counter() - started, peak_rss_mb()
    return {"seconds": seconds, "pages": pages, "peak_rss_mb": peak, "growth_mb": peak - baseline}


# --- report ----------------------------------------------------------------------------------------


def machine() -> dict:
    def first(path: str, prefix: str, sep: str) -> str:
        lines = Path(path).read_text().splitlines()
        return next(
            (line.split(sep, 1)[1].strip().strip('"') for line in lines if line.startswith(prefix)), "?"
        )

    import weasyprint
    from weasyprint.text.ffi import pango

    version = pango.pango_version()
    return {
        "cpu": first("/proc/cpuinfo", "model name", ":"),
        "cores": os.cpu_count(),
        "memory_gb": round(int(first("/proc/meminfo", "MemTotal", ":").split()[0]) / 1024 / 1024, 1),
        "os": first("/etc/os-release", "PRETTY_NAME", "="),
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "pango": f"{version // 10000}.{version // 100 % 100}.{version % 100}",
    }


def main():
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--only", choices=["render", "packet", "merge"], action="append")
    parser.add_argument("--agreements", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--json", help="also write the raw results to this file")
    parser.add_argument("--keep", action="store_true", help="keep the work directory (database, PDFs)")
    parser.add_argument("--child", type=json.loads, help=argparse.SUPPRESS)  # run_child's spec
    args = parser.parse_args()

    if args.child:
        spec = args.child
        django_setup(Path(spec.pop("workdir")))
        child = child_render if spec.pop("child") == "render" else child_merge
        print(json.dumps(child(**spec)))
        return

    only = set(args.only or ["render", "packet", "merge"])
    broker = os.environ.get("PA_BENCH_BROKER_URL") or os.environ.get("PA_TEST_BROKER_URL")
    broker = broker or "redis://127.0.0.1:6379/15"
    workdir = Path(tempfile.mkdtemp(prefix="pa-bench-pdf-"))
    django_setup(workdir)
    results = {"machine": machine(), "load_before": os.getloadavg()}
    count = args.agreements if only & {"packet", "merge"} else 1
    data = prepare(workdir, count)

    if "render" in only:
        for key, submission in (("render_full", data["full"][0]), ("render_short", data["short"])):
            results[key] = run_child(workdir, child="render", submission_id=submission, repeat=args.repeat)
    if only & {"packet", "merge"}:
        results["packets"] = [packet_on_worker(workdir, data["full"], n, broker) for n in (1, 2)]
    if "merge" in only:
        from reports.models import PacketDocument

        last = results["packets"][-1]
        names = PacketDocument.objects.filter(export_id=last["export"]).order_by("position")
        files = [str(Path(last["media"]) / d.pdf_name) for d in names]
        results["merge"] = [
            {"writer": writer, "documents": times * len(files)}
            | run_child(workdir, child="merge", files=files, times=times, writer=writer)
            for writer, times in (("stream", 1), ("stream", 3), ("pypdf", 1))
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
    m, load = r["machine"], f"{r['load_before'][0]:.1f} / {r['load_after'][0]:.1f}"
    out = [f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gb']} GB RAM, {m['os']}, "]
    out[0] += (
        f"Python {m['python']}, WeasyPrint {m['weasyprint']}, Pango {m['pango']}. Load average {load}.\n"
    )

    def table(header: str, rows: list[str]) -> None:
        out.extend([header, "|---" * (header.count("|") - 1) + "|", *rows, ""])

    if "render_full" in r:
        rows = []
        for label, key in (("demo agreement, full text", "render_full"), ("short text", "render_short")):
            x, median = r[key], statistics.median
            portal, released = median(x["wall_s"]), median(x["released_wall_s"])
            rows.append(
                f"| {label} | {x['pages']} | {portal:.2f} s | {min(x['wall_s']):.2f} – {max(x['wall_s']):.2f} s "
                f"| {released:.2f} s | {portal / released:.2f}× | {median(x['cpu_s']):.2f} s "
                f"| {x['cold_s']:.2f} s | {x['peak_rss_mb']:.0f} MB |"
            )
        table(
            f"| one agreement (PA1, 22 rows) | pages | portal, median of {args.repeat} | min – max "
            "| released WeasyPrint, same HTML | ratio | portal CPU | cold first render | peak RSS |",
            rows,
        )
    if "packets" in r:
        rows = [
            f"| {x['processes']} worker process{'es' if x['processes'] > 1 else ''} | {x['documents']} "
            f"({x['failed']} failed) | {x['pages']} | {x['mb']:.1f} MB | {x['seconds']:.0f} s | "
            f"{x['seconds'] / x['documents']:.2f} s | {x['cpu_s'] / x['documents']:.2f} s "
            f"| {x['pool_mb']:.0f} MB | {x['parent_mb']:.0f} MB |"
            for x in r["packets"]
        ]
        table(
            "| packet (PA1, merged PDF) | documents | pages | file | wall time | wall per document "
            "| worker CPU per document | peak RSS, pool process | peak RSS, worker parent |",
            rows,
        )
    if "merge" in r:
        labels = {"stream": "streaming merge (reports.merge)", "pypdf": "pypdf PdfWriter, for contrast"}
        rows = [
            f"| {labels[x['writer']]} | {x['documents']} | {x['pages']} | {x['seconds']:.1f} s "
            f"| {x['peak_rss_mb']:.0f} MB | +{x['growth_mb']:.0f} MB |"
            for x in r["merge"]
        ]
        table("| merge alone | documents | pages | time | peak RSS | growth while merging |", rows)
    return "\n".join(out)


if __name__ == "__main__":
    main()
