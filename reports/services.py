"""HR's packets of official documents (one document, rendered once and stored: reports/stored.py).

A packet runs in three steps, each a service that a thin Celery task calls (and that the
`export_packet` command calls in process): plan the documents, prepare each document (render it
unless it is stored already; a failure is recorded, never raised), then assemble the stored PDFs
into one merged PDF or a ZIP, streamed through a temporary file.
"""

import io
import json
import logging
import re
import tempfile
import zipfile
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from agreements.models import Agreement, FiscalYear
from agreements.permissions import agreements_visible_to
from audit.services import audit_record
from pa_portal.errors import DomainError
from pa_portal.permissions import is_hr
from verification.selectors import any_sealed

from . import documents, selectors
from .merge import Bookmark, StreamingMerger
from .models import DocumentKind, PacketDocument, PacketExport
from .notices import notify_packet_ready
from .packet_note import SEAL_NOTE_TITLE, packet_seal_note
from .stored import document_pdf

logger = logging.getLogger(__name__)


# --- packets --------------------------------------------------------------------------------


@transaction.atomic
def packet_export_request(
    *,
    actor,
    fiscal_year: FiscalYear,
    offices=(),
    kinds: list[str],
    states: list[str] = (),
    format: str = PacketExport.Format.PDF,
    thai_digits: bool = False,
    queue: bool = True,
) -> PacketExport:
    """Record HR's request and queue its task once the request is committed. `actor=None` is
    the command line (whole scope); `queue=False` leaves running it to the caller."""
    if actor is not None and not is_hr(actor):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่บริหารงานบุคคลที่ส่งออกชุดเอกสารได้")
    unknown = set(kinds) - set(documents.available_kinds())
    if not kinds or unknown:
        raise ValidationError("เลือกประเภทเอกสารที่ระบบสร้างได้อย่างน้อยหนึ่งประเภท")
    if set(states) - set(Agreement.Status.values):
        raise ValidationError("สถานะข้อตกลงไม่ถูกต้อง")
    export = PacketExport.objects.create(
        requested_by=actor,
        fiscal_year=fiscal_year,
        kinds=[k for k in DocumentKind.values if k in kinds],
        states=list(states),
        format=format,
        thai_digits=thai_digits,
    )
    export.offices.set(offices)
    audit_record(
        actor=actor,
        action="packet.requested",
        obj=export,
        changes={
            "fiscal_year": fiscal_year.year,
            "offices": sorted(o.code for o in offices),
            "kinds": export.kinds,
            "states": export.states,
            "format": format,
        },
    )
    if queue:
        from . import tasks

        transaction.on_commit(lambda: tasks.packet_export_start.delay(export.pk))
    return export


@transaction.atomic
def packet_export_plan(*, export_id: int) -> tuple[list[int], bool]:
    """Decide the packet's documents, in order: by office, person, then kind.

    Returns the ids of the documents to prepare, and whether the packet is ready to assemble
    already (nothing to prepare). A person with nothing to print for a kind (e.g. a draft has
    no PA1) is listed as a failure, so HR sees who is missing."""
    export = PacketExport.objects.select_for_update().get(pk=export_id)
    if export.status != PacketExport.Status.QUEUED:
        return [], False  # a redelivered task: the plan exists
    rows = []
    for agreement in _packet_agreements(export):
        for kind in export.kinds:
            sources = documents.sources_for(kind, agreement)
            if not sources:
                rows.append(_packet_row(export, agreement, kind, None, "", PacketDocument.Status.FAILED))
                rows[-1].error = documents.missing_reason(kind, agreement)
            for source_id, label in sources:
                rows.append(
                    _packet_row(export, agreement, kind, source_id, label, PacketDocument.Status.PENDING)
                )
    for position, row in enumerate(rows, start=1):
        row.position = position
    PacketDocument.objects.bulk_create(rows, batch_size=500)
    pending = list(export.documents.filter(status=PacketDocument.Status.PENDING).values_list("pk", flat=True))
    export.total = len(rows)
    export.done = len(rows) - len(pending)
    export.status = PacketExport.Status.RUNNING if pending else PacketExport.Status.ASSEMBLING
    export.save(update_fields=["total", "done", "status"])
    return pending, not pending


def packet_document_prepare(*, document_id: int) -> int | None:
    """Make sure one document's PDF is stored. Never raises for a broken document: the failure
    is recorded on it. When this was the packet's last document, returns the packet's id (the
    caller then assembles it)."""
    document = PacketDocument.objects.select_related("export").get(pk=document_id)
    if document.status != PacketDocument.Status.PENDING:
        return None
    PacketDocument.objects.filter(pk=document.pk).update(started_at=timezone.now())
    try:
        name = document_pdf(
            kind=document.kind, source_id=document.source_id, thai_digits=document.export.thai_digits
        )
        changes = {"status": PacketDocument.Status.READY, "pdf_name": name}
    except Exception as exc:  # one broken document must not sink the packet
        logger.exception("packet %s: document %s failed", document.export_id, document.pk)
        changes = {"status": PacketDocument.Status.FAILED, "error": _failure_text(exc)}
    return _document_finished(document, changes)


