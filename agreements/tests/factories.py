"""Agreements for tests, built through the real services (the same path as the web form).

    data = complete_agreement_data()            # a fresh deep copy: 22 rows, 3 challenge issues
    agreement = make_agreement(people["deputy"])                      # complete draft
    agreement = make_agreement(people["deputy"], complete=False)      # empty draft (22 empty rows)
    agreement = make_agreement(people["deputy"], submit=True)         # submitted, version 1

`make_agreement` loads the standards and the 2570 policy list itself (both idempotent), so a test
only needs the `db` and a deputy. Use `row(data, "1.4")` / `issue(data, 2)` to reach into the data.
"""

import copy
import json
from functools import cache

from django.conf import settings

from agreements import drafts, workflow
from agreements.models import Agreement

FISCAL_YEAR = 2570
DEMO_DIR = settings.BASE_DIR / "fixtures" / "demo"


@cache
def _demo(name: str) -> dict:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def complete_agreement_data() -> dict:
    """A complete agreement in the interchange format (fixtures/demo/agreement-complete.json):
    every sub-item of the deputy-director standard and three challenge issues. A fresh copy each
    call, so a test may change it freely."""
    return copy.deepcopy(_demo("agreement-complete.json"))


def draft_agreement_data() -> dict:
    """A half-written draft (fixtures/demo/agreement-draft-part.json): some rows, one issue."""
    return copy.deepcopy(_demo("agreement-draft-part.json"))


def row(data: dict, code: str) -> dict:
    return next(r for r in data["part1"] if r["sub_item"] == code)


def issue(data: dict, order: int) -> dict:
    return next(i for i in data["part2"] if i["order"] == order)


def ensure_reference_data() -> None:
    """Position standards and the OBEC policy list, as `make run` loads them."""
    from agreements.management.commands.load_policies import load_policy_files
    from standards.services import standards_load_all

    standards_load_all()
    load_policy_files()


def make_agreement(
    owner,
    *,
    complete: bool = True,
    submit: bool = False,
    data: dict | None = None,
    fiscal_year: int = FISCAL_YEAR,
) -> Agreement:
    """Start `owner`'s agreement for `fiscal_year`, fill it (with `data`, or the complete demo
    data, or nothing when complete=False) and optionally submit it. Returns a fresh Agreement."""
    ensure_reference_data()
    agreement = drafts.agreement_start(owner=owner, fiscal_year=fiscal_year)
    if data is None and complete:
        data = complete_agreement_data()
    if data is not None:
        drafts.agreement_update(agreement=agreement, actor=owner, data=data, expected_revision=None)
    if submit:
        workflow.agreement_submit(agreement=agreement, actor=owner)
    return Agreement.objects.get(pk=agreement.pk)
