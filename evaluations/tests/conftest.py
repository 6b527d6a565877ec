import copy
import datetime as dt
import json

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from agreements import drafts, workflow
from evaluations import committees, schemes, services

COMPLETE = django_settings.BASE_DIR / "fixtures" / "demo" / "agreement-complete.json"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scheme(db):
    schemes.schemes_load_all()
    return schemes.scheme_latest()


SCHEME_FILE = json.loads((schemes.SCORING_DIR / "pa-deputy-director.json").read_text(encoding="utf-8"))


def load_edition(edition: int, **rules):
    """The default scheme's file as a new edition whose committee rules differ by `rules`, loaded
    as HR would load a new edition file (`load_scoring`)."""
    data = copy.deepcopy(SCHEME_FILE)
    data["edition"] = edition
    data["committee_rules"].update(rules)
    scheme, created = schemes.scheme_load(data=data)
    assert created
    return scheme


def make_agreed(owner, supervisor, year=2570):
    """An agreement as the demo deputy writes it, submitted and agreed by the office director."""
    agreement = drafts.agreement_start(owner=owner, fiscal_year=year)
    drafts.agreement_update(
        agreement=agreement,
        actor=owner,
        data=json.loads(COMPLETE.read_text(encoding="utf-8")),
        expected_revision=None,
    )
    workflow.agreement_submit(agreement=agreement, actor=owner)
    workflow.agreement_agree(agreement=agreement, actor=supervisor)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def agreed(people, standards, policies):
    return make_agreed(people["deputy"], people["supervisor"])


@pytest.fixture
def other_agreed(people, standards, policies):
    return make_agreed(people["other_deputy"], people["other_supervisor"])


def make_round(actor, scheme, number=1, **kwargs):
    return services.round_create(
        actor=actor,
        fiscal_year=2570,
        number=number,
        title=f"การประเมิน ครั้งที่ {number} ปีงบประมาณ 2570",
        scheme=scheme,
        # Around today: the scoring window (cycle.scoring) closes after the due date.
        starts_on=timezone.localdate() - dt.timedelta(days=7),
        due_on=timezone.localdate() + dt.timedelta(days=30),
        **kwargs,
    )


@pytest.fixture
def open_round(people, scheme):
    return make_round(people["hr"], scheme)


@pytest.fixture
def committee(people, open_round, agreed):
    return committees.committee_assign(
        evaluation_round=open_round,
        agreement=agreed,
        chair=people["evaluator1"],
        members=[people["evaluator2"], people["evaluator3"]],
        actor=people["hr"],
    )


def sheet_of(committee, user):
    return committee.members.select_related("evaluation").get(evaluator=user).evaluation


def all_levels(evaluation, part1=3, part2=None) -> dict:
    """A level for every anchor of the sheet: `part1` for every row (an int, or a list cycled
    through), `part2` a dict criterion code -> level (default: the same as part1)."""
    snapshot = evaluation.member.committee.submission.snapshot
    rubric = services.evaluation_rubric(evaluation)
    pattern = part1 if isinstance(part1, list) else [part1]
    levels = {
        services.item_key(row["sub_item"]): pattern[i % len(pattern)]
        for i, row in enumerate(snapshot["part1"])
    }
    part2 = part2 or {c.code: pattern[0] for c in rubric.criteria}
    for issue in snapshot["part2"]:
        for code, level in part2.items():
            levels[services.criterion_key(issue["order"], code)] = level
    return levels


def score_and_finalise(evaluation, user, **kwargs):
    services.sheet_save(
        evaluation=evaluation, actor=user, levels=all_levels(evaluation, **kwargs), comments={}
    )
    return services.sheet_finalise(evaluation=evaluation, actor=user)
