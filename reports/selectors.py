from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from agreements.models import Agreement, Submission
from agreements.permissions import agreements_visible_to
from evaluations import permissions as evaluation_permissions
from evaluations.models import Committee, Evaluation
from results import selectors as results_selectors
from results.models import ResultsSubmission

from . import permissions
from .models import PacketDocument, PacketExport


def agreement_for_pdf(user, pk: int) -> Agreement:
    """The agreement if `user` may read it, else 404."""
    queryset = Agreement.objects.select_related("fiscal_year", "office")
    return get_object_or_404(agreements_visible_to(user, queryset), pk=pk)


def submission_of(agreement: Agreement, version: int | None = None) -> Submission:
    """The given version of the agreement, or its latest; 404 when there is none."""
    submissions = agreement.submissions.select_related("agreement__fiscal_year")
    if version is not None:
        return get_object_or_404(submissions, version=version)
    submission = submissions.order_by("-version").first()
    if submission is None:
        permissions.deny()
    return submission


def results_submission_for_pdf(user, pk: int) -> ResultsSubmission:
    """The latest submitted version of a results report `user` may read; 404 when there is none."""
    report = get_object_or_404(results_selectors.reports_for(user), pk=pk)
    submission = report.submissions.select_related("report__agreement").order_by("-version").first()
    if submission is None:
        permissions.deny()
    return submission


def evaluation_for_pdf(user, pk: int):
    """A finalised sheet `user` may read (evaluations.permissions.can_download_sheet), else 404."""
    evaluation = get_object_or_404(Evaluation.objects.select_related("member__committee__agreement"), pk=pk)
    if not evaluation_permissions.can_download_sheet(user, evaluation):
        permissions.deny()
    return evaluation


def committee_for_pdf(user, pk: int):
    """A complete committee whose results `user` may read (can_download_summary), else 404."""
    committee = get_object_or_404(Committee.objects.select_related("agreement"), pk=pk)
    if not evaluation_permissions.can_download_summary(user, committee):
        permissions.deny()
    return committee


def packets_of(user) -> QuerySet[PacketExport]:
    return (
        permissions.packets_visible_to(user)
        .select_related("fiscal_year", "requested_by__profile")
        .prefetch_related("offices")
    )


def packet_for(user, pk: int) -> PacketExport:
    return get_object_or_404(packets_of(user), pk=pk)


def packet_failures(export: PacketExport) -> list[dict]:
    """The packet's manifest: every document that could not be produced, and why."""
    return [
        {
            "position": d.position,
            "kind": d.kind,
            "person": d.person,
            "office_code": d.office_code,
            "agreement": d.agreement.number if d.agreement else None,
            "error": d.error,
        }
        for d in export.documents.filter(status=PacketDocument.Status.FAILED)
        .select_related("agreement__fiscal_year")
        .order_by("position")
    ]
