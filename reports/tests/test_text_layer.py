"""The PDF's text layer reads exactly as typed (issue 16, section 1): every cell of a PA1 is found,
whitespace aside and without NFKC, in what pdftotext, pypdf and Mozilla's pdf.js extract, and ำ
never comes out as ํ + า."""

import subprocess
from pathlib import Path

import pytest
import weasyprint
from django.core.files.storage import default_storage
from weasyprint import HTML

from agreements import workflow
from evaluations.models import Evaluation
from reports import evaluation_documents, pdf, stored, textlayer

from . import pdfcheck
from .factories import complete_data, evaluated_committee, submitted_agreement

SARA_AM_WORDS = "น้ำ ทำ กำลัง ค่ำ ซ้ำ กระทำ ตำแหน่ง สำนักงาน อำนวยการ จำนวน ประจำ ดำเนินการ ล้ำ ต่ำ ป้ำ ก๊ำ ก๋ำ"
# Every vowel, tone mark and sign of Thai, on narrow, tall and descending consonants.
EVERY_MARK = " ".join(
    f"{consonant}{vowel}{tone}"
    for consonant in "กปฝฟฬฐญฎฏ"
    for vowel in ("", "ั", "ิ", "ี", "ึ", "ื", "ุ", "ู", "ฺ")
    for tone in ("", "่", "้", "๊", "๋", "์")
)
OTHER_SIGNS = "เกะ แก่ แข็ง โต๊ะ ใจ ไม้ เกา ฤๅษี ฦๅ ฯลฯ ๆ ๏ ๚ ๛ ฿ ๐๑๒๓๔๕๖๗๘๙ ผู้ใหญ่ ปั้น ญาติ ฐาน ปฏิบัติ"
ALL_THAI = f"{SARA_AM_WORDS} {EVERY_MARK} {OTHER_SIGNS}"
NIKHAHIT_SARA_AA = "\u0e4d\u0e32"


def _render_words(words: str, weight: str) -> bytes:
    font = pdf.font_urls()[weight]
    html = (
        f'<style>@font-face {{ font-family: S; src: url("{font}"); }} body {{ font-family: S; }}</style>'
        f"<p>{words}</p>"
    )
    return HTML(string=html, url_fetcher=pdf.StaticOnlyURLFetcher()).write_pdf(font_config=pdf.font_config())


@pytest.mark.parametrize("extractor", sorted(pdfcheck.EXTRACTORS))
@pytest.mark.parametrize("weight", ["regular", "bold", "italic"])
def test_every_thai_mark_and_sara_am_extracts_as_typed(extractor, weight, tmp_path):
    path = tmp_path / "thai.pdf"
    path.write_bytes(_render_words(ALL_THAI, weight))
    text = "".join(pdfcheck.EXTRACTORS[extractor](path))
    assert pdfcheck.exact(text) == pdfcheck.exact(ALL_THAI)
    assert NIKHAHIT_SARA_AA not in text


def test_nikhahit_and_sara_aa_typed_as_two_characters_stay_two(tmp_path):
    typed = "ทดลอง กํา นํ้า"  # as a broken PDF copy would paste them: kept as typed
    path = tmp_path / "typed.pdf"
    path.write_bytes(_render_words(typed, "regular"))
    for extractor, pages in pdfcheck.EXTRACTORS.items():
        assert pdfcheck.exact("".join(pages(path))) == pdfcheck.exact(typed), extractor


def test_the_text_layer_fix_changes_no_pixel(tmp_path, monkeypatch):
    import weasyprint.draw.text

    pngs = []
    for name in ("with", "without"):
        if name == "without":  # the glyph codes as WeasyPrint draws them, without aliases
            monkeypatch.setattr(
                weasyprint.draw.text, "draw_first_line", weasyprint.draw.text.draw_first_line.__wrapped__
            )
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(_render_words(ALL_THAI, "regular"))
        prefix = tmp_path / name
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(path), str(prefix)], check=True)
        pngs.append(prefix.with_suffix(".png").read_bytes())
    assert pngs[0] == pngs[1]


def _cells(snapshot: dict) -> list[str]:
    cells = []
    for row in snapshot["part1"]:
        cells += [row["sub_item_text"], row["tasks"]]
        cells += [text for target in row["targets"] for text in (target["outcome"], target["indicator"])]
    for issue in snapshot["part2"]:
        cells += [issue["title"], issue["policy_title"], issue["problem"]]
        cells += [step["text"] for step in issue["method"]]
        cells += [target["text"] for target in issue["targets"]]
    return cells


def _every_mark_data() -> dict:
    """The demo agreement with every mark of Thai and every ำ combination in its cells."""
    data = complete_data()
    words = ALL_THAI.split()
    for number, row in enumerate(data["part1"]):
        row["tasks"] = f"{row['tasks']} {' '.join(words[number::7])}"
        for target in row["targets"]:
            target["outcome"] = f"{SARA_AM_WORDS} {target['outcome']}"
    data["part2"][0]["problem"] = f"{data['part2'][0]['problem']} {ALL_THAI}"
    return data


