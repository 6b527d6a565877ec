"""The kinds of document the check page knows, registered from above.

Documents are rendered by `reports`, which sits above this app, and each kind's current state is
read by the app that owns it (agreements, evaluations). `reports` registers, for each of its
DocumentType entries, the label and the owning app's `describe(object_id)` in its `ready()`; this
app never imports either.

`describe(object_id)` returns None when the object is gone, otherwise a dict of what the
document's own first page shows and its state now:
    person, position, office, fiscal_year, title (e.g. "ฉบับที่ 2"),
    state (a Thai sentence), current (bool), superseded_by ({"version", "at"} or None)."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    label: str
    describe: Callable[[int], dict | None] | None  # None: the page names the kind only


_KINDS: dict[str, Kind] = {}


def register(kind: str, *, label: str, describe: Callable[[int], dict | None] | None) -> None:
    _KINDS[kind] = Kind(label, describe)


def kind_of(kind: str) -> Kind | None:
    return _KINDS.get(kind)
