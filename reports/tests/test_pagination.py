"""The PA1 paginates like a careful typist (issue 16, section 2), read back from the real PDF with
pypdf (every line of text and where it stands): no target-group label alone at the foot of a page,
no paragraph split leaving a single line on either page, a Part 1 row continued on a new page
announced there with its code, a short title and "(ต่อ)", a challenge issue's heading block never
at the foot of a page, and no page but the last less than 40 % full unless a forced break follows
(the start of Part 2, the signature block)."""

import re
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from agreements import workflow
from reports import stored
from reports.documents import GROUP_LABELS

from . import pdfcheck
from .factories import compact_data, complete_data, long_data, submitted_agreement

# A4 landscape less the page margins of _base.css (1.6 cm top, 1.8 cm bottom), in points.
BODY_TOP, BODY_BOTTOM = 45.35, 595.28 - 51.02
HEADERS = ("ลักษณะงานที่ปฏิบัติตาม", "มาตรฐานตำแหน่ง งาน (Tasks)")
ROW_START = re.compile(r"^(\d+\.\d+) ")
DOMAIN_START = re.compile(r"^\d+\. ด้าน")
# A label is a line of its own; the longest ("ข้าราชการครูและบุคลากรทางการศึกษา") takes two.
LABEL_LINES = set(GROUP_LABELS.values()) | {"ข้าราชการครูและ", "บุคลากรทางการศึกษา"}
DATA = {"demo": complete_data, "short": compact_data, "long": long_data}


@pytest.fixture(params=sorted(DATA))
def pa1(request, standards, policies, people, media) -> Path:
    submission = submitted_agreement(people["deputy"], data=DATA[request.param]())
    workflow.agreement_agree(agreement=submission.agreement, actor=people["supervisor"], comment="เห็นชอบ")
    return Path(default_storage.path(stored.agreement_pdf(submission=submission)))


class Pages:
    """The lines of each page: the running line above the body, the body, by column."""

    def __init__(self, path: Path):
        self.pages = pdfcheck.page_lines(path)
        self.part2 = next(n for n, lines in enumerate(self.pages) if self.starts(lines, "ส่วนที่ 2"))
        part1_lines = [line for lines in self.pages[: self.part2] for line in self.body(lines)]
        # the left edges of the sub-item column (and domain rows), of outcomes, of indicators
        starts = [line for line in part1_lines if ROW_START.match(line["text"]) or is_label(line)]
        self.columns = _edges(line["x"] for line in starts)
        assert len(self.columns) == 3, self.columns

    @staticmethod
    def body(lines: list[dict]) -> list[dict]:
        inside = [line for line in lines if BODY_TOP < line["y"] < BODY_BOTTOM + 10]
        return [line for line in inside if not line["text"].startswith(HEADERS)]

    @staticmethod
    def running(lines: list[dict]) -> list[str]:
        return [line["text"] for line in lines if line["y"] < BODY_TOP]

    def starts(self, lines: list[dict], prefix: str) -> bool:
        body = self.body(lines)
        return bool(body) and min(body, key=lambda line: line["y"])["text"].startswith(prefix)

    def column(self, lines: list[dict], x: int) -> list[dict]:
        return sorted(
            (line for line in self.body(lines) if abs(line["x"] - x) < 1.5), key=lambda line: line["y"]
        )


def _edges(xs) -> list[float]:
    edges: list[float] = []
    for x in sorted(xs):
        if not edges or x - edges[-1] > 2:
            edges.append(x)
    return edges


def is_label(line: dict) -> bool:
    return line["bold"] and line["text"] in LABEL_LINES


def is_start(line: dict) -> bool:
    return bool(ROW_START.match(line["text"]) or DOMAIN_START.match(line["text"]))


def _chunks(lines: list[dict]) -> list[list[str]]:
    """A column's lines cut at labels, row starts and gaps wider than a line (a new cell or
    entry): the paragraphs, or their parts on this page."""
    chunks: list[list[str]] = []
    previous = None
    for line in lines:
        gap = previous is not None and line["y"] - previous["y"] > line["size"] * 1.4 + 1
        if is_label(line) or is_start(line) or not chunks or gap:
            chunks.append([])
        if not is_label(line):
            chunks[-1].append(line["text"])
        previous = line
    return [chunk for chunk in chunks if chunk]


def test_part1_pages_keep_labels_with_their_text_and_announce_continued_rows(pa1):
    pages = Pages(pa1)
    row = None
    for number, lines in enumerate(pages.pages[: pages.part2], start=1):
        body = pages.body(lines)
        top = min(body, key=lambda line: line["y"])
        starts_fresh = [
            line for line in body if abs(line["y"] - top["y"]) < 1 and line["x"] < pages.columns[0] + 2
        ]
        new_row = any(
            ROW_START.match(line["text"]) or DOMAIN_START.match(line["text"]) for line in starts_fresh
        )
        running = pages.running(lines)
        if number > 1 and not new_row:
            # A row continued from the page before: its code and short title, "(ต่อ)".
            assert len(running) == 1 and running[0].startswith(f"{row} ") and running[0].endswith("(ต่อ)"), (
                number,
                row,
                running,
            )
        else:
            assert running == [], (number, running)
        for x in pages.columns[1:]:
            column = pages.column(lines, x)
            if column:  # a label never ends a page
                assert not is_label(column[-1]), (number, [line["text"] for line in column[-2:]])
        following = pages.pages[number] if number < pages.part2 else None
        if following is not None:
            next_body = pages.body(following)
            next_top = min(line["y"] for line in next_body)
            continued = not any(is_start(line) for line in next_body if abs(line["y"] - next_top) < 1)
            for x in pages.columns:
                here, there = _chunks(pages.column(lines, x)), _chunks(pages.column(following, x))
                first = pages.column(following, x)[0] if there else None
                if continued and here and first and not is_label(first) and not is_start(first):
                    # A paragraph split over the break leaves two lines at least on each side.
                    assert len(here[-1]) >= 2 and len(there[0]) >= 2, (number, here[-1], there[0])
        codes = [ROW_START.match(line["text"]).group(1) for line in body if ROW_START.match(line["text"])]
        row = codes[-1] if codes else row


def test_no_page_but_the_last_is_less_than_40_percent_full_unless_a_forced_break_follows(pa1):
    pages = Pages(pa1)
    for number, lines in enumerate(pages.pages[:-1], start=1):
        bottom = max(line["y"] for line in pages.body(lines))
        full = (bottom - BODY_TOP) / (BODY_BOTTOM - BODY_TOP)
        following = pages.pages[number]
        forced = pages.starts(following, "ส่วนที่ 2") or pages.starts(following, "ผู้จัดทำข้อตกลง")
        assert full >= 0.4 or forced, (number, f"{full:.0%}")


def test_a_challenge_issue_heading_is_never_at_the_foot_of_a_page(pa1):
    pages = Pages(pa1)
    headings = 0
    for lines in pages.pages[pages.part2 :]:
        body = sorted(pages.body(lines), key=lambda line: line["y"])
        texts = [line["text"] for line in body]
        for index, text in enumerate(texts):
            if text.startswith("ประเด็นท้าทายที่"):
                headings += 1
                problem = next(
                    (i for i, t in enumerate(texts) if i > index and t.startswith("1. สภาพปัญหา")), None
                )
                assert problem is not None, texts[index:]
                # the heading, its policy and "1. สภาพปัญหา" on one page, with the problem's lines
                assert len(texts) >= problem + 3, texts[index:]
    assert headings == 3
