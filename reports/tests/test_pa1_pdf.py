"""The agreement (PA1) as PDF, read back from the real file."""

import io
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image
from pypdf import PdfReader
from weasyprint import HTML

from agreements import workflow
from agreements.models import Submission, TargetGroup
from pa_portal import thai
from pa_portal.errors import DomainError
from reports import documents, stored

from . import pdfcheck
from .factories import compact_data, submitted_agreement

PART1_HEADERS = [
    "ลักษณะงานที่ปฏิบัติตามมาตรฐานตำแหน่ง",
    "งาน (Tasks)",
    "ผลลัพธ์ (Outcomes)",
    "ตัวชี้วัด (Indicators)",
]


def stored_pdf(submission, **kwargs) -> Path:
    return Path(default_storage.path(stored.agreement_pdf(submission=submission, **kwargs)))


def test_agreement_pdf_prints_the_official_form_with_every_text_whole(agreed_submission):
    submission = Submission.objects.get(pk=agreed_submission.pk)
    snapshot = submission.snapshot
    path = stored_pdf(submission)
    pages = pdfcheck.page_texts(path)
    text = pdfcheck.squash("".join(pages))

    def present(needle):
        return pdfcheck.squash(needle) in text

    # The heading of the form, with the fiscal year in the Buddhist era.
    assert present("ข้อตกลงในการพัฒนางาน (PA)")
    assert present("ตำแหน่ง รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา วิทยฐานะ ชำนาญการพิเศษ")
    assert present("ประจำปีงบประมาณ พ.ศ. 2570 ระหว่างวันที่ 1 ตุลาคม พ.ศ. 2569 ถึงวันที่ 30 กันยายน พ.ศ. 2570")
    assert present("ส่วนที่ 1 ข้อตกลงในการพัฒนางานตามมาตรฐานตำแหน่ง")
    assert present("ส่วนที่ 2 ข้อตกลงในการพัฒนางานที่เสนอเป็นประเด็นท้าทาย")
    # The owner's details.
    owner = snapshot["owner"]
    for value in (owner["name"], owner["office_name"], owner["office_code"], owner["salary_rank"], "58,390"):
        assert present(value), value
    # Thai comes out whole: no SARA AM split off its consonant ("ส านักงาน", "สานักงาน").
    assert present("สำนักงานเขตพื้นที่การศึกษา")
    assert "สานักงาน" not in text

    # Part 1, column by column: every sub-item text, task, outcome and indicator comes out whole,
    # including the rows that break across pages, under its column's header repeated on each page.
    part2_page = next(
        i for i, page in enumerate(pages, start=1) if pdfcheck.squash("ส่วนที่ 2") in pdfcheck.squash(page)
    )
    assert all(pdfcheck.squash("งาน (Tasks)") in pdfcheck.squash(p) for p in pages[: part2_page - 1])
    columns = pdfcheck.table_columns(
        path, range(1, part2_page), headers=PART1_HEADERS, footer_marker="SHA-256"
    )
    assert len(snapshot["part1"]) == 22
    for row in snapshot["part1"]:
        assert pdfcheck.squash(f"{row['sub_item']} {row['sub_item_text']}") in columns[0], row["sub_item"]
        assert pdfcheck.squash(row["tasks"]) in columns[1], row["sub_item"]
        for target in row["targets"]:
            label = pdfcheck.squash(TargetGroup(target["group"]).label)
            assert label + pdfcheck.squash(target["outcome"]) in columns[2], (
                row["sub_item"],
                target["group"],
            )
            assert label + pdfcheck.squash(target["indicator"]) in columns[3], (
                row["sub_item"],
                target["group"],
            )
    for label in TargetGroup.labels:
        assert pdfcheck.squash(label) in columns[2]
    for domain in {(row["domain"], row["domain_title"]) for row in snapshot["part1"]}:
        assert present(f"{domain[0]}. {domain[1]}")  # the heading row spans the four columns

    # Part 2 flows in one column: without the page footers, every text comes out whole.
    footer = pdfcheck.squash(f"{submission.agreement.number} ฉบับที่ 1 · SHA-256 {submission.sha256[:12]}")
    flow = re.sub(r"หน้า\d+/\d+", "", text.replace(footer, ""))
    for issue in snapshot["part2"]:
        assert pdfcheck.squash(f"ประเด็นท้าทายที่ {issue['order']} เรื่อง {issue['title']}") in flow
        for part in (issue["policy_title"], issue["problem"]):
            assert pdfcheck.squash(part) in flow, part
        for step in issue["method"]:
            assert pdfcheck.squash(step["text"]) in flow, step["text"]
        for target in issue["targets"]:
            assert pdfcheck.squash(target["text"]) in flow, target["text"]
    assert present("ต.ค. พ.ย. ธ.ค. ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย.")
    assert present("ธ.ค. 2569 – ก.พ. 2570")  # the third step of the first issue

    # Signatures: the owner's, and the supervisor's decision as it was recorded.
    review = submission.review
    assert present(f"({owner['name']})")
    assert present(f"วันที่ {thai.thai_date(submission.submitted_at)}")
    assert present(f"({review.reviewer_name})")
    assert present(review.comment)
    assert present(f"วันที่ {thai.thai_date(review.created_at)}")

    # Every page: its number of the total, the agreement's number, version and hash.
    for number, page in enumerate(pages, start=1):
        page = pdfcheck.squash(page)
        assert f"หน้า{number}/{len(pages)}" in page
        assert pdfcheck.squash(f"{submission.agreement.number} ฉบับที่ 1") in page
        assert f"SHA-256{submission.sha256[:12]}" in page


