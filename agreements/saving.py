"""The save path of the Part 1 and Part 2 pages (and their autosave): every value the form and
the rules accept is written; each refused value is reported on its field, and the page keeps
what the user typed."""

import re

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from pa_portal.errors import DomainError, NoLongerEditable, Problem, StaleRevision

from . import drafts, permissions

_SPACE = re.compile(r"\s+")
_TEXTS = {"tasks", "outcome", "indicator", "title", "policy_other", "problem", "text", "unit"}
NOT_SAVED = "ยังไม่ได้บันทึก กรุณาแก้ไขตามข้อความด้านล่าง (ข้อความที่พิมพ์ไว้ยังอยู่ครบ)"
PARTLY_SAVED = "บันทึกร่างแล้ว ยกเว้นช่องที่มีข้อความแจ้งด้านล่าง (ข้อความที่พิมพ์ไว้ยังอยู่ในช่อง)"


def wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def submitted_already(request, agreement):
    """The owner's write to an agreement that has been submitted meanwhile: not a permission
    problem and not a fault. An autosave gets JSON 423 (autosave.js says so and stops trying);
    a page goes back to the agreement with the message."""
    if request.method == "POST" and wants_json(request):
        return JsonResponse(
            {"ok": False, "locked": True, "problems": [permissions.SUBMITTED_ALREADY]}, status=423
        )
    messages.warning(request, "ข้อตกลงนี้ส่งแล้ว จึงแก้ไขไม่ได้จนกว่าผู้บังคับบัญชาจะส่งกลับให้แก้ไข")
    return redirect("agreements:detail", pk=agreement.pk)


def save(request, agreement, form, template, context, only_issues=None):
    form.is_valid()
    if "revision" in form.errors:  # not this page's form, or a forged one: nothing to save against
        return refused(request, form, template, context)
    data = form.payload()
    form_problems = [
        Problem(path, "", error)
        for name, errors in form.errors.items()
        if (path := form.path_of(name))
        for error in errors
    ]
    try:
        saved = drafts.agreement_save_draft(
            agreement=agreement,
            actor=request.user,
            data=data,
            expected_revision=form.cleaned_data.get("revision"),
            form_problems=form_problems,
            only_issues=only_issues,
        )
    except StaleRevision as exc:
        context["stale"] = True
        context["service_problems"] = exc.problems
        return refused(request, form, template, context)
    except NoLongerEditable:
        # Submitted in another tab (or by a parallel click) after this page was opened.
        return submitted_already(request, agreement)
    except DomainError as exc:
        context["service_problems"] = exc.problems
        return refused(request, form, template, context)
    for problem in saved.refused:
        if problem not in form_problems:
            form.add_error(form.field_of.get(problem.path), problem.message)
    saved_at = f"{timezone.localtime():%H:%M}"
    if wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "revision": agreement.revision,
                "saved_at": saved_at,
                "invalid": [
                    {"id": form[name].auto_id if name != NON_FIELD_ERRORS else "", "messages": list(errors)}
                    for name, errors in form.errors.items()
                ],
                "repaired": _repaired(form, saved.data),
            }
        )
    if not form.errors:
        messages.success(request, f"บันทึกร่างแล้ว เวลา {saved_at} น.")
        return redirect(
            request.get_full_path()
            + (f"#{request.POST['next_anchor']}" if request.POST.get("next_anchor") else "")
        )
    # The page shows what was typed, against the revision just written.
    form.data = form.data.copy()
    form.data["revision"] = str(agreement.revision)
    messages.warning(request, PARTLY_SAVED)
    return render(request, template, {**context, "form": form, "partly_saved": True}, status=400)


def refused(request, form, template, context):
    """A save the service refused as a whole: the page again with everything typed (409 when
    stale, 400 otherwise), or autosave's JSON. The results report's pages answer the same way."""
    status = 409 if context.get("stale") else 400
    if wants_json(request):
        problems = [p.message for p in context.get("service_problems", [])]
        problems += [e for errors in form.errors.values() for e in errors]
        return JsonResponse(
            {"ok": False, "stale": bool(context.get("stale")), "problems": problems}, status=status
        )
    messages.error(request, NOT_SAVED)
    return render(request, template, {**context, "form": form}, status=status)


def _repaired(form, written: dict) -> list[dict]:
    """The text fields whose pasted characters the server repaired (pa_portal.thaitext): the page
    puts the stored text back in the field. Spacing alone is not a repair worth a note."""
    repaired = []
    for path, name in form.field_of.items():
        if path.rsplit(".", 1)[-1] not in _TEXTS or name in form.errors:
            continue
        typed = form.data.get(name)
        value = _value_at(written, path)
        if isinstance(value, str) and typed and _SPACE.sub(" ", typed).strip() != _SPACE.sub(" ", value):
            repaired.append({"id": form[name].auto_id, "value": value})
    return repaired


def _value_at(data: dict, path: str):
    node = data
    for part in re.findall(r"\w+|\[\d+\]", path):
        try:
            node = node[int(part[1:-1])] if part.startswith("[") else node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
