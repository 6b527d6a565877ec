"""Hostile and broken input, across the forms, the JSON importer, the uploads and the PDF.

Each case states the exact outcome: the status code, the Thai message the person reads, and
that nothing was written (or, for text that is cleaned, exactly what was stored).
"""

import json
import zipfile
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from agreements import interchange, services
from agreements.forms import Part1Form, Part2Form
from agreements.models import Agreement
from audit.models import AuditEntry
from evaluations.models import Evidence, Score
from pa_portal.tests.conftest import COMPLETE, PDF_BYTES

NOT_SAVED = "ยังไม่ได้บันทึก กรุณาแก้ไขตามข้อความด้านล่าง (ข้อความที่พิมพ์ไว้ยังอยู่ครบ)"


class Unchanged:
    """Asserts that an agreement's content, revision and the audit trail did not move."""

    def __init__(self, agreement):
        self.agreement = agreement

    def __enter__(self):
        self.content = services.agreement_to_dict(self.agreement)
        self.revision = Agreement.objects.get(pk=self.agreement.pk).revision
        self.audit = AuditEntry.objects.count()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            assert services.agreement_to_dict(self.agreement) == self.content
            assert Agreement.objects.get(pk=self.agreement.pk).revision == self.revision
            assert AuditEntry.objects.count() == self.audit
        return False


def _form_post(initial: dict, changes: dict) -> dict:
    post = {k: ("" if v is None else v) for k, v in initial.items()}
    post.update(changes)
    return post


def part1_post(agreement, **changes) -> dict:
    data = services.agreement_to_dict(agreement)
    return _form_post(Part1Form.initial_from(data, agreement.revision), changes)


def part2_post(agreement, **changes) -> dict:
    data = services.agreement_to_dict(agreement)
    initial, _ = Part2Form.initial_from(data, agreement.revision)
    return _form_post(initial, changes)


@pytest.fixture
def draft(standards, policies, people):
    agreement = services.agreement_start(owner=people["deputy"], fiscal_year=2570)
    services.agreement_update(
        agreement=agreement, actor=people["deputy"], data=COMPLETE, expected_revision=None
    )
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def deputy(people, client_for):
    return client_for(people["deputy"])


def save_part1(client, agreement, **fields):
    return client.post(f"/agreements/{agreement.pk}/part1/", part1_post(agreement, **fields))


def save_part2(client, agreement, **fields):
    return client.post(f"/agreements/{agreement.pk}/part2/", part2_post(agreement, **fields))


def stored_tasks(agreement, code="1.1"):
    return agreement.items.get(sub_item__code=code).tasks


# --- agreement forms: text ----------------------------------------------------------------------


def test_01_over_long_tasks_are_refused_in_thai_and_kept_in_the_form(draft, deputy):
    text = "ก" * 5001
    with Unchanged(draft):
        response = save_part1(deputy, draft, **{"tasks__1.1": text})
    page = response.content.decode()
    assert response.status_code == 400
    assert NOT_SAVED in page
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
    for url in (f"/agreements/{draft.pk}/", f"/agreements/{draft.pk}/part1/"):
        page = deputy.get(url).content.decode()
        assert '<script>alert("pa")' not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;pa&quot;)&lt;/script&gt;" in page


def test_08_supervisor_comment_with_html_is_shown_escaped_to_the_deputy(draft, people, client_for, deputy):
    services.agreement_submit(agreement=draft, actor=people["deputy"])
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
    services.agreement_submit(agreement=draft, actor=people["deputy"])
    response = client_for(people["supervisor"]).post(
        f"/agreements/{draft.pk}/review/", {"decision": "return", "comment": "ข" * 3001}
    )
    assert response.status_code == 400
    assert "ความเห็นของผู้บังคับบัญชา: ยาวเกินกำหนด (สูงสุด 3000 ตัวอักษร มี 3001 ตัวอักษร)" in (response.content.decode())
    draft.refresh_from_db()
    assert draft.status == Agreement.Status.SUBMITTED


def test_10_an_unknown_review_decision_is_refused(draft, people, client_for):
    services.agreement_submit(agreement=draft, actor=people["deputy"])
    response = client_for(people["supervisor"]).post(
        f"/agreements/{draft.pk}/review/", {"decision": "approve_everything", "comment": ""}
    )
    assert response.status_code == 400
    assert "ตัวเลือก approve_everything ไม่มีในรายการ" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Agreement.Status.SUBMITTED


