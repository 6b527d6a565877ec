import json

from django.core.serializers.json import DjangoJSONEncoder

from accounts.selectors import display_name

from .models import AuditEntry


def audit_record(*, actor, action: str, obj, agreement=None, changes: dict | None = None) -> AuditEntry:
    # Round-trip through JSON so dates and decimals are stored as plain strings.
    payload = json.loads(json.dumps(changes or {}, cls=DjangoJSONEncoder, ensure_ascii=False))
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=display_name(actor) if actor is not None and actor.is_authenticated else "ระบบ",
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        agreement=agreement,
        changes=payload,
    )


def admin_record(request, obj, action: str, changes: dict) -> AuditEntry:
    """An addition, change or deletion made in the admin site (pa_portal.admin.PortalAdmin)."""
    # The agreement it belongs to, when it has one (evidence, a submission extension's none).
    agreement = getattr(obj, "agreement", None) if hasattr(type(obj), "agreement") else None
    if agreement is not None and agreement._meta.label != "agreements.Agreement":
        agreement = None
    if obj._meta.label == "agreements.Agreement":
        # A deleted agreement's entry keeps its id in object_id; the link would dangle.
        agreement = obj if action != "admin.deleted" else None
    return audit_record(actor=request.user, action=action, obj=obj, agreement=agreement, changes=changes)
