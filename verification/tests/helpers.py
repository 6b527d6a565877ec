import io

from django.core.files.storage import default_storage
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleTrustManager

from reports import stored
from verification.models import DocumentCode


def issued_pa1(submission) -> tuple[bytes, DocumentCode]:
    """Render (as a worker does) and read back the stored PA1, with its code."""
    name = stored.agreement_pdf(submission=submission)
    with default_storage.open(name, "rb") as handle:
        data = handle.read()
    return data, DocumentCode.objects.get(kind="pa1", object_id=submission.pk, source_key=name)


def seal_status(data: bytes, ca_path):
    """pyHanko's validation of the file's one signature against the CA at `ca_path`, and the
    reason the seal states."""
    from asn1crypto import pem, x509

    _, _, der = pem.unarmor(ca_path.read_bytes())
    context = ValidationContext(
        trust_manager=SimpleTrustManager.build(trust_roots=[x509.Certificate.load(der)])
    )
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    (signature,) = reader.embedded_signatures
    return validate_pdf_signature(signature, context), str(signature.sig_object.get("/Reason", ""))
