"""Hostile score sheets and evidence uploads: levels outside the rubric, over-long comments, files
disguised by their name, oversize and empty files, javascript links, paths in file names."""

import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from evaluations.models import Evidence, Score
from pa_portal.tests.conftest import PDF_BYTES


def test_27_a_level_outside_the_rubric_is_refused(world, client_for):
    sheet = world["sheet"]
    before = list(Score.objects.filter(evaluation=sheet).values_list("anchor", "level"))
    response = client_for(world.people["evaluator1"]).post(
        f"/evaluations/sheets/{sheet.pk}/", {"level__item:1.1": "5", "comment__item:1.1": ""}
    )
    assert response.status_code == 200
    assert "ตัวเลือก 5 ไม่มีในรายการ" in response.content.decode()
    assert list(Score.objects.filter(evaluation=sheet).values_list("anchor", "level")) == before


def test_28_an_over_long_score_comment_is_refused(world, client_for):
    sheet = world["sheet"]
    before = list(Score.objects.filter(evaluation=sheet).values_list("anchor", "comment"))
    response = client_for(world.people["evaluator1"]).post(
        f"/evaluations/sheets/{sheet.pk}/", {"level__item:1.1": "3", "comment__item:1.1": "ค" * 3001}
    )
    assert response.status_code == 200
    assert "ข้อความยาวเกินกำหนด (สูงสุด 3000 ตัวอักษร มี 3001 ตัวอักษร)" in response.content.decode()
    assert list(Score.objects.filter(evaluation=sheet).values_list("anchor", "comment")) == before


def upload(world, client, name, content, content_type="application/pdf", title="หลักฐาน"):
    anchor = "item:1.1"
    return client.post(
        f"/evaluations/agreements/{world.agreed.pk}/evidence/",
        {
            "anchor": anchor,
            "title": title,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


REFUSED_TYPE = "ไม่รับไฟล์ประเภทนี้ (ตรวจจากเนื้อหาไฟล์)"


def _zip(names: dict) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "application/pdf"),
        ("photo.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("plan.docx", _zip({"evil.sh": "rm -rf /"}), "application/vnd.openxmlformats-officedocument"),
        (
            "image.svg.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/png",
        ),
    ],
    ids=["exe-as-pdf", "html-as-png", "zip-as-docx", "svg-as-png"],
)
def test_29_a_file_disguised_by_its_name_is_refused_by_its_content(
    world, client_for, name, content, content_type
):
    count = Evidence.objects.count()
    response = upload(world, client_for(world.people["deputy"]), name, content, content_type)
    assert response.status_code == 200
    assert REFUSED_TYPE in response.content.decode()
    assert Evidence.objects.count() == count


def test_30_an_oversize_upload_is_refused_with_its_limit(world, client_for, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    count = Evidence.objects.count()
    big = PDF_BYTES + b"%" + b"0" * (1024 * 1024)
    response = upload(world, client_for(world.people["deputy"]), "big.pdf", big)
    assert response.status_code == 200
    assert "ไฟล์มีขนาดเกิน 1 MB" in response.content.decode()
    assert Evidence.objects.count() == count


def test_31_an_empty_upload_is_refused(world, client_for):
    count = Evidence.objects.count()
    response = upload(world, client_for(world.people["deputy"]), "empty.pdf", b"")
    assert response.status_code == 200
    assert "ไฟล์ที่ส่งว่างเปล่า" in response.content.decode()
    assert Evidence.objects.count() == count


def test_32_a_javascript_link_as_evidence_is_refused(world, client_for):
    count = Evidence.objects.count()
    response = client_for(world.people["deputy"]).post(
        f"/evaluations/agreements/{world.agreed.pk}/evidence/",
        {"anchor": "item:1.1", "title": "ลิงก์", "url": "javascript:alert(document.cookie)"},
    )
    assert response.status_code == 200
    assert Evidence.objects.count() == count
    assert "http://" in response.content.decode()


def test_33_a_path_in_the_upload_name_never_reaches_the_disk(world, client_for, media):
    response = upload(world, client_for(world.people["deputy"]), "../../../../etc/cron.d/x.pdf", PDF_BYTES)
    assert response.status_code == 302
    evidence = Evidence.objects.order_by("-pk").first()
    assert ".." not in evidence.file.name and "/etc/" not in evidence.file.name
    assert (media / evidence.file.name).resolve().is_relative_to(media.resolve())
