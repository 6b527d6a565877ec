"""The seal: an agreed PA1 is sealed with the office's certificate over the whole file, and the
check page stands behind exactly the sealed bytes."""

import hashlib

from pyhanko.sign.validation.status import SignatureCoverageLevel

from reports.tests.factories import compact_data, submitted_agreement
from verification.checks import seal_certificate_check
from verification.devcert import DEV_NAME, create_chain

from .helpers import issued_pa1, seal_status


def test_an_agreed_pa1_is_sealed_and_validates_against_the_office_ca(agreed, test_ca):
    data, code = issued_pa1(agreed)
    status, reason = seal_status(data, test_ca.ca)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert code.sealed and code.sha256 == hashlib.sha256(data).hexdigest()
    assert reason.startswith("เห็นชอบโดย ") and " เมื่อ " in reason and "ฉบับที่ 1" in reason


def test_one_changed_byte_breaks_the_seal_and_the_check_page_says_not_genuine(agreed, test_ca, client):
    data, _ = issued_pa1(agreed)
    position = data.index(b"/Producer")  # inside the first, sealed revision
    tampered = data[:position] + b"/Producer".swapcase() + data[position + len(b"/Producer") :]
    status, _ = seal_status(tampered, test_ca.ca)
    assert not status.intact and not status.bottom_line
    response = client.post("/verify/", {"file": _upload(tampered)})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-verdict="genuine"' not in page
    assert "ไม่ใช่ไฟล์ที่ระบบออก" in page


def test_a_submitted_pa1_carries_a_code_but_no_seal(standards, policies, people, media, test_ca, public_url):
    submission = submitted_agreement(people["deputy"], data=compact_data())
    data, code = issued_pa1(submission)
    assert not code.sealed and b"/ByteRange" not in data
    assert code.sha256 == hashlib.sha256(data).hexdigest()


def test_production_refuses_the_development_certificate(settings, tmp_path):
    settings.DEBUG, settings.SECURE = False, True
    chain = create_chain(tmp_path / "dev", common_name=DEV_NAME)
    settings.SIGNING_CERT, settings.SIGNING_KEY = str(chain.cert), str(chain.key)
    assert [m.id for m in seal_certificate_check(None)] == ["verification.E001"]
    office = create_chain(tmp_path / "office", common_name="สพป.ทดสอบ เขต 1")
    settings.SIGNING_CERT, settings.SIGNING_KEY = str(office.cert), str(office.key)
    assert seal_certificate_check(None) == []
    settings.SIGNING_CERT = ""
    assert [m.id for m in seal_certificate_check(None)] == ["verification.W001"]
    settings.DEBUG = True  # a developer's machine: the development certificate is fine
    settings.SIGNING_CERT = str(chain.cert)
    assert seal_certificate_check(None) == []


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("pa1.pdf", data, content_type="application/pdf")
