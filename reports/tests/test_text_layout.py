"""The text layout speed-ups (reports/text_layout.py) change how fast WeasyPrint lays out lines,
never what it draws: the same document renders to the same content and font streams with and
without them."""

import hashlib
import io
import re
from pathlib import Path

import pytest
import weasyprint
from pypdf import PdfReader
from weasyprint import HTML

from reports import documents, pdf, text_layout

from .factories import compact_data, submitted_agreement


def drawn(data: bytes) -> dict:
    """What a PDF draws: every page's content stream and every embedded font program."""
    reader = PdfReader(io.BytesIO(data))
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object().get("/FontDescriptor")
                if descriptor is not None and "/FontFile2" in descriptor.get_object():
                    fonts.add(
                        hashlib.sha256(
                            descriptor.get_object()["/FontFile2"].get_object().get_data()
                        ).hexdigest()
                    )
    return {"pages": [page.get_contents().get_data() for page in reader.pages], "fonts": sorted(fonts)}


def test_installed_for_the_pinned_weasyprint():
    # requirements.txt pins WeasyPrint; an upgrade must bring the patched copies up to date.
    assert weasyprint.__version__ == text_layout.WRITTEN_FOR
    assert text_layout.installed()


def test_the_cache_key_holds_every_style_property_that_line_layout_reads():
    package = Path(weasyprint.__file__).parent
    read = set()
    for name in ("text/line_break.py", "text/fonts.py"):
        read |= set(re.findall(r"style\['(\w+)'\]", (package / name).read_text()))
    assert read, "WeasyPrint's sources were not read"
    assert read <= set(text_layout.TEXT_PROPERTIES), read - set(text_layout.TEXT_PROPERTIES)


@pytest.mark.parametrize("text", ["complete", "compact"])
@pytest.mark.parametrize("thai_digits", [False, True])
def test_an_agreement_renders_the_same_with_and_without(
    text, thai_digits, standards, policies, people, media
):
    submission = submitted_agreement(people["deputy"], data=compact_data() if text == "compact" else None)
    source = documents.load("pa1", submission.pk)
    before = dict(text_layout.counters)

    fast = documents.render(source, thai_digits=thai_digits)
    with text_layout.disabled():
        assert not text_layout.installed()
        released = documents.render(source, thai_digits=thai_digits)

    assert text_layout.installed()
    assert drawn(fast) == drawn(released)
    assert len(drawn(fast)["pages"]) >= 8
    # The table header on every page, the group labels, the footer: laid out once each.
    assert text_layout.counters["lines_reused"] - before["lines_reused"] > 100


TEXT_FEATURES = (
    """
<style>
@page { size: A5; margin: 1cm; @bottom-center { content: "หน้า " counter(page) " / " counter(pages) } }
html { font-family: Sarabun; font-size: 11pt; }
p { margin: 0 0 4pt; }
.justify { text-align: justify; }
.pre { white-space: pre; }
.preline { white-space: pre-line; }
.spaced { letter-spacing: 1pt; word-spacing: 4pt; }
.under { text-decoration: underline; }
.through { text-decoration: line-through overline; }
.anywhere { overflow-wrap: anywhere; width: 3cm; }
.ellipsis { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; width: 4cm; }
.hyphens { hyphens: auto; width: 4cm; }
.tabs { white-space: pre; tab-size: 6; }
.small-caps { font-variant: small-caps; font-kerning: none; }
td { border: 0.5pt solid; width: 3cm; vertical-align: top; }
</style>
<p>ข้าราชการครูและบุคลากรทางการศึกษา ได้รับการพัฒนาตามแผน ร้อยละ 100 ของสถานศึกษาในสังกัด</p>
<p class="justify">ส่งเสริม สนับสนุน และพัฒนาคุณภาพและมาตรฐานการจัดการศึกษาในเขตพื้นที่การศึกษา ให้สอดคล้องกับ
นโยบายและจุดเน้นของสำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน The quick brown fox jumps over the lazy dog
again and again until the line is justified.</p>
<p class="pre">บรรทัดที่หนึ่ง
    บรรทัดที่สอง   มีช่องว่าง
บรรทัดที่สาม</p>
<p class="preline">ขั้นที่ 1 วางแผน
ขั้นที่ 2 ดำเนินการ
ขั้นที่ 3 ประเมินผล</p>
<p class="spaced">ตัวชี้วัด (Indicators) ผลลัพธ์ (Outcomes) งาน (Tasks)</p>
<p><span class="under">ผู้เรียน</span> และ <span class="through">สถานศึกษา</span> น้ำ ซึ่ง ปฏิบัติ สำนักงาน</p>
<p class="anywhere">https://example.invalid/a/very/long/address/that/has/no/break/at/all สำนักงานเขตพื้นที่การศึกษา</p>
<p class="ellipsis">ข้อความที่ยาวเกินกว่าจะพอดีกับความกว้างของกล่องนี้จึงถูกตัดด้วยจุดไข่ปลา</p>
<p class="hyphens" lang="en">Extraordinarily incomprehensible characteristically</p>
<p class="tabs">a\tb\tc</p>
<p class="small-caps">Small Caps ข้อความ</p>
<table>
  <thead><tr><th>ลักษณะงาน</th><th>งาน (Tasks)</th></tr></thead>
  <tbody>
  """
    + "<tr><td>ผู้เรียน</td><td>ข้าราชการครูและบุคลากรทางการศึกษา สถานศึกษา</td></tr>" * 40
    + """
  </tbody>
</table>
"""
)


def test_every_text_feature_renders_the_same_with_and_without():
    fonts = pdf.font_urls()
    html = (
        f'<style>@font-face {{ font-family: Sarabun; src: url("{fonts["regular"]}"); }}</style>'
        + TEXT_FEATURES
    )

    def render():
        return HTML(string=html, url_fetcher=pdf.StaticOnlyURLFetcher()).write_pdf(
            font_config=pdf.font_config()
        )

    fast = render()
    with text_layout.disabled():
        released = render()

    assert drawn(fast) == drawn(released)
    assert len(drawn(fast)["pages"]) >= 2
