"""A file that is wrong in itself (encoding, JSON, shape, types, references, size) is refused
with each problem's JSON path and a Thai message, and nothing is written."""

import pytest
from django.core.management import CommandError, call_command

from agreements import interchange
from agreements.tests.factories import (
    complete_agreement_data,
)
from agreements.tests.interchange.agreement_files import (
    _complete_json,
    _with,
    import_file,
    refused,
    write,
)
from pa_portal.errors import DomainError

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
    "a broken \\u escape": (
        _complete_json().replace('"fiscal_year": 2570,', '"fiscal_year": 2570, "x": "\\u0E1",', 1).encode(),
        "(ทั้งไฟล์)",
        "รหัส \\u ต้องตามด้วยเลขฐานสิบหก 4 หลัก",
    ),
    "a negative target value": (
        _with(lambda d: d["part2"][0]["targets"][0].update(value=-5)).encode(),
        "part2[0].targets[0].value:",
        "ค่าเป้าหมายต้องไม่ติดลบ",
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
    with pytest.raises(DomainError) as error:
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
