from django.db.models import Prefetch, QuerySet

from pa_portal import permissions
from standards.models import Domain, SubItem

from .models import Agreement, AgreementItem, ChallengeIssue, Submission


def agreement_full(pk: int) -> Agreement:
    """An agreement with its standard, rows, targets and challenge issues, in a fixed number of
    queries whatever the row count."""
    return (
        Agreement.objects.select_related("fiscal_year", "standard", "office", "owner")
        .prefetch_related(
            Prefetch(
                "standard__domains",
                queryset=Domain.objects.order_by("number").prefetch_related(
                    Prefetch("items", queryset=SubItem.objects.order_by("order"))
                ),
            ),
            Prefetch(
                "items",
                queryset=AgreementItem.objects.select_related("sub_item").prefetch_related("targets"),
            ),
            Prefetch(
                "challenges",
                queryset=ChallengeIssue.objects.select_related("policy").prefetch_related("steps", "targets"),
            ),
        )
        .get(pk=pk)
    )


def agreements_for(user) -> QuerySet[Agreement]:
    return permissions.agreements_visible_to(
        user, Agreement.objects.select_related("fiscal_year", "office", "owner")
    )


def agreements_of_owner(user) -> QuerySet[Agreement]:
    return Agreement.objects.filter(owner=user).select_related("fiscal_year", "office")


def agreements_to_review(user) -> QuerySet[Agreement]:
    """Submitted agreements waiting for this supervisor."""
    office_id = permissions.user_office_id(user)
    return (
        Agreement.objects.filter(office_id=office_id, status=Agreement.Status.SUBMITTED)
        .exclude(owner=user)
        .select_related("fiscal_year", "office")
        .order_by("submitted_at")
    )


def latest_submission(agreement: Agreement) -> Submission | None:
    return agreement.submissions.order_by("-version").first()
