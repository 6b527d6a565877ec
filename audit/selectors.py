from .models import AuditEntry


def entries_for_agreement(agreement):
    return AuditEntry.objects.filter(agreement=agreement).order_by("-at", "-id")
