from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.models import Office
from agreements import deadlines as agreement_deadlines
from agreements import selectors as agreement_selectors
from agreements.models import Agreement, FiscalYear
from evaluations import deadlines as evaluation_deadlines
from evaluations import selectors as evaluation_selectors
from evaluations.deadlines import ScoringWindow
from evaluations.models import EvaluationRound
from pa_portal import permissions, roles, thai
from pa_portal.errors import DomainError, add_to_form
from pa_portal.permissions import has_role, is_hr
from results import deadlines as results_deadlines
from results import selectors as results_selectors

from . import charts, exports, selectors
from .forms import ExtensionForm, ResultsCalendarForm

# --- home ------------------------------------------------------------------------------------------


def home(request):
    """Each role's start page: their agreements, what waits for their review or their score."""
    user = request.user
    context = {
        "current_fiscal_year": thai.fiscal_year_of(timezone.localdate()),
        "is_deputy": has_role(user, roles.DEPUTY),
        "is_supervisor": has_role(user, roles.SUPERVISOR),
        "is_evaluator": has_role(user, roles.EVALUATOR),
        "is_hr": is_hr(user),
    }
    if context["is_deputy"]:
        context["my_agreements"] = list(agreement_selectors.agreements_of_owner(user))
        context["has_current_agreement"] = any(
            a.fiscal_year.year == context["current_fiscal_year"] for a in context["my_agreements"]
        )
    if context["is_supervisor"]:
        context["to_review"] = agreement_selectors.agreements_to_review(user)
    if context["is_evaluator"]:
        context["evaluation_inbox"] = evaluation_selectors.inbox_for(user)
    return render(request, "cycle/home.html", context)


# --- HR's dashboard ----------------------------------------------------------------------------------


def _require_hr(request):
    if not permissions.is_hr(request.user):
        permissions.deny()


def _fiscal_year(request) -> FiscalYear:
    year = request.GET.get("year")
    if year:
        if not year.isdigit():
            permissions.deny()
        return get_object_or_404(FiscalYear, year=int(year))
    current = selectors.fiscal_year_current()
    if current is None:
        permissions.deny()
    return current


def _list_url(year: FiscalYear, state, office) -> str:
    query = {"year": year.year}
    if state:
        query["state"] = state
    if office is not None:
        query["office"] = office.code
    return f"{reverse('cycle:dashboard_list')}?{urlencode(query)}"


def dashboard(request):
    _require_hr(request)
    year = _fiscal_year(request)
    rows, totals = selectors.dashboard_counts(year)
    chart = charts.stacked_bars(
        [("รวมทุกหน่วยงาน", totals.counts, None)]
        + [(charts.short_office_name(row.office.name), row.counts, row.office) for row in rows],
        states=selectors.STATES,
        labels=selectors.STATE_LABELS,
        link_for=lambda state, office: _list_url(year, state, office),
    )
    table = [
        {
            "office": row.office,
            "cells": [(count, _list_url(year, state, row.office)) for state, count in row.cells],
            "total": (row.total, _list_url(year, None, row.office)),
        }
        for row in rows
    ]
    totals_row = {
        "cells": [(count, _list_url(year, state, None)) for state, count in totals.cells],
        "total": (totals.total, _list_url(year, None, None)),
    }
    return render(
        request,
        "cycle/dashboard.html",
        {
            "year": year,
            "years": FiscalYear.objects.order_by("-year"),
            "headers": [selectors.STATE_LABELS[s] for s in selectors.STATES],
            "table": table,
            "totals": totals_row,
            "chart": chart,
            "rounds": selectors.dashboard_progress(year),
        },
    )


def _list_filters(request):
    year = _fiscal_year(request)
    state = request.GET.get("state") or None
    if state is not None and state not in selectors.STATES:
        permissions.deny()
    office = None
    if request.GET.get("office"):
        office = get_object_or_404(Office, code=request.GET["office"])
    return year, state, office


def dashboard_list(request):
    _require_hr(request)
    year, state, office = _list_filters(request)
    rows = selectors.dashboard_people(year, state=state, office=office)
    return render(
        request,
        "cycle/dashboard_list.html",
        {
            "year": year,
            "state_label": selectors.STATE_LABELS[state] if state else "ทุกสถานะ",
            "office": office,
            "rows": rows,
            "export_url": f"{reverse('cycle:dashboard_export')}?{request.GET.urlencode()}",
            "extendable": {selectors.NOT_STARTED, "draft"},
        },
    )


