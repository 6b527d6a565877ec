"""The first page of a merged packet that holds sealed documents. A seal covers the bytes of
the one file it was made on, so merging drops it (reports/merge.py leaves the signature fields
out); this page tells the reader where the seals are and how each document is still checked."""

from django.conf import settings

from .models import PacketExport

SEAL_NOTE_TITLE = "หมายเหตุ: ตราประทับดิจิทัลอยู่ในไฟล์ PDF แยกรายฉบับ"


def packet_seal_note(export: PacketExport) -> bytes:
    from . import pdf  # WeasyPrint loads only in the processes that render

    context = {
        "title": SEAL_NOTE_TITLE,
        "year": export.fiscal_year.year,
        "verify_url": f"{settings.PORTAL_PUBLIC_URL}/verify/",
    }
    return pdf.render_pdf("reports/pdf/packet_note.html", context, thai_digits=export.thai_digits)
