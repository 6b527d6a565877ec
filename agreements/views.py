from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from pa_portal import thai
from pa_portal.errors import DomainError, NoLongerEditable, add_to_messages
from standards import selectors as standard_selectors

from . import drafts, fields, permissions, rules, saving, selectors, workflow
from .forms import Part1Form, Part2BlankRow, Part2Form
from .models import Agreement, Policy
from .saving import submitted_already
from .snapshot import agreement_to_dict

ALL_PAGE_SIZE = 50


def _visible(request, pk) -> Agreement:
    return get_object_or_404(selectors.agreements_for(request.user), pk=pk)


def _editable(request, pk) -> Agreement:
    """The owner's agreement while it may be edited; everyone else gets 404."""
    agreement = get_object_or_404(
        Agreement.objects.select_related("fiscal_year", "standard", "office"), pk=pk, owner=request.user
    )
    return agreement


def my_agreements(request):
    if not permissions.can_start_agreement(request.user):
        permissions.deny()
    year = thai.fiscal_year_of(timezone.localdate())
    agreements = selectors.agreements_of_owner(request.user)
    return render(
        request,
        "agreements/mine.html",
        {
            "agreements": agreements,
            "current_fiscal_year": year,
            "has_current": any(a.fiscal_year.year == year for a in agreements),
            "has_previous": any(a.fiscal_year.year < year for a in agreements),
        },
    )


@require_POST
def start(request):
    if not permissions.can_start_agreement(request.user):
        permissions.deny()
    try:
        year = int(request.POST.get("fiscal_year", ""))
    except ValueError:
        year = thai.fiscal_year_of(timezone.localdate())
    try:
        agreement = drafts.agreement_start(
            owner=request.user,
            fiscal_year=year,
            copy_from_previous=request.POST.get("copy") == "1",
        )
    except DomainError as exc:
        add_to_messages(request, exc)
        return redirect("agreements:mine")
    messages.success(request, f"สร้างข้อตกลงปีงบประมาณ {year} แล้ว")
    return redirect("agreements:detail", pk=agreement.pk)


def detail(request, pk):
    agreement = _visible(request, pk)
    data = agreement_to_dict(agreement)
    all_problems = workflow.agreement_problems(agreement, data)
    problems = all_problems if agreement.is_editable else []
    progress = selectors.agreement_progress(agreement, data, all_problems)
    comments = selectors.review_comments(agreement)
    # "แก้ไขส่วนที่ 1" opens where there is something to do: a problem or a reviewer's comment.
    flagged = {p.anchor for p in problems} | set(comments)
    first = next((r["sub_item"] for r in data["part1"] if rules.item_anchor(r["sub_item"]) in flagged), None)
    orders = [i["order"] for i in data["part2"]]
    first_issue = next(
        (o for o in Part2Form.ALL if rules.challenge_anchor(o) in flagged or o not in orders), 1
    )
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "data": data,
            "progress": progress,
            "missing_links": [(code, part1_url(agreement, code)) for code in progress["missing_rows"]]
            if agreement.is_editable
            else [],
            "part1_url": part1_url(agreement, first) if agreement.is_editable else None,
            "part2_url": part2_url(agreement, first_issue) if agreement.is_editable else None,
            "problems": problems,
            "can_edit": permissions.can_edit_agreement(request.user, agreement),
            "can_review": permissions.can_review_agreement(request.user, agreement),
            "submissions": agreement.submissions.order_by("-version"),
            "review": selectors.latest_review(agreement),
            "comments": comments,
            "months": thai.FISCAL_MONTHS,
        },
    )


def _refuse_if_locked(request, agreement):
    if not permissions.can_edit_agreement(request.user, agreement):
        return submitted_already(request, agreement)
    return None


def _domain_asked(request, domains) -> int | None:
    """The domain of Part 1 to edit (?domain=N), or None for the page with every domain."""
    try:
        number = int(request.GET.get("domain", ""))
    except ValueError:
        return None
    return number if any(domain.number == number for domain in domains) else None


