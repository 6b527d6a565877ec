from django.core.paginator import Page, Paginator

from .models import AuditEntry
from .presentation import history_lines

HISTORY_PAGE_SIZE = 25


def entries_for_agreement(agreement):
    return AuditEntry.objects.filter(agreement=agreement).order_by("-at", "-id")


def history_page(agreement, number, per_page: int = HISTORY_PAGE_SIZE) -> Page:
    """One page of an agreement's history lines (audit/presentation.py), each entry with its
    `changes`. The lines are formed from every entry without their changes (a year of autosaves
    is hundreds of entries, each with whole rows before and after); only the page's entries
    bring theirs."""
    entries = entries_for_agreement(agreement).only("id", "at", "actor_id", "actor_name", "action")
    page = Paginator(history_lines(entries), per_page).get_page(number)
    shown = [entry for line in page.object_list for entry in line.entries]
    changes = dict(AuditEntry.objects.filter(pk__in=[e.pk for e in shown]).values_list("pk", "changes"))
    for entry in shown:
        entry.changes = changes[entry.pk]
    return page


def entry_of(action: str, *, obj_label: str, obj_id, since=None):
    """The first entry of `action` on one object (at or after `since`), or None."""
    entries = AuditEntry.objects.filter(action=action, object_type=obj_label, object_id=str(obj_id))
    if since is not None:
        entries = entries.filter(at__gte=since)
    return entries.order_by("at").first()
