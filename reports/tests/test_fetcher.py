"""The URL fetcher is the documents' only way out: it serves the project's static files and the
Sarabun font, and refuses everything else (network, data, any other file)."""

from pathlib import Path

import pytest
from django.conf import settings
from weasyprint import HTML
from weasyprint.urls import path2url

from reports import pdf

FONT = Path(settings.SARABUN_DIR) / "Sarabun-Regular.ttf"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/tracker.png",
        "https://example.org/logo.png",
        "ftp://example.org/file",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "file:///etc/passwd",
        "file://evil.example.org/share/x.png",
        path2url(str(settings.BASE_DIR / "pa_portal" / "settings.py")),
        path2url(str(Path(settings.SARABUN_DIR))) + "/../../../../../../../etc/passwd",
        path2url(str(settings.BASE_DIR / "static")) + "/%2e%2e/pa_portal/settings.py",
    ],
)
def test_fetcher_refuses_anything_but_the_projects_static_files(url):
    with pytest.raises(pdf.URLRefused):
        pdf.StaticOnlyURLFetcher().fetch(url)


def test_fetcher_serves_the_font_and_the_static_files():
    fetcher = pdf.StaticOnlyURLFetcher()
    font = fetcher.fetch(path2url(str(FONT)))
    assert font.read(4) == FONT.read_bytes()[:4]
    css = fetcher.fetch(path2url(str(settings.BASE_DIR / "static" / "css" / "portal.css")))
    assert css.content_type == "text/css"


def test_markup_that_asks_for_outside_resources_gets_nothing(tmp_path):
    """Even if markup reached WeasyPrint (templates autoescape, so it does not), every outside
    reference is refused by the fetcher before any connection or file read."""
    secret = tmp_path / "secret.css"
    secret.write_text("p { color: red }")
    fetcher = pdf.StaticOnlyURLFetcher()
    html = (
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        f'<link rel="stylesheet" href="{path2url(str(secret))}">'
        '<img src="https://example.org/x.png"><img src="file:///etc/passwd">'
        '<a rel="attachment" href="file:///etc/passwd">x</a><p>ข้อความ</p>'
    )
    HTML(string=html, url_fetcher=fetcher).write_pdf(font_config=pdf.font_config())
    assert fetcher.fetched == []
    assert set(fetcher.refused) == {
        "http://127.0.0.1:9/x.css",
        path2url(str(secret)),
        "https://example.org/x.png",
        "file:///etc/passwd",
    }
