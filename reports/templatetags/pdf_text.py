"""Filters for the text of PDF documents."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString

from reports import thaiwords

register = template.Library()
_COMPOUND = thaiwords.COMPOUND
MAX_KEPT = thaiwords.MAX_COMPOUND


def _kept(token: str) -> SafeString:
    if len(token) > MAX_KEPT:
        return conditional_escape(token)
    return format_html('<span class="nobreak">{}</span>', token)


@register.filter(needs_autoescape=True)
def compounds(value, autoescape=True):
    """The text escaped, each short Latin compound in `<span class="nobreak">` so the line is
    never broken at its hyphen or slash (Pango otherwise breaks "O-⏎NET"). Chain before
    `linebreaksbr`, which leaves the already escaped text alone."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, SafeData) or not autoescape:
        # Markup given as safe is left as markup: wrapping inside it could cut a tag.
        return value
    out, last = SafeString(), 0
    for match in _COMPOUND.finditer(text):
        out += conditional_escape(text[last : match.start()]) + _kept(match.group(0))
        last = match.end()
    return out + conditional_escape(text[last:])


@register.filter(needs_autoescape=True)
def words(value, autoescape=True):
    """`compounds`, and each Thai word (pythainlp's newmm with the portal's word list) kept on
    one line: the line breaks between the words a reader reads (reports/thaiwords.py). For the
    PDF documents only; chain before `linebreaksbr`."""
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, SafeData) and ("<" in text or "&" in text):
        return value  # markup: wrapping inside it could cut a tag
    if not autoescape and not isinstance(value, SafeData):
        return value
    # Plain text, or a template's own literal (safe, and without markup).
    return SafeString(thaiwords.breakable_html(text))
