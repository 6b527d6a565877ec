from django.db.models import Prefetch, QuerySet

from .models import Domain, PositionStandard, SubItem


def standard_list() -> QuerySet[PositionStandard]:
    return PositionStandard.objects.order_by("code", "-edition")


def standard_latest(code: str) -> PositionStandard | None:
    return PositionStandard.objects.filter(code=code).order_by("-edition").first()


def standard_with_items(pk: int) -> PositionStandard:
    """A standard with its domains and sub-items loaded in three queries."""
    return PositionStandard.objects.prefetch_related(
        Prefetch(
            "domains",
            queryset=Domain.objects.order_by("number").prefetch_related(
                Prefetch("items", queryset=SubItem.objects.order_by("order"))
            ),
        )
    ).get(pk=pk)


def standard_as_dict(standard: PositionStandard) -> dict:
    return {
        "code": standard.code,
        "edition": standard.edition,
        "title": standard.title,
        "position": standard.position,
        "source": standard.source,
        "domains": [
            {
                "number": domain.number,
                "title": domain.title,
                "items": [{"code": item.code, "text": item.text} for item in domain.items.all()],
            }
            for domain in standard.domains.all()
        ],
    }


def standard_sub_items(standard: PositionStandard) -> QuerySet[SubItem]:
    return SubItem.objects.filter(domain__standard=standard).order_by("domain__number", "order")
