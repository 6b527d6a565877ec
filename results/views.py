from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from agreements import saving
from agreements.interchange import format_problems
from agreements.models import Agreement, FiscalYear
from pa_portal import roles
from pa_portal.errors import DomainError, NoLongerEditable, StaleRevision, add_to_messages
from pa_portal.permissions import has_role, is_hr

from . import deadlines, drafts, interchange, permissions, selectors, workflow
from .forms import Part1Form, Part2Form, ReviewForm
from .models import ResultsReport
from .snapshot import report_to_dict, summary


def _visible(request, pk) -> ResultsReport:
    return get_object_or_404(selectors.reports_for(request.user), pk=pk)


def _own(request, pk) -> ResultsReport:
    return get_object_or_404(
        ResultsReport.objects.select_related(*selectors.RELATED), pk=pk, agreement__owner=request.user
    )


def _domains(rows: list[dict]) -> list[dict]:
    domains: list[dict] = []
    for row in rows:
        if not domains or domains[-1]["number"] != row["domain"]:
            domains.append({"number": row["domain"], "title": row["domain_title"], "rows": []})
        domains[-1]["rows"].append(row)
    return domains


def mine(request):
    """The deputy's agreed agreements and their reports; a director's office's reports; HR's all."""
    user = request.user
    is_deputy = permissions.can_report(user)
    is_director = has_role(user, roles.SUPERVISOR)
    if not (is_deputy or is_director or is_hr(user)):
        permissions.deny()
    agreements = list(selectors.agreements_to_report(user)) if is_deputy else []
    return render(
        request,
        "results/mine.html",
        {
            "agreements": [(a, deadlines.owner_window(a)) for a in agreements],
            "to_review": selectors.reports_to_review(user) if is_director else [],
            "all_reports": selectors.reports_for(user) if is_hr(user) else [],
            # HR sets a year's results window and extensions on cycle's results pages.
            "hr_years": FiscalYear.objects.order_by("-year") if is_hr(user) else [],
        },
    )


@require_POST
def start(request, agreement_pk):
    agreement = get_object_or_404(Agreement, pk=agreement_pk, owner=request.user)
    try:
        report = drafts.report_start(agreement=agreement, actor=request.user)
    except DomainError as exc:
        add_to_messages(request, exc)
        return redirect("results:mine")
    return redirect("results:detail", pk=report.pk)


def _readable(request, report) -> dict:
    """Others read what was submitted; the owner reads the live report, being written or not."""
    submission = selectors.latest_submission(report)
    if report.agreement.owner_id == request.user.pk or submission is None:
        return report_to_dict(report)
    return submission.snapshot


def detail(request, pk):
    report = _visible(request, pk)
    submission = selectors.latest_submission(report)
    data = _readable(request, report)
    editable = permissions.can_edit_report(request.user, report)
    return render(
        request,
        "results/detail.html",
        {
            "report": report,
            "agreement": report.agreement,
            "data": data,
            "domains": _domains(data["part1"]),
            "summary": summary(data),
            "window": deadlines.owner_window(report.agreement),
            "can_edit": editable,
            "problems": workflow.report_problems(report, data) if editable else [],
            "can_review": permissions.can_review_report(request.user, report),
            "submission": submission,
            "review": selectors.latest_review(report),
            "review_form": ReviewForm() if permissions.can_review_report(request.user, report) else None,
        },
    )


def _locked(request, report):
    if request.method == "POST" and saving.wants_json(request):
        return JsonResponse(
            {"ok": False, "locked": True, "problems": [permissions.SUBMITTED_ALREADY]}, status=423
        )
    messages.warning(request, "รายงานผลนี้ส่งแล้ว จึงแก้ไขไม่ได้จนกว่าผู้บังคับบัญชาจะส่งกลับให้แก้ไข")
    return redirect("results:detail", pk=report.pk)


