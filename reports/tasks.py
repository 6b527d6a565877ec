"""Thin Celery tasks for packets: plan, then one task per document (so several worker processes
share a packet), and the last document's task queues the assembly. No retries: a document that
fails is recorded in the packet's manifest instead."""

from celery import shared_task

from . import services, stored
from .models import DocumentKind


@shared_task(max_retries=0, soft_time_limit=300, time_limit=330)
def packet_export_start(export_id: int) -> int:
    pending, ready = services.packet_export_plan(export_id=export_id)
    for document_id in pending:
        packet_document_render.delay(document_id)
    if ready:
        packet_export_assemble.delay(export_id)
    return len(pending)


# The soft limit turns a runaway render into a recorded failure; the hard one frees the worker.
@shared_task(max_retries=0, soft_time_limit=120, time_limit=150)
def packet_document_render(document_id: int) -> None:
    export_id = services.packet_document_prepare(document_id=document_id)
    if export_id is not None:
        packet_export_assemble.delay(export_id)


@shared_task(max_retries=0, soft_time_limit=1800, time_limit=1860)
def packet_export_assemble(export_id: int) -> None:
    services.packet_export_assemble(export_id=export_id)


@shared_task(max_retries=0, soft_time_limit=120, time_limit=150)
def document_render(kind: str, source_id: int, thai_digits: bool = False) -> str:
    """Render and store one document (a download view found it missing and queued this)."""
    return stored.document_pdf(kind=kind, source_id=source_id, thai_digits=thai_digits)


@shared_task(max_retries=0, soft_time_limit=240, time_limit=270)
def agreement_pdf_prerender(submission_id: int) -> list[str]:
    """Render and store a submission's PA1 in both digit styles ahead of its first download
    (queued on commit after a submit or a review), so that web workers only serve stored files."""
    return [
        stored.document_pdf(kind=DocumentKind.PA1, source_id=submission_id, thai_digits=thai_digits)
        for thai_digits in (False, True)
    ]
