"""Faster text layout in WeasyPrint, with the same output.

WeasyPrint spends most of a PA1's render laying out lines of text: for every line it builds a
new Pango context and font description, lays the text out, lays the line out again to measure
it, throws the Pango layout away, and builds it a third time to draw it. These changes remove
the repeated work; the PDF's content and font streams come out identical to the byte
(reports/tests/test_text_layout.py compares them with and without):

1. *One Pango context and font description per computed style*, instead of one per layout.
2. *A measured line keeps its Pango layout until it is drawn*: the last layout while measuring
   is already the one drawn (the line's text, no width, single-paragraph mode), so drawing no
   longer rebuilds it. Only lines of unjustified text, whose drawn layout is exactly that one.
3. *strut() once per style*: WeasyPrint recomputes its cache key, a string of 14 properties, on
   every line.
4. *Each line laid out once per document*: the same text in the same style and width gives the
   same line, and a PA1 repeats many (the table header on every page, the target-group labels,
   the footer, the month names): about a third of its lines. The cache lives on the document's
   layout context, so it goes with the document.

The patched functions are copies of WeasyPrint 70.0's with the changes above; `install()`
leaves any other version untouched (and the tests fail, so that an upgrade is looked at).
"""

import contextlib
import logging

import weasyprint
from weasyprint.css import computed_values, units
from weasyprint.layout import inline, preferred
from weasyprint.text import line_break
from weasyprint.text.constants import LST_TO_ISO, PANGO_DIRECTION
from weasyprint.text.ffi import FROM_UNITS, ffi, gobject, pango, unicode_to_char_p
from weasyprint.text.fonts import font_features, get_font_description

logger = logging.getLogger(__name__)

WRITTEN_FOR = "70.0"

# Every style property that text/line_break.py and text/fonts.py read: a line's layout depends
# on nothing else (the tests check this list against WeasyPrint's source).
TEXT_PROPERTIES = (
    "direction",
    "font_family",
    "font_feature_settings",
    "font_kerning",
    "font_language_override",
    "font_size",
    "font_stretch",
    "font_style",
    "font_variant_alternates",
    "font_variant_caps",
    "font_variant_east_asian",
    "font_variant_ligatures",
    "font_variant_numeric",
    "font_variant_position",
    "font_variation_settings",
    "font_weight",
    "hyphenate_character",
    "hyphenate_limit_chars",
    "hyphenate_limit_zone",
    "hyphens",
    "lang",
    "letter_spacing",
    "line_height",
    "overflow_wrap",
    "tab_size",
    "text_decoration_line",
    "white_space",
    "word_break",
    "word_spacing",
)

# Attributes of a Layout that hold its live Pango objects: what WeasyPrint's deactivate() drops.
_LIVE = frozenset({"layout", "language", "style", "_kept", "_final"})
_PARAGRAPH_SEPARATORS = ("\n", "\r", "\x85", "\u2028", "\u2029")

counters = {"lines_laid_out": 0, "lines_reused": 0}


# --- 1. one Pango context and font description per style -------------------------------------


class _Prepared:
    __slots__ = ("context", "language", "description", "metrics", "features")


def _prepare(style) -> _Prepared:
    """What WeasyPrint's Layout.setup computes from the style alone, computed once."""
    prepared = _Prepared()
    context = ffi.gc(pango.pango_font_map_create_context(style.font_config.font_map), gobject.g_object_unref)
    pango.pango_context_set_round_glyph_positions(context, False)
    pango.pango_context_set_base_dir(context, PANGO_DIRECTION[style["direction"]])
    if style["font_language_override"] != "normal":
        override = style["font_language_override"]
        lang_p, lang = unicode_to_char_p(LST_TO_ISO.get(override.lower(), override))
    elif style["lang"]:
        lang_p, lang = unicode_to_char_p(style["lang"])
    else:
        lang = None
        prepared.language = pango.pango_language_get_default()
    if lang:
        prepared.language = pango.pango_language_from_string(lang_p)
        pango.pango_context_set_language(context, prepared.language)
    prepared.context = context
    prepared.description = get_font_description(style)
    prepared.metrics = None
    if style["text_decoration_line"] != "none":
        metrics = ffi.gc(
            pango.pango_context_get_metrics(context, prepared.description, prepared.language),
            pango.pango_font_metrics_unref,
        )
        prepared.metrics = (
            FROM_UNITS * pango.pango_font_metrics_get_ascent(metrics),
            FROM_UNITS * pango.pango_font_metrics_get_underline_position(metrics),
            FROM_UNITS * pango.pango_font_metrics_get_strikethrough_position(metrics),
            FROM_UNITS * pango.pango_font_metrics_get_underline_thickness(metrics),
            FROM_UNITS * pango.pango_font_metrics_get_strikethrough_thickness(metrics),
        )
    features = font_features(
        style["font_kerning"],
        style["font_variant_ligatures"],
        style["font_variant_position"],
        style["font_variant_caps"],
        style["font_variant_numeric"],
        style["font_variant_alternates"],
        style["font_variant_east_asian"],
        style["font_feature_settings"],
    )
    prepared.features = None
    if features:
        features = ",".join(f"{key} {value}" for key, value in features.items()).encode()
        prepared.features = style.font_config.font_features.setdefault(
            features, pango.pango_attr_font_features_new(features)
        )
    return prepared


