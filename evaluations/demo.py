"""Demo evaluation for seed_demo: an open round of fiscal year 2570 in which deputy1's agreement is
scored and finalised by its three evaluators, and deputy3's (the other office) is still being
scored, so the whole flow can be tried in the browser."""

import datetime as dt

from django.utils import timezone

from agreements import demo as agreements_demo
from agreements import drafts, workflow
from agreements.models import Agreement

from . import committees, services
from .evidence import evidence_add_link
from .schemes import scheme_latest, schemes_load_all

ROUND_TITLE = "การประเมินข้อตกลงในการพัฒนางาน ครั้งที่ 1 ปีงบประมาณ 2570"

# Levels per evaluator for the finalised sheet: each row cycles through its pattern.
PART1_PATTERNS = {"evaluator1": (3, 4, 3), "evaluator2": (3, 3, 4, 3), "evaluator3": (3, 3, 2, 3, 4)}
PART2_LEVELS = {
    "evaluator1": {"method": 4, "quantitative": 3, "qualitative": 3},
    "evaluator2": {"method": 3, "quantitative": 3, "qualitative": 4},
    "evaluator3": {"method": 3, "quantitative": 3, "qualitative": 3},
}
COMMENTS = {
    "item:1.1": "แผนปฏิบัติราชการมีตัวชี้วัดและปฏิทินติดตามชัดเจน",
    "challenge:1:method": "ขั้นตอนต่อเนื่อง มีปฏิทินการดำเนินงานที่ตรวจสอบได้",
}


def _agreed_second_agreement(users) -> Agreement:
    agreement = drafts.agreement_start(owner=users["deputy3"], fiscal_year=agreements_demo.DEMO_FISCAL_YEAR)
    drafts.agreement_update(
        agreement=agreement,
        actor=users["deputy3"],
        data=agreements_demo._load("agreement-complete.json"),
        expected_revision=None,
    )
    workflow.agreement_submit(agreement=agreement, actor=users["deputy3"])
    workflow.agreement_agree(agreement=agreement, actor=users["director2"], comment="เห็นชอบ")
    return agreement


def _levels_for(evaluation, username: str, rows: int | None = None) -> dict:
    snapshot = evaluation.member.committee.submission.snapshot
    pattern = PART1_PATTERNS[username]
    levels = {
        services.item_key(row["sub_item"]): pattern[i % len(pattern)]
        for i, row in enumerate(snapshot["part1"][:rows])
    }
    if rows is None:
        for issue in snapshot["part2"]:
            for code, level in PART2_LEVELS[username].items():
                levels[services.criterion_key(issue["order"], code)] = level
    return levels


def seed(users: dict) -> dict:
    schemes_load_all()
    first = Agreement.objects.get(owner=users["deputy1"], fiscal_year__year=agreements_demo.DEMO_FISCAL_YEAR)
    workflow.agreement_agree(agreement=first, actor=users["director"], comment="เห็นชอบ")
    first.refresh_from_db()
    evidence_add_link(
        agreement=first,
        actor=users["deputy1"],
        anchor=services.item_key("1.1"),
        title="แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2570 (เว็บไซต์สำนักงาน)",
        url="https://example.go.th/plan-2570",
    )
    evidence_add_link(
        agreement=first,
        actor=users["deputy1"],
        anchor=services.issue_key(1),
        title="รายงานผลการคัดกรองการอ่านการเขียน ภาคเรียนที่ 1",
        url="https://example.go.th/reading-report",
    )
    second = _agreed_second_agreement(users)

    evaluation_round = services.round_create(
        actor=users["hr1"],
        fiscal_year=agreements_demo.DEMO_FISCAL_YEAR,
        number=1,
        title=ROUND_TITLE,
        scheme=scheme_latest(),
        # Open around the day the demo is seeded, so its scoring window is open.
        starts_on=timezone.localdate() - dt.timedelta(days=7),
        due_on=timezone.localdate() + dt.timedelta(days=45),
    )
    evaluators = [users["evaluator1"], users["evaluator2"], users["evaluator3"]]
    done = committees.committee_assign(
        evaluation_round=evaluation_round,
        agreement=first,
        chair=evaluators[0],
        members=evaluators[1:],
        actor=users["hr1"],
    )
    for member in done.members.select_related("evaluation", "evaluator"):
        username = member.evaluator.username
        services.sheet_save(
            evaluation=member.evaluation,
            actor=member.evaluator,
            levels=_levels_for(member.evaluation, username),
            comments=COMMENTS,
        )
        services.sheet_finalise(evaluation=member.evaluation, actor=member.evaluator)

    in_progress = committees.committee_assign(
        evaluation_round=evaluation_round,
        agreement=second,
        chair=evaluators[2],
        members=evaluators[:2],
        actor=users["hr1"],
    )
    started = in_progress.members.select_related("evaluation", "evaluator").get(evaluator=evaluators[0])
    services.sheet_save(
        evaluation=started.evaluation,
        actor=evaluators[0],
        levels=_levels_for(started.evaluation, "evaluator1", rows=5),
        comments={},
    )
    return {"round": evaluation_round, "scored": done, "scoring": in_progress}
