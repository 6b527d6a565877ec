from agreements.diff import inline_diff, snapshot_diff


def snapshot(tasks_11="จัดประชุม", outcome="ครูร้อยละ 80", issue_title="อ่านออกเขียนได้"):
    return {
        "part1": [
            {
                "sub_item": "1.1",
                "tasks": tasks_11,
                "targets": [
                    {
                        "group": "personnel",
                        "outcome": outcome,
                        "indicator": "ร้อยละ 80",
                        "kind": "quantitative",
                    }
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
                "method": [],
                "targets": [],
            }
        ],
    }


def test_only_changed_rows_and_fields_are_listed():
    changes = snapshot_diff(snapshot(), snapshot(tasks_11="จัดประชุมเชิงปฏิบัติการ"))
    assert [c["label"] for c in changes] == ["ข้อ 1.1"]
    assert [f["field"] for f in changes[0]["fields"]] == ["งาน (Tasks)"]
    assert changes[0]["fields"][0]["before"] == "จัดประชุม"
    assert changes[0]["fields"][0]["after"] == "จัดประชุมเชิงปฏิบัติการ"


def test_target_group_changes_are_named_by_group():
    changes = snapshot_diff(snapshot(), snapshot(outcome="ครูร้อยละ 90"))
    assert changes[0]["fields"][0]["field"] == "ผลลัพธ์ — ข้าราชการครูและบุคลากรทางการศึกษา"


def test_challenge_issue_changes_are_listed_after_rows():
    changes = snapshot_diff(snapshot(), snapshot(tasks_11="ใหม่", issue_title="คณิตศาสตร์"))
    assert [c["label"] for c in changes] == ["ข้อ 1.1", "ประเด็นท้าทายที่ 1"]


def test_identical_versions_have_no_changes():
    assert snapshot_diff(snapshot(), snapshot()) == []


def test_inline_diff_marks_insertions_and_escapes_user_text():
    html = inline_diff("ครู <b>", "ครูทุกคน <b>")
    assert '<ins class="diff-ins">ทุกคน</ins>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
