"""Comparing two versions reads as a person would compare them: Thai words and whole numbers,
months by name, and each field under the label the form prints."""

from agreements.diff import change_counts, counts_text, inline_diff, snapshot_diff


def snapshot(
    tasks_11="จัดประชุม",
    outcome="ครูร้อยละ 80",
    kind="quantitative",
    issue_title="อ่านออกเขียนได้",
    months=(10, 12),
    value="80",
    qualitative="ครูมีความพึงพอใจ",
):
    return {
        "part1": [
            {
                "sub_item": "1.1",
                "tasks": tasks_11,
                "targets": [
                    {"group": "personnel", "outcome": outcome, "indicator": "ร้อยละ 80", "kind": kind}
                ],
            },
            {"sub_item": "1.2", "tasks": "ไม่เปลี่ยน", "targets": []},
        ],
        "part2": [
            {
                "order": 1,
                "title": issue_title,
                "policy_title": "คุณภาพ",
                "problem": "ปัญหา",
                "method": [{"order": 1, "text": "สำรวจ", "start_month": months[0], "end_month": months[1]}],
                "targets": [
                    {"kind": "quantitative", "text": "นักเรียนอ่านคล่อง", "value": value, "unit": "ร้อยละ"},
                    {"kind": "qualitative", "text": qualitative},
                ],
            }
        ],
    }


def fields(changes, label):
    return {f["field"]: f for c in changes if c["label"] == label for f in c["fields"]}


def test_only_changed_rows_and_fields_are_listed():
    changes = snapshot_diff(snapshot(), snapshot(tasks_11="จัดประชุมเชิงปฏิบัติการ"))
    assert [c["label"] for c in changes] == ["ข้อ 1.1"]
    assert [f["field"] for f in changes[0]["fields"]] == ["งาน (Tasks)"]
    assert changes[0]["fields"][0]["before"] == "จัดประชุม"
    assert changes[0]["fields"][0]["after"] == "จัดประชุมเชิงปฏิบัติการ"


def test_target_group_changes_are_labelled_as_on_the_form():
    changes = snapshot_diff(snapshot(), snapshot(outcome="ครูร้อยละ 90", kind="qualitative"))
    row = fields(changes, "ข้อ 1.1")
    assert list(row) == [
        "ผลลัพธ์ (ข้าราชการครูและบุคลากรทางการศึกษา)",
        "ประเภทตัวชี้วัด (ข้าราชการครูและบุคลากรทางการศึกษา)",
    ]
    kind = row["ประเภทตัวชี้วัด (ข้าราชการครูและบุคลากรทางการศึกษา)"]["html"]
    assert kind == '<del class="diff-del">เชิงปริมาณ</del> <ins class="diff-ins">เชิงคุณภาพ</ins>'


def test_a_number_is_compared_as_a_whole_value():
    html = inline_diff("ครูร้อยละ 80 ของโรงเรียน", "ครูร้อยละ 90 ของโรงเรียน")
    assert html == 'ครูร้อยละ <del class="diff-del">80</del> <ins class="diff-ins">90</ins> ของโรงเรียน'
    assert inline_diff("1,200 คน", "1,250 คน").startswith('<del class="diff-del">1,200</del> <ins')


def test_thai_text_changes_word_by_word():
    html = inline_diff("จัดประชุมครู", "จัดอบรมเชิงปฏิบัติการครู")
    assert html == 'จัด<del class="diff-del">ประชุม</del> <ins class="diff-ins">อบรมเชิงปฏิบัติการ</ins>ครู'


def test_challenge_targets_are_numbered_from_one_by_kind_without_codes():
    changes = snapshot_diff(snapshot(), snapshot(value="90", qualitative="ครูพึงพอใจมาก"))
    issue = fields(changes, "ประเด็นท้าทายที่ 1")
    assert list(issue) == ["เป้าหมายเชิงปริมาณ 1: ค่าเป้าหมาย", "เป้าหมายเชิงคุณภาพ 1"]
    assert issue["เป้าหมายเชิงปริมาณ 1: ค่าเป้าหมาย"]["html"] == (
        '<del class="diff-del">80</del> <ins class="diff-ins">90</ins>'
    )
    assert all("quantitative" not in str(f["html"]) and "[" not in f["field"] for f in issue.values())


def test_method_months_are_shown_by_thai_name():
    changes = snapshot_diff(snapshot(), snapshot(months=(11, 3)))
    months = fields(changes, "ประเด็นท้าทายที่ 1")["ขั้นตอนที่ 1: ช่วงเดือน"]
    assert months["before"] == "ตุลาคม – ธันวาคม"
    assert months["after"] == "พฤศจิกายน – มีนาคม"


def test_challenge_issue_changes_are_listed_after_rows():
    changes = snapshot_diff(snapshot(), snapshot(tasks_11="ใหม่", issue_title="คณิตศาสตร์"))
    assert [c["label"] for c in changes] == ["ข้อ 1.1", "ประเด็นท้าทายที่ 1"]


def test_identical_versions_have_no_changes():
    assert snapshot_diff(snapshot(), snapshot()) == []
    assert counts_text(change_counts(snapshot(), snapshot())) == "ไม่มีการเปลี่ยนแปลงเนื้อหา"


def test_counts_say_how_many_rows_changed_were_added_and_removed():
    older = snapshot()
    newer = snapshot(tasks_11="ใหม่", issue_title="คณิตศาสตร์")
    newer["part1"] = newer["part1"][:1] + [{"sub_item": "1.3", "tasks": "เพิ่มใหม่", "targets": []}]
    counts = change_counts(older, newer)
    assert (counts["changed"], counts["added"], counts["removed"]) == (2, 1, 1)
    assert counts["labels"] == ["ข้อ 1.1", "ข้อ 1.3", "ข้อ 1.2", "ประเด็นท้าทายที่ 1"]
    assert counts_text(counts) == "แก้ไข 2 รายการ เพิ่ม 1 รายการ ลบ 1 รายการ"
    statuses = {c["label"]: c["status"] for c in snapshot_diff(older, newer)}
    assert statuses == {
        "ข้อ 1.1": "changed",
        "ข้อ 1.3": "added",
        "ข้อ 1.2": "removed",
        "ประเด็นท้าทายที่ 1": "changed",
    }


def test_inline_diff_marks_insertions_and_escapes_user_text():
    html = inline_diff("ครู <b>", "ครูทุกคน <b>")
    assert '<ins class="diff-ins">ทุกคน</ins>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
