from django.shortcuts import render

from pa_portal import permissions

from . import selectors


def my_agreements(request):
    return render(
        request, "agreements/mine.html", {"agreements": selectors.agreements_of_owner(request.user)}
    )


def review_list(request):
    return render(
        request, "agreements/review_list.html", {"agreements": selectors.agreements_to_review(request.user)}
    )


def all_agreements(request):
    if not permissions.is_hr(request.user):
        permissions.deny()
    return render(request, "agreements/all.html", {"agreements": selectors.agreements_for(request.user)})
