"""Filters for the text of PDF documents."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, SafeString

register = template.Library()

# A Latin compound that a reader takes as one word: letters and digits joined by hyphens or
# slashes, dots allowed inside ("O-NET", "e-Service", "RT/NT/O-NET", "ม.6/1" has "6/1").
_COMPOUND = re.compile(r"[0-9A-Za-z]+(?:[-/.][0-9A-Za-z]+)*[-/][0-9A-Za-z]+(?:[-/.][0-9A-Za-z]+)*")
# Longer than this may not fit a column (a cell of the PA1 holds about 28 Latin letters a line),
# so it keeps its break opportunities: a URL still wraps instead of running out of its cell.
MAX_KEPT = 20


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
