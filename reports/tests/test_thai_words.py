"""Thai lines break between the words people read (issue 16, section 4): the `words` filter keeps
each word of pythainlp's newmm segmentation (with the portal's word list) on one line, leaves the
text layer as typed, and still lets a word wider than its column wrap."""

from pathlib import Path

import pytest
from django.template import Context, Template

from reports import pdf, thaiwords

from . import pdfcheck

SENTENCE = (
    "ข้าราชการครูและบุคลากรทางการศึกษาในสถานศึกษาขับเคลื่อนการพัฒนาผู้เรียนร่วมกับหน่วยงานในเขตพื้นที่"
    "ไม่น้อยกว่าร้อยละ 80 จนประสบความสำเร็จ สพท.ติดตามผลการศึกษาทุกภาคเรียน"
)
LISTED = ("ผู้เรียน", "การศึกษา", "ขับเคลื่อน", "หน่วยงาน", "ไม่น้อยกว่า", "ประสบความสำเร็จ", "สถานศึกษา")


def test_the_portal_word_list_joins_the_compounds_readers_take_as_one_word():
    for word in (*LISTED, "สพท."):
        assert word in thaiwords.segment(f"ของ{word}ทุกคน"), word
    assert "ข้าราชการครูและบุคลากรทางการศึกษา" in thaiwords.domain_words()


def test_words_filter_escapes_and_marks_each_word_without_adding_visible_text():
    html = Template("{% load pdf_text %}{{ text|words|linebreaksbr }}").render(
        Context({"text": "ผู้เรียน<b>ขับเคลื่อน</b>\nO-NET & หน่วยงาน"})
    )
    assert "<b>" not in html and "&lt;b&gt;" in html and "&amp;" in html
    assert '<span class="w">ผู้เรียน</span>' in html
    assert '<span class="w">ขับเคลื่อน</span>' in html
    assert '<span class="nobreak">O-NET</span>' in html
    assert "<br>" in html
    # Only zero-width spaces are added to the text, where two words touch.
    text = Template("{{ html|striptags }}").render(Context({"html": html}))
    assert (
        text.replace(thaiwords.ZWSP, "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        == "ผู้เรียน<b>ขับเคลื่อน</b>O-NET & หน่วยงาน"
    )  # the line break became a <br>


def _cell(tmp_path: Path, text: str, width_cm: float, *, words: bool) -> Path:
    """`text` in a table cell of the PA1's stylesheet, `width_cm` wide."""
    value = "{{ text|words }}" if words else "{{ text }}"
    source = (
        '{% extends "reports/pdf/base.html" %}{% load pdf_text %}{% block content %}'
        f'<table style="width: {width_cm}cm"><tr><td>{value}</td></tr></table>'
        "{% endblock %}"
    )
    html = Template(source).render(Context({"text": text, "fonts": pdf.font_urls()}))
    path = tmp_path / f"cell-{width_cm}-{words}.pdf"
    path.write_bytes(pdf._write_pdf(html, pdf.StaticOnlyURLFetcher(), {}))
    return path


def _breaks_inside_words(path: Path) -> tuple[int, int]:
    """Line breaks, and those inside a word that would fit the column."""
    breaks = pdfcheck.soft_line_breaks(path)
    words = [thaiwords.word_across(*b) for b in breaks]
    return len(breaks), sum(1 for w in words if w and thaiwords.width_pt(w) <= thaiwords.MAX_WORD_WIDTH_PT)


def test_lines_break_between_words_where_they_broke_inside_them(tmp_path):
    text = " ".join([SENTENCE] * 4)
    plain_breaks, plain_inside = _breaks_inside_words(_cell(tmp_path, text, 6.0, words=False))
    breaks, inside = _breaks_inside_words(_cell(tmp_path, text, 6.0, words=True))
    assert plain_breaks > 10 and plain_inside > 0  # without the filter Pango cuts words (can fail)
    assert breaks > 10 and inside == 0


@pytest.mark.parametrize("extractor", sorted(pdfcheck.EXTRACTORS))
def test_the_text_layer_still_reads_as_typed(extractor, tmp_path):
    path = _cell(tmp_path, SENTENCE, 6.0, words=True)
    text = pdfcheck.exact("".join(pdfcheck.EXTRACTORS[extractor](path)))
    assert pdfcheck.exact(SENTENCE) in text
    assert thaiwords.ZWSP not in text


def test_a_word_wider_than_its_column_still_wraps_inside_the_cell(tmp_path):
    # a listed word wider than the narrowest column, and a run of letters no dictionary knows
    text = f"{'ข้าราชการครูและบุคลากรทางการศึกษา' * 2} {'กขฃคฅฆงจฉชซฌญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ' * 2}"
    path = _cell(tmp_path, text, 6.0, words=True)
    lines = [line for line in pdfcheck.lines_of(path) if "หน้า" not in line["text"]]
    left = min(line["x0"] for line in lines)
    assert len(lines) > 4
    assert all(line["x1"] - left <= 6.0 / 2.54 * 72 for line in lines), [
        (line["text"], line["x1"]) for line in lines
    ]
    assert pdfcheck.exact("".join(pdfcheck.pages_pypdf(path))).startswith(pdfcheck.exact(text))
