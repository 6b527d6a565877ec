"""Official documents rendered once and stored. Stored PDFs are keyed by what they are made of,
so a download serves the file a worker rendered, and a changed source renders again."""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from agreements.models import Submission
from verification import services as verification
from verification.qr import footer
from verification.sealing import seal_configured, seal_pdf

from . import documents
from .models import DocumentKind

logger = logging.getLogger(__name__)


def document_stored_name(*, kind: str, source_id: int, thai_digits: bool = False) -> str:
    """The storage name of the document's PDF, without rendering it (it may not be stored yet).

    Stored PDFs are keyed by what they are made of (the snapshot's SHA-256, the signatures, the
    layout version), so the same snapshot renders once and a changed one renders again. Raises
    `DomainError` when the document cannot exist (an unfinished sheet)."""
    return documents.storage_name(documents.load(kind, source_id), thai_digits=thai_digits)


def document_render_queue(*, kind: str, source_id: int, thai_digits: bool = False) -> None:
    """Queue the document's render on the PDF workers once the current transaction commits."""
    from . import tasks

    transaction.on_commit(lambda: tasks.document_render.delay(kind, source_id, thai_digits), robust=True)


def document_pdf(*, kind: str, source_id: int, thai_digits: bool = False) -> str:
    """The storage name of the document's PDF, rendering and storing it if it is not stored yet
    (on a worker, or the command line: never in a web request).

    The document's verification code is reserved first (every page prints it), the PDF is sealed
    when the document is final, and the SHA-256 of the file as stored is recorded with the code."""
    source = documents.load(kind, source_id)
    name = documents.storage_name(source, thai_digits=thai_digits)
    if not default_storage.exists(name):
        code = verification.code_reserve(
            kind=kind, object_id=source_id, source_key=name, thai_digits=thai_digits
        )
        data = documents.render(source, thai_digits=thai_digits, verification=footer(code))
        reason = documents.seal_reason(source)
        sealed = reason is not None and seal_configured()
        if sealed:
            data = seal_pdf(data, reason=reason)
        elif reason is not None:
            logger.warning("no seal certificate (SIGNING_CERT): %s stored without the seal", name)
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # rendered at the same moment elsewhere: keep the first copy
            default_storage.delete(saved)
        else:
            verification.code_stored(document_code=code, pdf=data, sealed=sealed)
    return name


def agreement_pdf(*, submission: Submission, thai_digits: bool = False) -> str:
    return document_pdf(kind=DocumentKind.PA1, source_id=submission.pk, thai_digits=thai_digits)


def sheet_pdf(*, evaluation, thai_digits: bool = False) -> str:
    """PA2: one evaluator's finalised sheet."""
    return document_pdf(kind=DocumentKind.PA2, source_id=evaluation.pk, thai_digits=thai_digits)


def committee_pdf(*, committee, thai_digits: bool = False) -> str:
    """PA3: the summary of a committee whose sheets are all final."""
    return document_pdf(kind=DocumentKind.PA3, source_id=committee.pk, thai_digits=thai_digits)
