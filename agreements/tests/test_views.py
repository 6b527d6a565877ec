"""The deputy's and the supervisor's story through the web pages."""

import re

import pytest

from agreements import drafts, workflow
from agreements.models import Agreement
from agreements.snapshot import agreement_to_dict
from agreements.tests.steps import COMPLETE, fill, part1_post, start
from audit.models import AuditEntry


@pytest.fixture
def setup(standards, policies, people):
    return people


def test_start_is_one_click_from_my_agreements(setup, client_for):
    client = client_for(setup["deputy"])
    page = client.get("/agreements/mine/").content.decode()
    assert "เริ่มจัดทำข้อตกลงปีงบประมาณ" in page
    response = client.post("/agreements/start/", {"fiscal_year": "2570"})
    agreement = Agreement.objects.get(owner=setup["deputy"])
    assert response.status_code == 302 and response["Location"] == f"/agreements/{agreement.pk}/"
    assert agreement.items.count() == 22
    assert agreement.owner_name == "นายสุภาพร แก้วมณี"
    assert agreement.owner_academic_standing == "ชำนาญการพิเศษ"
    # At most one per owner and year.
    response = client.post("/agreements/start/", {"fiscal_year": "2570"}, follow=True)
    assert "มีข้อตกลงของปีงบประมาณ 2570 อยู่แล้ว" in response.content.decode()
    assert Agreement.objects.filter(owner=setup["deputy"]).count() == 1


def test_copy_from_last_year_prefills_the_new_draft(setup, client_for):
    last_year = drafts.agreement_start(owner=setup["deputy"], fiscal_year=2569)
    fill(last_year, setup["deputy"], {"part1": COMPLETE["part1"][:3]})
    client = client_for(setup["deputy"])
    client.post("/agreements/start/", {"fiscal_year": "2570", "copy": "1"})
    new = Agreement.objects.get(owner=setup["deputy"], fiscal_year__year=2570)
    data = agreement_to_dict(new)
    assert data["part1"][0]["tasks"] == COMPLETE["part1"][0]["tasks"]
    assert data["part1"][5]["tasks"] == ""


def test_part1_page_shows_every_row_with_its_official_text(setup, client_for):
    agreement = start(setup)
    page = client_for(setup["deputy"]).get(f"/agreements/{agreement.pk}/part1/").content.decode()
    for row in agreement.items.select_related("sub_item"):
        assert f'id="item-{row.sub_item.code}"' in page
        assert row.sub_item.text in page
    for label in ("ผู้เรียน", "ข้าราชการครูและบุคลากรทางการศึกษา", "สถานศึกษา", "สำนักงานเขตพื้นที่การศึกษา"):
        assert label in page
    headings = re.findall(r'<h3 class="h5 domain-heading[^"]*">ด้านที่ (\d)', page)
    assert headings == ["1", "2", "3", "4", "5"]  # each domain headed once, above its own rows


def test_part1_is_edited_one_domain_a_page_and_each_page_saves_only_its_own_rows(setup, client_for):
    agreement = fill(start(setup), setup["deputy"])
    client = client_for(setup["deputy"])
    detail = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert f'href="/agreements/{agreement.pk}/part1/?domain=1"' in detail

    page = client.get(f"/agreements/{agreement.pk}/part1/?domain=2").content.decode()
    assert 'id="item-2.1"' in page and 'id="item-2.5"' in page
    assert 'id="item-1.1"' not in page and 'id="item-3.1"' not in page
    assert 'aria-current="page" href="?domain=2">ด้านที่ 2' in page
    assert "ทุกด้านในหน้าเดียว" in page

    before = agreement_to_dict(agreement)
    post = {k: v for k, v in part1_post(agreement).items() if k == "revision" or "__2." in k}
    post["tasks__2.3"] = "งานข้อ 2.3 ที่แก้ในหน้าด้านที่ 2"
    response = client.post(f"/agreements/{agreement.pk}/part1/?domain=2", post)
    assert (
        response.status_code == 302 and response["Location"] == f"/agreements/{agreement.pk}/part1/?domain=2"
    )
    after = agreement_to_dict(agreement)
    changed = [a["sub_item"] for a, b in zip(after["part1"], before["part1"], strict=True) if a != b]
    assert changed == ["2.3"]
    assert after["part1"][[r["sub_item"] for r in after["part1"]].index("2.3")]["tasks"] == post["tasks__2.3"]
    saved = AuditEntry.objects.filter(agreement=agreement, action="agreement.saved").latest("pk")
    assert list(saved.changes) == ["item:2.3"]  # the history names the row that changed, nothing else