@pytest.mark.parametrize("agreement", ["demo", "every-mark"])
def test_every_cell_of_the_agreement_is_found_exactly_by_three_extractors(
    agreement, standards, policies, people, media
):
    submission = submitted_agreement(
        people["deputy"], data=complete_data() if agreement == "demo" else _every_mark_data()
    )
    workflow.agreement_agree(
        agreement=submission.agreement, actor=people["supervisor"], comment="เห็นชอบ ให้ดำเนินการตามแผน ทำต่อ"
    )
    path = Path(default_storage.path(stored.agreement_pdf(submission=submission)))
    cells = _cells(submission.snapshot) + ["เห็นชอบ ให้ดำเนินการตามแผน ทำต่อ"]
    assert sum("ำ" in cell for cell in cells) > 20
    missing = {}
    for extractor, pages_of in pdfcheck.EXTRACTORS.items():
        pages = pages_of(path)
        assert NIKHAHIT_SARA_AA not in "".join(pages), extractor
        missing[extractor] = [cell for cell in cells if not pdfcheck.found_exactly(cell, pages)]
    assert missing == {extractor: [] for extractor in pdfcheck.EXTRACTORS}


def _missing_by_extractor(path: Path, cells: list[str]) -> dict[str, list[str]]:
    missing = {}
    for extractor, pages_of in pdfcheck.EXTRACTORS.items():
        pages = pages_of(path)
        assert NIKHAHIT_SARA_AA not in "".join(pages), extractor
        missing[extractor] = [cell for cell in cells if not pdfcheck.found_exactly(cell, pages)]
    return missing


@pytest.fixture
def scored_committee(standards, policies, people, media):
    """The demo agreement, agreed, and scored by a committee of three (each sheet finalised)."""
    submission = submitted_agreement(people["deputy"])
    workflow.agreement_agree(agreement=submission.agreement, actor=people["supervisor"])
    return evaluated_committee(submission.agreement, people, levels=(3, 4, 2))


def _head_cells(data: dict) -> list[str]:
    agreement = data["agreement"]
    return [
        agreement["owner_name"],
        agreement["owner_position"],
        agreement["office_name"],
        data["round"]["title"],
    ]


def test_every_cell_of_an_evaluators_sheet_pa2_is_found_exactly_by_three_extractors(scored_committee, people):
    evaluation = Evaluation.objects.get(
        member__committee=scored_committee, member__evaluator=people["evaluator1"]
    )
    path = Path(default_storage.path(stored.sheet_pdf(evaluation=evaluation)))
    data = evaluation_documents.pa2_data(evaluation.pk)
    cells = _head_cells(data) + [data["evaluator"]["name"], data["verdict"], *data["formula"]]
    cells += [level["label"] for level in data["levels"]]
    cells += [text for row in data["part1"] for text in (row["sub_item_text"], row["comment"]) if text]
    for issue in data["part2"]:
        cells += [issue["title"]] + [
            text for c in issue["criteria"] for text in (c["label"], c["comment"]) if text
        ]
    assert len(data["part1"]) == 22 and sum("ำ" in cell for cell in cells) > 10
    assert _missing_by_extractor(path, cells) == {extractor: [] for extractor in pdfcheck.EXTRACTORS}


def test_every_cell_of_a_committee_summary_pa3_is_found_exactly_by_three_extractors(scored_committee):
    path = Path(default_storage.path(stored.committee_pdf(committee=scored_committee)))
    data = evaluation_documents.pa3_data(scored_committee.pk)
    cells = _head_cells(data) + [data["verdict"], *data["formula"]]
    cells += [
        text
        for member in data["members"]
        for text in (member["name"], member["role_label"], member["verdict"])
    ]
    assert len(data["members"]) == 3 and sum("ำ" in cell for cell in cells) >= 3
    assert _missing_by_extractor(path, cells) == {extractor: [] for extractor in pdfcheck.EXTRACTORS}


def test_the_thai_text_layer_fix_is_checked_on_the_installed_weasyprint():
    """The fix wraps WeasyPrint internals, so it runs only on releases it was checked on. A new
    WeasyPrint fails here by name: run this file's tests on it, then add the release to
    textlayer.CHECKED_ON."""
    assert weasyprint.__version__ in textlayer.CHECKED_ON, (
        f"WeasyPrint {weasyprint.__version__} is not in textlayer.CHECKED_ON {textlayer.CHECKED_ON}: "
        "the Thai text layer fix is not installed"
    )
    assert textlayer.installed()


def test_cluster_texts_keep_each_glyph_its_own_text_where_they_can():
    # ทำ drawn as ท, ํ, า: ํ reads as nothing, า as ำ
    assert textlayer.cluster_texts(["ท", "\u0e4d", "า"], "ทำ") == ["ท", "", "ำ"]
    # น้ำ with Sarabun's ligature of ํ and ้ (its production name gives ้ + ํ)
    assert textlayer.cluster_texts(["น", "\u0e49\u0e4d", "า"], "น้ำ") == ["น", "\u0e49", "ำ"]
    assert textlayer.cluster_texts(["น", "\u0e4d", "\u0e49", "า"], "น้ำ") == ["น", "", "\u0e49", "ำ"]
    assert textlayer.cluster_texts(["า", "ท"], "ทา") is None  # order not kept: left alone
