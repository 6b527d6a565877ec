"""Hostile JSON files for the importer: deep nesting, huge files, wrong types, NaN, other
encodings, lone surrogates; the command reports in Thai and writes nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from agreements import interchange
from agreements.models import Agreement
from audit.models import AuditEntry
from pa_portal.errors import DomainError
from pa_portal.tests.conftest import COMPLETE


def import_raw(people, raw: bytes):
    return interchange.agreement_import(raw=raw, owner=people["deputy"])


def refused_import(people, raw: bytes) -> list[str]:
    before = (Agreement.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as caught:
        import_raw(people, raw)
    assert (Agreement.objects.count(), AuditEntry.objects.count()) == before
    return [p.message for p in caught.value.problems]


def complete_file(**changes) -> dict:
    data = json.loads(json.dumps(COMPLETE))
    data.update(changes)
    return data


def test_34_import_refuses_deep_nesting_before_parsing(standards, policies, people):
    messages = refused_import(people, b"[" * 100000 + b"]" * 100000)
    assert messages == ["โครงสร้างไฟล์ซ้อนกันลึกเกิน 10 ชั้น ซึ่งไม่ใช่รูปแบบข้อตกลง"]


def test_35_import_refuses_a_huge_file(standards, policies, people):
    raw = json.dumps(complete_file(padding="ก" * (3 * 1024 * 1024)), ensure_ascii=False).encode()
    assert refused_import(people, raw) == ["ไฟล์มีขนาดเกิน 2 MB ซึ่งใหญ่เกินกว่าข้อตกลงหนึ่งฉบับ"]


def test_36_import_refuses_wrong_types_with_their_json_path(standards, policies, people):
    data = complete_file(fiscal_year="2570")
    data["part1"][0]["tasks"] = ["ไม่ใช่ข้อความ"]
    messages = refused_import(people, json.dumps(data, ensure_ascii=False).encode())
    assert any("จำนวนเต็ม" in m for m in messages)
    assert any("ข้อความ" in m for m in messages)


def test_37_import_refuses_nan_and_infinity(standards, policies, people):
    raw = json.dumps(complete_file(), ensure_ascii=False).replace('"fiscal_year": 2570', '"fiscal_year": NaN')
    messages = refused_import(people, raw.encode())
    assert len(messages) == 1 and "NaN หรือ Infinity" in messages[0]


def test_38_import_refuses_a_file_that_is_not_utf8(standards, policies, people):
    raw = json.dumps(complete_file(), ensure_ascii=False).encode("cp874")
    messages = refused_import(people, raw)
    assert len(messages) == 1 and messages[0].startswith("ไฟล์ไม่ได้เข้ารหัสแบบ UTF-8")


def test_39_import_of_a_lone_surrogate_stores_no_surrogate(standards, policies, people):
    data = complete_file()
    raw = json.dumps(data, ensure_ascii=True).replace(
        json.dumps(data["part1"][0]["tasks"], ensure_ascii=True), '"\\ud800' + "x" * 10 + '"', 1
    )
    agreement = import_raw(people, raw.encode())
    tasks = agreement.items.get(sub_item__code=data["part1"][0]["sub_item"]).tasks
    assert tasks == "x" * 10


def test_40_the_import_command_reports_in_thai_and_writes_nothing(standards, policies, people, tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"format": "pa-portal/agreement@1", "fiscal_year": 2570, "fiscal_year": 2571}')
    with pytest.raises(CommandError) as caught:
        call_command("import_agreement", str(path), owner="deputy")
    assert str(caught.value).startswith("นำเข้าไม่สำเร็จ ไม่มีการบันทึกข้อมูลใด ๆ")
    assert "มีช่อง 'fiscal_year' ซ้ำกัน" in str(caught.value)
    assert Agreement.objects.count() == 0