def test_an_unknown_domain_shows_the_whole_of_part1(setup, client_for):
    agreement = start(setup)
    client = client_for(setup["deputy"])
    for query in ("?domain=9", "?domain=abc", ""):
        page = client.get(f"/agreements/{agreement.pk}/part1/{query}").content.decode()
        assert 'id="item-1.1"' in page and 'id="item-5.4"' in page


def test_missing_rows_link_to_the_domain_page_of_each_row(setup, client_for):
    agreement = start(setup)
    detail = client_for(setup["deputy"]).get(f"/agreements/{agreement.pk}/").content.decode()
    assert f'href="/agreements/{agreement.pk}/part1/?domain=3#item-3.2"' in detail
    submit = client_for(setup["deputy"]).get(f"/agreements/{agreement.pk}/submit/").content.decode()
    assert f"/agreements/{agreement.pk}/part1/?domain=4&amp;check=1#id_tasks__4.1" in submit


def test_saving_an_incomplete_draft_works_and_repairs_pasted_thai(setup, client_for):
    agreement = start(setup)
    client = client_for(setup["deputy"])
    post = part1_post(agreement, **{"tasks__1.1": "ประชุมผู้บริหารส านักงานเพื่อก ากับติดตาม\u200b"})
    response = client.post(f"/agreements/{agreement.pk}/part1/", post)
    assert response.status_code == 302
    item = agreement.items.get(sub_item__code="1.1")
    assert item.tasks == "ประชุมผู้บริหารสำนักงานเพื่อกำกับติดตาม"
    agreement.refresh_from_db()
    assert agreement.revision == 2


def test_a_refused_value_keeps_every_word_the_user_typed_and_the_rest_is_saved(setup, client_for):
    agreement = start(setup)
    long_text = "ก" * 5001
    post = part1_post(
        agreement,
        **{"tasks__1.1": long_text, "tasks__1.2": "งานที่พิมพ์ไว้ในข้อ 1.2 ต้องไม่หาย"},
    )
    response = client_for(setup["deputy"]).post(f"/agreements/{agreement.pk}/part1/", post)
    page = response.content.decode()
    assert response.status_code == 400
    assert "บันทึกร่างแล้ว ยกเว้น" in page
    assert "ยาวเกินกำหนด" in page
    assert long_text in page
    assert "งานที่พิมพ์ไว้ในข้อ 1.2 ต้องไม่หาย" in page
    assert agreement.items.get(sub_item__code="1.2").tasks == "งานที่พิมพ์ไว้ในข้อ 1.2 ต้องไม่หาย"
    assert agreement.items.get(sub_item__code="1.1").tasks == ""
    agreement.refresh_from_db()
    assert f'name="revision" value="{agreement.revision}"' in page


def test_the_field_that_failed_is_marked_and_says_why_beside_it(setup, client_for):

    agreement = start(setup)
    post = part1_post(agreement, **{"tasks__1.1": "ก" * 5001, "tasks__1.2": "งานข้อ 1.2"})
    page = client_for(setup["deputy"]).post(f"/agreements/{agreement.pk}/part1/", post).content.decode()
    failed = re.search(r'<textarea name="tasks__1.1"[^>]*>', page).group(0)
    assert 'class="form-control is-invalid"' in failed
    assert 'aria-invalid="true" aria-describedby="id_tasks__1.1_error"' in failed
    beside = page[page.index(failed) :].split("</textarea>", 1)[1]
    assert beside.startswith(
        '<div class="invalid-feedback" id="id_tasks__1.1_error">'
        "<div>งาน (Tasks) ข้อ 1.1: ยาวเกินกำหนด (สูงสุด 5000 ตัวอักษร มี 5001 ตัวอักษร)</div></div>"
    )
    fine = re.search(r'<textarea name="tasks__1.2"[^>]*>', page).group(0)
    assert 'class="form-control"' in fine
    assert "aria-invalid" not in fine
    label = '<label class="form-label small mb-0" for="id_tasks__1.2">งาน (Tasks) — ทำอะไร อย่างไร (How to)</label>'
    assert label in page


def test_each_part1_form_has_fields_and_widgets_of_its_own(setup):
    from agreements.forms import Part1Form

    sub_items = list(start(setup).standard.domains.get(number=1).items.all())
    first, second = Part1Form(sub_items=sub_items), Part1Form(sub_items=sub_items)
    assert first.fields.keys() == second.fields.keys()
    for name in first.fields:
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].widget is not second.fields[name].widget