def _document_finished(document: PacketDocument, changes: dict) -> int | None:
    """Record a pending document's outcome and count it done; returns the packet's id when this
    was its last document and the caller won the right to assemble it."""
    with transaction.atomic():
        updated = PacketDocument.objects.filter(pk=document.pk, status=PacketDocument.Status.PENDING).update(
            **changes
        )
        if not updated:
            return None
        PacketExport.objects.filter(pk=document.export_id).update(done=F("done") + 1)
        export = PacketExport.objects.get(pk=document.export_id)
        if export.done < export.total:
            return None
        # Only one of the tasks finishing last wins this update.
        claimed = PacketExport.objects.filter(pk=export.pk, status=PacketExport.Status.RUNNING).update(
            status=PacketExport.Status.ASSEMBLING
        )
        return export.pk if claimed else None


# Longer than the render task's hard time limit (reports/tasks.py, 150 s): a document still
# pending this long after its render started will never finish; its worker process was killed
# (the hard limit, or the machine ran out of memory) before it could record anything.
RENDER_GIVE_UP_AFTER = timedelta(seconds=180)
RENDER_KILLED = (
    "การสร้างเอกสารนี้ถูกหยุดกลางคันเพราะใช้เวลานานเกินกำหนด (เครื่องประมวลผลหยุดทำงาน) "
    "เอกสารอื่นในชุดไม่ได้รับผลกระทบ กรุณาสั่งสร้างชุดเอกสารใหม่เฉพาะรายการนี้"
)


def packet_export_recover(*, export_id: int, now=None) -> bool:
    """Fail the documents of a running packet whose render was killed, so the packet finishes
    (with them in its manifest) instead of waiting forever; queues the assembly when that made
    the packet complete. Called whenever the packet's progress is read. Returns whether any
    document was given up."""
    now = now or timezone.now()
    stuck = PacketDocument.objects.filter(
        export_id=export_id,
        export__status=PacketExport.Status.RUNNING,
        status=PacketDocument.Status.PENDING,
        started_at__lt=now - RENDER_GIVE_UP_AFTER,
    )
    given_up = False
    for document in stuck:
        logger.error("packet %s: document %s was killed while rendering", export_id, document.pk)
        claimed = _document_finished(
            document, {"status": PacketDocument.Status.FAILED, "error": RENDER_KILLED}
        )
        given_up = True
        if claimed:
            from . import tasks

            transaction.on_commit(lambda: tasks.packet_export_assemble.delay(export_id))
    return given_up


def packet_export_assemble(*, export_id: int) -> PacketExport:
    """Join the prepared PDFs into the packet's file and write the manifest of failures."""
    export = PacketExport.objects.select_related("fiscal_year").get(pk=export_id)
    try:
        with tempfile.TemporaryFile() as out:
            if export.format == PacketExport.Format.ZIP:
                pages = _assemble_zip(export, out)
            else:
                pages = _assemble_pdf(export, out)
            manifest = selectors.packet_failures(export)
            if pages:
                out.seek(0)
                export.file.save(_packet_filename(export), File(out), save=False)
        export.pages = pages
        export.manifest = manifest
        export.status = PacketExport.Status.DONE
        if not pages:
            export.error = "ไม่มีเอกสารที่สร้างได้ตามเงื่อนไขที่เลือก"
    except Exception as exc:
        logger.exception("packet %s: assembling failed", export.pk)
        export.status = PacketExport.Status.FAILED
        export.error = _failure_text(exc)
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "pages", "manifest", "status", "error", "finished_at"])
    notify_packet_ready(export=export)
    return export


def packet_export_advance(*, export_id: int) -> None:
    """One step of a packet when there is no worker (no broker: `make run`): the packet page's
    progress requests take the steps, one document each, so the request that asked for the packet
    returns at once and the page shows the documents being made."""
    status = PacketExport.objects.filter(pk=export_id).values_list("status", flat=True).first()
    if status == PacketExport.Status.QUEUED:
        _pending, ready = packet_export_plan(export_id=export_id)
        if ready:
            packet_export_assemble(export_id=export_id)
        return
    if status != PacketExport.Status.RUNNING:
        return
    # A document already started is another request's (or was killed: packet_export_recover).
    pending = PacketDocument.objects.filter(
        export_id=export_id, status=PacketDocument.Status.PENDING, started_at__isnull=True
    )
    document_id = pending.order_by("position").values_list("pk", flat=True).first()
    if document_id is not None and packet_document_prepare(document_id=document_id) is not None:
        packet_export_assemble(export_id=export_id)  # this request finished the last document


