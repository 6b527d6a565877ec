"""Thai digits that leave codes alone, list numbers that match the headings, and Latin compounds
kept whole on a line (issue 16, section 3)."""

import re
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.template import Context, Template

from reports import pdf, stored

from . import pdfcheck
from .factories import compact_data, submitted_agreement

CODES = "ผลสอบ O-NET ชั้น ป.1 ค่าฝุ่น PM2.5 ลายมือชื่อ SHA-256 ระบบ e-Service ที่ https://www.obec.go.th/pa2567 ปี 2570"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>SHA-256 PM2.5 O-NET COVID-19</p>", "<p>SHA-256 PM2.5 O-NET COVID-19</p>"),
        ("<p>ชั้น ป.1 ม.6/1 ปี 2570 ร้อยละ 80 58,390 บาท</p>", "<p>ชั้น ป.๑ ม.๖/๑ ปี ๒๕๗๐ ร้อยละ ๘๐ ๕๘,๓๙๐ บาท</p>"),
        ("<p>https://www.obec.go.th/2567/a1 ข้อ 3.1</p>", "<p>https://www.obec.go.th/2567/a1 ข้อ ๓.๑</p>"),
        (
            '<td colspan="4">1. ด้าน<span class="nobreak">RT/NT/O-NET</span> 12</td>',
            '<td colspan="4">๑. ด้าน<span class="nobreak">RT/NT/O-NET</span> ๑๒</td>',
        ),
        (
            '<p>R&amp;D 2 <span class="ascii">PA-2570-0001</span></p>',
            '<p>R&amp;D ๒ <span class="ascii">PA-2570-0001</span></p>',
        ),
    ],
)
def test_thai_numerals_keep_the_digits_of_latin_tokens(html, expected):
    assert pdf.thai_numerals(html) == expected


def test_compounds_filter_escapes_and_keeps_short_compounds_whole():
    template = Template("{% load pdf_text %}{{ text|compounds|linebreaksbr }}")
    text = '<b>O-NET</b> & e-Service\nRT/NT/O-NET "ม.6/1" https://www.obec.go.th/pa/2567/report'
    out = template.render(Context({"text": text}))
    assert out == (
        '&lt;b&gt;<span class="nobreak">O-NET</span>&lt;/b&gt; &amp; <span class="nobreak">e-Service</span><br>'
        '<span class="nobreak">RT/NT/O-NET</span> &quot;ม.<span class="nobreak">6/1</span>&quot; '
        "https://www.obec.go.th/pa/2567/report"
    )


@pytest.fixture
def coded_submission(standards, policies, people, media):
    data = compact_data()
    data["part1"][0]["tasks"] = CODES
    data["part2"][0]["problem"] = CODES
    return submitted_agreement(people["deputy"], data=data)


def test_a_pa1_in_thai_digits_keeps_codes_and_numbers_its_lists_in_thai(coded_submission):
    path = Path(default_storage.path(stored.agreement_pdf(submission=coded_submission, thai_digits=True)))
    snapshot = coded_submission.snapshot
    qualitative = next(t["text"] for t in snapshot["part2"][0]["targets"] if t["kind"] == "qualitative")
    for name, extract in (("pdftotext", pdfcheck.pages_pdftotext), ("pypdf", pdfcheck.pages_pypdf)):
        pages = extract(path)
        text = pdfcheck.exact("".join(pages))
        for needle in (
            "O-NET",
            "PM2.5",
            "SHA-256",
            "e-Service",
            "https://www.obec.go.th/pa2567",
            "ชั้นป.๑",
            "ปี๒๕๗๐",
        ):
            assert needle in text, (name, needle)
        for wrong in ("PM๒", "SHA-๒", "ป.1", "pa๒"):
            assert wrong not in text, (name, wrong)
        # The headings and the list numbers under them, in one script.
        assert "๓.๑เชิงปริมาณ" in text and "๓.๒เชิงคุณภาพ" in text, name
        assert not re.search(r"(?<![0-9A-Za-z])[0-9]+\.(?![0-9])", text.replace("PM2.5", "")), name
        assert "หน้า๑/" in text, name
    # List markers are drawn apart from their text (pdftotext -raw puts them elsewhere): read the
    # line as laid out.
    (line,) = [line["text"] for line in pdfcheck.lines_of(path) if qualitative[:20] in line["text"]]
    assert line.startswith("๑."), line
    # A Part 1 row continued on a new page is announced there in the document's digits.
    running = [
        line["text"] for lines in pdfcheck.page_lines(path) for line in lines if line["text"].endswith("(ต่อ)")
    ]
    assert running and all(re.match(r"[๐-๙]+\.[๐-๙]+ ", text) for text in running), running


def narrow_cell(tmp_path: Path, text: str, *, keep: bool) -> tuple[list[str], str]:
    """`text` in a 3.2 cm table cell (the PA1's narrowest): its lines as laid out (geometry; the
    mark order of Thai inside a line is not checked here) and its text layer, as pdftotext reads
    them."""
    value = "{{ text|compounds }}" if keep else "{{ text }}"
    source = (
        '{% extends "reports/pdf/base.html" %}{% load pdf_text %}{% block content %}'
        f'<table style="width: 3.2cm"><tr><td>{value}</td></tr></table>'
        "{% endblock %}"
    )
    html = Template(source).render(Context({"text": text, "fonts": pdf.font_urls()}))
    path = tmp_path / f"cell-{keep}.pdf"
    path.write_bytes(pdf._write_pdf(html, pdf.StaticOnlyURLFetcher(), {}))
    lines = [line["text"] for line in pdfcheck.lines_of(path) if "หน้า" not in line["text"]]
    layer = pdfcheck.exact("".join(pdfcheck.pages_pdftotext(path))).split("หน้า")[0]
    return lines, layer


COMPOUNDS = "ผลการทดสอบ O-NET ผ่านระบบ e-Service ของกลุ่ม RT/NT/O-NET และ e-Budget ของสถานศึกษา"


def test_latin_compounds_are_not_broken_at_hyphens_or_slashes(tmp_path):
    plain, _ = narrow_cell(tmp_path, COMPOUNDS, keep=False)
    kept, layer = narrow_cell(tmp_path, COMPOUNDS, keep=True)
    # Without the filter the renderer breaks some of them (the test can fail).
    assert any(line.rstrip().endswith(("-", "/")) for line in plain), plain
    for word in ("O-NET", "e-Service", "RT/NT/O-NET", "e-Budget"):
        assert any(word in line for line in kept), (word, kept)
    assert not any(line.rstrip().endswith(("-", "/")) for line in kept), kept
    assert layer == pdfcheck.exact(COMPOUNDS)


def test_a_compound_longer_than_the_column_still_wraps(tmp_path):
    url = "https://www.obec.go.th/pa-2567/report-e-service/summary"
    lines, layer = narrow_cell(tmp_path, f"ดูที่ {url} ได้", keep=True)
    assert len(lines) > 2
    assert layer == pdfcheck.exact(f"ดูที่ {url} ได้")
