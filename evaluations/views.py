from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.models import Office
from agreements.models import Agreement
from pa_portal import roles, thai
from pa_portal.errors import DomainError, add_to_form, add_to_messages
from results.selectors import results_for_sheet

from . import committees, exports, permissions, selectors, services
from . import evidence as evidence_services
from .forms import CommitteeForm, ConflictForm, EvidenceForm, RoundForm, SheetForm
from .models import Committee, EvaluationRound, Evidence
from .scoring import formula_lines


def _or_404(getter, *args):
    try:
        return getter(*args)
    except ObjectDoesNotExist:
        permissions.deny()


# --- evaluators -------------------------------------------------------------------------------


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
        messages.error(request, "แบบประเมินนี้แก้ไขไม่ได้ (ยืนยันผลแล้ว ปิดรอบแล้ว หรือไม่ใช่แบบประเมินของคุณ)")
        return redirect("evaluations:sheet", pk=evaluation.pk)
    rubric = services.evaluation_rubric(evaluation)
    committee = evaluation.member.committee
    part1, part2 = services.sheet_keys(committee.submission.snapshot, rubric)
    form = None
    if can_score:
        initial = {}
        for score in evaluation.scores.all():
            initial[f"level__{score.anchor}"] = score.level
            initial[f"comment__{score.anchor}"] = score.comment
        form = SheetForm(request.POST or None, initial=initial, rubric=rubric, part1=part1, part2=part2)
        if request.method == "POST" and form.is_valid():
            try:
                services.sheet_save(
                    evaluation=evaluation, actor=request.user, levels=form.levels(), comments=form.comments()
                )
                if request.POST.get("action") == "finalise":
                    services.sheet_finalise(evaluation=evaluation, actor=request.user)
                    messages.success(request, "ยืนยันผลการประเมินแล้ว แบบประเมินนี้แก้ไขไม่ได้อีก")
                else:
                    messages.success(request, "บันทึกร่างแล้ว")
                return redirect("evaluations:sheet", pk=evaluation.pk)
            except DomainError as exc:
                add_to_messages(request, exc)
                evaluation = selectors.evaluation_get(pk)
        elif request.method == "POST":
            messages.error(request, "ยังไม่ได้บันทึก: กรุณาตรวจสอบระดับและความเห็นที่มีข้อความแจ้งเตือน")
    data = selectors.sheet_rows(evaluation)
    if form is not None:
        for row in data["part1"]:
            row["level_field"] = form[f"level__{row['anchor']}"]
            row["comment_field"] = form[f"comment__{row['anchor']}"]
        for issue in data["part2"]:
            for criterion in issue["criteria"]:
                criterion["level_field"] = form[f"level__{criterion['anchor']}"]
                criterion["comment_field"] = form[f"comment__{criterion['anchor']}"]
    return render(
        request,
        "evaluations/sheet.html",
        {
            "evaluation": evaluation,
            "committee": committee,
            "form": form,
            "data": data,
            "evidence": selectors.evidence_by_anchor(committee.agreement_id),
            "formula": formula_lines(data["rubric"], len(data["part2"])),
            "rubric_json": {
                "top": data["rubric"].top_level,
                "part1_points": str(data["rubric"].part1_points),
                "criteria": {c.code: str(c.points) for c in data["rubric"].criteria},
                "rows": len(part1),
                "issues": len(part2),
                "places": data["rubric"].decimal_places,
                "pass_mark": str(data["rubric"].pass_mark),
            },
            "can_view_results": permissions.can_view_results(request.user, committee),
            "results": results_for_sheet(evaluation),
            "months": thai.FISCAL_MONTHS,
        },
    )


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
        },
    )


# --- the owner: evidence and results --------------------------------------------------------


def mine(request):
    agreements = Agreement.objects.filter(owner=request.user).select_related("fiscal_year", "office")
    committees = [
        c
        for c in selectors.committees_of_owner(request.user)
        if permissions.can_view_results(request.user, c)
    ]
    return render(request, "evaluations/mine.html", {"agreements": agreements, "committees": committees})


