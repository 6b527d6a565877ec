"""An imported file meets the guideline's rules as the web form does: rules reported with the
file's own paths, drafts kept incomplete, the workflow and ownership respected."""

import json
from io import StringIO

from django.conf import settings
from django.core.management import call_command

from agreements import interchange, workflow
from agreements.models import Agreement
from agreements.snapshot import agreement_to_dict
from agreements.tests.factories import (
    complete_agreement_data,
    draft_agreement_data,
    issue,
    make_agreement,
    row,
)
from agreements.tests.interchange.agreement_files import (
    _complete_json,
    _with,
    export,
    import_file,
    refused,
    write,
)
from pa_portal import roles
from testsupport.factories import make_person


def test_import_with_submit_reports_each_rule_with_the_files_own_path(setup, tmp_path):
    data = complete_agreement_data()
    data["part1"].reverse()  # the file's order, not the standard's, must be what the paths follow
    row(data, "1.4")["tasks"] = "  "
    row(data, "2.1")["targets"][0]["kind"] = ""
    data["part2"].pop()
    issue(data, 1)["targets"][0]["value"] = ""

    error = refused(write(tmp_path, data), setup["deputy"], submit=True)

    i14 = data["part1"].index(row(data, "1.4"))
    i21 = data["part1"].index(row(data, "2.1"))
    assert f"part1[{i14}].tasks: ข้อ 1.4: ต้องระบุงาน (Tasks)" in error
    assert f"part1[{i21}].targets[0].kind: ข้อ 2.1" in error
    assert "part2: ต้องมีประเด็นท้าทาย 3 ประเด็นพอดี (ขณะนี้มี 2 ประเด็น)" in error
    assert "part2[0].targets[0].value: ประเด็นท้าทายที่ 1: เป้าหมายเชิงปริมาณ" in error
    assert not Agreement.objects.filter(owner=setup["deputy"]).exists()


def test_import_without_submit_keeps_an_incomplete_draft(setup, tmp_path):
    data = complete_agreement_data()
    row(data, "1.4")["tasks"] = ""
    data["part2"].pop()
    import_file(write(tmp_path, data), setup["deputy"])
    agreement = Agreement.objects.get(owner=setup["deputy"])
    assert agreement.status == Agreement.Status.DRAFT
    assert {p.anchor for p in workflow.agreement_problems(agreement)} == {"item-1.4", "part2"}


def test_draft_rules_refuse_the_import_even_without_submit(setup, tmp_path):
    def change(d):
        d["part1"][0]["sub_item"] = "9.9"
        d["part2"][1]["policy"] = "no-such-policy"
        d["part2"][2]["targets"][3]["text"] = "85%"
        d["part2"][0]["method"][0].update(start_month=3, end_month=11)
        d["part1"][5]["tasks"] = "ก" * 5001
        d["part2"][0]["targets"][0]["value"] = "12345678901"

    error = refused(write(tmp_path, _with(change)), setup["deputy"])
    assert "part1[0].sub_item: ข้อ '9.9' ไม่อยู่ในมาตรฐานตำแหน่ง" in error
    assert "part2[1].policy: ไม่พบนโยบาย 'no-such-policy' ของปีงบประมาณ 2570" in error
    assert "part2[2].targets[3].text: ประเด็นท้าทายที่ 3: เป้าหมายเชิงคุณภาพต้องเป็นข้อความบรรยาย" in error
    assert "part2[0].method[0].end_month: ประเด็นท้าทายที่ 1 ขั้นตอนที่ 1: เดือนสิ้นสุดต้องไม่อยู่ก่อนเดือนเริ่ม" in error
    assert "part1[5].tasks: งาน (Tasks) ข้อ 1.6 ยาวเกินกำหนด (5,001 ตัวอักษร" in error
    assert "part2[0].targets[0].value: ประเด็นท้าทายที่ 1: ค่าเป้าหมาย '12345678901' ต้องมีไม่เกิน 10 หลัก" in error


def test_import_into_a_submitted_agreement_is_refused_and_changes_nothing(setup, tmp_path):
    agreement = make_agreement(setup["deputy"], submit=True)
    before = agreement_to_dict(agreement)
    error = refused(write(tmp_path, draft_agreement_data()), setup["deputy"])
    assert "แก้ไขไม่ได้" in error
    assert agreement_to_dict(agreement) == before


def test_import_into_a_returned_agreement_resubmits_it_as_version_2(setup, tmp_path):
    agreement = make_agreement(setup["deputy"], submit=True)
    workflow.agreement_return(agreement=agreement, actor=setup["supervisor"], comment="ปรับปรุงข้อ 1.1")
    data = complete_agreement_data()
    row(data, "1.1")["tasks"] += " และรายงานผลทุกไตรมาส"
    import_file(write(tmp_path, data), setup["deputy"], submit=True)
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED
    assert list(agreement.submissions.values_list("version", flat=True)) == [1, 2]


def test_only_a_deputy_can_own_an_imported_agreement(setup, tmp_path):
    error = refused(write(tmp_path, _complete_json()), setup["supervisor"])
    assert "เฉพาะรองผู้อำนวยการ" in error


def test_a_file_under_another_standard_than_the_existing_agreement_is_refused(setup, tmp_path):
    make_agreement(setup["deputy"], complete=False)
    data = complete_agreement_data()
    data["standard"] = {"code": "director-pa", "edition": 1}
    error = refused(write(tmp_path, data), setup["deputy"])
    assert error.count("standard:") == 1 and "ไม่ตรงกับมาตรฐานในไฟล์" in error


def test_a_new_deputy_can_import_a_colleagues_file_from_another_office(setup, tmp_path):
    newcomer = make_person("newcomer", [roles.DEPUTY], setup["other_office"], first_name="อนุชา")
    original = make_agreement(setup["deputy"])
    import_file(write(tmp_path, export(original)), newcomer)
    imported = Agreement.objects.get(owner=newcomer)
    assert imported.office == setup["other_office"]
    assert agreement_to_dict(imported)["owner"]["office_code"] == setup["other_office"].code


def test_the_example_in_the_format_document_is_a_valid_importable_draft(setup, tmp_path):
    doc = (settings.BASE_DIR / "docs" / "agreement-format.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    assert interchange.schema_problems(json.loads(example)) == []
    import_file(write(tmp_path, example), setup["deputy"])
    stored = agreement_to_dict(Agreement.objects.get(owner=setup["deputy"]))
    assert issue(stored, 1)["method"][1] == {
        "order": 2,
        "text": "นิเทศแบบ Coaching and Mentoring ในห้องเรียนเดือนละ 1 ครั้ง",
        "start_month": 12,
        "end_month": 2,
    }
    assert [t["kind"] for t in issue(stored, 1)["targets"]] == ["qualitative", "quantitative"]


def test_the_schema_is_itself_a_valid_draft_2020_12_schema():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(interchange.schema())


def test_import_reads_standard_input_when_the_file_is_a_dash(setup, monkeypatch):
    import io
    import sys

    stdin = io.TextIOWrapper(io.BytesIO(_complete_json().encode("utf-8")), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    call_command("import_agreement", "-", "--owner", setup["deputy"].username, stdout=StringIO())
    assert workflow.agreement_problems(Agreement.objects.get(owner=setup["deputy"])) == []
