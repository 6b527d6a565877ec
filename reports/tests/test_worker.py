"""A packet exported by a real `celery worker` process over the broker that CI provides."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection
from pypdf import PdfReader

from accounts.models import Office
from agreements.models import FiscalYear, Submission
from reports import services
from reports.models import PacketDocument, PacketExport

from .factories import compact_data, deputy, submitted_agreement

BROKER = os.environ.get("PA_TEST_BROKER_URL")


@pytest.fixture
def broker():
    if not BROKER:
        if os.environ.get("PA_REQUIRE_REAL_SERVICES") == "1":
            pytest.fail("PA_REQUIRE_REAL_SERVICES=1 but PA_TEST_BROKER_URL is not set")
        pytest.skip("no broker: set PA_TEST_BROKER_URL (e.g. redis://127.0.0.1:6379/15)")
    return BROKER


def database_url() -> str:
    """The test database, as the worker process must open it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        if db["NAME"] in ("", ":memory:") or "mode=memory" in str(db["NAME"]):
            pytest.fail("the worker test needs a file database (reports/tests/conftest.py sets one)")
        return f"sqlite:///{db['NAME']}"
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{auth}{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


@pytest.fixture
def worker(broker, media, tmp_path):
    """`celery -A pa_portal worker` with two processes, on a queue of its own (so no other worker
    on the same broker takes these tasks), against this test's database and media directory."""
    queue = f"reports-test-{uuid.uuid4().hex[:10]}"
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "pa_portal.settings",
        "CELERY_BROKER_URL": broker,
        "CELERY_PDF_QUEUE": queue,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(media),
    }
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "pa_portal", "worker", "-Q", queue, "--concurrency", "2"]
    command += ["-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "-l", "info"]
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    yield {"queue": queue, "log": log, "process": process}
    process.send_signal(signal.SIGTERM)  # warm shutdown: finish the task at hand, then leave
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    import redis

    redis.Redis.from_url(broker).delete(f"_kombu.binding.{queue}", queue)


def wait_until_finished(export: PacketExport, worker, *, limit_seconds: int = 600) -> PacketExport:
    """Polls the database as the progress page does; the limit only guards against a hang."""
    deadline = time.monotonic() + limit_seconds
    while time.monotonic() < deadline:
        export.refresh_from_db()
        if export.is_finished:
            return export
        if worker["process"].poll() is not None:
            pytest.fail(f"the worker exited:\n{worker['log'].read_text()[-4000:]}")
        time.sleep(0.5)
    pytest.fail(f"packet not finished ({export.done}/{export.total}):\n{worker['log'].read_text()[-4000:]}")


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore::celery.exceptions.AlwaysEagerIgnored")  # this process has no broker
def test_worker_exports_a_packet_of_twenty_agreements_and_lists_the_broken_one(
    role_groups, standards, policies, people, worker, monkeypatch
):
    # The packet itself must render every document here (as for agreements submitted before PDFs
    # were pre-rendered on submit), so that the tampered snapshot is caught at render time.
    monkeypatch.setattr("reports.tasks.agreement_pdf_prerender.delay", lambda submission_id: None)
    offices = [people["office"], people["other_office"]]
    offices.append(Office.objects.create(code="65030000", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพิษณุโลก เขต 3"))
    owners = [people["deputy"], people["other_deputy"]]
    owners += [deputy(offices[n % 3], first_name=f"ผู้จัดทำที่{n:02d}") for n in range(19)]
    submissions = [submitted_agreement(owner, data=compact_data()) for owner in owners]
    broken = submissions[7]
    Submission.objects.filter(pk=broken.pk).update(snapshot={**broken.snapshot, "part1": []})

    export = services.packet_export_request(
        actor=people["hr"],
        fiscal_year=FiscalYear.objects.get(year=2570),
        kinds=["pa1"],
        states=["submitted"],
        queue=False,
    )
    from pa_portal.celery import app

    # The same message `packet_export_request` queues on commit, sent over the real broker.
    with app.connection_for_write(BROKER) as conn:
        app.send_task(
            "reports.tasks.packet_export_start", args=[export.pk], queue=worker["queue"], connection=conn
        )
    export = wait_until_finished(export, worker)

    assert export.status == PacketExport.Status.DONE, export.error
    assert (export.done, export.total) == (21, 21)
    assert [(f["person"], f["agreement"]) for f in export.manifest] == [
        (broken.agreement.owner_name, broken.agreement.number)
    ]
    assert "SHA-256" in export.manifest[0]["error"]

    ready = list(export.documents.filter(status=PacketDocument.Status.READY).order_by("position"))
    assert len(ready) == 20
    singles = [len(PdfReader(default_storage.open(d.pdf_name)).pages) for d in ready]
    reader = PdfReader(export.file.open("rb"))
    assert len(reader.pages) == sum(singles) == export.pages

    marks = [item for item in reader.outline if not isinstance(item, list)]
    assert [m.title for m in marks] == [f"{d.person} ({d.office_code})" for d in ready]
    starts = [sum(singles[:n]) for n in range(len(singles))]
    assert [reader.get_destination_page_number(m) for m in marks] == starts
    children = [item for item in reader.outline if isinstance(item, list)]
    assert all([c.title for c in group] == ["PA1 ข้อตกลงในการพัฒนางาน ฉบับที่ 1"] for group in children)
    assert broken.agreement.owner_name not in {m.title.split(" (")[0] for m in marks}

    log = worker["log"].read_text()
    assert log.count("reports.tasks.packet_document_render") >= 21  # rendered by the worker
    assert "reports.tasks.packet_export_assemble" in log