def evidence_list(request, pk):
    agreement = get_object_or_404(permissions.agreements_visible_to(request.user), pk=pk)
    can_add = permissions.can_add_evidence(request.user, agreement)
    anchors = evidence_services.evidence_anchor_choices(agreement)
    form = EvidenceForm(anchors=anchors) if can_add else None
    if request.method == "POST":
        if not can_add:
            permissions.deny()
        form = EvidenceForm(request.POST, request.FILES, anchors=anchors)
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data.get("file"):
                    evidence_services.evidence_add_file(
                        agreement=agreement,
                        actor=request.user,
                        anchor=data["anchor"],
                        title=data["title"],
                        upload=data["file"],
                    )
                else:
                    evidence_services.evidence_add_link(
                        agreement=agreement,
                        actor=request.user,
                        anchor=data["anchor"],
                        title=data["title"],
                        url=data["url"],
                    )
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, "แนบหลักฐานแล้ว")
                return redirect("evaluations:evidence", pk=agreement.pk)
    grouped = selectors.evidence_by_anchor(agreement.pk)
    sections = [
        {
            "anchor": anchor,
            "label": label,
            "items": [(e, permissions.can_delete_evidence(request.user, e)) for e in grouped.get(anchor, [])],
        }
        for anchor, label in anchors
    ]
    return render(
        request,
        "evaluations/evidence.html",
        {"agreement": agreement, "form": form, "sections": sections, "can_add": can_add},
    )


def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("agreement"), pk=pk, kind=Evidence.Kind.FILE)
    if not permissions.can_view_evidence(request.user, evidence):
        permissions.deny()
    file_type = evidence_services.file_type_of(evidence)
    inline = bool(file_type and file_type.inline)
    filename = f"{evidence.title}{file_type.extension if file_type else ''}"
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=not inline,
        filename=filename,
        content_type=evidence.content_type or "application/octet-stream",
    )
    # An uploaded PDF may carry scripts: let the browser show it, never run it with our origin.
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def evidence_delete(request, pk):
    evidence = get_object_or_404(Evidence.objects.select_related("agreement"), pk=pk)
    if not permissions.can_view_evidence(request.user, evidence):
        permissions.deny()
    if evidence.agreement.owner_id != request.user.pk:
        permissions.deny()
    try:
        evidence_services.evidence_delete(evidence=evidence, actor=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "ลบหลักฐานแล้ว")
    return redirect("evaluations:evidence", pk=evidence.agreement_id)


# --- HR: rounds, committees, results ----------------------------------------------------------


def _require_manager(request):
    if not permissions.can_manage_evaluations(request.user):
        permissions.deny()


def round_list(request):
    _require_manager(request)
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation_round = services.round_create(actor=request.user, **data)
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"สร้าง{evaluation_round.title}แล้ว")
            return redirect("evaluations:round", pk=evaluation_round.pk)
    return render(request, "evaluations/round_list.html", {"rounds": selectors.rounds_all(), "form": form})


def round_detail(request, pk):
    _require_manager(request)
    evaluation_round = get_object_or_404(selectors.rounds_all(), pk=pk)
    tables = selectors.round_table(evaluation_round)
    return render(
        request,
        "evaluations/round_detail.html",
        {
            "round": evaluation_round,
            "tables": tables,
            "counts": selectors.round_counts(tables),
            "can_assign": permissions.can_assign_committee(request.user, evaluation_round),
        },
    )


@require_POST
def round_status(request, pk):
    _require_manager(request)
    evaluation_round = get_object_or_404(EvaluationRound, pk=pk)
    try:
        services.round_set_status(
            evaluation_round=evaluation_round, actor=request.user, status=request.POST.get("status", "")
        )
    except DomainError as exc:
        add_to_messages(request, exc)
    return redirect("evaluations:round", pk=pk)


def round_export(request, pk):
    _require_manager(request)
    evaluation_round = get_object_or_404(selectors.rounds_all(), pk=pk)
    content = exports.results_workbook_bytes([evaluation_round])
    response = HttpResponse(content, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="pa-results-{evaluation_round.fiscal_year.year}-{evaluation_round.number}.xlsx"'
    )
    return response