def test_two_tabs_never_overwrite_each_other(setup, client_for):
    agreement = start(setup)
    client = client_for(setup["deputy"])
    first_tab = part1_post(agreement, **{"tasks__1.1": "ข้อความจากแท็บแรก"})
    second_tab = part1_post(agreement, **{"tasks__1.1": "ข้อความจากแท็บที่สอง"})
    assert client.post(f"/agreements/{agreement.pk}/part1/", first_tab).status_code == 302
    response = client.post(f"/agreements/{agreement.pk}/part1/", second_tab)
    page = response.content.decode()
    assert response.status_code == 409
    assert "ถูกบันทึกจากหน้าต่างหรืออุปกรณ์อื่น" in page
    assert "ข้อความจากแท็บที่สอง" in page  # the user's text is kept in the form
    assert agreement.items.get(sub_item__code="1.1").tasks == "ข้อความจากแท็บแรก"


def test_autosave_answers_json_with_the_new_revision(setup, client_for):
    agreement = start(setup)
    client = client_for(setup["deputy"])
    post = part1_post(agreement, **{"tasks__1.1": "บันทึกอัตโนมัติ"})
    response = client.post(f"/agreements/{agreement.pk}/part1/", post, HTTP_ACCEPT="application/json")
    body = response.json()
    assert response.status_code == 200 and body["ok"] is True and body["revision"] == 2
    stale = client.post(f"/agreements/{agreement.pk}/part1/", post, HTTP_ACCEPT="application/json")
    assert stale.status_code == 409 and stale.json()["stale"] is True


def test_a_negative_target_value_is_refused_in_the_form_as_on_import(setup, client_for):
    agreement = start(setup)
    client = client_for(setup["deputy"])
    post = {
        "revision": agreement.revision,
        "c1_title": "ลดจำนวนนักเรียนออกกลางคัน",
        "c1_policy": "qw-reading",
        "c1_quant1_text": "จำนวนนักเรียนออกกลางคันลดลง",
        "c1_quant1_value": "-5",
        "c1_quant1_unit": "คน",
    }
    response = client.post(f"/agreements/{agreement.pk}/part2/", post)
    assert response.status_code == 400
    assert "ค่าเป้าหมายต้องไม่ติดลบ" in response.content.decode()
    assert agreement.challenges.get().targets.get().value is None


def test_submit_lists_every_problem_with_a_link(setup, client_for):
    agreement = start(setup)
    client = client_for(setup["deputy"])
    response = client.post(f"/agreements/{agreement.pk}/submit/")
    page = response.content.decode()
    assert response.status_code == 400
    assert "ข้อ 1.1: ต้องระบุงาน (Tasks)" in page
    assert f'href="/agreements/{agreement.pk}/part1/?domain=1&amp;check=1#id_tasks__1.1"' in page
    assert f'href="/agreements/{agreement.pk}/part2/#part2"' in page
    assert "ต้องมีประเด็นท้าทาย 3 ประเด็นพอดี (ขณะนี้มี 0 ประเด็น)" in page
    assert agreement.submissions.count() == 0


def test_overview_shows_completeness_and_links_missing_rows(setup, client_for):
    agreement = fill(
        start(setup), setup["deputy"], {"part1": COMPLETE["part1"][:17], "part2": COMPLETE["part2"][:2]}
    )
    page = client_for(setup["deputy"]).get(f"/agreements/{agreement.pk}/").content.decode()
    assert "17 จาก 22 ข้อ" in page
    assert "2 จาก 3 ประเด็น" in page
    assert f'href="/agreements/{agreement.pk}/part1/?domain=5#item-5.4"' in page


