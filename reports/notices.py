"""What the reports app tells people: a packet they asked for is ready (or failed)."""

from notifications.models import Notification
from notifications.services import notification_create, url_or_home
from pa_portal.thai import thai_datetime

from .models import PacketExport


def notify_packet_ready(*, export: PacketExport) -> Notification | None:
    """To whoever asked for a PDF packet, once it is finished (made, or not)."""
    if export.requested_by is None:  # the command line
        return None
    year = export.fiscal_year.year
    ready = export.status == export.Status.DONE and bool(export.file)
    failed = len(export.manifest)
    if ready and failed:  # never "ready" alone while documents are missing from it
        subject = f"ชุดเอกสาร PDF ปีงบประมาณ {year} สร้างไม่ครบ: ไม่สำเร็จ {failed} จาก {export.total} เอกสาร"
        body = (
            f"ชุดเอกสารที่ท่านขอเมื่อ {thai_datetime(export.created_at)} ดาวน์โหลดได้ ({export.pages} หน้า) "
            f"แต่ไม่มีเอกสาร {failed} รายการที่สร้างไม่สำเร็จ ดูรายชื่อและสาเหตุในหน้าชุดเอกสาร"
        )
    elif ready:
        subject = f"ชุดเอกสาร PDF ปีงบประมาณ {year} พร้อมดาวน์โหลดแล้ว"
        body = f"ชุดเอกสารที่ท่านขอเมื่อ {thai_datetime(export.created_at)} พร้อมแล้ว ({export.pages} หน้า)"
    else:
        subject = f"สร้างชุดเอกสาร PDF ปีงบประมาณ {year} ไม่สำเร็จ"
        body = f"ชุดเอกสารที่ท่านขอเมื่อ {thai_datetime(export.created_at)} สร้างไม่สำเร็จ"
        if export.error:
            body += f": {export.error}"
    return notification_create(
        recipient=export.requested_by,
        kind=Notification.Kind.PACKET_READY,
        subject=subject,
        body=body,
        link=url_or_home("reports:packet", export.pk),
    )