def committee_assign(request, pk, agreement_pk):
    _require_manager(request)
    evaluation_round = get_object_or_404(selectors.rounds_all(), pk=pk)
    if not permissions.can_assign_committee(request.user, evaluation_round):
        permissions.deny()
    agreement = get_object_or_404(services.round_agreements(evaluation_round), pk=agreement_pk)
    existing = Committee.objects.filter(round=evaluation_round, agreement=agreement).first()
    people = [m.evaluator for m in existing.members.select_related("evaluator")] if existing else []
    rules = committees.committee_rules(evaluation_round, agreement)
    form = CommitteeForm(
        request.POST or None,
        size=evaluation_round.scheme.committee_size,
        initial_people=people,
        proposed_chair=committees.committee_proposed_chair(
            rules=rules, office=agreement.office, owner=agreement.owner
        ),
    )
    if request.method == "POST" and form.is_valid():
        chair, members = form.people()
        try:
            committees.committee_assign(
                evaluation_round=evaluation_round,
                agreement=agreement,
                chair=chair,
                members=members,
                actor=request.user,
            )
        except DomainError as exc:
            add_to_form(form, exc)
        else:
            messages.success(request, f"แต่งตั้งคณะกรรมการประเมินของ {agreement.owner_name} แล้ว")
            return redirect(
                reverse("evaluations:round", kwargs={"pk": pk}) + f"#office-{agreement.office_id}"
            )
    return render(
        request,
        "evaluations/committee_form.html",
        {
            "round": evaluation_round,
            "agreement": agreement,
            "form": form,
            "existing": existing,
            "rules": rules,
            "rule_lines": rules.lines(committees.office_exclusions(agreement.office_id)),
        },
    )


def committee_assign_office(request, pk, office_pk):
    _require_manager(request)
    evaluation_round = get_object_or_404(selectors.rounds_all(), pk=pk)
    if not permissions.can_assign_committee(request.user, evaluation_round):
        permissions.deny()
    office = get_object_or_404(Office, pk=office_pk)
    pending = (
        services.round_agreements(evaluation_round)
        .filter(office=office)
        .exclude(committees__round=evaluation_round)
        .order_by("owner_name")
    )
    rules = evaluation_round.scheme.rules()
    form = CommitteeForm(
        request.POST or None,
        size=evaluation_round.scheme.committee_size,
        proposed_chair=committees.committee_proposed_chair(rules=rules, office=office),
    )
    if request.method == "POST" and form.is_valid():
        chair, members = form.people()
        result = committees.committee_assign_office(
            evaluation_round=evaluation_round, office=office, chair=chair, members=members, actor=request.user
        )
        if result.assigned:
            messages.success(request, f"แต่งตั้งคณะกรรมการแล้ว {len(result.assigned)} ข้อตกลง")
        for agreement, reasons in result.skipped:
            messages.warning(request, f"ข้าม {agreement.owner_name}: {'; '.join(reasons)}")
        return redirect(reverse("evaluations:round", kwargs={"pk": pk}) + f"#office-{office.pk}")
    return render(
        request,
        "evaluations/committee_office_form.html",
        {
            "round": evaluation_round,
            "office": office,
            "pending": pending,
            "form": form,
            "rules": rules,
            "rule_lines": rules.lines(committees.office_exclusions(office.pk)),
        },
    )


def office_rules(request, office_pk):
    """HR switches the current edition's optional exclusions on or off for one office and records
    the conflicts of interest declared with its deputies."""
    _require_manager(request)
    office = get_object_or_404(Office, pk=office_pk)
    here = reverse("evaluations:office_rules", kwargs={"office_pk": office.pk})
    form = ConflictForm(office=office)
    if request.method == "POST" and request.POST.get("action") == "exclusion":
        on = request.POST.get("on") == "1"
        try:
            committees.office_exclusion_set(
                office=office, code=request.POST.get("code", ""), on=on, actor=request.user
            )
        except DomainError as exc:
            add_to_messages(request, exc)
        else:
            messages.success(request, "เปิดใช้ข้อยกเว้นแล้ว" if on else "ปิดข้อยกเว้นแล้ว")
        return redirect(here + "#exclusions")
    if request.method == "POST":
        form = ConflictForm(request.POST, office=office)
        if form.is_valid():
            data = form.cleaned_data
            try:
                committees.conflict_declare(
                    evaluator=data["evaluator"],
                    owner=data["owner"],
                    reason=data["reason"],
                    actor=request.user,
                )
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, "บันทึกการแจ้งส่วนได้เสียแล้ว")
                return redirect(here + "#conflicts")
    return render(
        request,
        "evaluations/office_rules.html",
        {"page": selectors.office_rules(office), "office": office, "form": form},
    )
