"""Reads other apps make of the codes issued."""

from .models import DocumentCode


def any_sealed(source_keys) -> bool:
    """Whether any of these stored documents (their storage names; a list or a query of them)
    was issued sealed."""
    return DocumentCode.objects.filter(source_key__in=source_keys, sealed=True).exists()
