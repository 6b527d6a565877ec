"""No lost work, in a real browser: autosave, its Thai indicator, and what happens when a save
fails (server error, lost connection, another tab, leaving the page)."""

import re

import pytest
from playwright.sync_api import expect

from agreements import drafts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"^บันทึกแล้ว เวลา \d\d:\d\d น\.$")
TEXT = "ประชุมผู้บริหารสถานศึกษาทุกเดือนเพื่อกำกับติดตามแผนปฏิบัติราชการ"


@pytest.fixture
def draft(standards, policies, people):
    return drafts.agreement_start(owner=people["deputy"], fiscal_year=2570)


def tasks_of(agreement, code="1.1"):
    return agreement.items.get(sub_item__code=code).tasks


def open_part1(open_as, people, draft):
    page = open_as(people["deputy"])
    page.goto(f"/agreements/{draft.pk}/part1/")
    return page


def test_leaving_a_field_saves_it_and_shows_the_time(open_as, people, draft):
    page = open_part1(open_as, people, draft)
    page.fill('[name="tasks__1.1"]', TEXT)
    expect(page.locator("#save-status")).to_have_text("มีการแก้ไขที่ยังไม่ได้บันทึก")
    page.locator('[name="tasks__1.2"]').focus()
    expect(page.locator("#save-status")).to_have_text(SAVED)
    assert tasks_of(draft) == TEXT
    draft.refresh_from_db()
    assert page.locator("input[name=revision]").input_value() == str(draft.revision) == "2"


def test_the_timer_saves_without_leaving_the_field(open_as, people, draft):
    page = open_part1(open_as, people, draft)
    page.clock.install()
    page.reload()
    page.fill('[name="tasks__1.1"]', TEXT)
    page.clock.run_for(31_000)  # the 30-second timer, without waiting 30 seconds
    expect(page.locator("#save-status")).to_have_text(SAVED)
    assert tasks_of(draft) == TEXT


def test_a_server_error_keeps_the_text_and_says_so_in_thai(open_as, people, draft):
    page = open_part1(open_as, people, draft)
    page.route(
        "**/part1/",
        lambda route: (
            route.fulfill(status=500, body="<h1>Server Error (500)</h1>", content_type="text/html")
            if route.request.method == "POST"
            else route.continue_()
        ),
    )
    page.fill('[name="tasks__1.1"]', TEXT)
    page.locator('[name="tasks__1.2"]').focus()
    status = page.locator("#save-status")
    expect(status).to_have_text(
        "ยังไม่ได้บันทึก: เครื่องแม่ข่ายขัดข้อง (รหัส 500) ข้อความเก็บไว้ในเครื่องนี้แล้ว ระบบจะลองใหม่อัตโนมัติ"
    )
    expect(status).to_have_class(re.compile("text-danger"))
    assert page.locator('[name="tasks__1.1"]').input_value() == TEXT
    assert tasks_of(draft) == ""
    # The server recovers: the next save (here: on leaving a field) goes through.
    page.unroute("**/part1/")
    with page.expect_response(lambda r: r.request.method == "POST" and r.url.endswith("/part1/")):
        page.locator('[name="tasks__1.1"]').focus()
    expect(status).to_have_text(SAVED)
    assert tasks_of(draft) == TEXT


def test_a_lost_connection_keeps_the_text_here_and_offers_it_back_after_a_reload(open_as, people, draft):
    page = open_part1(open_as, people, draft)
    page.route(
        "**/part1/",
        lambda route: (
            route.abort("connectionrefused") if route.request.method == "POST" else route.continue_()
        ),
    )
    page.fill('[name="tasks__1.1"]', TEXT)
    page.locator('[name="tasks__1.2"]').focus()
    expect(page.locator("#save-status")).to_have_text(
        "ยังไม่ได้บันทึก: เชื่อมต่อเครื่องแม่ข่ายไม่ได้ ข้อความเก็บไว้ในเครื่องนี้แล้ว ระบบจะลองใหม่อัตโนมัติ"
    )
    assert tasks_of(draft) == ""
    # The browser is closed or the page reloaded before the connection comes back.
    page.unroute("**/part1/")
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    assert page.locator('[name="tasks__1.1"]').input_value() == ""
    bar = page.locator("#restore-bar")
    expect(bar).to_contain_text("พบข้อความที่ยังไม่ได้บันทึกจากครั้งก่อนในเครื่องนี้")
    bar.get_by_role("button", name="นำข้อความกลับมา").click()
    assert page.locator('[name="tasks__1.1"]').input_value() == TEXT
    page.get_by_role("button", name="บันทึกร่าง").click()
    expect(page.locator(".alert-success")).to_contain_text("บันทึกร่างแล้ว เวลา")
    assert tasks_of(draft) == TEXT


def test_a_refused_value_says_why_beside_it_and_keeps_the_text(open_as, people, draft):
    page = open_as(people["deputy"])
    page.goto(f"/agreements/{draft.pk}/part2/")
    page.fill('[name="c1_title"]', "ยกระดับการอ่านออกเขียนได้")
    page.fill('[name="c1_qual1_text"]', "80")
    page.locator('[name="c1_problem"]').focus()
    expect(page.locator("#save-status")).to_have_text(
        re.compile(r"^บันทึกแล้ว เวลา \d\d:\d\d น\. ยกเว้น 1 ช่องที่มีข้อความแจ้งสีแดง \(ยังเป็นค่าเดิม\)$")
    )
    expect(page.locator("#id_c1_qual1_text_error")).to_have_text(
        "ประเด็นท้าทายที่ 1: เป้าหมายเชิงคุณภาพต้องเป็นข้อความบรรยาย ไม่ใช่ตัวเลขอย่างเดียว"
    )
    assert page.locator('[name="c1_qual1_text"]').input_value() == "80"
    issue = draft.challenges.get()
    assert issue.title == "ยกระดับการอ่านออกเขียนได้" and not issue.targets.exists()