def test_thai_lines_break_between_words_never_inside_one(agreed_submission):
    """Every line break inside a Part 1 cell, between two Thai letters, falls on a word boundary
    of newmm with the portal's word list (reports/thaiwords.py) or, inside a word too wide for
    its column, of libthai's dictionary (the segmenter Pango uses): no word is cut, no mark is
    stranded."""
    snapshot = agreed_submission.snapshot
    path = stored_pdf(agreed_submission)
    pages = pdfcheck.page_texts(path)
    part2_page = next(
        i for i, p in enumerate(pages, start=1) if pdfcheck.squash("ส่วนที่ 2") in pdfcheck.squash(p)
    )
    columns = pdfcheck.table_column_lines(path, range(1, part2_page), columns=4, footer_marker="SHA-256")
    cells = [[], [], [], []]
    for row in snapshot["part1"]:
        cells[0].append(f"{row['sub_item']} {row['sub_item_text']}")
        cells[1].append(row["tasks"])
        cells[2] += [t["outcome"] for t in row["targets"]]
        cells[3] += [t["indicator"] for t in row["targets"]]
    checked = 0
    for lines, texts in zip(columns, cells, strict=True):
        squashed = [
            (pdfcheck.squash(text), pdfcheck.word_boundaries(text, with_words=True)) for text in texts
        ]
        for before, after in zip(lines, lines[1:], strict=False):
            head, tail = pdfcheck.squash(before), pdfcheck.squash(after)
            places = [
                (boundaries, start + len(head))
                for text, boundaries in squashed
                for start in _find_all(text, head + tail)
            ]
            if not places:
                continue  # not two lines of one cell (a header, the next cell, the next page)
            text = next(text for text, _ in squashed if head + tail in text)
            at = text.index(head + tail) + len(head)
            if not (pdfcheck.is_thai_letter(text[at - 1]) and pdfcheck.is_thai_letter(text[at])):
                continue
            checked += 1
            assert any(at in boundaries for boundaries, at in places), (
                f"mid-word break: {before!r} / {after!r}"
            )
    assert checked > 500  # the 22 rows wrap many hundreds of times


def _find_all(text: str, needle: str):
    start = text.find(needle)
    while start != -1:
        yield start
        start = text.find(needle, start + 1)