# --- agreement forms: numbers, months and hidden fields -----------------------------------------


def test_11_month_13_is_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_step1_start="13")
    assert response.status_code == 400
    assert "ตัวเลือก 13 ไม่มีในรายการ กรุณาเลือกจากรายการที่กำหนด" in response.content.decode()


def test_12_month_zero_and_negative_are_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_step1_start="0", c1_step1_end="-3")
    page = response.content.decode()
    assert response.status_code == 400
    assert "ตัวเลือก 0 ไม่มีในรายการ" in page and "ตัวเลือก -3 ไม่มีในรายการ" in page


def test_13_a_method_that_ends_before_it_starts_is_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_step1_start="3", c1_step1_end="11")
    assert response.status_code == 400
    assert "ขั้นตอนที่ 1: เดือนสิ้นสุดต้องไม่อยู่ก่อนเดือนเริ่มในปีงบประมาณ" in response.content.decode()


@pytest.mark.parametrize("value", ["1e999", "NaN", "Infinity", "-1e999", "9" * 40])
def test_14_absurd_target_values_are_refused(draft, deputy, value):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_quant1_value=value)
    assert response.status_code == 400
    assert "ค่าเป้าหมาย" in response.content.decode()


def test_15_a_non_numeric_revision_is_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part1(deputy, draft, revision="1; DROP TABLE agreements")
    assert response.status_code == 400
    assert "กรุณากรอกจำนวนเต็ม" in response.content.decode()


def test_16_a_negative_revision_is_a_stale_save(draft, deputy):
    with Unchanged(draft):
        response = save_part1(deputy, draft, revision="-1", **{"tasks__1.1": "ข้อความใหม่"})
    assert response.status_code == 409
    assert "ถูกบันทึกจากหน้าต่างหรืออุปกรณ์อื่น" in response.content.decode()


def test_17_a_huge_slot_count_is_capped_not_obeyed(draft, deputy):
    """The hidden counters decide how many form fields exist: a hostile value must not make the
    server build a billion fields."""
    from agreements.models import Policy

    post = part2_post(draft, c1_steps_count="999999999", c2_quant_count="-5", c3_qual_count="1e999")
    form = Part2Form(post, policies=Policy.objects.filter(fiscal_year=draft.fiscal_year))
    steps = [name for name in form.fields if name.startswith("c1_step") and name.endswith("_text")]
    assert len(steps) == 30
    assert (
        len([n for n in form.fields if n.startswith("c2_quant") and n.endswith("_text")])
        == Part2Form.MIN_QUANT
    )
    assert (
        len([n for n in form.fields if n.startswith("c3_qual") and n.endswith("_text")]) == Part2Form.MIN_QUAL
    )
    with Unchanged(draft):
        response = deputy.post(f"/agreements/{draft.pk}/part2/", post)
    assert response.status_code == 400
    assert "กรุณากรอกจำนวนเต็ม" in response.content.decode()  # the "1e999" counter
    del post["c3_qual_count"]
    assert deputy.post(f"/agreements/{draft.pk}/part2/", post).status_code == 302


def test_18_an_unknown_policy_code_is_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part2(deputy, draft, c1_policy="../../etc/passwd")
    assert response.status_code == 400
    assert "ตัวเลือก ../../etc/passwd ไม่มีในรายการ" in response.content.decode()


def test_19_an_unknown_indicator_kind_is_refused(draft, deputy):
    with Unchanged(draft):
        response = save_part1(deputy, draft, **{"kind__1.1__learners": "<b>both</b>"})
    assert response.status_code == 400
    assert "ตัวเลือก &lt;b&gt;both&lt;/b&gt; ไม่มีในรายการ" in response.content.decode()


def test_20_autosave_of_bad_input_answers_json_in_thai_and_writes_nothing(draft, deputy):
    with Unchanged(draft):
        response = deputy.post(
            f"/agreements/{draft.pk}/part1/",
            part1_post(draft, **{"tasks__1.1": "ก" * 5001}),
            HTTP_ACCEPT="application/json",
        )
    body = response.json()
    assert response.status_code == 400
    assert body == {
        "ok": False,
        "stale": False,
        "problems": ["งาน (Tasks) ข้อ 1.1: ยาวเกินกำหนด (สูงสุด 5000 ตัวอักษร มี 5001 ตัวอักษร)"],
    }


