"""Hostile text in the agreement forms and the review: over-long, NUL and control characters,
invalid UTF-8, script and HTML."""

from agreements import workflow
from agreements.models import Agreement
from agreements.saving import PARTLY_SAVED
from pa_portal.tests.hostile.agreement_posts import (
    Unchanged,
    part1_post,
    save_part1,
    save_part2,
    stored_tasks,
)


def test_01_over_long_tasks_are_refused_in_thai_and_kept_in_the_form(draft, deputy):
    text = "ก" * 5001
    with Unchanged(draft):
        response = save_part1(deputy, draft, **{"tasks__1.1": text})
    page = response.content.decode()
    assert response.status_code == 400
    assert PARTLY_SAVED in page
    assert "งาน (Tasks) ข้อ 1.1: ยาวเกินกำหนด (สูงสุด 5000 ตัวอักษร มี 5001 ตัวอักษร)" in page
    assert text in page


def test_02_over_long_challenge_title_is_refused_in_thai(draft, deputy):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_title="ท" * 501)
    assert response.status_code == 400
    assert "ชื่อประเด็นท้าทายที่ 1: ยาวเกินกำหนด (สูงสุด 500 ตัวอักษร มี 501 ตัวอักษร)" in response.content.decode()


def test_03_a_nul_byte_is_refused_with_a_thai_message(draft, deputy):
    with Unchanged(draft):
        response = save_part1(deputy, draft, **{"tasks__1.1": "ประชุม\x00ผู้บริหาร"})
    assert response.status_code == 400
    assert "ข้อความมีอักขระควบคุม (NUL) ที่ใช้ไม่ได้" in response.content.decode()


def test_04_control_characters_are_removed_before_saving(draft, deputy):
    response = save_part1(deputy, draft, **{"tasks__1.1": "ประชุม\x07ผู้บริหาร\x1b[31m\x7f\x9b ทุกเดือน"})
    assert response.status_code == 302
    assert stored_tasks(draft) == "ประชุมผู้บริหาร[31m ทุกเดือน"


def test_05_zero_width_and_bom_characters_are_removed(draft, deputy):
    response = save_part1(deputy, draft, **{"tasks__1.1": "\ufeffประ\u200bชุม\u200dผู้\u2060บริหาร"})
    assert response.status_code == 302
    assert stored_tasks(draft) == "ประชุมผู้บริหาร"


def test_06_invalid_utf8_in_the_post_body_never_reaches_the_database(draft, deputy):
    """A lone surrogate encoded as bytes (CESU-8) and a truncated sequence: Django decodes with
    replacement characters, and the portal drops those rather than storing garbage."""
    from urllib.parse import urlencode

    body = urlencode(part1_post(draft)).replace(
        "tasks__1.1=", "tasks__1.1=%ED%A0%80%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%8A%E0%B8%B8%E0%B8%A1%E0%B8", 1
    )
    # The original text of row 1.1 follows the injected bytes.
    response = deputy.post(
        f"/agreements/{draft.pk}/part1/", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 302
    tasks = stored_tasks(draft)
    assert "\ufffd" not in tasks and not any("\ud800" <= ch <= "\udfff" for ch in tasks)
    assert tasks.startswith("ประชุม")


def test_07_script_in_text_is_stored_as_text_and_shown_escaped(draft, deputy):
    attack = '<script>alert("pa")</script><img src=x onerror=alert(1)>'
    assert save_part1(deputy, draft, **{"tasks__1.1": attack}).status_code == 302
    assert stored_tasks(draft) == attack
    # The read-only page is printed by Django's templates (&quot;), the form's box by the
    # Jinja2 form renderer (&#34;): the same text, escaped either way.
    shown = "&lt;script&gt;alert({q}pa{q})&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"
    for url, quote in ((f"/agreements/{draft.pk}/", "&quot;"), (f"/agreements/{draft.pk}/part1/", "&#34;")):
        page = deputy.get(url).content.decode()
        assert '<script>alert("pa")' not in page and "<img src=x" not in page
        assert shown.format(q=quote) in page


def test_08_supervisor_comment_with_html_is_shown_escaped_to_the_deputy(draft, people, client_for, deputy):
    workflow.agreement_submit(agreement=draft, actor=people["deputy"])
    boss = client_for(people["supervisor"])
    response = boss.post(
        f"/agreements/{draft.pk}/review/",
        {"decision": "return", "comment": '<a href="javascript:alert(1)">คลิก</a>'},
    )
    assert response.status_code == 302
    page = deputy.get(f"/agreements/{draft.pk}/").content.decode()
    assert '<a href="javascript:alert(1)">' not in page
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;คลิก&lt;/a&gt;" in page


def test_09_over_long_review_comment_is_refused_and_the_agreement_stays_submitted(draft, people, client_for):
    workflow.agreement_submit(agreement=draft, actor=people["deputy"])
    response = client_for(people["supervisor"]).post(
        f"/agreements/{draft.pk}/review/", {"decision": "return", "comment": "ข" * 3001}
    )
    assert response.status_code == 400
    assert "ความเห็นของผู้บังคับบัญชา: ยาวเกินกำหนด (สูงสุด 3000 ตัวอักษร มี 3001 ตัวอักษร)" in (response.content.decode())
    draft.refresh_from_db()
    assert draft.status == Agreement.Status.SUBMITTED


def test_10_an_unknown_review_decision_is_refused(draft, people, client_for):
    workflow.agreement_submit(agreement=draft, actor=people["deputy"])
    response = client_for(people["supervisor"]).post(
        f"/agreements/{draft.pk}/review/", {"decision": "approve_everything", "comment": ""}
    )
    assert response.status_code == 400
    assert "ตัวเลือก approve_everything ไม่มีในรายการ" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Agreement.Status.SUBMITTED
