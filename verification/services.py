"""Issuing codes: reserved before a document is rendered (the code is printed on it), completed
with the SHA-256 of the final file once it is stored."""

import hashlib
import io
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from .codes import new_code
from .models import DocumentCode

logger = logging.getLogger(__name__)


def code_reserve(*, kind: str, object_id: int, source_key: str, thai_digits: bool) -> DocumentCode:
    """The code of this document: the one already issued for the same source, or a new one.

    Two renders of the same document at once (a download and a packet) get the same code: the
    unique constraint decides, and the loser reads the winner's row."""
    identity = {
        "kind": kind,
        "object_id": object_id,
        "source_key": source_key[:300],
        "thai_digits": thai_digits,
    }
    for _ in range(5):
        found = DocumentCode.objects.filter(**identity).first()
        if found is not None:
            return found
        try:
            with transaction.atomic():
                return DocumentCode.objects.create(code=new_code(), **identity)
        except IntegrityError:
            continue  # the same document reserved elsewhere, or (80 bits) a code drawn twice
    raise RuntimeError("could not reserve a verification code")


def code_stored(*, document_code: DocumentCode, pdf: bytes, sealed: bool) -> None:
    """Record the final file's SHA-256 (after sealing) and that of its embedded source data."""
    document_code.sha256 = hashlib.sha256(pdf).hexdigest()
    document_code.attachment_sha256 = next(iter(attachment_hashes(pdf)), "")
    document_code.sealed = sealed
    document_code.stored_at = timezone.now()
    document_code.save(update_fields=["sha256", "attachment_sha256", "sealed", "stored_at"])


def attachment_hashes(pdf: bytes) -> list[str]:
    """SHA-256 of each file embedded in a PDF, by the file's name. An empty list for a file that
    is not a readable PDF: uploads come from anyone, and any parsing error means "no data"."""
    from pypdf import PdfReader

    try:
        attachments = PdfReader(io.BytesIO(pdf)).attachments
        return [
            hashlib.sha256(content).hexdigest()
            for name in sorted(attachments)
            for content in attachments[name]
        ]
    except Exception:  # noqa: BLE001  (a malformed upload raises anything pypdf has)
        logger.info("an uploaded file is not a readable PDF", exc_info=True)
        return []
