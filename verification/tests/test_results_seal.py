"""The results report is sealed once its supervisor accepted it, like an agreed PA1, and the
check page names it and its state."""

import hashlib

from django.core.files.storage import default_storage
from pyhanko.sign.validation.status import SignatureCoverageLevel

from reports import stored
from reports.models import DocumentKind
from results import workflow
from results.tests.factories import make_report
from verification.models import DocumentCode

from .helpers import seal_status


def _issued(submission):
    name = stored.document_pdf(kind=DocumentKind.RESULTS, source_id=submission.pk)
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    return data, DocumentCode.objects.get(kind=DocumentKind.RESULTS, object_id=submission.pk, source_key=name)


def test_an_accepted_results_report_is_sealed_and_its_code_page_says_accepted(
    standards, policies, people, media, test_ca, public_url, client
):
    report = make_report(people["deputy"], people["supervisor"], submit=True)
    submission = report.submissions.get()
    data, code = _issued(submission)
    assert not code.sealed and b"/ByteRange" not in data  # submitted, not yet accepted: no seal

    workflow.report_accept(report=report, actor=people["supervisor"], comment="รับรอง")
    data, code = _issued(submission)
    status, reason = seal_status(data, test_ca.ca)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert code.sealed and code.sha256 == hashlib.sha256(data).hexdigest()
    assert reason.startswith("รับรองโดย ") and "รายงานผลฉบับที่ 1" in reason

    page = client.get(f"/verify/{code.code}/").content.decode()
    assert "รายงานผลการพัฒนางาน ฉบับที่ 1" in page
    assert "ผู้บังคับบัญชารับรองแล้ว" in page
    assert report.agreement.owner_name in page
