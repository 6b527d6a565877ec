"""Exporting an agreement or one of its submissions as a UTF-8 JSON file."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from agreements import drafts, workflow
from agreements.models import Submission
from agreements.snapshot import agreement_to_dict
from agreements.tests.factories import (
    complete_agreement_data,
    make_agreement,
    row,
)
from agreements.tests.interchange.agreement_files import (
    export,
)


def test_export_prints_the_agreement_as_unescaped_utf8_json(setup):
    agreement = make_agreement(setup["deputy"])
    text = export(agreement)
    assert json.loads(text) == agreement_to_dict(agreement)
    assert "สำนักงานเขตพื้นที่การศึกษา" in text
    assert "\\u0e" not in text
    assert text.endswith("}\n")


def test_export_accepts_the_agreement_number_and_writes_a_utf8_file(setup, tmp_path):
    agreement = make_agreement(setup["deputy"])
    target = tmp_path / "out.json"
    call_command("export_agreement", agreement.number, "--output", str(target))
    assert json.loads(target.read_bytes().decode("utf-8")) == agreement_to_dict(agreement)


def test_export_of_an_unknown_agreement_is_refused(setup):
    with pytest.raises(CommandError, match="ไม่พบข้อตกลง"):
        call_command("export_agreement", "999999", stdout=StringIO())
    with pytest.raises(CommandError, match="ไม่ใช่เลขที่ข้อตกลง"):
        call_command("export_agreement", "abc", stdout=StringIO())


def test_export_of_a_submission_prints_its_frozen_snapshot_even_after_revision(setup):
    deputy, supervisor = setup["deputy"], setup["supervisor"]
    agreement = make_agreement(deputy, submit=True)
    workflow.agreement_return(agreement=agreement, actor=supervisor, comment="ขอให้ปรับตัวชี้วัดข้อ 1.1")
    data = complete_agreement_data()
    row(data, "1.1")["tasks"] = "ปรับปรุงงานตามข้อเสนอแนะของผู้อำนวยการ"
    drafts.agreement_update(agreement=agreement, actor=deputy, data=data, expected_revision=None)

    snapshot = json.loads(export(agreement, "--submission", "1"))
    assert snapshot == Submission.objects.get(agreement=agreement, version=1).snapshot
    assert row(snapshot, "1.1")["tasks"] != "ปรับปรุงงานตามข้อเสนอแนะของผู้อำนวยการ"
    assert row(json.loads(export(agreement)), "1.1")["tasks"] == "ปรับปรุงงานตามข้อเสนอแนะของผู้อำนวยการ"
    with pytest.raises(CommandError, match="ไม่มีฉบับที่ส่งครั้งที่ 2"):
        export(agreement, "--submission", "2")
