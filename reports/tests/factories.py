"""Submitted agreements for the report tests and the benchmarks, built through the real services
from the demo data (fixtures/demo/agreement-complete.json: 22 rows, three challenge issues)."""

import copy
import itertools
import json
from functools import cache

from django.conf import settings

from agreements import drafts, workflow
from pa_portal import roles
from testsupport.factories import OfficeFactory, make_person

FISCAL_YEAR = 2570
_serial = itertools.count(1)


@cache
def _complete_data() -> dict:
    path = settings.BASE_DIR / "fixtures" / "demo" / "agreement-complete.json"
    return json.loads(path.read_text(encoding="utf-8"))


def complete_data() -> dict:
    return copy.deepcopy(_complete_data())


def _short(text: str, words: int = 3) -> str:
    return " ".join(text.split()[:words])


def compact_data() -> dict:
    """The complete agreement cut to a line per cell: valid, and quick to render."""
    data = complete_data()
    for row in data["part1"]:
        row["tasks"] = _short(row["tasks"])
        row["targets"] = [
            {**t, "outcome": _short(t["outcome"]), "indicator": _short(t["indicator"])}
            for t in row["targets"][:1]
        ]
    for issue in data["part2"]:
        issue["problem"] = _short(issue["problem"], 8)
        issue["method"] = [{**step, "text": _short(step["text"])} for step in issue["method"][:2]]
        quantitative = [t for t in issue["targets"] if t["kind"] == "quantitative"][:1]
        qualitative = [t for t in issue["targets"] if t["kind"] == "qualitative"][:1]
        issue["targets"] = quantitative + qualitative
    return data


def deputy(office=None, **profile):
    n = next(_serial)
    office = office or OfficeFactory()
    profile.setdefault("first_name", f"ทดสอบ{n}")
    return make_person(f"deputy-report-{n}", [roles.DEPUTY], office, **profile)


def submitted_agreement(owner, *, data: dict | None = None, fiscal_year: int = FISCAL_YEAR):
    """Start, fill and submit an agreement for `owner`; returns the Submission."""
    agreement = drafts.agreement_start(owner=owner, fiscal_year=fiscal_year)
    drafts.agreement_update(
        agreement=agreement, actor=owner, data=data or complete_data(), expected_revision=None
    )
    return workflow.agreement_submit(agreement=agreement, actor=owner)


def appointed_committee(agreement, people, seats=("evaluator1", "evaluator2", "evaluator3")):
    """A round and a committee of three (the first of `seats` chairs) for an agreed `agreement`."""
    import datetime as dt

    from django.utils import timezone

    from evaluations import committees as evaluation_committees
    from evaluations import services as evaluation_services
    from evaluations.schemes import scheme_latest, schemes_load_all

    schemes_load_all()
    evaluation_round = evaluation_services.round_create(
        actor=people["hr"],
        fiscal_year=FISCAL_YEAR,
        number=1,
        title=f"การประเมิน ครั้งที่ 1 ปีงบประมาณ {FISCAL_YEAR}",
        scheme=scheme_latest(),
        starts_on=timezone.localdate() - dt.timedelta(days=7),
        due_on=timezone.localdate() + dt.timedelta(days=30),
    )
    return evaluation_committees.committee_assign(
        evaluation_round=evaluation_round,
        agreement=agreement,
        chair=people[seats[0]],
        members=[people[name] for name in seats[1:]],
        actor=people["hr"],
    )


def evaluated_committee(
    agreement, people, *, levels=(3, 4, 2), seats=("evaluator1", "evaluator2", "evaluator3")
):
    """`appointed_committee`, then every sheet scored and finalised through the evaluation
    services; each evaluator gives one level everywhere (the `seats` in order: `levels`)."""
    from evaluations import services as evaluation_services

    committee = appointed_committee(agreement, people, seats)
    evaluators = [people[name] for name in seats]
    snapshot = committee.submission.snapshot
    for evaluator, level in zip(evaluators, levels, strict=True):
        evaluation = committee.members.select_related("evaluation").get(evaluator=evaluator).evaluation
        rubric = evaluation_services.evaluation_rubric(evaluation)
        chosen = {evaluation_services.item_key(row["sub_item"]): level for row in snapshot["part1"]}
        for issue in snapshot["part2"]:
            for criterion in rubric.criteria:
                chosen[evaluation_services.criterion_key(issue["order"], criterion.code)] = level
        comments = {evaluation_services.item_key("1.1"): f"ความเห็นของ{evaluator.profile.full_name}"}
        evaluation_services.sheet_save(
            evaluation=evaluation, actor=evaluator, levels=chosen, comments=comments
        )
        evaluation_services.sheet_finalise(evaluation=evaluation, actor=evaluator)
    committee.refresh_from_db()
    return committee


def long_data() -> dict:
    """The complete agreement with every Part 1 cell about three times as long: each cell is
    followed by the same cell of the next two rows (real sentences of other sub-items), so every
    row runs over a page and every label stands before several lines."""
    data = complete_data()
    rows = data["part1"]
    originals = copy.deepcopy(rows)
    for number, row in enumerate(rows):
        following = [originals[(number + step) % len(originals)] for step in (1, 2)]
        row["tasks"] = " ".join([row["tasks"], *(other["tasks"] for other in following)])
        for index, target in enumerate(row["targets"]):
            for key in ("outcome", "indicator"):
                more = [t[key] for other in following for t in other["targets"][index : index + 1]]
                target[key] = " ".join([target[key], *more])
    for issue in data["part2"]:
        issue["problem"] = " ".join([issue["problem"]] * 2)
    return data
