import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Agreement
from audit.models import AuditEntry
from evaluations import evidence
from evaluations.models import Evidence
from evaluations.services import DomainError

from .conftest import score_and_finalise, sheet_of

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
XLSX = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})
PPTX = _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
ODT = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
PLAIN_ZIP = _zip({"notes.txt": b"hello"})


def _add(agreement, user, name, content, anchor="item:1.1"):
    return evidence.evidence_add_file(
        agreement=agreement,
        actor=user,
        anchor=anchor,
        title="หลักฐาน",
        upload=SimpleUploadedFile(name, content),
    )


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("report.pdf", PDF, "application/pdf", ".pdf"),
        ("photo.png", PNG, "image/png", ".png"),
        ("photo.JPG", JPEG, "image/jpeg", ".jpg"),
        ("report.docx", DOCX, evidence.DOCX.content_type, ".docx"),
        ("sheet.xlsx", XLSX, evidence.XLSX.content_type, ".xlsx"),
        ("slides.pptx", PPTX, evidence.PPTX.content_type, ".pptx"),
        ("text.odt", ODT, evidence.ODT.content_type, ".odt"),
        # The name does not matter: a PDF called .txt is still a PDF.
        ("misnamed.txt", PDF, "application/pdf", ".pdf"),
    ],
)
def test_the_owner_attaches_documents_and_the_type_is_read_from_the_content(
    people, agreed, name, content, content_type, extension
):
    item = _add(agreed, people["deputy"], name, content)

    assert item.content_type == content_type
    assert item.file.name.startswith(f"evidence/{agreed.pk}/") and item.file.name.endswith(extension)
    assert name not in item.file.name
    assert item.original_name == name and item.size == len(content)
    with item.file.open("rb") as stored:
        assert stored.read() == content
    assert AuditEntry.objects.filter(action="evidence.added", object_id=str(item.pk)).exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", EXE),
        ("archive.docx", PLAIN_ZIP),
        ("page.html", b"<html><script>x</script>"),
        ("x.pdf", b""),
    ],
)
def test_anything_else_is_refused_whatever_its_name(people, agreed, name, content):
    with pytest.raises(DomainError):
        _add(agreed, people["deputy"], name, content)
    assert not Evidence.objects.exists()


