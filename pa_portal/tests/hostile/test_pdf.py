"""Hostile content in the PDF: links and images typed into an agreement stay text, and the
fetcher serves nothing but static files."""

import json
from io import BytesIO

import pytest

from agreements import drafts, workflow
from pa_portal.tests.conftest import COMPLETE


def _pdf_text(pdf: bytes) -> str:
    import unicodedata

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)


def test_41_links_and_images_typed_into_an_agreement_stay_text_in_the_pdf(draft, people, monkeypatch):
    from reports import documents, pdf

    attempts = []
    real_fetch = pdf.StaticOnlyURLFetcher.fetch

    def spy(self, url, headers=None):
        attempts.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(pdf.StaticOnlyURLFetcher, "fetch", spy)
    hostile = '<img src="http://127.0.0.1:9/steal.png"> file:///etc/passwd <a href="file:///etc/shadow">x</a>'
    data = json.loads(json.dumps(COMPLETE))
    data["part1"][0]["tasks"] = hostile
    drafts.agreement_update(agreement=draft, actor=people["deputy"], data=data, expected_revision=None)
    submission = workflow.agreement_submit(agreement=draft, actor=people["deputy"])
    document = documents.pa1_render(submission, None)
    # The PDF wraps long lines anywhere: compare without whitespace.
    text = "".join(_pdf_text(document).split())
    assert "file:///etc/passwd" in text
    assert '<imgsrc="http://127.0.0.1:9/steal.png">' in text
    assert "root:x:0:0" not in text
    assert not any(url.startswith(("http", "file:///etc")) for url in attempts)
    assert b"/URI (file:///etc/shadow)" not in document


def test_42_the_pdf_fetcher_refuses_everything_but_static_files():
    from reports.pdf import StaticOnlyURLFetcher, URLRefused

    fetcher = StaticOnlyURLFetcher()
    for url in (
        "http://127.0.0.1:9/x.png",
        "https://example.com/x.css",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/x",
    ):
        with pytest.raises(URLRefused):
            fetcher.fetch(url)
    assert fetcher.fetched == []