def test_agreement_pdf_embeds_the_snapshot_it_was_printed_from(compact_submission):
    reader = PdfReader(stored_pdf(compact_submission))
    ((name, contents),) = reader.attachments.items()
    assert name == f"{compact_submission.agreement.number}-v1.json"
    assert json.loads(contents[0]) == compact_submission.snapshot
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # A4 landscape
    assert round(float(reader.pages[0].mediabox.width)) == 842


def test_agreement_pdf_embeds_sarabun_from_the_project(compact_submission):
    reader = PdfReader(stored_pdf(compact_submission))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all("Sarabun" in font for font in fonts), fonts


def test_first_page_renders_to_a_png_that_is_not_blank(compact_submission, tmp_path):
    png = pdfcheck.first_page_png(stored_pdf(compact_submission), tmp_path)
    image = Image.open(png).convert("L")
    dark = sum(image.histogram()[:128])
    assert image.width > image.height
    assert dark > image.width * image.height * 0.01


def test_hostile_text_prints_as_text_and_fetches_nothing(standards, policies, people, media, monkeypatch):
    from reports import pdf

    hostile = '<img src="http://127.0.0.1:9/tracker.png"> file:///etc/passwd'
    link = '<a href="file:///etc/passwd">คลิก</a> <link rel="attachment" href="file:///etc/passwd">'
    data = compact_data()
    data["part1"][0]["tasks"] = hostile
    data["part2"][0]["title"] = link
    submission = submitted_agreement(people["deputy"], data=data)
    fetched, refused = [], []
    original = pdf.StaticOnlyURLFetcher.fetch

    def spy(self, url, headers=None):
        try:
            response = original(self, url, headers)
        except pdf.URLRefused:
            refused.append(url)
            raise
        fetched.append(url)
        return response

    monkeypatch.setattr(pdf.StaticOnlyURLFetcher, "fetch", spy)
    path = stored_pdf(submission)

    text = pdfcheck.squash(pdfcheck.text_of(path))
    assert pdfcheck.squash(hostile) in text
    assert pdfcheck.squash('<a href="file:///etc/passwd">คลิก</a>') in text
    assert "root:" not in text
    assert refused == []  # nothing even tried: the markup never became markup
    sarabun = Path(settings.SARABUN_DIR).resolve()
    # Only the font, if this process had not loaded it yet (the font configuration is shared).
    assert all(Path(url.removeprefix("file://")).resolve().parent == sarabun for url in fetched)
    reader = PdfReader(path)
    assert list(reader.attachments) == [f"{submission.agreement.number}-v1.json"]
    assert all("/Annots" not in page for page in reader.pages)


def test_thai_numerals_option_prints_thai_digits_but_keeps_the_codes(compact_submission):
    path = stored_pdf(compact_submission, thai_digits=True)
    text = pdfcheck.squash(pdfcheck.text_of(path))
    assert pdfcheck.squash("ประจำปีงบประมาณ พ.ศ. ๒๕๗๐ ระหว่างวันที่ ๑ ตุลาคม พ.ศ. ๒๕๖๙") in text
    assert "หน้า๑/" in text
    assert re.search(r"๑\.๑\S", text)  # the sub-item numbers
    assert compact_submission.agreement.number in text  # the footer's references stay searchable
    assert compact_submission.sha256[:12] in text


def test_same_snapshot_renders_once_until_the_supervisor_signs(compact_submission, people, monkeypatch):
    renders = []
    original = documents.render

    def counting(source, **kwargs):
        renders.append(source.data[0].pk)
        return original(source, **kwargs)

    monkeypatch.setattr(documents, "render", counting)
    first = stored.agreement_pdf(submission=compact_submission)
    again = stored.agreement_pdf(submission=compact_submission)
    assert first == again
    assert first.startswith(f"reports/pa1/{compact_submission.sha256}/")
    assert renders == [compact_submission.pk]

    workflow.agreement_agree(agreement=compact_submission.agreement, actor=people["supervisor"])
    signed = stored.agreement_pdf(submission=compact_submission)
    assert signed != first
    assert len(renders) == 2
    text = pdfcheck.squash(pdfcheck.text_of(Path(default_storage.path(signed))))
    assert pdfcheck.squash(f"({people['supervisor'].profile.full_name})") in text


