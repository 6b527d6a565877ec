"""The supervisor's pages (the office's list, the review of one agreement) and the pages that read
an agreement's past (comparing two versions, its history)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from audit.selectors import history_page
from pa_portal import thai
from pa_portal.errors import DomainError, add_to_form

from . import diff, permissions, rules, selectors, workflow
from .forms import ReviewForm
from .snapshot import agreement_to_dict


def _visible(request, pk):
    return get_object_or_404(selectors.agreements_for(request.user), pk=pk)


def review_list(request):
    """Every agreement of the supervisor's office for a fiscal year, in a tab per state."""
    if not permissions.has_role(request.user, "supervisor"):
        permissions.deny()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    overview = selectors.office_agreements(request.user, year)
    state = request.GET.get("state", "")
    states = dict(selectors.OFFICE_STATES)
    if state not in states:
        state = ""
    rows = [row for row in overview["rows"] if not state or row["state"] == state]
    tabs = [("", "ทั้งหมด", len(overview["rows"]))] + [
        (key, label, overview["counts"][key]) for key, label in selectors.OFFICE_STATES
    ]
    return render(
        request,
        "agreements/review_list.html",
        {**overview, "rows": rows, "tabs": tabs, "state": state, "state_labels": states},
    )


@require_http_methods(["GET", "POST"])
def review(request, pk):
    agreement = _visible(request, pk)
    if not permissions.can_review_agreement(request.user, agreement):
        permissions.deny()
    # The supervisor decides on what was submitted: the snapshot (the live rows cannot change
    # while the agreement waits, and the snapshot is one row instead of six queries).
    submission = selectors.latest_submission(agreement)
    data = submission.snapshot if submission is not None else agreement_to_dict(agreement)
    anchors = [(rules.item_anchor(r["sub_item"]), f"ข้อ {r['sub_item']}") for r in data["part1"]]
    anchors += [(rules.challenge_anchor(i["order"]), f"ประเด็นท้าทายที่ {i['order']}") for i in data["part2"]]
    form = ReviewForm(request.POST or None, anchors=anchors)
    if request.method == "POST" and form.is_valid():
        try:
            decision, comment = form.cleaned_data.get("decision"), form.cleaned_data.get("comment")
            if decision == "agree":
                workflow.agreement_agree(agreement=agreement, actor=request.user, comment=comment)
                messages.success(request, f"เห็นชอบข้อตกลงของ {agreement.owner_name} แล้ว")
            else:
                workflow.agreement_return(
                    agreement=agreement,
                    actor=request.user,
                    comment=comment,
                    item_comments=form.item_comments(),
                )
                messages.success(request, f"ส่งข้อตกลงของ {agreement.owner_name} กลับให้แก้ไขแล้ว")
        except DomainError as exc:
            add_to_form(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("agreements:review_list")
    form.fields["comment"].widget.attrs["rows"] = 2  # the decision card stays short on a laptop
    notes = {anchor: form[f"note__{anchor}"] for anchor, _ in anchors}
    previous = selectors.previous_round(submission)
    labels = dict(anchors)
    return render(
        request,
        "agreements/review.html",
        {
            "agreement": agreement,
            "submission": submission,
            "data": data,
            "form": form,
            "notes": notes,
            "months": thai.FISCAL_MONTHS,
            "previous": previous,
            "changes_text": diff.counts_text(previous["counts"]) if previous else "",
            # The earlier round's comments beside each row, labelled as such.
            "comments": previous["comments"] if previous else {},
            "previous_comments": [
                (anchor, labels.get(anchor, anchor), text) for anchor, text in previous["comments"].items()
            ]
            if previous
            else [],
            "comments_label": f"ความเห็นเมื่อพิจารณาฉบับที่ {previous['submission'].version}" if previous else "",
        },
        status=400 if request.method == "POST" else 200,
    )


def compare(request, pk, old, new):
    agreement = _visible(request, pk)
    older = get_object_or_404(agreement.submissions, version=old)
    newer = get_object_or_404(agreement.submissions, version=new)
    changes = diff.snapshot_diff(older.snapshot, newer.snapshot)
    return render(
        request,
        "agreements/compare.html",
        {
            "agreement": agreement,
            "older": older,
            "newer": newer,
            "changes": changes,
            "counts_text": diff.counts_text(diff.change_counts(older.snapshot, newer.snapshot)),
            "can_review": permissions.can_review_agreement(request.user, agreement),
        },
    )


def history(request, pk):
    agreement = _visible(request, pk)
    if not permissions.can_read_history(request.user, agreement):
        permissions.deny()
    return render(
        request,
        "agreements/history.html",
        {"agreement": agreement, "page": history_page(agreement, request.GET.get("page"))},
    )