def dashboard_export(request):
    _require_hr(request)
    year, state, office = _list_filters(request)
    rows = selectors.dashboard_people(year, state=state, office=office)
    title = f"ข้อตกลงในการพัฒนางาน ปีงบประมาณ {year.year}"
    response = HttpResponse(
        exports.people_workbook(rows, title=title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"pa-{year.year}-{state or 'all'}{'-' + office.code if office else ''}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- extensions ----------------------------------------------------------------------------------------


def extension_list(request):
    _require_hr(request)
    year = _fiscal_year(request)
    return render(
        request,
        "cycle/extensions.html",
        {
            "year": year,
            "years": FiscalYear.objects.order_by("-year"),
            "extensions": selectors.extensions_of_year(year),
        },
    )


def _grant(request, *, window, person, name: str, template: str, context: dict, done_url: str):
    """HR's form for one extension, of either kind (agreements.deadlines.extension_grant)."""
    current = window.extension_of(person)
    form = ExtensionForm(
        request.POST if request.method == "POST" else None,
        initial={"until": current.until, "reason": current.reason} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement_deadlines.extension_grant(
                window=window,
                person=person,
                until=form.cleaned_data.get("until"),
                reason=form.cleaned_data.get("reason"),
                actor=request.user,
            )
        except DomainError as exc:
            add_to_form(form, exc)
        except PermissionDenied:
            permissions.deny()
        else:
            messages.success(request, f"ขยายเวลาให้ {name} แล้ว")
            return redirect(done_url)
    return render(
        request,
        template,
        {**context, "form": form, "current": current},
        status=400 if request.method == "POST" else 200,
    )


def extension_grant(request, year, person_id):
    _require_hr(request)
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    person = get_object_or_404(
        get_user_model()
        .objects.select_related("profile", "profile__office")
        .filter(groups__name=roles.DEPUTY, profile__isnull=False),
        pk=person_id,
    )
    return _grant(
        request,
        window=agreement_deadlines.SubmissionWindow(fiscal_year),
        person=person,
        name=person.profile.full_name,
        template="cycle/extension_form.html",
        context={"person": person, "year": fiscal_year},
        done_url=f"{reverse('cycle:extensions')}?year={fiscal_year.year}",
    )


def scoring_extensions(request, round_pk):
    _require_hr(request)
    evaluation_round = get_object_or_404(EvaluationRound.objects.select_related("fiscal_year"), pk=round_pk)
    return render(
        request,
        "cycle/scoring_extensions.html",
        {
            "round": evaluation_round,
            "closes_at": evaluation_deadlines.scoring_closes_at(evaluation_round),
            "rows": evaluation_deadlines.evaluators_with_open_sheets(evaluation_round),
        },
    )


def scoring_extension_grant(request, round_pk, person_id):
    _require_hr(request)
    evaluation_round = get_object_or_404(EvaluationRound, pk=round_pk)
    sheets = evaluation_deadlines.open_sheets(evaluation_round).filter(member__evaluator_id=person_id)
    first = sheets.first()
    if first is None:
        permissions.deny()
    return _grant(
        request,
        window=ScoringWindow(evaluation_round),
        person=first.member.evaluator,
        name=first.member.evaluator_name,
        template="cycle/scoring_extension_form.html",
        context={"round": evaluation_round, "name": first.member.evaluator_name, "sheets": sheets},
        done_url=reverse("cycle:scoring_extensions", args=[evaluation_round.pk]),
    )


def results_extensions(request, year):
    """HR's page of a year's results reports: the window (HR sets it) and each deputy's report
    and extension of the deadline."""
    _require_hr(request)
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    initial = {
        "opens_on": results_deadlines.opens_on(fiscal_year),
    }
    deadline = timezone.localtime(results_deadlines.deadline(fiscal_year))
    initial.update(deadline=deadline.date(), deadline_time=deadline.time().replace(second=0, microsecond=0))
    form = ResultsCalendarForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            results_deadlines.calendar_set(fiscal_year=fiscal_year, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"บันทึกปฏิทินรายงานผล ปีงบประมาณ {fiscal_year.year} แล้ว")
            return redirect("cycle:results_extensions", year=fiscal_year.year)
    rows = results_selectors.reporters_of_year(fiscal_year)
    return render(
        request,
        "cycle/results_extensions.html",
        {
            "year": fiscal_year,
            "form": form,
            "rows": rows,
            "states": results_selectors.REPORT_STATES,
            "counts": results_selectors.counts_by_office(rows),
        },
        status=400 if request.method == "POST" else 200,
    )


def results_extension_grant(request, year, person_id):
    _require_hr(request)
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    agreement = get_object_or_404(
        Agreement.objects.select_related("owner"),
        fiscal_year=fiscal_year,
        owner_id=person_id,
        status__in=[Agreement.Status.AGREED, Agreement.Status.EVALUATED],
    )
    return _grant(
        request,
        window=results_deadlines.ResultsWindow(fiscal_year),
        person=agreement.owner,
        name=agreement.owner_name,
        template="cycle/results_extension_form.html",
        context={
            "agreement": agreement,
            "year": fiscal_year,
            "deadline": results_deadlines.deadline(fiscal_year),
        },
        done_url=reverse("cycle:results_extensions", args=[fiscal_year.year]),
    )


def results_export(request, year):
    """HR's Excel of a year's results: per deputy, the quantitative targets met of how many."""
    _require_hr(request)
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    title = f"ผลสัมฤทธิ์ตามข้อตกลง ปีงบประมาณ {fiscal_year.year}"
    response = HttpResponse(
        exports.results_workbook(results_selectors.achievements_of_year(fiscal_year), title=title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="results-{fiscal_year.year}.xlsx"'
    return response