def packet_export_run(*, export: PacketExport, progress=None) -> PacketExport:
    """The whole packet in this process (the command line): the same steps as the tasks."""
    pending, _ready = packet_export_plan(export_id=export.pk)
    for n, document_id in enumerate(pending, start=1):
        packet_document_prepare(document_id=document_id)
        if progress:
            progress(n, len(pending))
    return packet_export_assemble(export_id=export.pk)


# --- helpers --------------------------------------------------------------------------------


def _packet_agreements(export: PacketExport):
    queryset = Agreement.objects.filter(fiscal_year=export.fiscal_year).select_related("office")
    if export.requested_by is not None:
        queryset = agreements_visible_to(export.requested_by, queryset)
    office_ids = list(export.offices.values_list("pk", flat=True))
    if office_ids:
        queryset = queryset.filter(office_id__in=office_ids)
    if export.states:
        queryset = queryset.filter(status__in=export.states)
    return queryset.order_by("office__code", "owner_name", "pk").iterator(chunk_size=500)


def _packet_row(export, agreement, kind, source_id, label, status) -> PacketDocument:
    title = DocumentKind(kind).label
    if label:
        title = f"{title} {label}"
    return PacketDocument(
        export=export,
        position=0,
        kind=kind,
        source_id=source_id or 0,
        agreement=agreement,
        person=agreement.owner_name,
        office_code=agreement.office.code,
        title=title[:300],
        status=status,
    )


def _assemble_pdf(export: PacketExport, out) -> int:
    merger = StreamingMerger(out, title=f"ชุดเอกสาร PA ปีงบประมาณ {export.fiscal_year.year}")
    ready_names = export.documents.filter(status=PacketDocument.Status.READY).values("pdf_name")
    if any_sealed(ready_names):
        # A seal covers one file's bytes: merged, it no longer holds, so the packet says where it is.
        first, _ = merger.append(io.BytesIO(packet_seal_note(export)))
        merger.add_bookmark(Bookmark(SEAL_NOTE_TITLE, first))
    person_key, person = None, None
    for document in _ready_documents(export):
        try:
            with default_storage.open(document.pdf_name, "rb") as source:
                first, count = merger.append(source)
        except Exception as exc:
            logger.exception("packet %s: document %s unreadable", export.pk, document.pk)
            _mark_failed(document, exc)
            continue
        PacketDocument.objects.filter(pk=document.pk).update(pages=count)
        key = (document.agreement_id, document.person)
        if key != person_key:
            person_key = key
            person = Bookmark(f"{document.person} ({document.office_code})", first)
            merger.add_bookmark(person)
        person.children.append(Bookmark(document.title, first))
    if not merger.page_count:
        return 0
    merger.finish()
    return merger.page_count


def _assemble_zip(export: PacketExport, out) -> int:
    names: set[str] = set()
    files = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for document in _ready_documents(export):
            name = _unique(names, _zip_name(document))
            try:
                with (
                    default_storage.open(document.pdf_name, "rb") as source,
                    archive.open(name, "w") as target,
                ):
                    while chunk := source.read(1 << 16):
                        target.write(chunk)
            except Exception as exc:
                logger.exception("packet %s: document %s unreadable", export.pk, document.pk)
                _mark_failed(document, exc)
                continue
            files += 1
        failures = selectors.packet_failures(export)
        if failures:
            archive.writestr("manifest.json", json.dumps(failures, ensure_ascii=False, indent=2))
    return files


def _ready_documents(export: PacketExport):
    return (
        export.documents.filter(status=PacketDocument.Status.READY)
        .order_by("position")
        .iterator(chunk_size=500)
    )


def _mark_failed(document: PacketDocument, exc: Exception) -> None:
    PacketDocument.objects.filter(pk=document.pk).update(
        status=PacketDocument.Status.FAILED, error=_failure_text(exc)
    )


def _failure_text(exc: Exception) -> str:
    if isinstance(exc, DomainError):
        return str(exc)
    return f"สร้างเอกสารไม่สำเร็จ ({type(exc).__name__}: {str(exc)[:300]})"


_UNSAFE = re.compile(r'[\x00-\x1f/\\:*?"<>|]+')


def _zip_name(document: PacketDocument) -> str:
    person = _UNSAFE.sub("_", document.person).strip() or "ไม่ระบุชื่อ"
    return f"{_UNSAFE.sub('_', document.office_code)}_{person}_{document.kind}.pdf"


def _unique(names: set[str], name: str) -> str:
    candidate, n = name, 1
    while candidate in names:
        n += 1
        candidate = name.removesuffix(".pdf") + f"_{n}.pdf"
    names.add(candidate)
    return candidate


def _packet_filename(export: PacketExport) -> str:
    return f"packet-{export.fiscal_year.year}-{export.pk}.{export.format}"
