"""PA2 (one evaluator's sheet) and PA3 (the committee's summary) from finalised scores."""

import io
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from agreements import workflow
from evaluations import documents as evaluation_data
from evaluations.models import Evaluation
from pa_portal import thai
from reports import stored

from . import pdfcheck
from .factories import appointed_committee, compact_data, evaluated_committee, submitted_agreement


@pytest.fixture
def committee(standards, policies, people, media):
    submission = submitted_agreement(people["deputy"], data=compact_data())
    workflow.agreement_agree(agreement=submission.agreement, actor=people["supervisor"])
    return evaluated_committee(submission.agreement, people, levels=(3, 4, 2))


def text_of(name: str) -> str:
    return pdfcheck.squash(pdfcheck.text_of(Path(default_storage.path(name))))


def sheet(committee, evaluator) -> Evaluation:
    return Evaluation.objects.get(member__committee=committee, member__evaluator=evaluator)


def assert_year_printed_once(text, committee):
    """The round's title names its fiscal year already: the heading does not say it twice."""
    assert pdfcheck.squash(committee.round.title) in text
    assert pdfcheck.squash(f"{committee.round.title} ปีงบประมาณ") not in text


def test_pa2_prints_the_evaluators_levels_scores_and_signature(committee, people):
    evaluation = sheet(committee, people["evaluator1"])
    text = text_of(stored.sheet_pdf(evaluation=evaluation))
    member = evaluation.member
    agreement = committee.agreement

    for needle in (
        "แบบประเมินข้อตกลงในการพัฒนางาน (PA 2)",
        "ส่วนที่ 1 การประเมินตามมาตรฐานตำแหน่ง",
        "ส่วนที่ 2 การประเมินประเด็นท้าทาย",
        agreement.owner_name,
        agreement.office_name,
        f"{agreement.number} ฉบับที่ 1",
        f"{member.evaluator_name} (ประธานกรรมการ)",
        f"ความเห็นของ{member.evaluator_name}",
        f"วันที่ {thai.thai_date(evaluation.finalised_at)}",
        "3 = ปฏิบัติได้ตามระดับที่คาดหวัง",
    ):
        assert pdfcheck.squash(needle) in text, needle
    for row in committee.submission.snapshot["part1"]:
        assert pdfcheck.squash(f"{row['sub_item']} {row['sub_item_text'][:40]}") in text
    # The figures are the evaluation app's own, as finalised.
    assert f"คะแนนรวม(เต็ม100){evaluation.total}" in text
    assert evaluation.passed  # the chair gave level 3 everywhere: 75 points
    assert pdfcheck.squash("ผลการประเมิน (เกณฑ์ผ่าน 70 คะแนน)") in text
    assert "ผ่านเกณฑ์" in text.replace(pdfcheck.squash("ผ่านเกณฑ์เมื่อคะแนนรวม"), "")
    assert "ไม่ผ่านเกณฑ์" not in text
    assert_year_printed_once(text, committee)


def test_pa3_prints_each_members_total_the_mean_and_three_signature_blocks(committee, people):
    summary = evaluation_data.committee_summary(committee.agreement_id, committee.round_id)
    text = text_of(stored.committee_pdf(committee=committee))

    assert pdfcheck.squash("แบบสรุปผลการประเมินข้อตกลงในการพัฒนางาน (PA 3)") in text
    for member in summary["members"]:
        row = f"{member['name']} ({member['role_label']}) {member['part1_score']} {member['part2_score']}"
        assert pdfcheck.squash(f"{row} {member['total']} {member['verdict']}") in text
        assert pdfcheck.squash(f"({member['name']}) {member['role_label']}") in text
        assert pdfcheck.squash(f"วันที่ {thai.thai_date(member['finalised_at'])}") in text
    assert pdfcheck.squash(f"คะแนนเฉลี่ยของคณะกรรมการ {summary['mean']}") in text
    assert pdfcheck.squash("ผลการประเมินของคณะกรรมการ: ไม่ผ่านเกณฑ์") in text  # one member gave 2s
    # ... and the reason, which the mean alone does not show: that member's total is under 70.
    low = next(m for m in summary["members"] if not m["passed"])
    assert summary["reason"].startswith(
        f"คะแนนรวมของ {low['name']} ({low['role_label']}) {low['total']} คะแนน"
    )
    assert pdfcheck.squash(f"เหตุผล: {summary['reason']}") in text
    assert text.count(pdfcheck.squash("ลงชื่อ")) == 3
    assert_year_printed_once(text, committee)


