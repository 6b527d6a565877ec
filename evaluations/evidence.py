"""Evidence files and links attached by an agreement's owner to a Part 1 row or a challenge issue.

A file's type is read from its first bytes (and, for the zip-based office formats, from the names
inside the archive), never from its name or the browser's Content-Type: a renamed .exe is refused.
Files go to Django's default storage under a name we choose, and are only ever served through the
permission-checked download view.
"""

import hashlib
import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction

from agreements.models import Agreement
from audit.services import audit_record
from pa_portal.errors import DomainError
from pa_portal.thaitext import clean_text

from . import permissions
from .models import Evidence
from .services import issue_key, item_key


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str
    label: str
    inline: bool  # shown in the browser rather than downloaded


PDF = FileType("application/pdf", ".pdf", "PDF", True)
PNG = FileType("image/png", ".png", "PNG", True)
JPEG = FileType("image/jpeg", ".jpg", "JPEG", True)
GIF = FileType("image/gif", ".gif", "GIF", True)
WEBP = FileType("image/webp", ".webp", "WebP", True)
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word", False
)
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel", False)
PPTX = FileType(
    "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", "PowerPoint", False
)
ODT = FileType("application/vnd.oasis.opendocument.text", ".odt", "OpenDocument Text", False)
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", ".ods", "OpenDocument Spreadsheet", False)
ODP = FileType("application/vnd.oasis.opendocument.presentation", ".odp", "OpenDocument Presentation", False)

ALLOWED_LABELS = (
    "PDF, รูปภาพ (PNG, JPEG, GIF, WebP), Word (.docx), Excel (.xlsx), PowerPoint (.pptx) หรือ OpenDocument"
)
_OOXML_MARKERS = (("word/document.xml", DOCX), ("xl/workbook.xml", XLSX), ("ppt/presentation.xml", PPTX))
_ODF_TYPES = {t.content_type: t for t in (ODT, ODS, ODP)}


def detect_type(fileobj) -> FileType | None:
    """The file's type from its content, or None when it is not one we accept."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(fileobj)
    return None


def _zip_type(fileobj) -> FileType | None:
    try:
        with zipfile.ZipFile(fileobj) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" in names:
                for marker, file_type in _OOXML_MARKERS:
                    if marker in names:
                        return file_type
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    return _ODF_TYPES.get(member.read(100).decode("ascii", "replace").strip())
    except (zipfile.BadZipFile, OSError, KeyError):
        return None
    finally:
        fileobj.seek(0)
    return None


def evidence_anchor_choices(agreement: Agreement) -> list[tuple[str, str]]:
    """Where evidence can be attached: the rows and issues of the latest submitted version."""
    submission = agreement.submissions.order_by("-version").first()
    if submission is None:
        return []
    snapshot = submission.snapshot
    choices = [
        (item_key(row["sub_item"]), f"ส่วนที่ 1 ข้อ {row['sub_item']} {row.get('sub_item_text', '')[:80]}")
        for row in snapshot.get("part1", [])
    ]
    choices += [
        (issue_key(issue["order"]), f"ส่วนที่ 2 ประเด็นท้าทายที่ {issue['order']} {issue.get('title', '')[:80]}")
        for issue in snapshot.get("part2", [])
    ]
    return choices


def _check(agreement: Agreement, actor, anchor: str, title: str) -> str:
    if not permissions.can_add_evidence(actor, agreement):
        raise PermissionDenied("แนบหลักฐานได้เฉพาะเจ้าของข้อตกลงที่ผู้บังคับบัญชาเห็นชอบแล้ว")
    problems = []
    if anchor not in dict(evidence_anchor_choices(agreement)):
        problems.append("กรุณาเลือกข้อหรือประเด็นท้าทายที่จะแนบหลักฐาน")
    title = clean_text(title, multiline=False)
    if not title:
        problems.append("กรุณาระบุชื่อหลักฐาน")
    if problems:
        raise DomainError(problems)
    return title


@transaction.atomic
def evidence_add_file(*, agreement: Agreement, actor, anchor: str, title: str, upload) -> Evidence:
    title = _check(agreement, actor, anchor, title)
    limit = settings.EVIDENCE_MAX_BYTES
    if upload.size > limit:
        raise DomainError(f"ไฟล์มีขนาดเกิน {limit / (1024 * 1024):g} MB")
    if upload.size == 0:
        raise DomainError("ไฟล์ว่างเปล่า")
    file_type = detect_type(upload)
    if file_type is None:
        raise DomainError(f"ไม่รับไฟล์ประเภทนี้ (ตรวจจากเนื้อหาไฟล์): รับเฉพาะ {ALLOWED_LABELS}")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    evidence = Evidence(
        agreement=agreement,
        anchor=anchor,
        kind=Evidence.Kind.FILE,
        title=title,
        original_name=clean_text(upload.name or "", multiline=False)[:255],
        content_type=file_type.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=actor,
    )
    evidence.file.save(f"{uuid.uuid4().hex}{file_type.extension}", upload, save=False)
    try:
        evidence.save()
        audit_record(
            actor=actor,
            action="evidence.added",
            obj=evidence,
            agreement=agreement,
            changes={
                "anchor": anchor,
                "title": title,
                "type": file_type.label,
                "size": upload.size,
                "sha256": evidence.sha256,
            },
        )
    except Exception:
        # The row did not make it: the stored file must not stay behind.
        default_storage.delete(evidence.file.name)
        raise
    return evidence


@transaction.atomic
def evidence_add_link(*, agreement: Agreement, actor, anchor: str, title: str, url: str) -> Evidence:
    title = _check(agreement, actor, anchor, title)
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except Exception as exc:
        raise DomainError("ลิงก์ต้องขึ้นต้นด้วย http:// หรือ https:// และเป็นที่อยู่เว็บที่ถูกต้อง") from exc
    evidence = Evidence.objects.create(
        agreement=agreement, anchor=anchor, kind=Evidence.Kind.LINK, title=title, url=url, uploaded_by=actor
    )
    audit_record(
        actor=actor,
        action="evidence.added",
        obj=evidence,
        agreement=agreement,
        changes={"anchor": anchor, "url": url},
    )
    return evidence


@transaction.atomic
def evidence_delete(*, evidence: Evidence, actor) -> None:
    if not permissions.can_delete_evidence(actor, evidence):
        raise PermissionDenied("ลบหลักฐานนี้ไม่ได้ เพราะกรรมการยืนยันผลการประเมินที่ใช้หลักฐานนี้แล้ว")
    name = evidence.file.name if evidence.file else ""
    audit_record(
        actor=actor,
        action="evidence.deleted",
        obj=evidence,
        agreement=evidence.agreement,
        changes={
            "anchor": evidence.anchor,
            "title": evidence.title,
            "sha256": evidence.sha256,
            "url": evidence.url,
        },
    )
    evidence.delete()
    if name:
        # Only once the row is gone for good: a rolled-back delete keeps its file.
        transaction.on_commit(lambda: default_storage.delete(name))


def file_type_of(evidence: Evidence) -> FileType | None:
    for file_type in (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP):
        if file_type.content_type == evidence.content_type:
            return file_type
    return None
