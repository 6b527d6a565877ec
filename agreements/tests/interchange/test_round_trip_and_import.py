"""An exported agreement imports back into an equal one, through the services and their audit
entries, replacing a draft, repairing pasted Thai text, ignoring informational fields."""

import json

from agreements import interchange
from agreements.models import Agreement, Policy
from agreements.snapshot import agreement_to_dict, snapshot_hash
from agreements.tests.factories import (
    complete_agreement_data,
    draft_agreement_data,
    issue,
    make_agreement,
    row,
)
from agreements.tests.interchange.agreement_files import (
    export,
    import_file,
    without_owner,
    write,
)
from audit.models import AuditEntry
from pa_portal.thaitext import clean_text


def test_an_exported_agreement_imports_back_into_an_equal_one(setup, tmp_path):
    original = make_agreement(setup["deputy"], submit=True)
    path = write(tmp_path, export(original))

    message = import_file(path, setup["other_deputy"])

    imported = Agreement.objects.get(owner=setup["other_deputy"])
    assert "นำเข้าแล้ว" in message and imported.number in message
    assert imported.status == Agreement.Status.DRAFT
    assert without_owner(agreement_to_dict(imported)) == without_owner(agreement_to_dict(original))
    # and the copy exports to the same file, owner block aside
    assert without_owner(json.loads(export(imported))) == without_owner(json.loads(export(original)))


def test_import_with_submit_freezes_a_snapshot_equal_to_the_original(setup, tmp_path):
    original = make_agreement(setup["deputy"], submit=True)
    path = write(tmp_path, export(original))

    import_file(path, setup["other_deputy"], submit=True)

    imported = Agreement.objects.get(owner=setup["other_deputy"])
    assert imported.status == Agreement.Status.SUBMITTED
    copy = imported.submissions.get(version=1)
    assert copy.sha256 == snapshot_hash(copy.snapshot)
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

    data = agreement_to_dict(agreement)
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
    stored = agreement_to_dict(Agreement.objects.get(owner=setup["deputy"]))
    assert row(stored, "1.1")["tasks"] == "กำกับ ติดตาม การดำเนินงานของสำนักงานเขตพื้นที่การศึกษา"


def test_import_accepts_numbers_as_json_numbers_and_a_byte_order_mark(setup, tmp_path):
    data = complete_agreement_data()
    issue(data, 1)["targets"][0]["value"] = 95
    issue(data, 1)["targets"][1]["value"] = 73.5
    path = write(tmp_path, b"\xef\xbb\xbf" + interchange.to_json(data).encode("utf-8"))
    import_file(path, setup["deputy"], submit=True)
    stored = agreement_to_dict(Agreement.objects.get(owner=setup["deputy"]))
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
    stored = agreement_to_dict(agreement)
    assert stored["owner"]["name"] == setup["deputy"].profile.full_name
    assert stored["owner"]["office_name"] == setup["office"].name
    assert row(stored, "1.1")["sub_item_text"] == agreement.items.get(sub_item__code="1.1").sub_item.text
    assert issue(stored, 1)["policy_title"] == Policy.objects.get(code="qw-reading").title