def test_whole_story_submit_return_revise_resubmit_agree(setup, client_for):
    deputy, supervisor = setup["deputy"], setup["supervisor"]
    agreement = fill(start(setup), deputy)
    owner = client_for(deputy)
    assert owner.post(f"/agreements/{agreement.pk}/submit/").status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED
    # Frozen: the edit pages refuse and nothing changes.
    response = owner.post(
        f"/agreements/{agreement.pk}/part1/", part1_post(agreement, **{"tasks__1.1": "แก้หลังส่ง"})
    )
    assert response.status_code == 302
    assert agreement.items.get(sub_item__code="1.1").tasks == COMPLETE["part1"][0]["tasks"]

    boss = client_for(supervisor)
    assert agreement.owner_name in boss.get("/agreements/review/").content.decode()
    response = boss.post(
        f"/agreements/{agreement.pk}/review/",
        {"decision": "return", "comment": "ปรับตัวชี้วัดให้วัดได้จริง", "note__item-1.1": "ระบุจำนวนโรงเรียนให้ชัดเจน"},
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.RETURNED

    page = owner.get(f"/agreements/{agreement.pk}/part1/").content.decode()
    assert "ระบุจำนวนโรงเรียนให้ชัดเจน" in page
    assert "ปรับตัวชี้วัดให้วัดได้จริง" in owner.get(f"/agreements/{agreement.pk}/").content.decode()
    revised = part1_post(
        agreement, **{"tasks__1.1": COMPLETE["part1"][0]["tasks"] + " โดยครอบคลุมโรงเรียนทั้ง 120 แห่ง"}
    )
    assert owner.post(f"/agreements/{agreement.pk}/part1/", revised).status_code == 302
    assert owner.post(f"/agreements/{agreement.pk}/submit/").status_code == 302
    assert agreement.submissions.count() == 2

    detail = owner.get(f"/agreements/{agreement.pk}/").content.decode()
    assert f'href="/reports/agreements/{agreement.pk}/v2/pa1.pdf"' in detail
    compare = owner.get(f"/agreements/{agreement.pk}/compare/1/2/").content.decode()
    assert "ข้อ 1.1" in compare and "ข้อ 1.2" not in compare
    assert '<ins class="diff-ins">' in compare and "120" in compare

    response = boss.post(f"/agreements/{agreement.pk}/review/", {"decision": "agree", "comment": ""})
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.AGREED
    assert agreement.agreed_by == supervisor and agreement.agreed_at is not None
    history = owner.get(f"/agreements/{agreement.pk}/history/").content.decode()
    for label in ("สร้างข้อตกลง", "บันทึกร่าง", "ส่งข้อตกลง", "ส่งกลับให้แก้ไข", "ผู้บังคับบัญชาเห็นชอบ"):
        assert label in history
    assert "agreement." not in history  # Thai labels only, no codes


def test_return_without_any_comment_is_refused(setup, client_for):
    agreement = fill(start(setup), setup["deputy"])
    workflow.agreement_submit(agreement=agreement, actor=setup["deputy"])
    response = client_for(setup["supervisor"]).post(
        f"/agreements/{agreement.pk}/review/", {"decision": "return"}
    )
    assert response.status_code == 400
    assert "กรุณาระบุเหตุผล" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED


def test_an_autosave_after_the_submit_gets_json_423_not_a_redirect(setup, client_for):
    agreement = fill(start(setup), setup["deputy"])
    post = part1_post(agreement, **{"tasks__1.1": "บันทึกหลังส่ง"})
    workflow.agreement_submit(agreement=agreement, actor=setup["deputy"])
    client = client_for(setup["deputy"])
    response = client.post(f"/agreements/{agreement.pk}/part1/", post, HTTP_ACCEPT="application/json")
    assert response.status_code == 423
    assert response.json() == {"ok": False, "locked": True, "problems": ["ข้อตกลงนี้ส่งแล้ว แก้ไขไม่ได้"]}


@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_a_save_that_loses_the_race_to_a_submit_is_told_it_was_submitted(
    setup, client_for, monkeypatch, accept
):
    """The page checked the draft before the parallel submit committed; the service, on the
    locked row, finds it submitted: 'ส่งแล้ว', never 403."""
    from agreements import views

    agreement = fill(start(setup), setup["deputy"])
    post = part1_post(agreement, **{"tasks__1.1": "บันทึกที่แพ้"})
    as_read_before = Agreement.objects.select_related("fiscal_year", "standard", "office").get(
        pk=agreement.pk
    )
    workflow.agreement_submit(agreement=agreement, actor=setup["deputy"])
    monkeypatch.setattr(views, "_editable", lambda request, pk: as_read_before)
    client = client_for(setup["deputy"])
    response = client.post(f"/agreements/{agreement.pk}/part1/", post, HTTP_ACCEPT=accept)
    if accept == "application/json":
        assert response.status_code == 423 and response.json()["locked"] is True
    else:
        assert response.status_code == 302 and response["Location"] == f"/agreements/{agreement.pk}/"
        assert "ส่งแล้ว" in client.get(response["Location"]).content.decode()


def test_the_losing_click_of_a_double_submit_is_told_it_was_sent(setup, client_for, monkeypatch):
    from agreements import views

    agreement = fill(start(setup), setup["deputy"])
    as_read_before = Agreement.objects.select_related("fiscal_year", "standard", "office").get(
        pk=agreement.pk
    )
    workflow.agreement_submit(agreement=agreement, actor=setup["deputy"])
    monkeypatch.setattr(views, "_editable", lambda request, pk: as_read_before)
    client = client_for(setup["deputy"])
    response = client.post(f"/agreements/{agreement.pk}/submit/")
    assert response.status_code == 302 and response["Location"] == f"/agreements/{agreement.pk}/"
    assert "ส่งแล้ว" in client.get(response["Location"]).content.decode()
    assert agreement.submissions.count() == 1