def _setup(self, style):
    prepared = style.__dict__.get("_pa_prepared")
    if prepared is None:
        prepared = style._pa_prepared = _prepare(style)
    self.style = style
    self.first_line_direction = 0
    self.language = prepared.language
    self.layout = ffi.gc(pango.pango_layout_new(prepared.context), gobject.g_object_unref)
    pango.pango_layout_set_auto_dir(self.layout, False)
    pango.pango_layout_set_font_description(self.layout, prepared.description)
    if prepared.metrics is None:
        self.ascent = self.underline_position = self.strikethrough_position = None
    else:
        (
            self.ascent,
            self.underline_position,
            self.strikethrough_position,
            self.underline_thickness,
            self.strikethrough_thickness,
        ) = prepared.metrics
    if prepared.features is not None:
        attr_list = pango.pango_attr_list_new()
        pango.pango_attr_list_insert(attr_list, prepared.features)
        pango.pango_layout_set_attributes(self.layout, attr_list)


# --- 2. a measured line keeps its layout until it is drawn -----------------------------------


def _first_line_metrics(
    first_line, text, layout, resume_at, space_collapse, style, hyphenated=False, hyphenation_character=None
):
    length = first_line.length
    if hyphenated:
        length -= len(hyphenation_character.encode())
    elif resume_at:
        first_line_text = text.encode()[:length].decode()
        if space_collapse:
            first_line_text = first_line_text.rstrip(" ")
        # No width when drawing: the line is already split (as in WeasyPrint).
        pango.pango_layout_set_width(layout.layout, -1)
        if not any(separator in first_line_text for separator in _PARAGRAPH_SEPARATORS):
            # What draw_first_line sets, set before this last layout instead of after it: on a
            # single paragraph it changes nothing, and the layout can then be drawn as it is.
            pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
            layout._final = True
        layout.set_text(first_line_text)
        first_line, _ = layout.get_first_line()
        length = first_line.length if first_line is not None else 0
    width, height = line_break.line_size(first_line, style)
    baseline = pango.pango_layout_get_baseline(layout.layout) * FROM_UNITS
    layout.deactivate()
    return layout, length, resume_at, width, height, baseline


def _deactivate(self):
    if self.justification_spacing == 0 and self.__dict__.get("_final"):
        self._kept = True
        return
    _original["Layout.deactivate"](self)


def _reactivate(self, style):
    # A kept layout is what reactivation would build: same style, same text, no justification.
    if self.__dict__.get("_kept") and style is self.style:
        return
    self.__dict__.pop("_kept", None)
    self.__dict__.pop("_final", None)
    _original["Layout.reactivate"](self, style)


# --- 3. strut() once per style ----------------------------------------------------------------


def _strut(style):
    result = style.__dict__.get("_pa_strut")
    if result is None:
        result = style._pa_strut = _original["strut"](style)
    return result


# --- 4. each line laid out once per document ---------------------------------------------------


def _text_key(style):
    key = style.__dict__.get("_pa_text_key")
    if key is None:
        values = tuple(style[name] for name in TEXT_PROPERTIES)
        try:
            hash(values)
        except TypeError:  # a list among the values
            values = repr(values)
        key = style._pa_text_key = (id(style.font_config), values)
    return key


def _split_first_line(
    text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False
):
    split = _original["split_first_line"]
    if context is None:
        return split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
    lines = context.__dict__.setdefault("_pa_lines", {})
    key = (text, _text_key(style), max_width, justification_spacing, is_line_start, minimum)
    found = lines.get(key)
    if found is None:
        counters["lines_laid_out"] += 1
        layout, *metrics = split(
            text, style, context, max_width, justification_spacing, is_line_start, minimum
        )
        lines[key] = ({name: value for name, value in vars(layout).items() if name not in _LIVE}, metrics)
        return (layout, *metrics)
    counters["lines_reused"] += 1
    attributes, metrics = found
    # A layout as WeasyPrint leaves it after measuring: text and metrics, rebuilt when drawn.
    layout = line_break.Layout.__new__(line_break.Layout)
    layout.__dict__.update(attributes)
    return (layout, *metrics)


# --- installing --------------------------------------------------------------------------------

_original: dict = {}

_PATCHES = (
    # (owner, attribute, replacement, key of the original)
    (line_break.Layout, "setup", _setup, "Layout.setup"),
    (line_break.Layout, "deactivate", _deactivate, "Layout.deactivate"),
    (line_break.Layout, "reactivate", _reactivate, "Layout.reactivate"),
    (line_break, "first_line_metrics", _first_line_metrics, "first_line_metrics"),
    (line_break, "strut", _strut, "strut"),
    (inline, "strut", _strut, "strut"),
    (units, "strut", _strut, "strut"),
    (computed_values, "strut", _strut, "strut"),
    (inline, "split_first_line", _split_first_line, "split_first_line"),
    (preferred, "split_first_line", _split_first_line, "split_first_line"),
)


def supported() -> bool:
    return weasyprint.__version__ == WRITTEN_FOR


def installed() -> bool:
    return line_break.Layout.setup is _setup


def install() -> bool:
    if installed():
        return True
    if not supported():
        logger.warning(
            "WeasyPrint %s: the text layout speed-ups are written for %s and are not installed",
            weasyprint.__version__,
            WRITTEN_FOR,
        )
        return False
    for owner, name, replacement, key in _PATCHES:
        _original.setdefault(key, getattr(owner, name))  # every owner holds the same original
        setattr(owner, name, replacement)
    return True


def uninstall() -> None:
    if not installed():
        return
    for owner, name, _replacement, key in _PATCHES:
        setattr(owner, name, _original[key])


@contextlib.contextmanager
def disabled():
    """WeasyPrint as released, for comparing output (not thread-safe: tests only)."""
    was_installed = installed()
    uninstall()
    try:
        yield
    finally:
        if was_installed:
            install()
