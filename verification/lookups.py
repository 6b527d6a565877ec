"""What the public check page finds: a document by its code, or by an uploaded file's bytes (its
SHA-256) or embedded source data. Each lookup is logged without keeping the file."""

import hashlib
import hmac
from dataclasses import dataclass

from axes.helpers import get_client_ip_address
from django.conf import settings

from . import registry
from .models import DocumentCode, VerificationLookup
from .services import attachment_hashes


@dataclass(frozen=True)
class Finding:
    document: DocumentCode
    label: str  # the kind of document, in Thai
    facts: dict | None  # registry.py: what its first page shows and its state now; None if gone
    reprinted: DocumentCode | None  # a later print of the same document (e.g. once agreed)


def _issued():
    return DocumentCode.objects.filter(stored_at__isnull=False)


def _finding(document: DocumentCode) -> Finding:
    kind = registry.kind_of(document.kind)
    facts = kind.describe(document.object_id) if kind and kind.describe else None
    reprinted = (
        _issued()
        .filter(kind=document.kind, object_id=document.object_id, thai_digits=document.thai_digits)
        .filter(created_at__gt=document.created_at)
        .exclude(pk=document.pk)
        .order_by("-created_at")
        .first()
    )
    return Finding(document, kind.label if kind else document.kind, facts, reprinted)


def find_by_code(code: str) -> Finding | None:
    document = _issued().filter(code=code).first() if code else None
    return _finding(document) if document else None


def find_by_file(data: bytes) -> tuple[str, Finding | None, bool]:
    """(the file's SHA-256, what it matches, whether the match is byte for byte). A file that
    is not the issued one may still carry an issued document's embedded data (re-saved, printed
    to PDF again, or altered): that is found, and said to be not the issued file."""
    sha = hashlib.sha256(data).hexdigest()
    document = _issued().filter(sha256=sha).order_by("created_at").first()
    if document is not None:
        return sha, _finding(document), True
    embedded = attachment_hashes(data)
    document = (
        _issued().filter(attachment_sha256__in=embedded).order_by("-created_at").first() if embedded else None
    )
    return sha, (_finding(document) if document else None), False


def address_hash(request) -> str:
    """The visitor's address as a keyed hash: enough to count and to correlate abuse, not to
    recover the address from the log."""
    # The address as the sign-in protection resolves it (django-axes: one setting for proxies).
    address = get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def lookup_log(
    request, *, method: str, result: str, code_tried: str = "", file_sha256: str = "", document=None
):
    VerificationLookup.objects.create(
        method=method,
        code_tried=code_tried[:40],
        file_sha256=file_sha256,
        result=result,
        document=document,
        ip_hash=address_hash(request),
        user_agent=request.META.get("HTTP_USER_AGENT", "")[:120],
    )