def test_21_too_many_form_fields_are_refused_before_any_view_runs(draft, deputy):
    post = part1_post(draft)
    post.update({f"junk{i}": "x" for i in range(1200)})
    with Unchanged(draft):
        response = deputy.post(f"/agreements/{draft.pk}/part1/", post)
    assert response.status_code == 400


# --- addresses and query strings ----------------------------------------------------------------


def test_22_a_pk_beyond_any_integer_column_is_404(draft, deputy):
    assert deputy.get("/agreements/99999999999999999999999/").status_code == 404


def test_23_negative_and_non_numeric_page_numbers_are_harmless(people, client_for):
    client = client_for(people["deputy"])
    for page in ("-1", "0", "abc", "1e999", "99999999999999999999"):
        response = client.get(f"/cycle/notifications/?page={page}")
        assert response.status_code == 200, page


def test_24_hostile_filters_on_hr_lists_are_ignored_or_404(people, client_for, draft):
    hr = client_for(people["hr"])
    response = hr.get("/agreements/all/?year=-2570&status=<script>alert(1)</script>")
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert hr.get("/cycle/dashboard/?year=abc").status_code == 404
    assert hr.get("/cycle/dashboard/?year=99999999999999999999999").status_code == 404


def test_25_an_open_redirect_through_sign_in_is_refused(people):
    client = Client()
    from testsupport.factories import PASSWORD

    response = client.post(
        "/accounts/login/",
        {"username": "deputy", "password": PASSWORD, "next": "https://evil.example/phish"},
    )
    assert response.status_code == 302 and response["Location"] == "/"


def test_26_an_over_long_username_or_a_nul_at_sign_in_is_refused_without_error(people):
    from axes.models import AccessAttempt

    client = Client()
    response = client.post("/accounts/login/", {"username": "ก" * 10000, "password": "wrong-password-123"})
    assert response.status_code == 200
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    assert AccessAttempt.objects.get().username == "ก" * 150
    response = client.post("/accounts/login/", {"username": "deputy", "password": "x\x00y"})
    assert response.status_code == 200
    assert "ข้อความมีอักขระควบคุม (NUL) ที่ใช้ไม่ได้" in response.content.decode()


# --- evaluations: sheets and evidence uploads ---------------------------------------------------


def test_27_a_level_outside_the_rubric_is_refused(world, client_for):
    sheet = world["sheet"]
    before = list(Score.objects.filter(evaluation=sheet).values_list("anchor", "level"))
    response = client_for(world.people["evaluator1"]).post(
        f"/evaluations/sheets/{sheet.pk}/", {"level__item:1.1": "5", "comment__item:1.1": ""}
    )
    assert response.status_code == 200
    assert "ตัวเลือก 5 ไม่มีในรายการ" in response.content.decode()
    assert list(Score.objects.filter(evaluation=sheet).values_list("anchor", "level")) == before


def test_28_an_over_long_score_comment_is_refused(world, client_for):
    sheet = world["sheet"]
    before = list(Score.objects.filter(evaluation=sheet).values_list("anchor", "comment"))
    response = client_for(world.people["evaluator1"]).post(
        f"/evaluations/sheets/{sheet.pk}/", {"level__item:1.1": "3", "comment__item:1.1": "ค" * 3001}
    )
    assert response.status_code == 200
    assert "ข้อความยาวเกินกำหนด (สูงสุด 3000 ตัวอักษร มี 3001 ตัวอักษร)" in response.content.decode()
    assert list(Score.objects.filter(evaluation=sheet).values_list("anchor", "comment")) == before


def upload(world, client, name, content, content_type="application/pdf", title="หลักฐาน"):
    anchor = "item:1.1"
    return client.post(
        f"/evaluations/agreements/{world.agreed.pk}/evidence/",
        {
            "anchor": anchor,
            "title": title,
            "file": SimpleUploadedFile(name, content, content_type=content_type),
        },
    )


REFUSED_TYPE = "ไม่รับไฟล์ประเภทนี้ (ตรวจจากเนื้อหาไฟล์)"


