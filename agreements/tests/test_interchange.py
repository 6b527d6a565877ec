"""An agreement as a JSON file: export, import through the web form's services, and every way a
file can be wrong (each refused with a Thai message and its JSON path, nothing written)."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts import roles
from agreements import interchange, services
from agreements.models import Agreement, Policy, Submission
from agreements.tests.factories import (
    complete_agreement_data,
    draft_agreement_data,
    ensure_reference_data,
    issue,
    make_agreement,
    row,
)
from audit.models import AuditEntry
from pa_portal.thaitext import clean_text
from testsupport.factories import make_person


@pytest.fixture
def setup(people):
    ensure_reference_data()
    return people


def export(agreement, *args) -> str:
    out = StringIO()
    call_command("export_agreement", str(agreement.pk), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, data, name="agreement.json") -> str:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(interchange.to_json(data), encoding="utf-8")
    return str(path)


def import_file(path, owner, *, submit=False) -> str:
    out = StringIO()
    args = ["import_agreement", path, "--owner", owner.username]
    if submit:
        args.append("--submit")
    call_command(*args, stdout=out)
    return out.getvalue()


def refused(path, owner, *, submit=False) -> str:
    """Import, expect a refusal, check nothing at all was written, return the error text."""
    agreements, audit, submissions = (
        Agreement.objects.count(),
        AuditEntry.objects.count(),
        Submission.objects.count(),
    )
    with pytest.raises(CommandError) as error:
        import_file(path, owner, submit=submit)
    assert (Agreement.objects.count(), AuditEntry.objects.count(), Submission.objects.count()) == (
        agreements,
        audit,
        submissions,
    )
    return str(error.value)


def without_owner(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "owner"}


# --- export -------------------------------------------------------------------------------------


def test_export_prints_the_agreement_as_unescaped_utf8_json(setup):
    agreement = make_agreement(setup["deputy"])
    text = export(agreement)
    assert json.loads(text) == services.agreement_to_dict(agreement)
    assert "สำนักงานเขตพื้นที่การศึกษา" in text
    assert "\\u0e" not in text
    assert text.endswith("}\n")


def test_export_accepts_the_agreement_number_and_writes_a_utf8_file(setup, tmp_path):
    agreement = make_agreement(setup["deputy"])
    target = tmp_path / "out.json"
    call_command("export_agreement", agreement.number, "--output", str(target))
    assert json.loads(target.read_bytes().decode("utf-8")) == services.agreement_to_dict(agreement)


def test_export_of_an_unknown_agreement_is_refused(setup):
    with pytest.raises(CommandError, match="ไม่พบข้อตกลง"):
        call_command("export_agreement", "999999", stdout=StringIO())
    with pytest.raises(CommandError, match="ไม่ใช่เลขที่ข้อตกลง"):
        call_command("export_agreement", "abc", stdout=StringIO())


def test_export_of_a_submission_prints_its_frozen_snapshot_even_after_revision(setup):
    deputy, supervisor = setup["deputy"], setup["supervisor"]
    agreement = make_agreement(deputy, submit=True)
    services.agreement_return(agreement=agreement, actor=supervisor, comment="ขอให้ปรับตัวชี้วัดข้อ 1.1")
    data = complete_agreement_data()
    row(data, "1.1")["tasks"] = "ปรับปรุงงานตามข้อเสนอแนะของผู้อำนวยการ"
    services.agreement_update(agreement=agreement, actor=deputy, data=data, expected_revision=None)

    snapshot = json.loads(export(agreement, "--submission", "1"))
    assert snapshot == Submission.objects.get(agreement=agreement, version=1).snapshot
    assert row(snapshot, "1.1")["tasks"] != "ปรับปรุงงานตามข้อเสนอแนะของผู้อำนวยการ"
    assert row(json.loads(export(agreement)), "1.1")["tasks"] == "ปรับปรุงงานตามข้อเสนอแนะของผู้อำนวยการ"
    with pytest.raises(CommandError, match="ไม่มีฉบับที่ส่งครั้งที่ 2"):
        export(agreement, "--submission", "2")


# --- round trip and import --------------------------------------------------------------------


def test_an_exported_agreement_imports_back_into_an_equal_one(setup, tmp_path):
    original = make_agreement(setup["deputy"], submit=True)
    path = write(tmp_path, export(original))

    message = import_file(path, setup["other_deputy"])

    imported = Agreement.objects.get(owner=setup["other_deputy"])
    assert "นำเข้าแล้ว" in message and imported.number in message
    assert imported.status == Agreement.Status.DRAFT
    assert without_owner(services.agreement_to_dict(imported)) == without_owner(
        services.agreement_to_dict(original)
    )
    # and the copy exports to the same file, owner block aside
    assert without_owner(json.loads(export(imported))) == without_owner(json.loads(export(original)))


def test_import_with_submit_freezes_a_snapshot_equal_to_the_original(setup, tmp_path):
    original = make_agreement(setup["deputy"], submit=True)
    path = write(tmp_path, export(original))

    import_file(path, setup["other_deputy"], submit=True)

    imported = Agreement.objects.get(owner=setup["other_deputy"])
    assert imported.status == Agreement.Status.SUBMITTED
    copy = imported.submissions.get(version=1)
    assert copy.sha256 == services.snapshot_hash(copy.snapshot)
    assert without_owner(copy.snapshot) == without_owner(original.submissions.get(version=1).snapshot)


def test_import_is_logged_with_the_services_own_audit_entries(setup, tmp_path):
    path = write(tmp_path, complete_agreement_data())
    import_file(path, setup["deputy"], submit=True)
    agreement = Agreement.objects.get(owner=setup["deputy"])
    actions = list(
        AuditEntry.objects.filter(agreement=agreement).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["agreement.created", "agreement.saved", "agreement.submitted", "agreement.imported"]
    assert set(AuditEntry.objects.filter(agreement=agreement).values_list("actor", flat=True)) == {
        setup["deputy"].pk
    }


def test_import_replaces_the_whole_content_of_an_existing_draft(setup, tmp_path):
    agreement = make_agreement(setup["deputy"])  # complete: 22 rows, 3 issues
    partial = draft_agreement_data()
    given = {r["sub_item"] for r in partial["part1"]}
    path = write(tmp_path, partial)

    import_file(path, setup["deputy"])

    data = services.agreement_to_dict(agreement)
    assert Agreement.objects.filter(owner=setup["deputy"]).count() == 1
    for stored in data["part1"]:
        if stored["sub_item"] in given:
            assert stored["tasks"] == clean_text(row(partial, stored["sub_item"])["tasks"])
        else:
            assert (stored["tasks"], stored["targets"]) == ("", [])
    assert [i["title"] for i in data["part2"]] == [clean_text(i["title"]) for i in partial["part2"]]


def test_import_repairs_thai_text_pasted_from_a_pdf(setup, tmp_path):
    data = complete_agreement_data()
    row(data, "1.1")["tasks"] = "ก ากับ ติดตาม การด าเนินงานของส านักงานเขตพื้นท่ีการศึกษา\u200b"
    import_file(write(tmp_path, data), setup["deputy"])
    stored = services.agreement_to_dict(Agreement.objects.get(owner=setup["deputy"]))
    assert row(stored, "1.1")["tasks"] == "กำกับ ติดตาม การดำเนินงานของสำนักงานเขตพื้นที่การศึกษา"


def test_import_accepts_numbers_as_json_numbers_and_a_byte_order_mark(setup, tmp_path):
    data = complete_agreement_data()
    issue(data, 1)["targets"][0]["value"] = 95
    issue(data, 1)["targets"][1]["value"] = 73.5
    path = write(tmp_path, b"\xef\xbb\xbf" + interchange.to_json(data).encode("utf-8"))
    import_file(path, setup["deputy"], submit=True)
    stored = services.agreement_to_dict(Agreement.objects.get(owner=setup["deputy"]))
    values = {t["value"] for t in issue(stored, 1)["targets"] if t["kind"] == "quantitative"}
    assert {"95", "73.5"} <= values


def test_informational_fields_are_ignored(setup, tmp_path):
    data = complete_agreement_data()
    data["owner"] = {"name": "ชื่อในไฟล์ไม่ถูกใช้", "office_name": "สำนักงานอื่น"}
    row(data, "1.1")["sub_item_text"] = "ข้อความที่ไม่ตรงกับมาตรฐาน"
    row(data, "1.1")["domain_title"] = "ด้านอื่น"
    issue(data, 1)["policy_title"] = "ชื่อนโยบายที่ไม่ตรง"
    import_file(write(tmp_path, data), setup["deputy"])
    agreement = Agreement.objects.get(owner=setup["deputy"])
    stored = services.agreement_to_dict(agreement)
    assert stored["owner"]["name"] == setup["deputy"].profile.full_name
    assert stored["owner"]["office_name"] == setup["office"].name
    assert row(stored, "1.1")["sub_item_text"] == agreement.items.get(sub_item__code="1.1").sub_item.text
    assert issue(stored, 1)["policy_title"] == Policy.objects.get(code="qw-reading").title


# --- refusals: the file itself ----------------------------------------------------------------


def _complete_json() -> str:
    return interchange.to_json(complete_agreement_data())


def _with(change) -> str:
    data = complete_agreement_data()
    change(data)
    return interchange.to_json(data)


BAD_FILES = {
    "invalid utf-8": (
        _complete_json().encode("utf-8").replace("สำนักงาน".encode(), b"\xe0\xb8", 1),
        "(ทั้งไฟล์)",
        "UTF-8",
    ),
    "not json": (b'{"format": "pa-portal/agreement@1",', "(ทั้งไฟล์)", "ไม่ใช่ JSON ที่ถูกต้อง: บรรทัด 1"),
    "a trailing comma": (
        _complete_json().replace('"fiscal_year": 2570,', '"fiscal_year": 2570,,', 1).encode(),
        "(ทั้งไฟล์)",
        "บรรทัด 3 คอลัมน์ 23 ชื่อช่องต้องอยู่ในเครื่องหมายคำพูด",
    ),
    "top level list": (b"[1, 2, 3]", "(ทั้งไฟล์)", "ต้องเป็นออบเจกต์ JSON"),
    "top level string": ('"ข้อตกลง"'.encode(), "(ทั้งไฟล์)", "ต้องเป็นออบเจกต์ JSON"),
    "deep nesting": (
        b'{"format": "pa-portal/agreement@1", "part1": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
        "(ทั้งไฟล์)",
        "ซ้อนกันลึกเกิน",
    ),
    "nesting the parser accepts": (
        b'{"format": "pa-portal/agreement@1", "part1": ' + b"[" * 20 + b"]" * 20 + b"}",
        "(ทั้งไฟล์)",
        "ซ้อนกันลึกเกิน 10 ชั้น",
    ),
    "too many values": (
        ('{"format": "pa-portal/agreement@1", "part1": [' + ",".join(["{}"] * 20_000) + "]}").encode(),
        "(ทั้งไฟล์)",
        "ไฟล์มีข้อมูลมากเกิน 10,000 ค่า",
    ),
    "NaN": (
        _complete_json().replace('"value": "95"', '"value": NaN', 1).encode(),
        "(ทั้งไฟล์)",
        "ไฟล์มีค่า NaN ซึ่งไม่ใช่ตัวเลขที่ใช้ได้",
    ),
    "Infinity": (
        _complete_json().replace('"value": "95"', '"value": -Infinity', 1).encode(),
        "(ทั้งไฟล์)",
        "Infinity",
    ),
    "a 5,000-digit number": (
        _complete_json().replace('"fiscal_year": 2570', '"fiscal_year": 2' + "0" * 5000, 1).encode(),
        "(ทั้งไฟล์)",
        "ไฟล์มีตัวเลขที่ยาวเกินกว่าจะอ่านได้",
    ),
    "duplicate key": (
        _complete_json()
        .replace('"fiscal_year": 2570', '"fiscal_year": 2570, "fiscal_year": 2571', 1)
        .encode(),
        "(ทั้งไฟล์)",
        "มีช่อง 'fiscal_year' ซ้ำกัน",
    ),
    "string where a list belongs": (
        _with(lambda d: d.update(part1="งานทั้งหมด")).encode(),
        "part1:",
        "ต้องเป็นรายการ [ ] แต่ได้รับข้อความ",
    ),
    "number where text belongs": (
        _with(lambda d: d["part1"][3].update(tasks=15)).encode(),
        "part1[3].tasks:",
        "ต้องเป็นข้อความ แต่ได้รับจำนวนเต็ม",
    ),
    "list where an object belongs": (
        _with(lambda d: d["part2"][1]["method"].__setitem__(0, ["ขั้นที่ 1"])).encode(),
        "part2[1].method[0]:",
        "ต้องเป็นออบเจกต์ { } แต่ได้รับรายการ",
    ),
    "fiscal year as text": (
        _with(lambda d: d.update(fiscal_year="2570")).encode(),
        "fiscal_year:",
        "ต้องเป็นจำนวนเต็ม",
    ),
    "fiscal year in the christian era": (
        _with(lambda d: d.update(fiscal_year=2027)).encode(),
        "fiscal_year:",
        "ปีพุทธศักราช",
    ),
    "month as a decimal": (
        _with(lambda d: d["part2"][0]["method"][0].update(start_month=10.5)).encode(),
        "part2[0].method[0].start_month:",
        "ต้องเป็นจำนวนเต็ม หรือ ค่าว่าง (null)",
    ),
    "unknown field": (
        _with(lambda d: d["part2"][0].update(note="หมายเหตุ")).encode(),
        "part2[0].note:",
        "ไม่รู้จักช่อง 'note'",
    ),
    "unknown top-level field": (
        _with(lambda d: d.update(part3=[])).encode(),
        "part3:",
        "ไม่รู้จักช่อง 'part3'",
    ),
    "missing field": (
        _with(lambda d: d["part1"][2]["targets"][0].pop("group")).encode(),
        "part1[2].targets[0].group:",
        "ขาดช่อง 'group'",
    ),
    "wrong format": (
        _with(lambda d: d.update(format="pa-portal/agreement@2")).encode(),
        "format:",
        "รูปแบบไฟล์ต้องเป็น 'pa-portal/agreement@1'",
    ),
    "unknown target group": (
        _with(lambda d: d["part1"][0]["targets"][0].update(group="parents")).encode(),
        "part1[0].targets[0].group:",
        "ต้องเป็นหนึ่งใน 'learners' (ผู้เรียน)",
    ),
    "qualitative target with a number": (
        _with(lambda d: d["part2"][0]["targets"][3].update(value="80")).encode(),
        "part2[0].targets[3].value:",
        "เป้าหมายเชิงคุณภาพไม่มีค่าตัวเลข",
    ),
    "unknown standard edition": (
        _with(lambda d: d["standard"].update(edition=9)).encode(),
        "standard:",
        "ไม่พบมาตรฐานตำแหน่ง 'deputy-director' ฉบับที่ 9",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_a_malformed_file_is_refused_with_its_path_and_nothing_is_written(setup, tmp_path, case):
    content, path, message = BAD_FILES[case]
    assert complete_agreement_data()["part2"][0]["targets"][3]["kind"] == "qualitative"  # case premise
    error = refused(write(tmp_path, content), setup["deputy"])
    assert "ไม่มีการบันทึกข้อมูลใด ๆ" in error
    line = next((line for line in error.splitlines() if line.startswith(path)), "")
    assert message in line, error


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(setup, tmp_path):
    path = tmp_path / "big.json"
    with path.open("wb") as handle:
        handle.write(b'{"format": "pa-portal/agreement@1", "part1": [' + b" " * interchange.MAX_BYTES + b"]}")
    error = refused(str(path), setup["deputy"])
    assert "เกิน 2 MB" in error


def test_the_parser_refuses_oversized_bytes_without_parsing_them():
    # Not JSON at all: only the size check can be what refuses it.
    with pytest.raises(interchange.InterchangeError) as error:
        interchange.parse_agreement_json(b"x" * (interchange.MAX_BYTES + 1))
    assert "เกิน 2 MB" in error.value.problems[0].message


def test_every_problem_of_a_file_is_listed_at_once(setup, tmp_path):
    def change(d):
        d["part1"][0]["tasks"] = 1
        d["part1"][1]["targets"] = "ผู้เรียน"
        d["part2"][2]["extra"] = True

    error = refused(write(tmp_path, _with(change)), setup["deputy"])
    assert "(พบ 3 ปัญหา)" in error
    paths = [line.split(":")[0] for line in error.splitlines()[1:]]
    assert paths == ["part1[0].tasks", "part1[1].targets", "part2[2].extra"]


def test_a_missing_file_and_an_unknown_owner_are_refused(setup, tmp_path):
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        import_file(str(tmp_path / "none.json"), setup["deputy"])
    with pytest.raises(CommandError, match="ไม่พบผู้ใช้ 'nobody'"):
        call_command("import_agreement", write(tmp_path, _complete_json()), "--owner", "nobody")


# --- refusals: the guideline's rules, as in the web form --------------------------------------


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
    assert {p.anchor for p in services.agreement_problems(agreement)} == {"item-1.4", "part2"}


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
    before = services.agreement_to_dict(agreement)
    error = refused(write(tmp_path, draft_agreement_data()), setup["deputy"])
    assert "แก้ไขไม่ได้" in error
    assert services.agreement_to_dict(agreement) == before


def test_import_into_a_returned_agreement_resubmits_it_as_version_2(setup, tmp_path):
    agreement = make_agreement(setup["deputy"], submit=True)
    services.agreement_return(agreement=agreement, actor=setup["supervisor"], comment="ปรับปรุงข้อ 1.1")
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
    assert services.agreement_to_dict(imported)["owner"]["office_code"] == setup["other_office"].code


def test_the_example_in_the_format_document_is_a_valid_importable_draft(setup, tmp_path):
    doc = (settings.BASE_DIR / "docs" / "agreement-format.md").read_text(encoding="utf-8")
    example = doc.split("```json\n", 1)[1].split("```", 1)[0]
    assert interchange.schema_problems(json.loads(example)) == []
    import_file(write(tmp_path, example), setup["deputy"])
    stored = services.agreement_to_dict(Agreement.objects.get(owner=setup["deputy"]))
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
    assert services.agreement_problems(Agreement.objects.get(owner=setup["deputy"])) == []