def test_returned_agreement_prints_the_supervisors_comment(compact_submission, people):
    workflow.agreement_return(
        agreement=compact_submission.agreement,
        actor=people["supervisor"],
        comment="ขอให้ปรับตัวชี้วัดข้อ 1.1 ให้วัดผลได้จริง",
    )
    text = pdfcheck.squash(pdfcheck.text_of(stored_pdf(compact_submission)))
    assert pdfcheck.squash("ความเห็น ขอให้ปรับตัวชี้วัดข้อ 1.1 ให้วัดผลได้จริง") in text


def test_tampered_snapshot_is_refused_instead_of_printed(compact_submission):
    snapshot = dict(compact_submission.snapshot, fiscal_year=2599)
    Submission.objects.filter(pk=compact_submission.pk).update(snapshot=snapshot)
    with pytest.raises(DomainError, match="SHA-256"):
        stored.agreement_pdf(submission=Submission.objects.get(pk=compact_submission.pk))
    assert not default_storage.exists("reports/pa1")


@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_copied_text_equals_the_input_for_sara_am_tone_marks_and_stacked_vowels(weight):
    """The PDF's text layer gives back what was typed (under NFKC, where ำ is ํ + า), including
    ำ after a tone mark, which Sarabun draws with a ligature glyph."""
    from reports import pdf

    words = "สำนักงาน น้ำ ค่ำ ล้ำ กำหนด ทำงาน งาน ผู้ใหญ่ ปฏิบัติ ซึ่ง ปั้น ฝ่ายบุคคล ญาติ ฐาน"
    font = pdf.font_urls()[weight]
    html = f'<style>@font-face {{ font-family: S; src: url("{font}"); }} body {{ font-family: S; }}</style><p>{words}</p>'
    data = HTML(string=html, url_fetcher=pdf.StaticOnlyURLFetcher()).write_pdf(font_config=pdf.font_config())
    extracted = PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert pdfcheck.squash(extracted) == pdfcheck.squash(words)
    assert "สานักงาน" not in extracted and "งำน" not in extracted


def test_the_thai_text_layer_fix_is_checked_on_the_installed_weasyprint():
    """The fix edits WeasyPrint internals, so it runs only on releases it was checked on. A new
    WeasyPrint fails here by name: check the copied text (the test above, and the official form's
    "สำนักงาน"), then add the release to pdf.THAI_TEXT_LAYER_CHECKED_ON."""
    import weasyprint

    from reports import pdf

    assert weasyprint.__version__ in pdf.THAI_TEXT_LAYER_CHECKED_ON, (
        f"WeasyPrint {weasyprint.__version__} is not in THAI_TEXT_LAYER_CHECKED_ON "
        f"{pdf.THAI_TEXT_LAYER_CHECKED_ON}: the Thai text layer fix is not installed"
    )
    assert pdf.thai_text_layer_installed()


def test_an_unchecked_weasyprint_gets_no_fix_and_a_warning(caplog, monkeypatch):
    import weasyprint.pdf

    from reports import pdf

    original = weasyprint.pdf.build_fonts_dictionary
    monkeypatch.setattr(weasyprint.pdf, "build_fonts_dictionary", lambda *args, **kwargs: None)
    with caplog.at_level("WARNING", logger="reports.pdf"):
        assert pdf.install_thai_text_layer("999.0") is False
    assert not pdf.thai_text_layer_installed()
    assert "WeasyPrint 999.0" in caplog.text and "not installed" in caplog.text
    monkeypatch.setattr(weasyprint.pdf, "build_fonts_dictionary", original)
    assert pdf.thai_text_layer_installed()
