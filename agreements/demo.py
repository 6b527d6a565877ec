"""Demo agreements for seed_demo: one complete and submitted, one draft in progress."""

import json

from django.conf import settings

from . import drafts, workflow

DEMO_DIR = settings.BASE_DIR / "fixtures" / "demo"
DEMO_FISCAL_YEAR = 2570


def _load(name: str) -> dict:
    return json.loads((DEMO_DIR / name).read_text(encoding="utf-8"))


def seed(users: dict) -> dict:
    from .management.commands.load_policies import load_policy_files

    load_policy_files()
    complete = drafts.agreement_start(owner=users["deputy1"], fiscal_year=DEMO_FISCAL_YEAR)
    drafts.agreement_update(
        agreement=complete,
        actor=users["deputy1"],
        data=_load("agreement-complete.json"),
        expected_revision=None,
    )
    workflow.agreement_submit(agreement=complete, actor=users["deputy1"])

    draft = drafts.agreement_start(owner=users["deputy2"], fiscal_year=DEMO_FISCAL_YEAR)
    drafts.agreement_update(
        agreement=draft,
        actor=users["deputy2"],
        data=_load("agreement-draft-part.json"),
        expected_revision=None,
    )
    return {"complete": complete, "draft": draft}
