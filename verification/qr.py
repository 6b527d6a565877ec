"""The public address of a code and its QR image, for the running footer of every page."""

import segno
from django.conf import settings

from .codes import grouped
from .models import DocumentCode


def verify_url(code: str) -> str:
    return f"{settings.PORTAL_PUBLIC_URL}/verify/{code}/"


def qr_svg(url: str) -> str:
    """An inline SVG (no XML declaration, no size: the stylesheet sizes it). Level M survives a
    fold or a stain on paper; the quiet zone is the footer's own margin."""
    return segno.make(url, error="m", micro=False).svg_inline(border=2, omitsize=True, svgclass="verify-qr")


def footer(document_code: DocumentCode) -> dict:
    """What the page footer prints: the grouped code, the address, the QR image."""
    url = verify_url(document_code.code)
    return {"code": grouped(document_code.code), "url": url, "qr_svg": qr_svg(url)}
