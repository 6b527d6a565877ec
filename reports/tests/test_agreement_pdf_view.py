"""Downloading an agreement's PA1: who may, which version, and the stored file served again.

Web requests never render: a PDF that is not stored yet answers 202 with a page that asks again,
and its render is queued for the PDF workers."""

import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from agreements import drafts, workflow
from reports import documents, stored, tasks

from .factories import compact_data


def pdf_of(response) -> PdfReader:
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def no_render(monkeypatch) -> list:
    """Records (instead of doing) every render from now on."""
    renders = []
    monkeypatch.setattr(documents, "render", lambda *a, **k: renders.append(a) or b"")
    return renders


def test_owner_downloads_the_pa1_of_the_latest_submission(compact_submission, people, client_for, download):
    agreement = compact_submission.agreement
    response = download(client_for(people["deputy"]), f"/reports/agreements/{agreement.pk}/pa1.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{agreement.number}-v1.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("inline")
    assert response["Cache-Control"] == "private, no-store"
    assert agreement.number in pdf_of(response).pages[0].extract_text()


def test_a_missing_pdf_is_queued_once_and_the_page_asks_again(
    compact_submission, people, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    url = f"/reports/agreements/{compact_submission.agreement_id}/pa1.pdf?digits=thai"
    client = client_for(people["deputy"])
    renders = no_render(monkeypatch)
    with django_capture_on_commit_callbacks() as queued:
        first = client.get(url)
        again = client.get(url)  # the page refreshed before a worker took the render
    assert renders == []  # nothing rendered in the web request
    assert first.status_code == again.status_code == 202
    assert first["Content-Type"].startswith("text/html")
    assert int(first["Refresh"]) > 0
    assert "no-cache" in first["Cache-Control"]
    page = first.content.decode()
    assert "กำลังจัดเตรียมเอกสาร" in page and "PA1" in page
    assert len(queued) == 1  # one render per document, however often the page asks

    monkeypatch.undo()
    queued[0]()  # the worker runs the task
    response = client.get(url)
    assert response.status_code == 200
    name = stored.document_stored_name(kind="pa1", source_id=compact_submission.pk, thai_digits=True)
    assert b"".join(response.streaming_content) == default_storage.open(name).read()


@pytest.mark.parametrize("persona", ["supervisor", "hr", "admin"])
def test_supervisor_and_hr_download_it_too(compact_submission, people, client_for, persona):
    stored.agreement_pdf(submission=compact_submission)
    url = f"/reports/agreements/{compact_submission.agreement_id}/pa1.pdf?download=1"
    response = client_for(people[persona]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("persona", ["other_deputy", "other_supervisor", "evaluator1"])
def test_people_outside_the_agreement_get_404(
    compact_submission, people, client_for, persona, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        response = client_for(people[persona]).get(
            f"/reports/agreements/{compact_submission.agreement_id}/pa1.pdf"
        )
    assert response.status_code == 404
    assert queued == []


def test_each_submitted_version_has_its_own_pdf(
    compact_submission, people, client_for, monkeypatch, download
):
    agreement = compact_submission.agreement
    workflow.agreement_return(agreement=agreement, actor=people["supervisor"], comment="ขอให้ปรับแก้")
    data = compact_data()
    data["part1"][0]["tasks"] = "งานฉบับแก้ไขครั้งที่สอง"
    drafts.agreement_update(agreement=agreement, actor=people["deputy"], data=data, expected_revision=None)
    workflow.agreement_submit(agreement=agreement, actor=people["deputy"])
    client = client_for(people["deputy"])

    first = pdf_of(download(client, f"/reports/agreements/{agreement.pk}/v1/pa1.pdf"))
    latest = pdf_of(download(client, f"/reports/agreements/{agreement.pk}/pa1.pdf"))
    assert "ฉบับแก้ไขครั้งที่สอง" not in first.pages[0].extract_text()
    assert "ฉบับแก้ไขครั้งที่สอง" in latest.pages[0].extract_text()
    assert "ขอให้ปรับแก้" in "".join(page.extract_text() for page in first.pages)
    assert client.get(f"/reports/agreements/{agreement.pk}/v3/pa1.pdf").status_code == 404

    renders = no_render(monkeypatch)
    assert client.get(f"/reports/agreements/{agreement.pk}/v1/pa1.pdf").status_code == 200
    assert renders == []  # served from storage


def test_draft_has_no_pdf_yet(standards, people, client_for, media):
    draft = drafts.agreement_start(owner=people["deputy"], fiscal_year=2570)
    response = client_for(people["deputy"]).get(f"/reports/agreements/{draft.pk}/pa1.pdf")
    assert response.status_code == 404


@pytest.mark.parametrize("digits", ["", "?digits=thai"])
def test_prerendered_pdf_is_served_in_both_digit_styles_without_rendering_on_the_web(
    compact_submission, people, client_for, monkeypatch, digits
):
    arabic, thai = tasks.agreement_pdf_prerender.delay(compact_submission.pk).get()
    assert arabic != thai
    renders = no_render(monkeypatch)
    response = client_for(people["deputy"]).get(
        f"/reports/agreements/{compact_submission.agreement_id}/pa1.pdf{digits}"
    )
    assert response.status_code == 200 and renders == []
    stored = thai if digits else arabic
    assert b"".join(response.streaming_content) == default_storage.open(stored).read()
