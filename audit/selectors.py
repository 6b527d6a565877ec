from .models import AuditEntry


def entries_for_agreement(agreement):
    return AuditEntry.objects.filter(agreement=agreement).order_by("-at", "-id")


def entry_of(action: str, *, obj_label: str, obj_id, since=None):
    """The first entry of `action` on one object (at or after `since`), or None."""
    entries = AuditEntry.objects.filter(action=action, object_type=obj_label, object_id=str(obj_id))
    if since is not None:
        entries = entries.filter(at__gte=since)
    return entries.order_by("at").first()