def _zip(names: dict) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content, content_type",
    [
        ("report.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "application/pdf"),
        ("photo.png", b"<html><script>alert(1)</script></html>", "image/png"),
        ("plan.docx", _zip({"evil.sh": "rm -rf /"}), "application/vnd.openxmlformats-officedocument"),
        (
            "image.svg.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "image/png",
        ),
    ],
    ids=["exe-as-pdf", "html-as-png", "zip-as-docx", "svg-as-png"],
)
def test_29_a_file_disguised_by_its_name_is_refused_by_its_content(
    world, client_for, name, content, content_type
):
    count = Evidence.objects.count()
    response = upload(world, client_for(world.people["deputy"]), name, content, content_type)
    assert response.status_code == 200
    assert REFUSED_TYPE in response.content.decode()
    assert Evidence.objects.count() == count


def test_30_an_oversize_upload_is_refused_with_its_limit(world, client_for, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    count = Evidence.objects.count()
    big = PDF_BYTES + b"%" + b"0" * (1024 * 1024)
    response = upload(world, client_for(world.people["deputy"]), "big.pdf", big)
    assert response.status_code == 200
    assert "ไฟล์มีขนาดเกิน 1 MB" in response.content.decode()
    assert Evidence.objects.count() == count


def test_31_an_empty_upload_is_refused(world, client_for):
    count = Evidence.objects.count()
    response = upload(world, client_for(world.people["deputy"]), "empty.pdf", b"")
    assert response.status_code == 200
    assert "ไฟล์ที่ส่งว่างเปล่า" in response.content.decode()
    assert Evidence.objects.count() == count


def test_32_a_javascript_link_as_evidence_is_refused(world, client_for):
    count = Evidence.objects.count()
    response = client_for(world.people["deputy"]).post(
        f"/evaluations/agreements/{world.agreed.pk}/evidence/",
        {"anchor": "item:1.1", "title": "ลิงก์", "url": "javascript:alert(document.cookie)"},
    )
    assert response.status_code == 200
    assert Evidence.objects.count() == count
    assert "http://" in response.content.decode()


def test_33_a_path_in_the_upload_name_never_reaches_the_disk(world, client_for, media):
    response = upload(world, client_for(world.people["deputy"]), "../../../../etc/cron.d/x.pdf", PDF_BYTES)
    assert response.status_code == 302
    evidence = Evidence.objects.order_by("-pk").first()
    assert ".." not in evidence.file.name and "/etc/" not in evidence.file.name
    assert (media / evidence.file.name).resolve().is_relative_to(media.resolve())


# --- the JSON importer --------------------------------------------------------------------------


def import_raw(people, raw: bytes):
    return interchange.agreement_import(raw=raw, owner=people["deputy"])


def refused_import(people, raw: bytes) -> list[str]:
    before = (Agreement.objects.count(), AuditEntry.objects.count())
    with pytest.raises(services.AgreementError) as caught:
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


# --- the PDF ----------------------------------------------------------------------------------


def _pdf_text(pdf: bytes) -> str:
    import unicodedata

    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    return unicodedata.normalize("NFKC", text)


def test_41_links_and_images_typed_into_an_agreement_stay_text_in_the_pdf(draft, people, monkeypatch):
    from reports import documents, pdf

    attempts = []
    real_fetch = pdf.StaticOnlyURLFetcher.fetch

    def spy(self, url, headers=None):
        attempts.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(pdf.StaticOnlyURLFetcher, "fetch", spy)
    hostile = '<img src="http://127.0.0.1:9/steal.png"> file:///etc/passwd <a href="file:///etc/shadow">x</a>'
    data = json.loads(json.dumps(COMPLETE))
    data["part1"][0]["tasks"] = hostile
    services.agreement_update(agreement=draft, actor=people["deputy"], data=data, expected_revision=None)
    submission = services.agreement_submit(agreement=draft, actor=people["deputy"])
    document = documents.pa1_render(submission, None)
    # The PDF wraps long lines anywhere: compare without whitespace.
    text = "".join(_pdf_text(document).split())
    assert "file:///etc/passwd" in text
    assert '<imgsrc="http://127.0.0.1:9/steal.png">' in text
    assert "root:x:0:0" not in text
    assert not any(url.startswith(("http", "file:///etc")) for url in attempts)
    assert b"/URI (file:///etc/shadow)" not in document


def test_42_the_pdf_fetcher_refuses_everything_but_static_files():
    from reports.pdf import StaticOnlyURLFetcher, URLRefused

    fetcher = StaticOnlyURLFetcher()
    for url in (
        "http://127.0.0.1:9/x.png",
        "https://example.com/x.css",
        "file:///etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.com/x",
    ):
        with pytest.raises(URLRefused):
            fetcher.fetch(url)
    assert fetcher.fetched == []