def test_the_browser_itself_stops_typing_past_a_limit(open_as, people, draft):
    page = open_part1(open_as, people, draft)
    page.fill('[name="tasks__1.1"]', "ก" * 5001)
    assert len(page.locator('[name="tasks__1.1"]').input_value()) == 5000


def test_a_save_from_a_stale_tab_is_refused_and_the_text_stays(open_as, people, draft):
    first = open_part1(open_as, people, draft)
    second = first.context.new_page()
    second.goto(f"/agreements/{draft.pk}/part1/")
    first.fill('[name="tasks__1.1"]', "จากแท็บแรก")
    first.locator('[name="tasks__1.2"]').focus()
    expect(first.locator("#save-status")).to_have_text(SAVED)
    second.fill('[name="tasks__1.1"]', "จากแท็บที่สอง")
    second.locator('[name="tasks__1.2"]').focus()
    expect(second.locator("#save-status")).to_have_text(
        "ยังไม่ได้บันทึก: มีการบันทึกข้อตกลงนี้จากหน้าต่างอื่น ข้อความของคุณยังอยู่ในหน้านี้ กรุณาคัดลอกเก็บไว้แล้วโหลดหน้าใหม่"
    )
    assert second.locator('[name="tasks__1.1"]').input_value() == "จากแท็บที่สอง"
    assert tasks_of(draft) == "จากแท็บแรก"


def test_leaving_with_unsaved_text_asks_first(open_as, people, draft):
    page = open_part1(open_as, people, draft)
    page.route(
        "**/part1/",
        lambda route: (
            route.abort("connectionrefused") if route.request.method == "POST" else route.continue_()
        ),
    )
    page.fill('[name="tasks__1.1"]', TEXT)
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    with page.expect_event("dialog"):
        page.close(run_before_unload=True)
    assert dialogs == ["beforeunload"]
    assert not page.is_closed()


def test_pressing_save_while_an_autosave_is_on_its_way_is_not_refused_as_stale(open_as, people, draft):
    page = open_part1(open_as, people, draft)
    page.fill('[name="tasks__1.1"]', TEXT)
    # Clicking the button leaves the field (an autosave starts) and submits the form at once.
    page.get_by_role("button", name="บันทึกร่าง").click()
    expect(page.locator(".alert-success")).to_contain_text("บันทึกร่างแล้ว เวลา")
    assert tasks_of(draft) == TEXT
    draft.refresh_from_db()
    # The autosave and the form carry the same text: one new revision, and neither is refused as stale.
    assert draft.revision == 2


def test_an_expired_session_keeps_the_text_and_gives_it_back_after_signing_in(open_as, people, draft):
    from django.contrib.sessions.models import Session

    from testsupport.factories import PASSWORD

    page = open_part1(open_as, people, draft)
    Session.objects.all().delete()  # eight idle hours, or a sign-out in another tab
    page.fill('[name="tasks__1.1"]', TEXT)
    page.locator('[name="tasks__1.2"]').focus()
    expect(page.locator("#save-status")).to_have_text(
        "ยังไม่ได้บันทึก: หมดเวลาการเข้าสู่ระบบ ข้อความเก็บไว้ในเครื่องนี้แล้ว"
        ' กรุณาเข้าสู่ระบบใหม่ในแท็บอื่น แล้วโหลดหน้านี้ใหม่และกด "นำข้อความกลับมา"'
    )
    assert page.locator('[name="tasks__1.1"]').input_value() == TEXT
    assert tasks_of(draft) == ""
    other_tab = page.context.new_page()
    other_tab.goto("/accounts/login/")
    other_tab.fill("input[name=username]", "deputy")
    other_tab.fill("input[name=password]", PASSWORD)
    other_tab.click("button[type=submit]")
    page.on("dialog", lambda dialog: dialog.accept())
    page.reload()
    page.get_by_role("button", name="นำข้อความกลับมา").click()
    page.get_by_role("button", name="บันทึกร่าง").click()
    expect(page.locator(".alert-success")).to_contain_text("บันทึกร่างแล้ว เวลา")
    assert tasks_of(draft) == TEXT


def test_an_autosave_after_the_submit_says_so_and_stops_trying(open_as, people, draft):
    from agreements import workflow
    from agreements.tests.steps import COMPLETE

    drafts.agreement_update(agreement=draft, actor=people["deputy"], data=COMPLETE, expected_revision=None)
    page = open_part1(open_as, people, draft)
    page.clock.install()
    page.reload()
    # Submitted from another tab while this one is still open.
    workflow.agreement_submit(agreement=draft, actor=people["deputy"])
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.fill('[name="tasks__1.1"]', TEXT)
    page.locator('[name="tasks__1.2"]').focus()
    status = page.locator("#save-status")
    expect(status).to_have_text("ข้อตกลงนี้ส่งแล้ว แก้ไขไม่ได้")
    page.fill('[name="tasks__1.1"]', TEXT + " อีก")
    page.clock.run_for(65_000)  # two turns of the 30-second timer: no retry
    expect(status).to_have_text("ข้อตกลงนี้ส่งแล้ว แก้ไขไม่ได้")
    assert len(posts) == 1
