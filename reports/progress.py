"""What the packet page and its progress requests tell HR: how far the packet is, and, once it is
finished, honestly whether every document is in it (who is missing, from which office, and why)."""

from django.urls import reverse

from accounts.models import Office

from . import selectors
from .models import DocumentKind, PacketExport

BUILDING = {PacketExport.Status.QUEUED, PacketExport.Status.RUNNING, PacketExport.Status.ASSEMBLING}


def packet_progress(export: PacketExport) -> dict:
    failures = _named(export.manifest if export.is_finished else selectors.packet_failures(export))
    has_file = export.status == PacketExport.Status.DONE and bool(export.file)
    percent = round(100 * export.done / export.total) if export.total else 0
    if export.status == PacketExport.Status.ASSEMBLING:
        percent = 99
    elif export.is_finished:
        percent = 100
    label, level, banner = _summary(export, failures, has_file)
    return {
        "status": export.status,
        "status_label": label,
        "banner": banner,
        "banner_level": level,
        "done": export.done,
        "total": export.total,
        "failed": len(failures),
        "percent": percent,
        "finished": export.is_finished,
        "pages": export.pages,
        "download_url": reverse("reports:packet_download", args=[export.pk]) if has_file else None,
        "failures": failures,
        "error": export.error,
    }


def _summary(export: PacketExport, failures: list[dict], has_file: bool) -> tuple[str, str, str]:
    """(status label, alert level, banner): "เสร็จแล้ว" only when every document is in the file."""
    failed, total = len(failures), export.total
    if export.status in BUILDING:
        text = "ระบบกำลังสร้างชุดเอกสาร หน้านี้แสดงความคืบหน้าเอง และระบบจะแจ้งเตือนเมื่อเสร็จ"
        if failed:
            text += f" (ขณะนี้มีเอกสารที่สร้างไม่สำเร็จ {failed} รายการ)"
        return export.get_status_display(), "info", text
    if not has_file:
        reason = f" {export.error}" if export.error else ""
        return "ไม่สำเร็จ", "danger", f"สร้างชุดเอกสารไม่สำเร็จ ไม่มีไฟล์ให้ดาวน์โหลด{reason}"
    if failed:
        return (
            f"สร้างไม่ครบ: ไม่สำเร็จ {failed} จาก {total} เอกสาร",
            "warning",
            f"สร้างชุดเอกสารเสร็จเพียง {total - failed} จาก {total} เอกสาร ไฟล์ที่ดาวน์โหลดได้ไม่มีเอกสาร "
            f"{failed} รายการที่สร้างไม่สำเร็จตามรายชื่อด้านล่าง",
        )
    return "เสร็จแล้ว", "success", f"สร้างชุดเอกสารครบทั้ง {total} เอกสารแล้ว ดาวน์โหลดได้"


def _named(failures: list[dict]) -> list[dict]:
    """Each failure with its office's and document's names in Thai beside the codes."""
    names = dict(
        Office.objects.filter(code__in={f["office_code"] for f in failures}).values_list("code", "name")
    )
    labels = dict(DocumentKind.choices)
    return [
        {
            **f,
            "office": names.get(f["office_code"], f["office_code"]),
            "kind_label": labels.get(f["kind"], f["kind"]),
        }
        for f in failures
    ]
