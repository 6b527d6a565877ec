"""The public check page, as a reader of a printed or downloaded document uses it."""

import subprocess

import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from agreements import workflow
from reports.tests.factories import compact_data, submitted_agreement
from verification.codes import grouped, new_code
from verification.models import VerificationLookup
from verification.qr import verify_url

from .helpers import issued_pa1


def _pdf(data: bytes, name="pa1.pdf"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def test_the_qr_code_of_the_first_page_leads_to_the_code_page(agreed, tmp_path, client):
    data, code = issued_pa1(agreed)
    path = tmp_path / "pa1.pdf"
    path.write_bytes(data)
    prefix = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile", path, prefix], check=True
    )
    found = zxingcpp.read_barcodes(Image.open(prefix.with_suffix(".png")))
    assert [(r.format, r.text) for r in found] == [
        (zxingcpp.BarcodeFormat.QRCode, f"https://pa.example.go.th/verify/{code.code}/")
    ]
    assert verify_url(code.code) == found[0].text
    # Every page prints the code and the address beside the QR code.
    pages = subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True)
    texts = pages.stdout.split("\f")[:-1]
    assert len(texts) > 1 and all(grouped(code.code) in text and found[0].text in text for text in texts)


def test_the_code_page_says_which_document_and_its_state_without_more_personal_data(agreed, client):
    _, code = issued_pa1(agreed)
    response = client.get(f"/verify/{code.code}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-verdict="code-found"' in page
    agreement = agreed.agreement
    for shown in (agreement.owner_name, agreement.owner_position, agreement.office_name, "2570"):
        assert shown in page
    assert "ผู้บังคับบัญชาเห็นชอบแล้ว" in page and "ฉบับที่ 1" in page and "มี (ลงนามด้วยใบรับรองของระบบ)" in page
    # Nothing past the first page's heading: no row of the agreement, no challenge issue.
    for issue in agreed.snapshot["part2"]:
        assert issue["title"] not in page
    assert agreed.snapshot["part1"][0]["tasks"] not in page
    assert VerificationLookup.objects.get().result == VerificationLookup.Result.GENUINE


def test_a_typed_code_in_any_case_with_dashes_finds_the_document(agreed, client):
    _, code = issued_pa1(agreed)
    typed = grouped(code.code).lower()
    response = client.get("/verify/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/verify/{code.code}/"


def test_a_superseded_version_is_reported_as_superseded(
    standards, policies, people, media, test_ca, public_url, client
):
    first = submitted_agreement(people["deputy"], data=compact_data())
    _, old_code = issued_pa1(first)
    workflow.agreement_return(agreement=first.agreement, actor=people["supervisor"], comment="แก้ตัวชี้วัด")
    first.agreement.refresh_from_db()
    second = workflow.agreement_submit(agreement=first.agreement, actor=people["deputy"])
    page = client.get(f"/verify/{old_code.code}/").content.decode()
    assert 'id="superseded"' in page
    assert "ถูกแทนที่แล้ว โดยฉบับที่ 2" in page and second.version == 2


def test_a_wrong_code_reveals_nothing_and_is_logged(agreed, client):
    issued_pa1(agreed)
    for wrong in (new_code(), "not-a-code", "' OR 1=1 --"):
        response = client.get("/verify/", {"code": wrong}, follow=True)
        assert response.status_code == 404
        page = response.content.decode()
        assert "ไม่พบเอกสารที่มีรหัสนี้" in page and agreed.agreement.owner_name not in page
    assert VerificationLookup.objects.filter(result=VerificationLookup.Result.NOT_FOUND).count() == 3


def test_an_uploaded_issued_file_is_genuine_byte_for_byte_and_is_not_kept(agreed, client, media):
    data, code = issued_pa1(agreed)
    files_before = sorted(p for p in media.rglob("*") if p.is_file())
    response = client.post("/verify/", {"file": _pdf(data)})
    page = response.content.decode()
    assert 'data-verdict="genuine"' in page and code.display in page
    assert sorted(p for p in media.rglob("*") if p.is_file()) == files_before
    lookup = VerificationLookup.objects.get()
    assert lookup.method == "upload" and lookup.document == code and lookup.file_sha256 == code.sha256


def test_a_file_that_is_not_an_issued_pdf_is_not_genuine(agreed, client, settings):
    issued_pa1(agreed)
    page = client.post("/verify/", {"file": _pdf(b"%PDF-1.7 not really")}).content.decode()
    assert 'data-verdict="not-found"' in page and "ไม่ใช่เอกสารที่ระบบออก" in page
    settings.VERIFY_UPLOAD_MAX_BYTES = 1024 * 1024
    response = client.post("/verify/", {"file": _pdf(b"0" * (1024 * 1024 + 1))})
    assert response.status_code == 400 and "ไฟล์ใหญ่เกิน 1 MB" in response.content.decode()


def test_lookups_are_rate_limited_per_address(db, client, settings):
    settings.VERIFY_RATE_LIMIT = 3
    codes = [new_code() for _ in range(4)]
    answers = [client.get(f"/verify/{code}/").status_code for code in codes]
    assert answers == [404, 404, 404, 429]
    limited = client.get(f"/verify/{codes[0]}/")
    assert limited.status_code == 429 and "ตรวจสอบถี่เกินไป" in limited.content.decode()
    # Another address is not held back by this one.
    assert client.get(f"/verify/{codes[0]}/", REMOTE_ADDR="10.0.0.9").status_code == 404
    assert VerificationLookup.objects.filter(result="limited").count() == 2
