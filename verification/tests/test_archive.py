"""Issued documents are PDF/A-3b with their source data as an associated file, keep a readable
Thai text layer with the verification footer in place, and a final PA3 is sealed too (a PA2 is
not)."""

import io
import json
import re

from django.core.files.storage import default_storage
from pypdf import PdfReader

from agreements.snapshot import snapshot_hash
from reports import stored
from reports.tests.factories import evaluated_committee
from verification.codes import grouped
from verification.models import DocumentCode

from .helpers import issued_pa1, seal_status


def test_a_sealed_pa1_is_pdf_a_3b_with_its_snapshot_as_associated_source(agreed, test_ca):
    data, code = issued_pa1(agreed)
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    # The seal's update rewrites the XMP packet (attribute form) and keeps the PDF/A identification.
    assert re.search(r'pdfaid:part(="|>)3', xmp) and re.search(r'pdfaid:conformance(="|>)B', xmp)
    # WeasyPrint lists the one file specification twice in /AF: the same object.
    (spec,) = {entry.idnum: entry.get_object() for entry in root.raw_get("/AF")}.values()
    assert spec["/AFRelationship"] == "/Source" and spec["/F"] == f"{agreed.agreement.number}-v1.json"
    (snapshot,) = reader.attachments[spec["/F"]]
    assert snapshot_hash(json.loads(snapshot)) == agreed.sha256
    assert seal_status(data, test_ca.ca)[0].bottom_line  # the seal on top of PDF/A


def test_the_footer_text_reads_back_on_every_page_in_both_digit_styles(agreed):
    for thai_digits in (False, True):
        name = stored.agreement_pdf(submission=agreed, thai_digits=thai_digits)
        with default_storage.open(name, "rb") as handle:
            pages = [page.extract_text() for page in PdfReader(handle).pages]
        code = DocumentCode.objects.get(source_key=name, thai_digits=thai_digits)
        # The code and the address keep Arabic digits in a Thai-digit document: they are typed.
        line = f"รหัสตรวจสอบ {grouped(code.code)} ตรวจสอบได้ที่ https://pa.example.go.th/verify/{code.code}/"
        assert all(line in text for text in pages)


def test_a_final_pa3_is_sealed_with_the_committees_completion(agreed, people, test_ca, client):
    committee = evaluated_committee(agreed.agreement, people)
    name = stored.committee_pdf(committee=committee)
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    status, reason = seal_status(data, test_ca.ca)
    assert status.bottom_line and reason.startswith("ผลการประเมินครบถ้วน ยืนยันโดยคณะกรรมการ (ประธาน ")
    code = DocumentCode.objects.get(kind="pa3", object_id=committee.pk)
    assert code.sealed
    page = client.get(f"/verify/{code.code}/").content.decode()
    assert "PA3 แบบสรุปผลการประเมินของคณะกรรมการ" in page and "ยืนยันผลแล้ว เมื่อ" in page
    # A PA2 sheet carries its code too, but no seal: it is one evaluator's part of the result.
    sheet = committee.members.first().evaluation
    stored.sheet_pdf(evaluation=sheet)
    sheet_code = DocumentCode.objects.get(kind="pa2", object_id=sheet.pk)
    assert not sheet_code.sealed
    assert "การประเมินครั้งที่ 1" in client.get(f"/verify/{sheet_code.code}/").content.decode()
