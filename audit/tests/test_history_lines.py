"""The history reads as a story: every action under its Thai name, and the autosaves of one
editing session folded into one line that says how many saves, when, and which fields changed."""

import datetime as dt
import json
import re
from types import SimpleNamespace

from django.conf import settings

from agreements import drafts, workflow
from audit.presentation import ACTION_LABELS, action_label, history_lines
from audit.selectors import history_page
from pa_portal.tests.conftest import COMPLETE

# An action code as the code writes it: "agreement.saved", "evaluation.scores_saved", "admin.added"
# (not a module path such as "cycle.urls").
ACTION_CODE = re.compile(
    r"""["']((?:agreement|evidence|evaluation|cycle|packet|standard|admin)\.(?!urls["'])[a-z_]+)["']"""
)
NOT_PRODUCT = {"tests", "migrations", "bench", "node_modules", ".venv", "venv"}


def action_codes_in_the_code() -> set[str]:
    codes = set()
    for path in settings.BASE_DIR.rglob("*.py"):
        if NOT_PRODUCT.intersection(path.relative_to(settings.BASE_DIR).parts):
            continue
        codes.update(ACTION_CODE.findall(path.read_text(encoding="utf-8")))
    return codes


def test_every_action_the_code_records_has_a_thai_label():
    codes = action_codes_in_the_code()
    assert {"agreement.saved", "evaluation.scores_saved", "admin.changed"} <= codes  # the scan works
    assert sorted(codes - set(ACTION_LABELS)) == []
    assert all(re.search("[ก-๙]", label) and "." not in label for label in ACTION_LABELS.values())


def test_an_unknown_action_never_shows_its_code():
    assert action_label("agreement.renamed") == "เปลี่ยนแปลงข้อมูล"


BASE = dt.datetime(2026, 12, 4, 9, 10, tzinfo=dt.UTC)


def entry(minutes, action="agreement.saved", actor=1, name="นายสุภาพร แก้วมณี", changes=None):
    at = BASE + dt.timedelta(minutes=minutes)
    return SimpleNamespace(at=at, action=action, actor_id=actor, actor_name=name, changes=changes or {})


def newest_first(*entries):
    return sorted(entries, key=lambda e: e.at, reverse=True)


def test_autosaves_less_than_half_an_hour_apart_are_one_line():
    saves = [entry(3 * n, changes={f"item:1.{n % 3 + 1}": {}}) for n in range(11)]
    (line,) = history_lines(newest_first(*saves))
    assert line.count == 11 and line.label == "แก้ไขร่าง 11 ครั้ง"
    assert (line.earliest.at, line.latest.at) == (BASE, BASE + dt.timedelta(minutes=30))
    assert line.entries == newest_first(*saves)


def test_a_pause_another_person_or_another_step_starts_a_new_line():
    entries = newest_first(
        entry(0),
        entry(5),
        entry(50),  # 45 minutes later: a new session
        entry(52, actor=2, name="นายอื่น"),
        entry(53),
        entry(55, action="agreement.submitted"),
        entry(56),
    )
    lines = history_lines(entries)
    assert [(line.latest.action, line.count) for line in lines] == [
        ("agreement.saved", 1),
        ("agreement.submitted", 1),
        ("agreement.saved", 1),
        ("agreement.saved", 1),
        ("agreement.saved", 1),
        ("agreement.saved", 2),
    ]
    assert [line.label for line in lines][:2] == ["บันทึกร่าง", "ส่งข้อตกลง"]


def test_the_history_page_shows_an_editing_session_as_one_line_with_its_fields(
    standards, policies, people, client_for
):
    deputy = people["deputy"]
    agreement = drafts.agreement_start(owner=deputy, fiscal_year=2570)
    row = json.loads(json.dumps(COMPLETE["part1"][:1]))
    for n in range(14):
        row[0]["tasks"] = f"ประชุมผู้บริหารครั้งที่ {n + 1}"
        if n == 13:
            row[0]["targets"][0]["outcome"] = "ผู้บริหารทุกคนเข้าร่วม"
        drafts.agreement_update(
            agreement=agreement, actor=deputy, data={"part1": row}, expected_revision=None
        )

    page = client_for(deputy).get(f"/agreements/{agreement.pk}/history/").content.decode()
    assert "แก้ไขร่าง 14 ครั้ง" in page
    assert page.count("<tr>") == 3  # the heading, the editing session, the creation
    assert "ช่องที่เปลี่ยน: ข้อ 1.1: งาน (Tasks), ผลลัพธ์ (" in page
    assert '<ins class="diff-ins">ประชุมผู้บริหารครั้งที่ 14</ins>' in page
    assert re.search(r"เวลา \d\d:\d\d–\d\d:\d\d น\.", page)
    assert "agreement.saved" not in page and "item:1.1" not in page


def test_a_long_history_comes_a_page_at_a_time_with_each_entrys_changes(standards, policies, people):
    deputy = people["deputy"]
    agreement = drafts.agreement_start(owner=deputy, fiscal_year=2570)
    drafts.agreement_update(agreement=agreement, actor=deputy, data=COMPLETE, expected_revision=None)
    workflow.agreement_submit(agreement=agreement, actor=deputy)

    first = history_page(agreement, 1, per_page=2)
    assert first.paginator.num_pages == 2
    assert [line.label for line in first.object_list] == ["ส่งข้อตกลง", "บันทึกร่าง"]
    assert first.object_list[1].latest.changes["item:1.1"]["after"]["tasks"] == COMPLETE["part1"][0]["tasks"]
    assert [line.label for line in history_page(agreement, 2, per_page=2).object_list] == ["สร้างข้อตกลง"]
