from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET

from pa_portal.errors import DomainError

from . import permissions, selectors, services, stored
from .forms import PacketExportForm
from .models import DocumentKind, PacketExport
from .progress import packet_progress

# How long a page that is being prepared waits before asking again (the Refresh header).
PREPARING_REFRESH_SECONDS = 3
# After this long a page still waiting queues the render again: past the render task's hard time
# limit (reports/tasks.py), so its worker has given up on it.
RENDER_QUEUED_FOR = 160
# How often the packet page reloads itself while the packet is being made, when script is off.
PACKET_REFRESH_SECONDS = 5


@require_GET
def agreement_pdf(request, pk: int, version: int | None = None):
    """The agreement (PA1) of one submission as PDF."""
    agreement = selectors.agreement_for_pdf(request.user, pk)
    submission = selectors.submission_of(agreement, version)
    filename = f"{agreement.number}-v{submission.version}.pdf"
    return _document_response(request, DocumentKind.PA1, submission.pk, filename)


@require_GET
def sheet_pdf(request, pk: int):
    """PA2: one evaluator's finalised sheet."""
    evaluation = selectors.evaluation_for_pdf(request.user, pk)
    agreement = evaluation.member.committee.agreement
    return _document_response(
        request, DocumentKind.PA2, evaluation.pk, f"{agreement.number}-pa2-{evaluation.pk}.pdf"
    )


@require_GET
def committee_pdf(request, pk: int):
    """PA3: the committee's summary with its three signature blocks."""
    committee = selectors.committee_for_pdf(request.user, pk)
    filename = f"{committee.agreement.number}-pa3-{committee.pk}.pdf"
    return _document_response(request, DocumentKind.PA3, committee.pk, filename)


@require_GET
def results_pdf(request, pk: int):
    """The results report's latest submitted version as PDF (its readers only)."""
    submission = selectors.results_submission_for_pdf(request.user, pk)
    filename = f"{submission.report.agreement.number}-results-v{submission.version}.pdf"
    return _document_response(request, DocumentKind.RESULTS, submission.pk, filename)


def _thai_digits(request) -> bool:
    return request.GET.get("digits") == "thai"


def _document_response(request, kind: str, source_id: int, filename: str):
    """Serve the stored PDF. Web processes never render: a PDF not stored yet is queued for the
    PDF workers and the answer is a page that says so and asks again in a few seconds (202).

    A document that cannot exist (a sheet not finalised, a committee not complete) is a 404, like
    a wrong id."""
    thai_digits = _thai_digits(request)
    try:
        name = stored.document_stored_name(kind=kind, source_id=source_id, thai_digits=thai_digits)
    except DomainError:
        permissions.deny()
    if default_storage.exists(name):
        return FileResponse(
            default_storage.open(name, "rb"),
            content_type="application/pdf",
            as_attachment=request.GET.get("download") == "1",
            filename=filename,
        )
    # One render queued per document while its page keeps asking (the task's own time limit).
    if cache.add(f"reports:render-queued:{name}", True, timeout=RENDER_QUEUED_FOR):
        stored.document_render_queue(kind=kind, source_id=source_id, thai_digits=thai_digits)
    response = render(
        request,
        "reports/preparing.html",
        {"kind": DocumentKind(kind).label, "refresh": PREPARING_REFRESH_SECONDS},
        status=202,
    )
    response["Refresh"] = str(PREPARING_REFRESH_SECONDS)
    add_never_cache_headers(response)
    return response


def packet_list(request):
    if not permissions.can_export_packets(request.user):
        permissions.deny()
    form = PacketExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = services.packet_export_request(
                actor=request.user,
                fiscal_year=data["fiscal_year"],
                offices=list(data["offices"]),
                kinds=data["kinds"],
                states=data["states"],
                format=data["format"],
                thai_digits=data["thai_digits"],
                queue=_has_worker(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("reports:packet", pk=export.pk)
    packets = selectors.packets_of(request.user)[:30]
    return render(request, "reports/packets.html", {"form": form, "packets": packets})


def packet_detail(request, pk: int):
    export = _packet(request, pk)
    context = {
        "export": export,
        "status": packet_progress(export),
        "offices": export.offices.order_by("code"),
        "refresh": PACKET_REFRESH_SECONDS,
    }
    response = render(request, "reports/packet_detail.html", context)
    add_never_cache_headers(response)
    return response


@require_GET
def packet_status(request, pk: int):
    export = _packet(request, pk)
    response = JsonResponse(packet_progress(export))
    add_never_cache_headers(response)
    return response


@require_GET
def packet_download(request, pk: int):
    export = selectors.packet_for(request.user, pk)
    if export.status != PacketExport.Status.DONE or not export.file:
        permissions.deny()
    content_type = "application/zip" if export.format == PacketExport.Format.ZIP else "application/pdf"
    return FileResponse(
        export.file.open("rb"),
        content_type=content_type,
        as_attachment=True,
        filename=f"pa-{export.fiscal_year.year}-{export.pk}.{export.format}",
    )


def _has_worker() -> bool:
    """Without a broker Celery would run a whole packet inside the request that asks for it."""
    return not settings.CELERY_TASK_ALWAYS_EAGER


def _packet(request, pk: int) -> PacketExport:
    """The packet, after giving up on documents whose render was killed (its page polls this);
    without a worker, each look at the packet makes its next document."""
    export = selectors.packet_for(request.user, pk)
    if not _has_worker() and not export.is_finished:
        services.packet_export_advance(export_id=export.pk)
        export.refresh_from_db()
    if export.status == PacketExport.Status.RUNNING and services.packet_export_recover(export_id=export.pk):
        export.refresh_from_db()
    return export