def test_pa3_prints_the_supervisor_who_chairs_first_as_ประธานกรรมการ(standards, policies, people, media):
    from django.contrib.auth.models import Group

    from pa_portal import roles

    people["supervisor"].groups.add(Group.objects.get(name=roles.EVALUATOR))
    submission = submitted_agreement(people["deputy"], data=compact_data())
    workflow.agreement_agree(agreement=submission.agreement, actor=people["supervisor"])
    # The default edition lets the owner's director chair.
    committee = evaluated_committee(
        submission.agreement, people, levels=(3, 3, 4), seats=("supervisor", "evaluator2", "evaluator1")
    )
    chair = committee.members.get(role="chair")
    assert chair.evaluator == people["supervisor"]
    # Even a chair not seated first (an older committee's order) is printed first.
    committee.members.filter(pk=chair.pk).update(order=9)

    text = text_of(stored.committee_pdf(committee=committee))

    names = [chair.evaluator_name] + [
        m.evaluator_name for m in committee.members.exclude(pk=chair.pk).order_by("order")
    ]
    rows = [text.index(pdfcheck.squash(f"{name} (")) for name in names]
    assert rows == sorted(rows)  # the table: the chair's row first
    signatures = [text.index(pdfcheck.squash(f"({name})")) for name in names]
    assert (
        signatures == sorted(signatures) and signatures[0] > rows[-1]
    )  # the signature blocks: the chair first
    assert pdfcheck.squash(f"{chair.evaluator_name} (ประธานกรรมการ)") in text
    assert pdfcheck.squash(f"({chair.evaluator_name}) ประธานกรรมการ") in text
    assert text.count(pdfcheck.squash("ประธานกรรมการ")) == 2
    assert text.count(pdfcheck.squash("ลงชื่อ")) == 3


def test_sheet_and_summary_pdfs_follow_the_evaluation_permissions(
    committee, people, client_for, download, django_capture_on_commit_callbacks
):
    chair_sheet = sheet(committee, people["evaluator1"])
    sheet_url = f"/reports/sheets/{chair_sheet.pk}/pa2.pdf"
    summary_url = f"/reports/committees/{committee.pk}/pa3.pdf"
    table = [
        ("evaluator1", True, True),
        ("hr", True, True),
        ("deputy", False, True),
        ("supervisor", False, True),
        ("evaluator2", False, True),  # a member reads only their own sheet
        ("other_deputy", False, False),
        ("evaluator4", False, False),
    ]

    def visit(ready):  # who may read a document is told it is being prepared until it is stored
        for persona, reads_sheet, reads_summary in table:
            client = client_for(people[persona])
            for url, reads in ((sheet_url, reads_sheet), (summary_url, reads_summary)):
                want = (200 if ready else 202) if reads else 404
                assert client.get(url).status_code == want, (persona, url)

    with django_capture_on_commit_callbacks() as queued:
        visit(ready=False)
    assert len(queued) == 2  # the sheet and the summary, once each
    for render in queued:
        render()
    visit(ready=True)

    response = download(
        client_for(people["evaluator2"]),
        f"/reports/sheets/{sheet(committee, people['evaluator2']).pk}/pa2.pdf",
    )
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    assert "PA 2" in reader.pages[0].extract_text()


def test_unfinished_sheet_and_incomplete_committee_have_no_pdf(
    standards, policies, people, media, client_for
):
    submission = submitted_agreement(people["deputy"], data=compact_data())
    workflow.agreement_agree(agreement=submission.agreement, actor=people["supervisor"])
    committee = appointed_committee(submission.agreement, people)
    draft = sheet(committee, people["evaluator1"])
    assert not draft.is_final
    assert client_for(people["evaluator1"]).get(f"/reports/sheets/{draft.pk}/pa2.pdf").status_code == 404
    assert client_for(people["hr"]).get(f"/reports/committees/{committee.pk}/pa3.pdf").status_code == 404


def test_packet_with_pa1_pa2_and_pa3_bookmarks_each_document_under_the_person(
    committee, people, client_for, django_capture_on_commit_callbacks
):
    from agreements.models import FiscalYear
    from reports.models import PacketExport

    hr = client_for(people["hr"])
    with django_capture_on_commit_callbacks(execute=True):
        hr.post(
            "/reports/packets/",
            {
                "fiscal_year": FiscalYear.objects.get(year=2570).pk,
                "kinds": ["pa1", "pa2", "pa3"],
                "states": ["evaluated"],
                "format": "pdf",
            },
        )
    export = PacketExport.objects.get()
    # No worker in the tests: the packet page's progress requests make it, a document each.
    for _ in range(7):  # plan, five documents, assemble
        if hr.get(f"/reports/packets/{export.pk}/status.json").json()["finished"]:
            break
    export.refresh_from_db()
    assert export.status == PacketExport.Status.DONE and export.manifest == []
    reader = PdfReader(export.file.open("rb"))
    (person, documents) = reader.outline
    assert person.title == f"{committee.agreement.owner_name} ({committee.agreement.office.code})"
    titles = [d.title for d in documents]
    assert titles[0] == "PA1 ข้อตกลงในการพัฒนางาน ฉบับที่ 1"
    assert [t.split(" ครั้งที่")[0] for t in titles[1:]] == ["PA2 แบบประเมินของกรรมการแต่ละคน"] * 3 + [
        "PA3 แบบสรุปผลการประเมินของคณะกรรมการ"
    ]
    pages = [reader.get_destination_page_number(d) for d in documents]
    assert pages == sorted(pages) and len(set(pages)) == 5
    assert "PA 3" in reader.pages[pages[-1]].extract_text()
