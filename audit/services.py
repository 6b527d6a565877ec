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
