"""Thai text pasted from PDFs is repaired on save, and correct Thai is never touched.

The broken/fixed pairs come from seed 001, a real deputy's duties extracted from a PDF
(fixtures/demo/broken-thai-pairs.json); the correct texts are the project's own fixtures.
"""

import json
import re
import unicodedata

import pytest
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from pa_portal.thaitext import KNOWN_FRAGMENTS, clean_text

FIXTURES = settings.BASE_DIR / "fixtures"
PAIRS = json.loads((FIXTURES / "demo" / "broken-thai-pairs.json").read_text(encoding="utf-8"))


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str) and re.search("[\u0e01-\u0e5b]", value):
        yield value


def _correct_texts() -> list[str]:
    """Every Thai text of the standards, the policy list and the demo agreements."""
    files = [
        *sorted((FIXTURES / "standards").glob("*.json")),
        *sorted((FIXTURES / "policies").glob("*.json")),
        FIXTURES / "demo" / "agreement-complete.json",
        FIXTURES / "demo" / "agreement-draft-part.json",
    ]
    texts = []
    for path in files:
        texts.extend(_strings(json.loads(path.read_text(encoding="utf-8"))))
    return texts


CORRECT = _correct_texts()


def test_the_seed_pairs_cover_both_kinds_of_pdf_breakage():
    patterns = [pair["pattern"] for pair in PAIRS]
    assert patterns.count("sara_am") >= 10 and patterns.count("mark_order") >= 5


@pytest.mark.parametrize("pair", PAIRS, ids=[f"{p['pattern']}-{i}" for i, p in enumerate(PAIRS)])
def test_text_broken_by_a_pdf_is_repaired_exactly(pair):
    assert clean_text(pair["broken"]) == pair["fixed"]


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        # the general repairs, each on a line of seed 001
        ("สาํนักงานเขตพื้นที่", "สำนักงานเขตพื้นที่"),  # SARA AA + NIKHAHIT
        ("สํานักงาน และ นํ้าดื่ม", "สำนักงาน และ น้ำดื่ม"),  # NIKHAHIT + (tone) + SARA AA, NFKC's ำ
        ("การปฏบิัติงาน", "การปฏิบัติงาน"),  # two vowels on one consonant
        ("ประถมศึกษาพิษณโุลก", "ประถมศึกษาพิษณุโลก"),  # a vowel after a leading vowel
        ("บทบาทหน้าทีแ่ละมาตรฐาน", "บทบาทหน้าที่และมาตรฐาน"),  # a tone after a leading vowel
        ("คุณลักษณะอันพึงประสงค ์", "คุณลักษณะอันพึงประสงค์"),  # a space before a mark
        ("หน่วยงานอ่ืนท่ีเก่ียวข้อง", "หน่วยงานอื่นที่เกี่ยวข้อง"),  # tone typed before its vowel
        ("ที่่ได้รับ", "ที่ได้รับ"),  # a doubled mark
        ("ผู้อ\u00a0านวยการ", "ผู้อำนวยการ"),  # split SARA AM around a no-break space
        # the known fragments, where the broken form looks like valid Thai
        (
            "สาํนกังานเขตพื\ufffdนที\ufffdการศึกษาประถมศึกษาพษิณโุลก เขต ๒",
            "สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพิษณุโลก เขต ๒",
        ),
        ("เสริมสร้างคณุธรรม จริยธรรม", "เสริมสร้างคุณธรรม จริยธรรม"),
        ("ศึกษา วิ เคราะห์ วิจัย", "ศึกษา วิเคราะห์ วิจัย"),
    ],
)
def test_each_kind_of_breakage_in_seed_001_is_repaired(broken, fixed):
    assert clean_text(broken) == fixed


