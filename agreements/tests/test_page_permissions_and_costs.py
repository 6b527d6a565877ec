"""Who may open which agreement page, what a page costs in queries, and what a submission
freezes and queues."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements import drafts, workflow
from agreements.models import Agreement, Submission
from agreements.snapshot import snapshot_hash
from agreements.tests.steps import COMPLETE, fill, part1_post, start


@pytest.fixture
def setup(standards, policies, people):
    return people


# --- permissions: every view × every role × own and other's agreement ---------------------------

VIEWS = ["", "part1/", "part2/", "submit/", "review/", "versions/1/", "compare/1/1/", "history/"]


def expected_status(role: str, view: str, status: str) -> int:
    """200 for who may see, 302 where a page sends its reader on, 404 for everyone else."""
    readers = {"deputy", "hr", "admin", "supervisor"} if status != "draft" else {"deputy", "hr", "admin"}
    if view in ("part1/", "part2/", "submit/"):
        if role != "deputy":
            return 404
        return 200 if status == "draft" else 302
    if view == "review/":
        return 200 if role == "supervisor" and status == "submitted" else 404
    if view in ("versions/1/", "compare/1/1/") and status == "draft":
        return 404
    return 200 if role in readers else 404


@pytest.mark.parametrize("status", ["draft", "submitted"])
def test_permission_matrix_for_every_agreement_view(setup, client_for, status):
    agreement = fill(start(setup), setup["deputy"])
    if status == "submitted":
        workflow.agreement_submit(agreement=agreement, actor=setup["deputy"])
    roles = ["deputy", "other_deputy", "supervisor", "other_supervisor", "evaluator1", "hr", "admin"]
    failures = []
    for role in roles:
        client = client_for(setup[role])
        for view in VIEWS:
            got = client.get(f"/agreements/{agreement.pk}/{view}").status_code
            want = expected_status(role, view, status)
            if got != want:
                failures.append((role, view, got, want))
    assert failures == []


def test_other_deputy_cannot_save_into_someone_elses_agreement(setup, client_for):
    agreement = start(setup)
    post = part1_post(agreement, **{"tasks__1.1": "แอบแก้"})
    response = client_for(setup["other_deputy"]).post(f"/agreements/{agreement.pk}/part1/", post)
    assert response.status_code == 404
    assert agreement.items.get(sub_item__code="1.1").tasks == ""


def test_supervisor_of_another_office_cannot_agree(setup, client_for):
    agreement = fill(start(setup), setup["deputy"])
    workflow.agreement_submit(agreement=agreement, actor=setup["deputy"])
    response = client_for(setup["other_supervisor"]).post(
        f"/agreements/{agreement.pk}/review/", {"decision": "agree"}
    )
    assert response.status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == Agreement.Status.SUBMITTED


def test_hr_lists_all_agreements_and_deputies_cannot(setup, client_for):
    fill(start(setup), setup["deputy"])
    assert "นายสุภาพร แก้วมณี" in client_for(setup["hr"]).get("/agreements/all/").content.decode()
    assert client_for(setup["deputy"]).get("/agreements/all/").status_code == 404


# --- query counts ---------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_part1_page_runs_a_constant_number_of_queries(setup, client_for, standards):
    """The same page over the 15-row and the 22-row standard costs the same number of queries."""
    full = fill(start(setup), setup["deputy"])
    small = drafts.agreement_start(
        owner=setup["other_deputy"], fiscal_year=2570, standard=standards["director-pa"]
    )
    codes = set(small.items.values_list("sub_item__code", flat=True))
    fill(
        small,
        setup["other_deputy"],
        {"part1": [r for r in COMPLETE["part1"] if r["sub_item"] in codes], "part2": COMPLETE["part2"]},
    )
    deputy, other = client_for(setup["deputy"]), client_for(setup["other_deputy"])
    for url, client in ((f"/agreements/{full.pk}/part1/", deputy), (f"/agreements/{small.pk}/part1/", other)):
        client.get(url)  # warm the session
    counts = {
        "22 rows": _queries(deputy, f"/agreements/{full.pk}/part1/"),
        "15 rows": _queries(other, f"/agreements/{small.pk}/part1/"),
    }
    assert counts["22 rows"] == counts["15 rows"]
    assert counts["22 rows"] <= 20


def test_snapshot_is_immutable(setup):
    agreement = fill(start(setup), setup["deputy"])
    submission = workflow.agreement_submit(agreement=agreement, actor=setup["deputy"])
    assert submission.sha256 == snapshot_hash(submission.snapshot)
    with pytest.raises(Exception, match="แก้ไขไม่ได้"):
        submission.save()
    assert Submission.objects.count() == 1


def test_submit_and_agree_queue_the_pa1_pdf_after_commit(
    setup, django_capture_on_commit_callbacks, settings, tmp_path
):
    """The PDF is rendered by a task once the transaction commits; a download then finds it stored."""
    from django.core.files.storage import default_storage

    from reports import stored

    settings.MEDIA_ROOT = tmp_path
    agreement = fill(start(setup), setup["deputy"])
    with django_capture_on_commit_callbacks(execute=True):
        submission = workflow.agreement_submit(agreement=agreement, actor=setup["deputy"])
    rendered = list(tmp_path.rglob("*.pdf"))
    assert len(rendered) == 2  # both digit styles, by the task queued on commit, before anyone asked
    assert default_storage.exists(stored.agreement_pdf(submission=submission))
    written = {p.stat().st_mtime_ns for p in tmp_path.rglob("*.pdf")}
    # Asking again serves the stored file: nothing is rendered or rewritten.
    stored.agreement_pdf(submission=submission)
    assert {p.stat().st_mtime_ns for p in tmp_path.rglob("*.pdf")} == written
