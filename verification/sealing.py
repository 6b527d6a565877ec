"""The portal's seal (PAdES B-B, or B-T with a time-stamping service): an invisible signature
over the whole file, made with the office's certificate. Readers check it in any PDF reader; the
check page compares the file's SHA-256, which is that of the sealed file."""

import asyncio
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

FIELD = "PortalSeal"


def seal_configured() -> bool:
    return bool(settings.SIGNING_CERT and settings.SIGNING_KEY) and all(
        Path(p).is_file() for p in (settings.SIGNING_CERT, settings.SIGNING_KEY)
    )


def seal_pdf(data: bytes, *, reason: str) -> bytes:
    """The PDF with the portal's seal added as an incremental update (the original bytes are kept
    as they are, so PDF/A and the embedded data stay intact)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper

    chain = (
        [settings.SIGNING_CHAIN] if settings.SIGNING_CHAIN and Path(settings.SIGNING_CHAIN).is_file() else []
    )
    signer = signers.SimpleSigner.load(settings.SIGNING_KEY, settings.SIGNING_CERT, ca_chain_files=chain)
    if signer is None:
        raise RuntimeError("the seal certificate or key cannot be read (SIGNING_CERT, SIGNING_KEY)")
    timestamper = HTTPTimeStamper(settings.SIGNING_TSA_URL) if settings.SIGNING_TSA_URL else None
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD,
        reason=reason[:500],
        location=settings.PORTAL_PUBLIC_URL,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)

    def sign() -> bytes:
        return signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper).getvalue()

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return sign()  # a worker, a command: no event loop of its own
    # sign_pdf runs an event loop of its own, which cannot start inside a running one (an ASGI
    # server, a browser test's Playwright): it runs in a thread instead.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(sign).result()
