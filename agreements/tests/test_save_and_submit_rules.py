"""The guideline's rules as a deputy meets them on save and on submit (agreements/rules.py through
agreements/drafts.py and agreements/workflow.py)."""

import pytest

from agreements import workflow
from agreements.snapshot import agreement_to_dict
from agreements.tests.factories import (
    complete_agreement_data,
    issue,
    make_agreement,
    row,
)
from agreements.tests.steps import save, stored_index, submit_refused, with_change
from audit.models import AuditEntry
from pa_portal.errors import DomainError

# --- the rules of submit --------------------------------------------------------------------------


def test_a_complete_agreement_submits_with_no_problem(setup):
    agreement = make_agreement(setup["deputy"])
    assert workflow.agreement_problems(agreement) == []
    submission = workflow.agreement_submit(agreement=agreement, actor=setup["deputy"])
    assert submission.version == 1


def test_submit_refuses_a_row_without_tasks(setup):
    agreement = make_agreement(setup["deputy"], data=with_change(lambda d: row(d, "1.4").update(tasks="")))
    problems = submit_refused(agreement)
    i = stored_index(agreement, "1.4")
    assert [(p.path, p.anchor, p.message) for p in problems] == [
        (f"part1[{i}].tasks", "item-1.4", "ข้อ 1.4: ต้องระบุงาน (Tasks)")
    ]


def test_submit_refuses_a_row_without_any_outcome_and_indicator(setup):
    agreement = make_agreement(setup["deputy"], data=with_change(lambda d: row(d, "3.2").update(targets=[])))
    problems = submit_refused(agreement)
    assert [(p.path, p.anchor) for p in problems] == [
        (f"part1[{stored_index(agreement, '3.2')}].targets", "item-3.2")
    ]
    assert "ต้องมีผลลัพธ์และตัวชี้วัดอย่างน้อยหนึ่งกลุ่มเป้าหมาย" in problems[0].message


def test_submit_refuses_an_outcome_without_its_indicator(setup):
    def change(d):
        row(d, "2.2")["targets"] = [
            {"group": "schools", "outcome": "สถานศึกษาบริหารงบประมาณได้ตามแผน", "indicator": ""}
        ]

    agreement = make_agreement(setup["deputy"], data=with_change(change))
    messages = [p.message for p in submit_refused(agreement)]
    assert "ข้อ 2.2 กลุ่มสถานศึกษา: ต้องระบุตัวชี้วัดด้วย" in messages
    assert "ข้อ 2.2: ต้องมีผลลัพธ์และตัวชี้วัดอย่างน้อยหนึ่งกลุ่มเป้าหมาย" in messages


def test_submit_refuses_an_indicator_without_its_kind(setup):
    agreement = make_agreement(
        setup["deputy"], data=with_change(lambda d: row(d, "5.1")["targets"][1].update(kind=""))
    )
    problems = submit_refused(agreement)
    assert len(problems) == 1
    assert problems[0].path.startswith(f"part1[{stored_index(agreement, '5.1')}].targets[")
    assert problems[0].path.endswith("].kind")
    assert "ต้องระบุประเภทตัวชี้วัด" in problems[0].message


def test_submit_refuses_two_challenge_issues(setup):
    agreement = make_agreement(setup["deputy"], data=with_change(lambda d: d["part2"].pop()))
    problems = submit_refused(agreement)
    assert [(p.path, p.message) for p in problems] == [
        ("part2", "ต้องมีประเด็นท้าทาย 3 ประเด็นพอดี (ขณะนี้มี 2 ประเด็น)")
    ]


def test_four_challenge_issues_are_refused_and_nothing_is_written(setup):
    agreement = make_agreement(setup["deputy"])
    before = agreement_to_dict(agreement)

    def change(d):
        d["part2"].append({**issue(d, 3), "order": 4, "title": "ประเด็นที่สี่"})

    with pytest.raises(DomainError) as error:
        save(agreement, with_change(change))
    messages = [p.message for p in error.value.problems]
    assert "ประเด็นท้าทายต้องมี 3 ประเด็นพอดี (มี 4 ประเด็น)" in messages
    assert agreement_to_dict(agreement) == before


def test_submit_refuses_a_quantitative_target_without_a_number(setup):
    agreement = make_agreement(
        setup["deputy"], data=with_change(lambda d: issue(d, 2)["targets"][1].update(value=""))
    )
    problems = submit_refused(agreement)
    assert len(problems) == 1
    target_index = next(
        j
        for j, t in enumerate(issue(agreement_to_dict(agreement), 2)["targets"])
        if t["kind"] == "quantitative" and t["value"] == ""
    )
    assert problems[0].path == f"part2[1].targets[{target_index}].value"
    assert problems[0].anchor == "challenge-2"
    assert "ต้องระบุตัวเลข" in problems[0].message


@pytest.mark.parametrize("value", ["ร้อยละแปดสิบ", "80 คน", "NaN", "Infinity"])
def test_a_quantitative_value_that_is_not_a_number_is_refused_at_save(setup, value):
    agreement = make_agreement(setup["deputy"], complete=False)
    with pytest.raises(DomainError) as error:
        save(agreement, with_change(lambda d: issue(d, 1)["targets"][0].update(value=value)))
    assert [p.path for p in error.value.problems] == ["part2[0].targets[0].value"]
    assert "ต้องเป็นตัวเลข" in error.value.problems[0].message


@pytest.mark.parametrize("value", ["๙๕", "1,250", "73.50", 95])
def test_a_quantitative_value_may_use_thai_digits_and_commas(setup, value):
    agreement = make_agreement(
        setup["deputy"], data=with_change(lambda d: issue(d, 1)["targets"][0].update(value=value))
    )
    assert workflow.agreement_problems(agreement) == []


