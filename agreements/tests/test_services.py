"""The agreement's life through its services: the guideline's rules on submit, saves that never
overwrite each other, the frozen submission, revisions, who may do what, and the audit trail."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agreements import drafts, workflow
from agreements.models import Agreement, Submission
from agreements.snapshot import agreement_to_dict, snapshot_hash
from agreements.tests.factories import (
    complete_agreement_data,
    ensure_reference_data,
    issue,
    make_agreement,
    row,
)
from audit.models import AuditEntry
from pa_portal.errors import DomainError, StaleRevision


@pytest.fixture
def setup(people):
    ensure_reference_data()
    return people


def save(agreement, data, *, actor=None, revision=None):
    return drafts.agreement_update(
        agreement=agreement, actor=actor or agreement.owner, data=data, expected_revision=revision
    )


def submit_refused(agreement) -> list:
    """Submit, expect the rules to refuse it, check nothing was frozen, return the problems."""
    with pytest.raises(DomainError) as error:
        workflow.agreement_submit(agreement=agreement, actor=agreement.owner)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.DRAFT
    assert not agreement.submissions.exists()
    return error.value.problems


def with_change(change) -> dict:
    data = complete_agreement_data()
    change(data)
    return data


def stored_index(agreement, code) -> int:
    return [r["sub_item"] for r in agreement_to_dict(agreement)["part1"]].index(code)


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


def test_the_second_of_two_saves_from_the_same_revision_is_refused_and_writes_nothing(setup):
    deputy = setup["deputy"]
    agreement = make_agreement(deputy, complete=False)
    opened_at = agreement.revision  # both tabs opened the page at this revision

    save(agreement, {"part1": [{"sub_item": "1.1", "tasks": "ข้อความจากแท็บแรก"}]}, revision=opened_at)
    entries = AuditEntry.objects.count()
    with pytest.raises(StaleRevision) as error:
        save(
            Agreement.objects.get(pk=agreement.pk),
            {
                "part1": [
                    {"sub_item": "1.1", "tasks": "ข้อความจากแท็บที่สอง"},
                    {"sub_item": "1.2", "tasks": "ใหม่"},
                ]
            },
            revision=opened_at,
        )

    assert "ข้อความยังอยู่ในแบบฟอร์ม" in error.value.problems[0].message
    stored = agreement_to_dict(agreement)
    assert (row(stored, "1.1")["tasks"], row(stored, "1.2")["tasks"]) == ("ข้อความจากแท็บแรก", "")
    assert Agreement.objects.get(pk=agreement.pk).revision == opened_at + 1
    assert AuditEntry.objects.count() == entries


def test_a_save_from_the_current_revision_goes_through(setup):
    agreement = make_agreement(setup["deputy"], complete=False)
    first = save(agreement, {"part1": [{"sub_item": "1.1", "tasks": "ร่างแรก"}]}, revision=agreement.revision)
    save(agreement, {"part1": [{"sub_item": "1.1", "tasks": "ร่างที่สอง"}]}, revision=first.revision)
    assert row(agreement_to_dict(agreement), "1.1")["tasks"] == "ร่างที่สอง"


# --- the submission is frozen -----------------------------------------------------------------


def test_submit_freezes_the_agreement(setup):
    deputy = setup["deputy"]
    agreement = make_agreement(deputy)
    expected = agreement_to_dict(agreement)
    submission = workflow.agreement_submit(agreement=agreement, actor=deputy)

    with pytest.raises(PermissionDenied):
        save(agreement, {"part1": [{"sub_item": "1.1", "tasks": "แก้หลังส่ง"}]})
    with pytest.raises(PermissionDenied):
        workflow.agreement_submit(agreement=agreement, actor=deputy)
    assert agreement_to_dict(agreement) == expected

    stored = Submission.objects.get(pk=submission.pk)
    assert stored.snapshot == expected
    assert stored.sha256 == snapshot_hash(stored.snapshot)
    stored.snapshot["part1"][0]["tasks"] = "แก้ในฉบับที่ส่งแล้ว"
    with pytest.raises(ValidationError):
        stored.save()
    with pytest.raises(ValidationError):
        stored.delete()
    assert Submission.objects.get(pk=submission.pk).snapshot == expected


def test_the_hash_changes_with_any_word_of_the_snapshot(setup):
    snapshot = agreement_to_dict(make_agreement(setup["deputy"]))
    digest = snapshot_hash(snapshot)
    row(snapshot, "4.2")["tasks"] += "."
    assert snapshot_hash(snapshot) != digest


def test_return_edit_resubmit_makes_version_2_and_keeps_version_1(setup):
    deputy, supervisor = setup["deputy"], setup["supervisor"]
    agreement = make_agreement(deputy, submit=True)
    first = agreement.submissions.get()

    workflow.agreement_return(
        agreement=agreement,
        actor=supervisor,
        comment="ขอให้ปรับปรุงตามความเห็น",
        item_comments={"item:1.1": "ตัวชี้วัดยังไม่ชัดเจน", "challenge:2": ""},
    )
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.RETURNED
    review = agreement.reviews.get()
    assert list(review.comments.values_list("anchor", "text")) == [("item:1.1", "ตัวชี้วัดยังไม่ชัดเจน")]

    data = complete_agreement_data()
    revised = row(data, "1.1")["targets"][0]
    revised["indicator"] = "ร้อยละ 95 ของโครงการดำเนินการแล้วเสร็จตามแผน"
    save(agreement, data)
    second = workflow.agreement_submit(agreement=agreement, actor=deputy)

    agreement.refresh_from_db()
    assert (agreement.status, second.version) == (Agreement.Status.SUBMITTED, 2)
    entry = next(t for t in row(second.snapshot, "1.1")["targets"] if t["group"] == revised["group"])
    assert entry["indicator"] == "ร้อยละ 95 ของโครงการดำเนินการแล้วเสร็จตามแผน"
    assert Submission.objects.get(pk=first.pk).snapshot == first.snapshot
    assert first.sha256 != second.sha256

    workflow.agreement_agree(agreement=agreement, actor=supervisor)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.agreed_by) == (Agreement.Status.AGREED, supervisor)
    assert agreement.reviews.order_by("id").last().submission == second


def test_a_return_needs_a_comment(setup):
    agreement = make_agreement(setup["deputy"], submit=True)
    with pytest.raises(DomainError, match="กรุณาระบุเหตุผล"):
        workflow.agreement_return(agreement=agreement, actor=setup["supervisor"], comment="  ")
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED


# --- who may do what --------------------------------------------------------------------------


def test_another_deputy_cannot_save_or_submit_someone_elses_agreement(setup):
    agreement = make_agreement(setup["deputy"])
    before = agreement_to_dict(agreement)
    for intruder in ("other_deputy", "supervisor", "hr", "evaluator1", "admin"):
        with pytest.raises(PermissionDenied):
            save(agreement, {"part1": [{"sub_item": "1.1", "tasks": "แก้โดยผู้อื่น"}]}, actor=setup[intruder])
        with pytest.raises(PermissionDenied):
            workflow.agreement_submit(agreement=agreement, actor=setup[intruder])
    assert agreement_to_dict(agreement) == before


@pytest.mark.parametrize("who", ["other_supervisor", "deputy", "other_deputy", "hr", "evaluator1", "admin"])
def test_only_the_offices_supervisor_returns_or_agrees(setup, who):
    agreement = make_agreement(setup["deputy"], submit=True)
    with pytest.raises(PermissionDenied):
        workflow.agreement_return(agreement=agreement, actor=setup[who], comment="ส่งกลับ")
    with pytest.raises(PermissionDenied):
        workflow.agreement_agree(agreement=agreement, actor=setup[who])
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED
    assert not agreement.reviews.exists()


def test_the_supervisor_cannot_review_a_draft_or_an_agreed_agreement(setup):
    supervisor = setup["supervisor"]
    draft = make_agreement(setup["deputy"])
    with pytest.raises(PermissionDenied):
        workflow.agreement_agree(agreement=draft, actor=supervisor)
    workflow.agreement_submit(agreement=draft, actor=setup["deputy"])
    workflow.agreement_agree(agreement=draft, actor=supervisor)
    with pytest.raises(PermissionDenied):
        workflow.agreement_return(agreement=draft, actor=supervisor, comment="ขอแก้อีกครั้ง")


def test_only_a_deputy_starts_an_agreement_and_only_once_a_year(setup):
    ensure_reference_data()
    for who in ("supervisor", "hr", "evaluator1"):
        with pytest.raises(PermissionDenied):
            drafts.agreement_start(owner=setup[who], fiscal_year=2570)
    drafts.agreement_start(owner=setup["deputy"], fiscal_year=2570)
    with pytest.raises(DomainError, match="มีข้อตกลงของปีงบประมาณ 2570 อยู่แล้ว"):
        drafts.agreement_start(owner=setup["deputy"], fiscal_year=2570)
    assert Agreement.objects.filter(owner=setup["deputy"]).count() == 1


# --- the audit trail --------------------------------------------------------------------------


def test_saving_unchanged_text_makes_no_revision_and_no_history_row(setup):
    agreement = make_agreement(setup["deputy"])
    revision = agreement.revision
    entries = AuditEntry.objects.filter(agreement=agreement).count()
    save(agreement, complete_agreement_data())
    agreement.refresh_from_db()
    assert agreement.revision == revision
    assert AuditEntry.objects.filter(agreement=agreement).count() == entries


def test_every_transition_is_logged_with_who_did_it(setup):
    deputy, supervisor = setup["deputy"], setup["supervisor"]
    agreement = make_agreement(deputy, submit=True)
    workflow.agreement_return(agreement=agreement, actor=supervisor, comment="ปรับปรุงข้อ 1.1")
    revised = complete_agreement_data()
    revised["part1"][0]["tasks"] += " โดยครอบคลุมโรงเรียนทุกแห่ง"
    save(agreement, revised)
    workflow.agreement_submit(agreement=agreement, actor=deputy)
    workflow.agreement_agree(agreement=agreement, actor=supervisor)

    entries = list(AuditEntry.objects.filter(agreement=agreement).order_by("id"))
    assert [(e.action, e.actor) for e in entries] == [
        ("agreement.created", deputy),
        ("agreement.saved", deputy),
        ("agreement.submitted", deputy),
        ("agreement.returned", supervisor),
        ("agreement.saved", deputy),
        ("agreement.submitted", deputy),
        ("agreement.agreed", supervisor),
    ]
    assert all(e.at is not None and e.actor_name for e in entries)
    assert entries[2].changes["version"] == 1 and entries[5].changes["version"] == 2
    assert entries[2].changes["sha256"] == agreement.submissions.get(version=1).sha256
    assert entries[3].changes["comment"] == "ปรับปรุงข้อ 1.1"


def test_a_save_logs_before_and_after_of_the_changed_rows_only(setup):
    agreement = make_agreement(setup["deputy"])
    data = complete_agreement_data()
    old = row(data, "2.3")["tasks"]
    row(data, "2.3")["tasks"] = "จัดอบรมครูด้านภาษาอังกฤษเพื่อการสื่อสาร"
    save(agreement, data)
    entry = AuditEntry.objects.filter(agreement=agreement, action="agreement.saved").order_by("id").last()
    assert list(entry.changes) == ["item:2.3"]
    assert entry.changes["item:2.3"]["before"]["tasks"] == old
    assert entry.changes["item:2.3"]["after"]["tasks"] == "จัดอบรมครูด้านภาษาอังกฤษเพื่อการสื่อสาร"


def test_the_dict_is_the_same_whether_year_standard_and_office_come_with_the_agreement(setup):
    """agreement_to_dict takes the head from a select_related instance (views, locked saves) and
    reads it otherwise: both must give the snapshot byte for byte."""
    agreement = make_agreement(setup["deputy"])
    save(agreement, complete_agreement_data())
    Agreement.objects.filter(pk=agreement.pk).update(owner_salary_rate="43250.50")
    bare = Agreement.objects.get(pk=agreement.pk)
    loaded = Agreement.objects.select_related("fiscal_year", "standard", "office").get(pk=agreement.pk)
    from_query, from_instance = agreement_to_dict(bare), agreement_to_dict(loaded)
    assert from_instance == from_query
    assert from_instance["owner"]["salary_rate"] == "43250.50"
    assert snapshot_hash(from_instance) == snapshot_hash(from_query)
