"""The evaluator's pages: the inbox, the score sheet (with its autosave) and a committee's
results. Every write goes through services.sheet_save / sheet_finalise."""

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pa_portal import roles, thai
from pa_portal.errors import DomainError, StaleRevision
from results.selectors import results_for_sheet

from . import permissions, selectors, services
from .evidence_links import evidence_by_indicator
from .forms import SheetForm
from .scoring import formula_lines

NOT_EDITABLE = "แบบประเมินนี้แก้ไขไม่ได้ (ยืนยันผลแล้ว ปิดรอบแล้ว หรือไม่ใช่แบบประเมินของคุณ)"
NOT_SAVED = "ยังไม่ได้บันทึก: กรุณาตรวจสอบระดับและความเห็นที่มีข้อความแจ้งเตือน"


def _or_404(getter, *args):
    try:
        return getter(*args)
    except ObjectDoesNotExist:
        permissions.deny()


def _wants_json(request) -> bool:
    """An autosave (static/js/autosave.js) asks for JSON; the buttons post the page."""
    return request.headers.get("Accept", "").startswith("application/json")


def inbox(request):
    if not permissions.has_role(request.user, roles.EVALUATOR):
        permissions.deny()
    return render(request, "evaluations/inbox.html", {"entries": selectors.inbox_for(request.user)})


def sheet(request, pk):
    evaluation = _or_404(selectors.evaluation_get, pk)
    can_score = permissions.can_score(request.user, evaluation)
    if not can_score and not permissions.can_view_sheet(request.user, evaluation):
        permissions.deny()
    if request.method == "POST" and not can_score:
        if _wants_json(request):
            return JsonResponse({"ok": False, "locked": True, "problems": [NOT_EDITABLE]}, status=423)
        messages.error(request, NOT_EDITABLE)
        return redirect("evaluations:sheet", pk=evaluation.pk)
    form = _sheet_form(request, evaluation) if can_score else None
    context = {"missing": [], "stale": False}
    if form is not None and request.method == "POST":
        answer = _save(request, evaluation, form, context)
        if answer is not None:
            return answer
        evaluation = selectors.evaluation_get(pk)
        # The draft may have been saved before finalising was refused: the next save of this page
        # must carry the revision it made, or it would be refused as stale.
        if not context["stale"]:
            form.data = form.data.copy()
            form.data["revision"] = str(evaluation.revision)
    return render(
        request,
        "evaluations/sheet.html",
        _sheet_context(request, evaluation, form, context),
        # A refused save shows the page again with the choices kept (200, as before autosave);
        # only a stale page says 409, as an agreement's does.
        status=409 if context["stale"] else 200,
    )


def _sheet_form(request, evaluation) -> SheetForm:
    rubric = services.evaluation_rubric(evaluation)
    part1, part2 = services.sheet_keys(evaluation.member.committee.submission.snapshot, rubric)
    initial = {"revision": evaluation.revision}
    for score in evaluation.scores.all():
        initial[f"level__{score.anchor}"] = score.level
        initial[f"comment__{score.anchor}"] = score.comment
    return SheetForm(request.POST or None, initial=initial, rubric=rubric, part1=part1, part2=part2)


def _save(request, evaluation, form, context):
    """Save (and finalise when asked); the answer on success, else None with `context` saying why
    (a stale page, the missing levels as problems on their fields)."""
    problems = []
    if form.is_valid():
        try:
            services.sheet_save(
                evaluation=evaluation,
                actor=request.user,
                levels=form.levels(),
                comments=form.comments(),
                expected_revision=form.cleaned_data.get("revision"),
            )
            if request.POST.get("action") == "finalise":
                services.sheet_finalise(evaluation=evaluation, actor=request.user)
        except StaleRevision as exc:
            context["stale"] = True
            problems = exc.messages
        except DomainError as exc:
            for problem in exc.problems:
                if problem.path in form.fields:
                    form.add_error(problem.path, services.LEVEL_MISSING)
                    context["missing"].append(problem)
                else:
                    problems.append(problem.message)
        else:
            if _wants_json(request):
                saved_at = f"{timezone.localtime():%H:%M}"
                return JsonResponse({"ok": True, "revision": evaluation.revision, "saved_at": saved_at})
            if request.POST.get("action") == "finalise":
                messages.success(request, "ยืนยันผลการประเมินแล้ว แบบประเมินนี้แก้ไขไม่ได้อีก")
            else:
                messages.success(request, f"บันทึกร่างแล้ว เวลา {timezone.localtime():%H:%M} น.")
            return redirect("evaluations:sheet", pk=evaluation.pk)
    if _wants_json(request):
        problems += [e for errors in form.errors.values() for e in errors]
        status = 409 if context["stale"] else 400
        return JsonResponse({"ok": False, "stale": context["stale"], "problems": problems}, status=status)
    for message in problems:
        messages.error(request, message)
    if not problems and not context["missing"]:
        messages.error(request, NOT_SAVED)
    return None


def _sheet_context(request, evaluation, form, context) -> dict:
    committee = evaluation.member.committee
    data = selectors.sheet_rows(evaluation)
    if form is not None:
        for cell in [*data["part1"], *(c for issue in data["part2"] for c in issue["criteria"])]:
            cell["level_field"] = form[f"level__{cell['anchor']}"]
            cell["comment_field"] = form[f"comment__{cell['anchor']}"]
    rubric = data["rubric"]
    return {
        **context,
        "evaluation": evaluation,
        "committee": committee,
        "form": form,
        "data": data,
        "state_label": services.sheet_state_label(evaluation),
        "evidence": selectors.evidence_by_anchor(committee.agreement_id),
        "indicator_evidence": evidence_by_indicator(committee.agreement_id),
        "formula": formula_lines(rubric, len(data["part2"])),
        "rubric_json": {
            "top": rubric.top_level,
            "part1_points": str(rubric.part1_points),
            "criteria": {c.code: str(c.points) for c in rubric.criteria},
            "rows": len(data["part1"]),
            "issues": len(data["part2"]),
            "places": rubric.decimal_places,
            "pass_mark": str(rubric.pass_mark),
        },
        # The server copy's time, for autosave.js to offer a local copy back only when it is newer.
        "saved_at_ms": int(evaluation.updated_at.timestamp() * 1000),
        "can_view_results": permissions.can_view_results(request.user, committee),
        "can_download_pa2": permissions.can_download_sheet(request.user, evaluation),
        "results": results_for_sheet(evaluation),
        "months": thai.FISCAL_MONTHS,
    }


def results(request, pk):
    committee = _or_404(selectors.committee_get, pk)
    if not permissions.can_view_results(request.user, committee):
        permissions.deny()
    row = selectors.agreement_row(committee)
    rubric = (
        services.evaluation_rubric(row.seats[0].evaluation) if row.seats else committee.round.scheme.rubric()
    )
    seats = [(seat, permissions.can_view_sheet(request.user, seat.evaluation)) for seat in row.seats]
    return render(
        request,
        "evaluations/results.html",
        {
            "committee": committee,
            "row": row,
            "seats": seats,
            "rubric": rubric,
            "formula": formula_lines(rubric, len(committee.submission.snapshot.get("part2", []))),
            "can_download_pa3": permissions.can_download_summary(request.user, committee),
        },
    )
