from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts import roles
from accounts.models import Office
from agreements.models import FiscalYear
from evaluations.models import EvaluationRound
from pa_portal import permissions

from . import charts, exports, scoring, selectors, services
from .forms import ExtensionForm, PreferencesForm
from .models import Notification

# --- notifications ---------------------------------------------------------------------------------


def notification_list(request):
    page = Paginator(selectors.notifications_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "cycle/notifications.html", {"page": page})


def notification_open(request, pk):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification, user=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return redirect("cycle:notifications")


@require_POST
def notification_read_all(request):
    services.notifications_mark_all_read(user=request.user)
    return redirect("cycle:notifications")


def preferences(request):
    profile = getattr(request.user, "profile", None)
    if profile is None:
        permissions.deny()
    form = PreferencesForm(
        # An unticked box posts nothing at all, so "POST or None" would ignore the change.
        request.POST if request.method == "POST" else None,
        initial={"email_notifications": profile.email_notifications},
    )
    if request.method == "POST" and form.is_valid():
        enabled = form.cleaned_data["email_notifications"]
        services.email_notifications_set(user=request.user, enabled=enabled)
        messages.success(
            request,
            "เปิดการแจ้งเตือนทางอีเมลแล้ว" if enabled else "ปิดการแจ้งเตือนทางอีเมลแล้ว (ยังเห็นการแจ้งเตือนในระบบ)",
        )
        return redirect("cycle:preferences")
    return render(request, "cycle/preferences.html", {"form": form, "email": request.user.email})


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
            "rounds": scoring.dashboard_progress(year),
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


def extension_grant(request, year, person_id):
    _require_hr(request)
    fiscal_year = get_object_or_404(FiscalYear, year=year)
    person = get_object_or_404(
        get_user_model()
        .objects.select_related("profile", "profile__office")
        .filter(groups__name=roles.DEPUTY, profile__isnull=False),
        pk=person_id,
    )
    current = services.submission_extension_of(person=person, fiscal_year=fiscal_year)
    form = ExtensionForm(
        request.POST if request.method == "POST" else None,
        initial={"until": current.until, "reason": current.reason} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.extension_grant(
                person=person,
                fiscal_year=fiscal_year,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except PermissionDenied:
            permissions.deny()
        else:
            messages.success(request, f"ขยายเวลาส่งข้อตกลงให้ {person.profile.full_name} แล้ว")
            return redirect(f"{reverse('cycle:extensions')}?year={fiscal_year.year}")
    return render(
        request,
        "cycle/extension_form.html",
        {"form": form, "person": person, "year": fiscal_year, "current": current},
        status=400 if request.method == "POST" else 200,
    )


def scoring_extensions(request, round_pk):
    _require_hr(request)
    evaluation_round = get_object_or_404(EvaluationRound.objects.select_related("fiscal_year"), pk=round_pk)
    return render(
        request,
        "cycle/scoring_extensions.html",
        {
            "round": evaluation_round,
            "closes_at": scoring.scoring_closes_at(evaluation_round),
            "rows": scoring.round_evaluators_with_open_sheets(evaluation_round),
        },
    )


def scoring_extension_grant(request, round_pk, person_id):
    _require_hr(request)
    evaluation_round = get_object_or_404(EvaluationRound, pk=round_pk)
    sheets = scoring.open_sheets(evaluation_round).filter(member__evaluator_id=person_id)
    first = sheets.first()
    if first is None:
        permissions.deny()
    person = first.member.evaluator
    current = scoring.scoring_extension_of(person=person, evaluation_round=evaluation_round)
    form = ExtensionForm(
        request.POST if request.method == "POST" else None,
        initial={"until": current.until, "reason": current.reason} if current else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            scoring.scoring_extension_grant(
                person=person,
                evaluation_round=evaluation_round,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"ขยายเวลาให้คะแนนให้ {first.member.evaluator_name} แล้ว")
            return redirect("cycle:scoring_extensions", round_pk=evaluation_round.pk)
    return render(
        request,
        "cycle/scoring_extension_form.html",
        {
            "form": form,
            "round": evaluation_round,
            "name": first.member.evaluator_name,
            "sheets": sheets,
            "current": current,
        },
        status=400 if request.method == "POST" else 200,
    )