def _edit(request, report, form, template, context):
    """The shared save path of both pages: call the service; on a refusal re-render the form with
    everything typed (409 stale, 400 broken); autosave gets JSON."""
    context = {**context, "report": report, "agreement": report.agreement}
    if request.method == "POST":
        if form.is_valid():
            try:
                drafts.report_update(
                    report=report,
                    actor=request.user,
                    data=form.payload(),
                    expected_revision=form.cleaned_data.get("revision"),
                )
            except StaleRevision as exc:
                context["stale"] = True
                context["service_problems"] = exc.problems
            except NoLongerEditable:
                return _locked(request, report)
            except DomainError as exc:
                context["service_problems"] = exc.problems
            else:
                if saving.wants_json(request):
                    return JsonResponse(
                        {"ok": True, "revision": report.revision, "saved_at": f"{timezone.localtime():%H:%M}"}
                    )
                messages.success(request, f"บันทึกร่างแล้ว เวลา {timezone.localtime():%H:%M} น.")
                return redirect(request.get_full_path())
        return saving.refused(request, form, template, context)
    return render(request, template, {**context, "form": form})


@require_http_methods(["GET", "POST"])
def edit_part1(request, pk):
    report = _own(request, pk)
    if not permissions.can_edit_report(request.user, report):
        return _locked(request, report)
    data = report_to_dict(report)
    domains = _domains(data["part1"])
    try:
        domain = int(request.GET.get("domain", ""))
    except ValueError:
        domain = domains[0]["number"] if domains else None
    rows = [row for row in data["part1"] if row["domain"] == domain] or data["part1"]
    form = Part1Form(request.POST or None, rows=rows, initial={"revision": report.revision})
    return _edit(
        request,
        report,
        form,
        "results/edit_part1.html",
        {"domains": domains, "domain": domain, "rows": form.bound_rows()},
    )


@require_http_methods(["GET", "POST"])
def edit_part2(request, pk):
    report = _own(request, pk)
    if not permissions.can_edit_report(request.user, report):
        return _locked(request, report)
    data = report_to_dict(report)
    form = Part2Form(request.POST or None, issues=data["part2"], initial={"revision": report.revision})
    return _edit(request, report, form, "results/edit_part2.html", {"issues": form.bound_issues()})


@require_POST
def submit(request, pk):
    report = _own(request, pk)
    try:
        submission = workflow.report_submit(report=report, actor=request.user)
    except DomainError as exc:
        add_to_messages(request, exc)
        return redirect("results:detail", pk=report.pk)
    messages.success(request, f"ส่งรายงานผลฉบับที่ {submission.version} ให้ผู้บังคับบัญชาแล้ว")
    return redirect("results:detail", pk=report.pk)


@require_POST
def review(request, pk):
    report = _visible(request, pk)
    if not permissions.can_review_report(request.user, report):
        permissions.deny()
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "กรุณาเลือกผลการพิจารณา")
        return redirect("results:detail", pk=report.pk)
    decision, comment = form.cleaned_data.get("decision"), form.cleaned_data.get("comment", "")
    try:
        if decision == "accept":
            workflow.report_accept(report=report, actor=request.user, comment=comment)
            messages.success(request, "รับรองรายงานผลแล้ว")
        else:
            workflow.report_return(report=report, actor=request.user, comment=comment)
            messages.success(request, "ส่งรายงานผลกลับให้แก้ไขแล้ว")
    except DomainError as exc:
        add_to_messages(request, exc)
    return redirect("results:detail", pk=report.pk)


def export_json(request, pk):
    report = _visible(request, pk)
    response = HttpResponse(
        interchange.report_export(_readable(request, report)), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="results-{report.agreement.number}.json"'
    return response


@require_POST
def import_json(request, pk):
    report = _own(request, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "กรุณาเลือกไฟล์ JSON ของรายงานผล")
        return redirect("results:detail", pk=report.pk)
    try:
        interchange.report_import(
            report=report, actor=request.user, raw=upload.read(interchange.MAX_BYTES + 1)
        )
    except DomainError as exc:
        for line in format_problems(exc.problems):
            messages.error(request, line)
        return redirect("results:detail", pk=report.pk)
    messages.success(request, "นำเข้ารายงานผลจากไฟล์แล้ว")
    return redirect("results:detail", pk=report.pk)
