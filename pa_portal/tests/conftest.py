"""A small world with one object of every kind, built through the services as users would:
the deputy's agreements in three states (draft, submitted, agreed with a committee and scores),
evidence, a notification. The URL matrix, the backup test and the hostile-input suite share it."""

import datetime
import json
from dataclasses import dataclass, field

import pytest
from django.conf import settings

COMPLETE = json.loads(
    (settings.BASE_DIR / "fixtures/demo/agreement-complete.json").read_text(encoding="utf-8")
)
# A one-page PDF: enough for the evidence checks, which look at the content, not the name.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass
class World:
    people: dict
    draft: object  # the deputy's draft, fiscal year 2571
    submitted: object  # the deputy's submission waiting for the supervisor, 2570
    agreed: object  # agreed in 2569, with a committee of evaluator1 (chair), 2 and 3
    extra: dict = field(default_factory=dict)

    def __getitem__(self, key):
        return self.extra[key]


def fill(agreement, owner, data=None):
    from agreements import drafts

    drafts.agreement_update(agreement=agreement, actor=owner, data=data or COMPLETE, expected_revision=None)
    agreement.refresh_from_db()
    return agreement


def score_all(evaluation, actor, level=3):
    """Give every row and criterion of a sheet the same level, through the service."""
    from evaluations import services as evaluation_services

    rubric = evaluation_services.evaluation_rubric(evaluation)
    part1, part2 = evaluation_services.sheet_keys(evaluation.member.committee.submission.snapshot, rubric)
    anchors = part1 + [anchor for issue in part2 for anchor in issue]
    return evaluation_services.sheet_save(
        evaluation=evaluation,
        actor=actor,
        levels={anchor: level for anchor in anchors},
        comments={anchors[0]: "ชัดเจน ครบถ้วน"},
    )


def copy_policies(from_year: int, *, to_years) -> None:
    """The starter OBEC policy list exists for one year; the world's other years reuse it."""
    from agreements.drafts import fiscal_year_get_or_create
    from agreements.models import Policy

    for year in to_years:
        target = fiscal_year_get_or_create(year)
        for policy in Policy.objects.filter(fiscal_year__year=from_year):
            Policy.objects.get_or_create(
                fiscal_year=target,
                code=policy.code,
                defaults={"kind": policy.kind, "title": policy.title, "order": policy.order},
            )


def build_world(people) -> World:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from agreements import drafts, workflow
    from evaluations import committees as evaluation_committees
    from evaluations import evidence as evidence_services
    from evaluations import services as evaluation_services
    from evaluations.models import Evaluation, ScoringScheme
    from evaluations.schemes import schemes_load_all
    from notifications.models import Notification
    from notifications.services import notification_create

    deputy, supervisor, hr = people["deputy"], people["supervisor"], people["hr"]
    copy_policies(2570, to_years=(2569, 2571))

    agreed = fill(drafts.agreement_start(owner=deputy, fiscal_year=2569), deputy)
    workflow.agreement_submit(agreement=agreed, actor=deputy)
    workflow.agreement_agree(agreement=agreed, actor=supervisor, comment="เห็นชอบ")
    agreed.refresh_from_db()

    submitted = fill(drafts.agreement_start(owner=deputy, fiscal_year=2570), deputy)
    workflow.agreement_submit(agreement=submitted, actor=deputy)
    submitted.refresh_from_db()

    draft = fill(
        drafts.agreement_start(owner=deputy, fiscal_year=2571),
        deputy,
        {"part1": COMPLETE["part1"][:3]},
    )

    schemes_load_all()
    scheme = ScoringScheme.objects.get(code="pa-deputy-director")
    evaluation_round = evaluation_services.round_create(
        actor=hr,
        fiscal_year=2569,
        number=1,
        title="การประเมินครั้งที่ 1 ปีงบประมาณ 2569",
        scheme=scheme,
        starts_on=datetime.date(2026, 4, 1),
        due_on=datetime.date(2026, 12, 31),
    )
    committee = evaluation_committees.committee_assign(
        evaluation_round=evaluation_round,
        agreement=agreed,
        chair=people["evaluator1"],
        members=[people["evaluator2"], people["evaluator3"]],
        actor=hr,
    )
    sheet = Evaluation.objects.get(member__committee=committee, member__evaluator=people["evaluator1"])
    score_all(sheet, people["evaluator1"])

    evidence = evidence_services.evidence_add_file(
        agreement=agreed,
        actor=deputy,
        anchor=evidence_services.evidence_anchor_choices(agreed)[0][0],
        title="รายงานการประชุม",
        upload=SimpleUploadedFile("report.pdf", PDF_BYTES, content_type="application/pdf"),
    )
    # The workflow tells people once its transaction commits, which a test's never does: the
    # deputy's notification of the agreement is written here, as cycle/receivers.py would.
    notification = notification_create(
        recipient=deputy,
        kind=Notification.Kind.AGREED,
        subject="ผู้บังคับบัญชาเห็นชอบข้อตกลงในการพัฒนางาน ปีงบประมาณ 2569 แล้ว",
        link=f"/agreements/{agreed.pk}/",
    )
    return World(
        people=people,
        draft=draft,
        submitted=submitted,
        agreed=agreed,
        extra={
            "round": evaluation_round,
            "committee": committee,
            "sheet": sheet,
            "evidence": evidence,
            "notification": notification,
        },
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(standards, policies, people, media):
    return build_world(people)
