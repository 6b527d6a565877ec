"""The one PDF pipeline: a template, rendered to HTML, laid out by WeasyPrint with the project's
own Sarabun font. Every official document (PA1, PA2, PA3) goes through `render_pdf`."""

import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

from pa_portal import thai

from . import textlayer

logger = logging.getLogger(__name__)

FONT_FILES = {
    "regular": "Sarabun-Regular.ttf",
    "bold": "Sarabun-Bold.ttf",
    "italic": "Sarabun-Italic.ttf",
    "bold_italic": "Sarabun-BoldItalic.ttf",
}

_font_config = None


def font_config() -> FontConfiguration:
    """One font configuration per process: building it loads and parses the fonts again."""
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


class URLRefused(ValueError):
    pass


def allowed_roots() -> list[Path]:
    """The only places a document may read from: the project's static files and the font."""
    from django.contrib.staticfiles.finders import get_finders

    roots = [Path(settings.SARABUN_DIR)]
    for finder in get_finders():
        for storage in getattr(finder, "storages", {}).values():
            roots.append(Path(storage.location))
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


class StaticOnlyURLFetcher(URLFetcher):
    """Serves `file:` URLs inside the static directories and the font directory; refuses every
    other URL (http, https, data, ftp, and any other path on the disk), so nothing a user typed
    can make a document reach the network or read a file."""

    def __init__(self, roots: list[Path] | None = None):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = roots if roots is not None else allowed_roots()
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            path = self._allowed_path(url)
        except URLRefused:
            self.refused.append(url)
            raise
        self.fetched.append(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path2url(str(path)), body=path.read_bytes(), headers={"Content-Type": content_type}
        )

    def _allowed_path(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            raise URLRefused(f"refused URL: {url[:200]}")
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not any(path.is_relative_to(root) for root in self.roots) or not path.is_file():
            raise URLRefused(f"refused path: {url[:200]}")
        return path


def font_urls() -> dict[str, str]:
    return {key: path2url(str(Path(settings.SARABUN_DIR) / name)) for key, name in FONT_FILES.items()}


# --- Thai text ------------------------------------------------------------------------------

# Kept as they are: tags, entities, the stylesheet, and codes marked <span class="ascii">.
_NOT_TEXT = re.compile(
    r"(<style\b.*?</style>|<span class=\"ascii\">.*?</span>|<[^>]*>|&#?\w+;)", re.DOTALL | re.IGNORECASE
)


def thai_numerals(html: str) -> str:
    """Arabic digits of the text (not of tags, entities or the stylesheet) as Thai digits, by
    `pa_portal.thai.thai_digits`: digits of a Latin-letter token (SHA-256, PM2.5, a URL) stay
    Arabic. List markers follow in CSS (`list-style-type: thai` in base.html)."""
    parts = _NOT_TEXT.split(html)
    return "".join(part if i % 2 else thai.thai_digits(part) for i, part in enumerate(parts))


# --- the text layer of Thai -----------------------------------------------------------------
# reports/textlayer.py: searched and copied Thai reads as typed (ำ as U+0E33). The names below
# are the ones the rest of the portal and its tests use.

THAI_TEXT_LAYER_CHECKED_ON = textlayer.CHECKED_ON


def install_thai_text_layer(version: str = weasyprint.__version__) -> bool:
    return textlayer.install(version)


def thai_text_layer_installed() -> bool:
    return textlayer.installed()


install_thai_text_layer()


# --- rendering ------------------------------------------------------------------------------


def render_html(template_name: str, context: dict, *, thai_digits: bool = False) -> str:
    """The HTML handed to WeasyPrint (autoescaped template; user text never becomes markup)."""
    html = render_to_string(template_name, {**context, "fonts": font_urls(), "thai_digits": thai_digits})
    if thai_digits:
        html = thai_numerals(html)
    return html


def render_pdf(
    template_name: str,
    context: dict,
    *,
    thai_digits: bool = False,
    attachments: dict[str, bytes] | None = None,
    url_fetcher: StaticOnlyURLFetcher | None = None,
    verification: dict | None = None,
) -> bytes:
    """A PDF/A-3b from a template. `attachments` (name → bytes) are embedded as the document's
    associated source files, e.g. the snapshot it was rendered from, so an archive keeps the
    exact data with the print. `verification` (code, url, QR image) is printed on every page."""
    fetcher = url_fetcher or StaticOnlyURLFetcher()
    html = render_html(template_name, {**context, "verification": verification}, thai_digits=thai_digits)
    return _write_pdf(html, fetcher, attachments or {})


# PDF/A-3b: an archival PDF that may carry its source data as associated files (ISO 19005-3).
PDF_VARIANT = "pdf/a-3b"


def _write_pdf(html: str, fetcher: URLFetcher, attachments: dict[str, bytes]) -> bytes:
    files = [
        Attachment(string=data, name=name, url_fetcher=fetcher, description=name, relationship="Source")
        for name, data in attachments.items()
    ]
    document = HTML(
        string=html, base_url=path2url(str(settings.BASE_DIR / "static")) + "/", url_fetcher=fetcher
    )
    return document.write_pdf(font_config=font_config(), attachments=files, pdf_variant=PDF_VARIANT)