def part1_url(agreement, code: str | None = None, fragment: str | None = None, check: bool = False) -> str:
    """The Part 1 page of the domain a sub-item belongs to (the first domain without one), with
    the sub-item's anchor: where a missing row or a problem is fixed."""
    url = reverse("agreements:part1", args=[agreement.pk])
    domains = standard_selectors.standard_tree(agreement.standard)
    number = domains[0].number if domains else None
    for domain in domains:
        if any(item.code == code for item in domain.items.all()):
            number = domain.number
    query = f"?domain={number}" if number is not None else ""
    if check:
        query += "&check=1" if query else "?check=1"
    fragment = fragment or (rules.item_anchor(code) if code else "")
    return url + query + (f"#{fragment}" if fragment else "")


@require_http_methods(["GET", "POST"])
def edit_part1(request, pk):
    agreement = _editable(request, pk)
    if (locked := _refuse_if_locked(request, agreement)) is not None:
        return locked
    # One domain a page (3–6 rows) by default; the whole Part 1 (287 fields, ~200 kB) stays one
    # link away. Each page saves only its own rows.
    domains = standard_selectors.standard_tree(agreement.standard)
    domain = _domain_asked(request, domains)
    sub_items = [item for d in domains if domain in (None, d.number) for item in d.items.all()]
    context = {
        "agreement": agreement,
        "comments": selectors.review_comments(agreement),
        "domains": domains,
        "domain": domain,
    }
    if request.method == "POST":
        form = Part1Form(request.POST, sub_items=sub_items, comments=context["comments"])
        return saving.save(request, agreement, form, "agreements/edit_part1.html", context)
    data = agreement_to_dict(agreement, parts=("part1",))
    form = Part1Form(
        initial=Part1Form.initial_from(data, agreement.revision),
        sub_items=sub_items,
        comments=context["comments"],
    )
    codes = [item.code for d in domains for item in d.items.all()]
    problems = rules.submit_problems(data, codes)
    context["states"] = _domain_states(domains, problems, context["comments"])
    if "check" in request.GET:  # opened from the submit page's list: its problems on their fields
        form.show_problems(fields.messages_by_field(data, problems))
    return render(request, "agreements/edit_part1.html", {**context, "form": form})


def _domain_states(domains, problems, comments) -> dict[int, dict]:
    """Per domain of Part 1: how many things the submit would ask to fix, and whether the
    reviewer commented on one of its rows (the tabs say so in words)."""
    flagged = [p.anchor for p in problems]
    states = {}
    for d in domains:
        anchors = {rules.item_anchor(item.code) for item in d.items.all()}
        states[d.number] = {
            "problems": sum(1 for anchor in flagged if anchor in anchors),
            "comment": any(anchor in comments for anchor in anchors),
        }
    return states


def _issue_asked(request) -> int | None:
    """The challenge issue to edit (?issue=N), or None for the page with all three."""
    number = request.GET.get("issue", "")
    return int(number) if number in {str(order) for order in Part2Form.ALL} else None


def part2_url(agreement, order: int | None = None, fragment: str | None = None, check: bool = False) -> str:
    """The Part 2 page of one challenge issue (all three when `order` is None)."""
    query = "&".join(([f"issue={order}"] if order else []) + (["check=1"] if check else []))
    url = reverse("agreements:part2", args=[agreement.pk]) + (f"?{query}" if query else "")
    return url + (f"#{fragment}" if fragment else "")


@require_http_methods(["GET", "POST"])
def edit_part2(request, pk):
    agreement = _editable(request, pk)
    if (locked := _refuse_if_locked(request, agreement)) is not None:
        return locked
    # One challenge issue a page (about 35 fields) by default, as Part 1 is one domain a page;
    # the three together stay one link away. Each page replaces only its own issues.
    issue = _issue_asked(request)
    orders = (issue,) if issue else Part2Form.ALL
    policies = Policy.objects.filter(fiscal_year=agreement.fiscal_year, active=True)
    context = {
        "agreement": agreement,
        "comments": selectors.review_comments(agreement),
        "months": thai.FISCAL_MONTHS,
        "blank": Part2BlankRow(),
        "issue": issue,
        "all_issues": Part2Form.ALL,
    }
    if request.method == "POST":
        form = Part2Form(request.POST, policies=policies, orders=orders)
        return saving.save(
            request, agreement, form, "agreements/edit_part2.html", context, only_issues=orders
        )
    data = agreement_to_dict(agreement, parts=("part2",))
    initial, counts = Part2Form.initial_from(data, agreement.revision)
    form = Part2Form(initial=initial, policies=policies, counts=counts, orders=orders)
    problems = rules.submit_problems(data, [])
    context["saved"] = {issue["order"]: issue for issue in data["part2"]}
    context["states"] = _issue_states(problems, context["comments"], context["saved"])
    if "check" in request.GET:  # opened from the submit page's list: its problems on their fields
        form.show_problems(fields.messages_by_field(data, problems))
    return render(request, "agreements/edit_part2.html", {**context, "form": form})


