from django.shortcuts import render
from django.utils import timezone

from accounts import roles
from agreements import selectors as agreement_selectors
from evaluations import selectors as evaluation_selectors
from pa_portal import permissions, thai


def home(request):
    user = request.user
    context = {
        "current_fiscal_year": thai.fiscal_year_of(timezone.localdate()),
        "is_deputy": permissions.has_role(user, roles.DEPUTY),
        "is_supervisor": permissions.has_role(user, roles.SUPERVISOR),
        "is_evaluator": permissions.has_role(user, roles.EVALUATOR),
        "is_hr": permissions.is_hr(user),
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
    return render(request, "accounts/home.html", context)