def test_every_sara_am_and_mark_of_the_official_standard_survives_a_pdf_round_trip():
    """Break the official texts the way a PDF does (split ำ, tone typed before its vowel) and repair."""
    standard = json.loads((FIXTURES / "standards" / "deputy-director.json").read_text(encoding="utf-8"))
    texts = [item["text"] for domain in standard["domains"] for item in domain["items"]]
    broken_count = 0
    for text in texts:
        broken = text.replace("\u0e33", " \u0e32")
        broken = re.sub("([\u0e31\u0e34-\u0e37])([\u0e48-\u0e4b])", r"\2\1", broken)
        broken_count += broken != text
        assert clean_text(broken) == text
    assert broken_count >= 20


@pytest.mark.parametrize("text", CORRECT, ids=range(len(CORRECT)))
def test_correct_thai_passes_through_unchanged(text):
    assert clean_text(text) == text


def test_there_are_enough_correct_texts_to_mean_something():
    assert len(CORRECT) > 300


def test_known_fragments_never_occur_in_correct_thai():
    corpus = "\n".join(CORRECT)
    for broken, fixed in KNOWN_FRAGMENTS.items():
        assert broken not in corpus
        assert clean_text(fixed) == fixed


def test_text_is_normalised_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Café สำนักงาน ผู้อำนวยการ")
    cleaned = clean_text(decomposed)
    assert cleaned == "Café สำนักงาน ผู้อำนวยการ"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_zero_width_characters_are_removed():
    assert clean_text("\ufeffสำนักงาน\u200bเขต\u200cพื้นที่\u200d\u2060การศึกษา\u00ad") == "สำนักงานเขตพื้นที่การศึกษา"


def test_control_characters_are_removed_and_line_ends_normalised():
    assert clean_text("งาน\x00ที่\x07หนึ่ง\x1b\x7f\x85\r\nงานที่สอง\rงานที่สาม") == "งานที่หนึ่ง\nงานที่สอง\nงานที่สาม"


def test_tabs_and_lines_are_kept_in_prose_but_joined_in_one_line_fields():
    assert clean_text("ขั้นที่ 1\tวางแผน\n  ขั้นที่ 2  ดำเนินการ  ") == "ขั้นที่ 1\tวางแผน\nขั้นที่ 2 ดำเนินการ"
    assert clean_text("ชื่อประเด็น\nบรรทัดที่สอง", multiline=False) == "ชื่อประเด็น บรรทัดที่สอง"


def test_nothing_becomes_an_empty_string():
    assert clean_text(None) == ""
    assert clean_text("  \u200b \n ") == ""


def test_a_lone_mark_explained_in_parentheses_is_kept():
    assert clean_text("ใช้ไม้เอก ( ่ ) กำกับ") == "ใช้ไม้เอก ( ่ ) กำกับ"


# Thai syllables with their marks, spaces and PDF debris: close enough to pasted text to explore
# how the repairs interact.
_SYLLABLE = st.tuples(
    st.sampled_from(list("กขคงจชซทนบปผพมยรลวสหอฏฐ")),
    st.sampled_from(["", "ั", "ิ", "ี", "ึ", "ื", "ุ", "ู", "็"]),
    st.sampled_from(["", "่", "้", "๊", "๋", "์"]),
    st.sampled_from(["", "า", "ำ", " า", "ํา", "าํ", "เ", "แ", "โ", " ", "\u200b", "\ufffd", "\n"]),
).map("".join)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_SYLLABLE, st.sampled_from(list("่้ิีุ์ เ"))), max_size=12).map("".join))
def test_cleaning_twice_changes_nothing_more(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    assert not re.search("[\u200b-\u200d\ufeff\x00-\x08\x0b-\x1f]", once)


def test_bidi_embeddings_overrides_and_isolates_are_removed():
    # U+202E would show "fdp.exe" as "exe.pdf"; none of these belong in Thai text.
    hostile = "\u202aสำนักงาน\u202b\u202c\u202dเขต\u202eพื้นที่\u2066\u2067\u2068การศึกษา\u2069"
    assert clean_text(hostile) == "สำนักงานเขตพื้นที่การศึกษา"
