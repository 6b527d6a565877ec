"""Downloading an agreement's PA1: who may, which version, and the stored file served again."""

import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from agreements import drafts, workflow
from reports import documents

from .factories import compact_data


def pdf_of(response) -> PdfReader:
    return PdfReader(io.BytesIO(b"".join(response.streaming_content)))


def test_owner_downloads_the_pa1_of_the_latest_submission(compact_submission, people, client_for):
    agreement = compact_submission.agreement
    response = client_for(people["deputy"]).get(f"/reports/agreements/{agreement.pk}/pa1.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{agreement.number}-v1.pdf"' in response["Content-Disposition"]
    assert response["Content-Disposition"].startswith("inline")
    assert agreement.number in pdf_of(response).pages[0].extract_text()


@pytest.mark.parametrize("persona", ["supervisor", "hr", "admin"])
def test_supervisor_and_hr_download_it_too(compact_submission, people, client_for, persona):
    url = f"/reports/agreements/{compact_submission.agreement_id}/pa1.pdf?download=1"
    response = client_for(people[persona]).get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("persona", ["other_deputy", "other_supervisor", "evaluator1"])
def test_people_outside_the_agreement_get_404(compact_submission, people, client_for, persona):
    response = client_for(people[persona]).get(
        f"/reports/agreements/{compact_submission.agreement_id}/pa1.pdf"
    )
    assert response.status_code == 404


def test_each_submitted_version_has_its_own_pdf(compact_submission, people, client_for, monkeypatch):
    agreement = compact_submission.agreement
    workflow.agreement_return(agreement=agreement, actor=people["supervisor"], comment="ขอให้ปรับแก้")
    data = compact_data()
    data["part1"][0]["tasks"] = "งานฉบับแก้ไขครั้งที่สอง"
    drafts.agreement_update(agreement=agreement, actor=people["deputy"], data=data, expected_revision=None)
    workflow.agreement_submit(agreement=agreement, actor=people["deputy"])
    client = client_for(people["deputy"])

    first = pdf_of(client.get(f"/reports/agreements/{agreement.pk}/v1/pa1.pdf"))
    latest = pdf_of(client.get(f"/reports/agreements/{agreement.pk}/pa1.pdf"))
    assert "ฉบับแก้ไขครั้งที่สอง" not in first.pages[0].extract_text()
    assert "ฉบับแก้ไขครั้งที่สอง" in latest.pages[0].extract_text()
    assert "ขอให้ปรับแก้" in "".join(page.extract_text() for page in first.pages)
    assert client.get(f"/reports/agreements/{agreement.pk}/v3/pa1.pdf").status_code == 404

    renders = []
    monkeypatch.setattr(documents, "render", lambda *a, **k: renders.append(a) or b"")
    assert client.get(f"/reports/agreements/{agreement.pk}/v1/pa1.pdf").status_code == 200
    assert renders == []  # served from storage


def test_draft_has_no_pdf_yet(standards, people, client_for, media):
    draft = drafts.agreement_start(owner=people["deputy"], fiscal_year=2570)
    response = client_for(people["deputy"]).get(f"/reports/agreements/{draft.pk}/pa1.pdf")
    assert response.status_code == 404


def test_prerendered_pdf_is_served_without_rendering_on_the_web(
    compact_submission, people, client_for, monkeypatch
):
    from reports.tasks import agreement_pdf_prerender

    name = agreement_pdf_prerender.delay(compact_submission.pk).get()
    renders = []
    monkeypatch.setattr(documents, "render", lambda *a, **k: renders.append(a) or b"")
    response = client_for(people["deputy"]).get(
        f"/reports/agreements/{compact_submission.agreement_id}/pa1.pdf"
    )
    assert response.status_code == 200 and renders == []
    assert b"".join(response.streaming_content) == default_storage.open(name).read()
