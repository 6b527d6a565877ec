"""Packets of sealed documents: a ZIP keeps each sealed PDF as issued; a merged PDF says on its
first page that the seals are in the individual PDFs."""

import hashlib
import io
import zipfile

from pypdf import PdfReader

from reports import services as report_services
from reports.packet_note import SEAL_NOTE_TITLE

from .helpers import issued_pa1, seal_status


def _packet(agreed, people, format):
    export = report_services.packet_export_request(
        actor=people["hr"],
        fiscal_year=agreed.agreement.fiscal_year,
        kinds=["pa1"],
        format=format,
        queue=False,
    )
    export = report_services.packet_export_run(export=export)
    assert export.status == "done", export.error
    with export.file.open("rb") as handle:
        return handle.read()


def test_a_zip_packet_keeps_each_sealed_pdf_as_issued(agreed, people, test_ca):
    issued, code = issued_pa1(agreed)
    with zipfile.ZipFile(io.BytesIO(_packet(agreed, people, "zip"))) as archive:
        (name,) = archive.namelist()
        inside = archive.read(name)
    assert hashlib.sha256(inside).hexdigest() == code.sha256 and inside == issued
    assert seal_status(inside, test_ca.ca)[0].bottom_line


def test_a_merged_packet_says_on_its_first_page_where_the_seals_are(agreed, people, test_ca):
    issued, _ = issued_pa1(agreed)
    reader = PdfReader(io.BytesIO(_packet(agreed, people, "pdf")))
    first = reader.pages[0].extract_text()
    assert "ตราประทับดิจิทัล" in first and "ไฟล์ PDF แยกรายฉบับ" in first
    assert len(reader.pages) == len(PdfReader(io.BytesIO(issued)).pages) + 1
    assert reader.outline[0].title == SEAL_NOTE_TITLE
    # No broken seal travels with the merged pages.
    assert not any(
        annotation.get_object().get("/FT") == "/Sig"
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    )