def _issue_states(problems, comments, saved) -> dict[int, dict]:
    """Per challenge issue: whether anything of it is saved, how many things the submit would ask
    to fix, and whether the reviewer commented on it (the tabs say so in words, as Part 1's
    domain tabs do)."""
    anchors = {order: rules.challenge_anchor(order) for order in Part2Form.ALL}
    return {
        order: {
            "empty": order not in saved,
            "problems": sum(1 for p in problems if p.anchor == anchor),
            "comment": anchor in comments,
        }
        for order, anchor in anchors.items()
    }


@require_http_methods(["GET", "POST"])
def submit(request, pk):
    agreement = _editable(request, pk)
    if (locked := _refuse_if_locked(request, agreement)) is not None:
        return locked
    if request.method == "POST":
        # The service checks the rules on the locked row; checking here too would read the whole
        # agreement twice on every submit.
        try:
            submission = workflow.agreement_submit(agreement=agreement, actor=request.user)
        except NoLongerEditable:
            # The losing click of a double submit: the first one has sent it.
            return submitted_already(request, agreement)
        except DomainError as exc:
            problems, data = exc.problems, agreement_to_dict(agreement)
        else:
            messages.success(
                request,
                f"ส่งข้อตกลงแล้ว (ฉบับที่ {submission.version}) รอผู้บังคับบัญชาพิจารณา",
            )
            return redirect("agreements:detail", pk=agreement.pk)
    else:
        data = agreement_to_dict(agreement)
        problems = workflow.agreement_problems(agreement, data)
    return render(
        request,
        "agreements/submit.html",
        {"agreement": agreement, "problems": problems, "links": _problem_links(agreement, problems, data)},
        status=400 if request.method == "POST" else 200,
    )


def _problem_links(agreement, problems, data):
    """Each problem with the URL of the page and the field it is about (the section when it is
    about a whole part)."""
    codes = {
        rules.item_anchor(code): code
        for code in standard_selectors.standard_sub_item_codes(agreement.standard)
    }
    links = []
    for p in problems:
        name = fields.field_name(data, p.path)
        fragment = f"id_{name}" if name else p.anchor
        if p.path.startswith("part2") or p.anchor.startswith("challenge"):
            order = next((o for o in Part2Form.ALL if p.anchor == rules.challenge_anchor(o)), None)
            url = part2_url(agreement, order, fragment=fragment, check=bool(name))
        elif p.anchor in codes:
            url = part1_url(agreement, codes[p.anchor], fragment=fragment, check=bool(name))
        else:
            url = reverse("agreements:part1", args=[agreement.pk]) + (f"#{fragment}" if fragment else "")
        links.append({"message": p.message, "url": url})
    return links


def version(request, pk, version):
    agreement = _visible(request, pk)
    submission = get_object_or_404(agreement.submissions, version=version)
    return render(
        request,
        "agreements/version.html",
        {
            "agreement": agreement,
            "submission": submission,
            "data": submission.snapshot,
            "months": thai.FISCAL_MONTHS,
        },
    )


def all_agreements(request):
    if not permissions.is_hr(request.user):
        permissions.deny()
    agreements = selectors.agreements_for(request.user)
    year = request.GET.get("year")
    if year and year.isdigit():
        agreements = agreements.filter(fiscal_year__year=int(year))
    status = request.GET.get("status")
    if status in Agreement.Status.values:
        agreements = agreements.filter(status=status)
    # ~700 agreements a year: a page at a time keeps the list fast and its query count fixed.
    page = Paginator(agreements, ALL_PAGE_SIZE).get_page(request.GET.get("page"))
    filters = request.GET.copy()
    filters.pop("page", None)
    return render(
        request,
        "agreements/all.html",
        {
            "agreements": page.object_list,
            "page": page,
            "filters": filters.urlencode(),
            "statuses": Agreement.Status.choices,
        },
    )
