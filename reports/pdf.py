"""The one PDF pipeline: a template, rendered to HTML, laid out by WeasyPrint with the project's
own Sarabun font. Every official document (PA1, PA2, PA3) goes through `render_pdf`."""

import functools
import io
import logging
import mimetypes
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import weasyprint
import weasyprint.pdf
from django.conf import settings
from django.template.loader import render_to_string
from fontTools.ttLib import TTFont
from weasyprint import HTML, Attachment
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse, path2url

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
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def thai_numerals(html: str) -> str:
    """Arabic digits of the text (not of tags, entities or the stylesheet) as Thai digits."""
    parts = _NOT_TEXT.split(html)
    return "".join(part if i % 2 else part.translate(_THAI_DIGITS) for i, part in enumerate(parts))


# --- the text layer of Thai -----------------------------------------------------------------

_thai_glyphs_cache: dict[str, dict[int, str]] = {}
_PRODUCTION_NAME = re.compile(r"^uni((?:[0-9A-F]{4})+)(?:\..*)?$")
_TONE_MARKS = "\u0e48\u0e49\u0e4a\u0e4b"


def _thai_glyphs(font) -> dict[int, str]:
    """Glyph id -> the Thai text the glyph draws: from the font's cmap when the glyph stands for
    exactly one character, else from its production name ("uni0E49.small" is ้, the ligature
    "uni0E4D0E49" is ้ + ํ, in the order ำ is typed after a tone mark)."""
    glyphs = _thai_glyphs_cache.get(font.hash)
    if glyphs is None:
        ttfont = TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True)
        glyphs = {}
        for gid, name in enumerate(ttfont.getGlyphOrder()):
            match = _PRODUCTION_NAME.match(name)
            if match:
                hexes = match.group(1)
                text = "".join(chr(int(hexes[i : i + 4], 16)) for i in range(0, len(hexes), 4))
                if all("\u0e01" <= char <= "\u0e5b" for char in text):
                    if "\u0e4d" in text:  # NIKHAHIT of ำ comes after the tone mark typed before it
                        text = "".join(c for c in text if c in _TONE_MARKS) + "".join(
                            c for c in text if c not in _TONE_MARKS
                        )
                    glyphs[gid] = text
        nominal: dict[int, list[str]] = {}
        for codepoint, name in (ttfont.getBestCmap() or {}).items():
            if 0x0E01 <= codepoint <= 0x0E5B:
                nominal.setdefault(ttfont.getGlyphID(name), []).append(chr(codepoint))
        glyphs.update({gid: found[0] for gid, found in nominal.items() if len(found) == 1})
        _thai_glyphs_cache[font.hash] = glyphs
    return glyphs


def _with_thai_text_layer(build_fonts_dictionary):
    """WeasyPrint maps each glyph back to the text of the first cluster it was drawn in, and
    HarfBuzz draws ำ (SARA AM) as two glyphs, ํ and า: the first gets no text, the second gets
    "ำ" or "า" depending on where it was seen first, so a PDF of "สำนักงาน" is searched and copied
    as "สานักงาน" or "งำน" (WeasyPrint #2841). Writing ำ as ํ + า in the HTML fixes the text but
    breaks Thai line breaking (libthai no longer knows the word). So the text stays as written,
    and just before the fonts are written every Thai glyph is mapped back to the text it draws
    (see _thai_glyphs); copied text then equals the input under NFKC (ำ comes out as ํา)."""

    @functools.wraps(build_fonts_dictionary)
    def build(pdf, fonts, *args, **kwargs):
        for font in fonts.values():
            if font.to_unicode:
                thai = _thai_glyphs(font)
                for gid in font.to_unicode.keys() & thai.keys():
                    font.to_unicode[gid] = thai[gid]
        return build_fonts_dictionary(pdf, fonts, *args, **kwargs)

    build.thai_text_layer = True
    return build


# The WeasyPrint releases this fix was checked on: it wraps a function of WeasyPrint's PDF writer
# and edits its fonts' `to_unicode` maps, neither of which is a public API. On any other release
# it stays out and a warning says so; reports/tests/test_pa1_pdf.py then fails until someone has
# read Thai back from that release's PDFs and added it here.
THAI_TEXT_LAYER_CHECKED_ON = ("70.0",)


def install_thai_text_layer(version: str = weasyprint.__version__) -> bool:
    """Wrap WeasyPrint's font dictionary building with the Thai text layer, on a checked release
    only. Returns whether the fix is in place."""
    if version not in THAI_TEXT_LAYER_CHECKED_ON:
        logger.warning(
            "WeasyPrint %s: the Thai text layer fix is not installed (checked on %s only); "
            "copied and searched Thai text may lose SARA AM",
            version,
            ", ".join(THAI_TEXT_LAYER_CHECKED_ON),
        )
        return False
    if not thai_text_layer_installed():
        weasyprint.pdf.build_fonts_dictionary = _with_thai_text_layer(weasyprint.pdf.build_fonts_dictionary)
    return True


def thai_text_layer_installed() -> bool:
    return getattr(weasyprint.pdf.build_fonts_dictionary, "thai_text_layer", False)


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
) -> bytes:
    """A PDF from a template. `attachments` (name → bytes) are embedded in the PDF, e.g. the
    snapshot a document was rendered from, so an archive keeps the exact data with the print."""
    fetcher = url_fetcher or StaticOnlyURLFetcher()
    html = render_html(template_name, context, thai_digits=thai_digits)
    return _write_pdf(html, fetcher, attachments or {})


def _write_pdf(html: str, fetcher: URLFetcher, attachments: dict[str, bytes]) -> bytes:
    files = [
        Attachment(string=data, name=name, url_fetcher=fetcher, description=name)
        for name, data in attachments.items()
    ]
    document = HTML(
        string=html, base_url=path2url(str(settings.BASE_DIR / "static")) + "/", url_fetcher=fetcher
    )
    return document.write_pdf(font_config=font_config(), attachments=files)