def test_the_size_limit_comes_from_settings(people, agreed, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    with pytest.raises(DomainError, match="เกิน"):
        _add(agreed, people["deputy"], "big.pdf", PDF + b"0" * 1024)
    assert _add(agreed, people["deputy"], "small.pdf", PDF).pk


def test_links_must_be_http_or_https(people, agreed):
    ok = evidence.evidence_add_link(
        agreement=agreed,
        actor=people["deputy"],
        anchor="challenge:2",
        title="เว็บไซต์",
        url="https://example.go.th/a",
    )
    assert ok.kind == Evidence.Kind.LINK
    for url in ("javascript:alert(1)", "ftp://example.go.th/a", "file:///etc/passwd", "example.go.th"):
        with pytest.raises(DomainError, match="http"):
            evidence.evidence_add_link(
                agreement=agreed, actor=people["deputy"], anchor="challenge:2", title="เว็บไซต์", url=url
            )


def test_evidence_attaches_only_to_a_row_or_issue_of_the_agreement(people, agreed):
    with pytest.raises(DomainError, match="กรุณาเลือก"):
        _add(agreed, people["deputy"], "a.pdf", PDF, anchor="item:9.9")


def test_only_the_owner_attaches_and_only_once_agreed(people, agreed, standards):
    with pytest.raises(PermissionDenied):
        _add(agreed, people["supervisor"], "a.pdf", PDF)
    Agreement.objects.filter(pk=agreed.pk).update(status=Agreement.Status.SUBMITTED)
    agreed.refresh_from_db()
    with pytest.raises(PermissionDenied):
        _add(agreed, people["deputy"], "a.pdf", PDF)


def test_the_owner_withdraws_evidence_until_a_sheet_that_saw_it_is_final(
    people, committee, django_capture_on_commit_callbacks
):
    agreement = committee.agreement
    early = _add(agreement, people["deputy"], "early.pdf", PDF)
    withdrawn = _add(agreement, people["deputy"], "gone.pdf", PDF)
    stored = withdrawn.file.name
    with django_capture_on_commit_callbacks(execute=True):
        evidence.evidence_delete(evidence=withdrawn, actor=people["deputy"])
    assert not Evidence.objects.filter(pk=withdrawn.pk).exists()
    assert not withdrawn.file.storage.exists(stored)

    score_and_finalise(sheet_of(committee, people["evaluator1"]), people["evaluator1"])
    with pytest.raises(PermissionDenied):
        evidence.evidence_delete(evidence=early, actor=people["deputy"])
    late = _add(agreement, people["deputy"], "late.pdf", PDF)
    evidence.evidence_delete(evidence=late, actor=people["deputy"])


def test_evaluators_see_the_evidence_beside_the_row(people, committee, client_for):
    pdf = _add(committee.agreement, people["deputy"], "plan.pdf", PDF)
    pdf.title = "แผนปฏิบัติราชการ 2570"
    pdf.save()
    evidence.evidence_add_link(
        agreement=committee.agreement,
        actor=people["deputy"],
        anchor="challenge:1",
        title="รายงานการอ่าน",
        url="https://example.go.th/reading",
    )
    sheet = sheet_of(committee, people["evaluator1"])

    page = (
        client_for(people["evaluator1"]).get(reverse("evaluations:sheet", args=[sheet.pk])).content.decode()
    )

    row = page[page.index('id="item-1.1"') : page.index('id="item-1.2"')]
    assert "แผนปฏิบัติราชการ 2570" in row and reverse("evaluations:evidence_download", args=[pdf.pk]) in row
    issue = page[page.index('id="challenge-1"') : page.index('id="challenge-2"')]
    assert 'href="https://example.go.th/reading"' in issue and 'rel="noopener noreferrer nofollow"' in issue


def test_a_download_is_served_safely(people, committee, client_for):
    pdf = _add(committee.agreement, people["deputy"], "plan.pdf", PDF)
    docx = _add(committee.agreement, people["deputy"], "plan.docx", DOCX)
    client = client_for(people["evaluator2"])

    response = client.get(reverse("evaluations:evidence_download", args=[pdf.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    response = client.get(reverse("evaluations:evidence_download", args=[docx.pk]))
    assert response["Content-Disposition"].startswith("attachment")


def test_the_owner_uploads_through_the_page(people, agreed, client_for):
    client = client_for(people["deputy"])
    url = reverse("evaluations:evidence", args=[agreed.pk])
    response = client.post(
        url, {"anchor": "item:2.1", "title": "ภาพกิจกรรม", "file": SimpleUploadedFile("a.png", PNG)}
    )
    assert response.status_code == 302
    assert Evidence.objects.get(anchor="item:2.1").content_type == "image/png"

    response = client.post(
        url, {"anchor": "item:2.1", "title": "ไฟล์แปลก", "file": SimpleUploadedFile("a.pdf", EXE)}
    )
    assert response.status_code == 200
    assert "ไม่รับไฟล์ประเภทนี้" in response.content.decode()
    assert Evidence.objects.count() == 1


@pytest.mark.parametrize(
    "fields, own_error",
    [
        ({"file": SimpleUploadedFile("empty.pdf", b"")}, "ว่าง"),
        ({"url": "https://example.go.th/" + "a" * 1000}, "1000"),
    ],
)
def test_an_empty_file_or_a_too_long_link_shows_only_its_own_error(
    people, agreed, client_for, fields, own_error
):
    client = client_for(people["deputy"])
    url = reverse("evaluations:evidence", args=[agreed.pk])
    response = client.post(url, {"anchor": "item:2.1", "title": "หลักฐาน", **fields})
    page = response.content.decode()
    assert response.status_code == 200
    assert own_error in page
    assert "กรุณาแนบไฟล์หรือระบุลิงก์อย่างใดอย่างหนึ่ง" not in page
    assert not Evidence.objects.exists()