@pytest.mark.parametrize("text", ["80", "85%", "๙๐", " 1,000 "])
def test_a_qualitative_target_that_is_a_bare_number_is_refused(setup, text):
    agreement = make_agreement(setup["deputy"], complete=False)
    with pytest.raises(DomainError) as error:
        save(agreement, with_change(lambda d: issue(d, 3)["targets"][4].update(text=text)))
    assert [(p.path, p.anchor) for p in error.value.problems] == [("part2[2].targets[4].text", "challenge-3")]
    assert "เป้าหมายเชิงคุณภาพต้องเป็นข้อความบรรยาย" in error.value.problems[0].message


@pytest.mark.parametrize(
    ("start", "end", "path", "message"),
    [
        (13, 3, "start_month", "เดือนต้องเป็น 1–12"),
        (10, 0, "end_month", "เดือนต้องเป็น 1–12"),
        # March comes after November in the fiscal year (October … September).
        (3, 11, "end_month", "เดือนสิ้นสุดต้องไม่อยู่ก่อนเดือนเริ่มในปีงบประมาณ"),
        (9, 10, "end_month", "เดือนสิ้นสุดต้องไม่อยู่ก่อนเดือนเริ่มในปีงบประมาณ"),
    ],
)
def test_a_step_outside_the_fiscal_year_is_refused(setup, start, end, path, message):
    agreement = make_agreement(setup["deputy"], complete=False)
    with pytest.raises(DomainError) as error:
        save(
            agreement,
            with_change(lambda d: issue(d, 2)["method"][1].update(start_month=start, end_month=end)),
        )
    assert [p.path for p in error.value.problems] == [f"part2[1].method[1].{path}"]
    assert message in error.value.problems[0].message


def test_a_step_from_november_to_march_crosses_new_year_inside_the_fiscal_year(setup):
    data = with_change(lambda d: issue(d, 2)["method"][1].update(start_month=11, end_month=3))
    agreement = make_agreement(setup["deputy"], data=data)
    assert workflow.agreement_problems(agreement) == []


def test_submit_refuses_a_step_without_months(setup):
    data = with_change(lambda d: issue(d, 1)["method"][2].update(start_month=None, end_month=None))
    problems = submit_refused(make_agreement(setup["deputy"], data=data))
    assert [(p.path, p.message) for p in problems] == [
        ("part2[0].method[2]", "ประเด็นท้าทายที่ 1 ขั้นตอนที่ 3: ต้องระบุเดือนเริ่มและเดือนสิ้นสุด")
    ]


def test_an_unknown_sub_item_is_refused(setup):
    agreement = make_agreement(setup["deputy"], complete=False)
    with pytest.raises(DomainError) as error:
        save(agreement, with_change(lambda d: d["part1"][4].update(sub_item="1.9")))
    assert [p.path for p in error.value.problems] == ["part1[4].sub_item"]
    assert "ข้อ '1.9' ไม่อยู่ในมาตรฐานตำแหน่ง" in error.value.problems[0].message


def test_an_unknown_policy_code_is_refused(setup):
    agreement = make_agreement(setup["deputy"], complete=False)
    with pytest.raises(DomainError) as error:
        save(agreement, with_change(lambda d: issue(d, 2).update(policy="obec-2569-quality")))
    assert [(p.path, p.anchor) for p in error.value.problems] == [("part2[1].policy", "challenge-2")]
    assert "ไม่พบนโยบาย 'obec-2569-quality' ของปีงบประมาณ 2570" in error.value.problems[0].message


def test_other_policy_written_out_replaces_the_policy_list(setup):
    data = with_change(
        lambda d: issue(d, 2).update(policy=None, policy_other="นโยบายของสำนักงานเขตพื้นที่การศึกษา")
    )
    agreement = make_agreement(setup["deputy"], data=data)
    assert workflow.agreement_problems(agreement) == []
    data = with_change(lambda d: issue(d, 2).update(policy=None, policy_other=""))
    problems = workflow.agreement_problems(make_agreement(setup["other_deputy"], data=data))
    assert [p.path for p in problems] == ["part2[1].policy"]


def test_submit_lists_every_problem_of_an_empty_draft_in_form_order(setup):
    agreement = make_agreement(setup["deputy"], complete=False)
    problems = submit_refused(agreement)
    anchors = list(dict.fromkeys(p.anchor for p in problems))
    assert anchors[:22] == [
        f"item-{code}" for code in [r["sub_item"] for r in complete_agreement_data()["part1"]]
    ]
    assert anchors[22:] == ["part2"]


def test_a_failed_save_writes_nothing(setup):
    agreement = make_agreement(setup["deputy"])
    before = agreement_to_dict(agreement)
    revision, entries = agreement.revision, AuditEntry.objects.count()

    def change(d):
        row(d, "1.1")["tasks"] = "ข้อความใหม่ที่ไม่ควรถูกบันทึก"
        issue(d, 1)["targets"][3]["text"] = "90"

    with pytest.raises(DomainError):
        save(agreement, with_change(change))
    agreement.refresh_from_db()
    assert agreement_to_dict(agreement) == before
    assert (agreement.revision, AuditEntry.objects.count()) == (revision, entries)


def test_saving_repairs_thai_text_pasted_from_a_pdf(setup):
    agreement = make_agreement(setup["deputy"], complete=False)
    data = {"part1": [{"sub_item": "1.1", "tasks": "ก ากับ ติดตาม\u200b การด าเนินงาน ท่ีเก่ียวข้อง", "targets": []}]}
    save(agreement, data)
    assert row(agreement_to_dict(agreement), "1.1")["tasks"] == "กำกับ ติดตาม การดำเนินงาน ที่เกี่ยวข้อง"


# --- saves never overwrite each other ---------------------------------------------------------
