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


# Process-local, not Django's cache: the cache would pickle and unpickle the whole tree on every
# agreement page and save. Small: one entry per edition, and an edition never changes.
_trees: dict[tuple[int, str], list[Domain]] = {}


def standard_tree(standard: PositionStandard) -> list[Domain]:
    """The standard's domains in order, each with its sub-items prefetched in order (and each
    sub-item's `domain` set), built once per process. An edition is never edited in place, and
    the key carries the content hash besides, so a kept tree is never stale. Callers only read
    it: the objects are shared by every request of the process."""
    return standard_tree_for(standard.pk, standard.content_hash)


def standard_tree_for(standard_id: int, content_hash: str) -> list[Domain]:
    """standard_tree by the standard's id and content hash, for callers that read plain values."""
    key = (standard_id, content_hash)
    tree = _trees.get(key)
    if tree is None:
        tree = list(
            Domain.objects.filter(standard_id=standard_id)
            .order_by("number")
            .prefetch_related(Prefetch("items", queryset=SubItem.objects.order_by("order")))
        )
        for domain in tree:
            for item in domain.items.all():
                item.domain = domain
        _trees[key] = tree
    return tree


def standard_tree_forget() -> None:
    """Drop every kept tree (tests roll back and reuse primary keys)."""
    _trees.clear()


def standard_sub_items_cached(standard: PositionStandard) -> list[SubItem]:
    """standard_sub_items as a list from the cache, each sub-item with its domain loaded."""
    return [item for domain in standard_tree(standard) for item in domain.items.all()]


def standard_sub_item_codes(standard: PositionStandard) -> list[str]:
    return [item.code for item in standard_sub_items_cached(standard)]
