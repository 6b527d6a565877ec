"""Load data for the deadline-day benchmark (bench/load; the product never imports it): every
office of the country, its director and deputies, evaluators and HR, and one agreement per
deputy in a mix of statuses.

One agreement is written through the services (agreement_start, agreement_update) from
fixtures/demo/agreement-complete.json; every other agreement is a bulk copy of its rows, so the
rows are the ones the services write, at a fraction of the time. Submissions carry the real
`agreement_to_dict` snapshot of their agreement and its sha256, as agreement_submit stores them.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import Office, Profile
from agreements import demo, drafts
from agreements.management.commands.load_policies import load_policy_files
from agreements.models import (
    Agreement,
    AgreementItem,
    ChallengeIssue,
    MethodStep,
    Review,
    Submission,
    Target,
    TargetEntry,
)
from agreements.snapshot import agreement_to_dict, snapshot_hash
from audit.models import AuditEntry
from evaluations import committees as evaluation_committees
from evaluations import services as evaluation_services
from evaluations.schemes import scheme_latest, schemes_load_all
from pa_portal import roles
from pa_portal.errors import DomainError
from standards import selectors as standard_selectors

# Every load account shares this password; the benchmark signs in with it. Load data only.
LOAD_PASSWORD = "load-test-2570-pa"  # noqa: S105
OFFICE_PREFIX = "LOAD"
BATCH = 2000

PROVINCES = [
    "เชียงใหม่", "เชียงราย", "ลำปาง", "พิษณุโลก", "นครสวรรค์", "ขอนแก่น", "อุดรธานี", "นครราชสีมา",
    "อุบลราชธานี", "บุรีรัมย์", "สุรินทร์", "ศรีสะเกษ", "ร้อยเอ็ด", "ชลบุรี", "ระยอง", "ราชบุรี",
    "กาญจนบุรี", "นครศรีธรรมราช", "สุราษฎร์ธานี", "สงขลา",
]  # fmt: skip
TITLES = ["นาย", "นาง", "นางสาว", "ดร."]
FIRST_NAMES = ["สมชาย", "สุภาพร", "ธนากร", "วิไลวรรณ", "อนุชา", "รัตนา", "ประเสริฐ", "กมลชนก", "วีระพงษ์"]
LAST_NAMES = ["ใจดี", "แก้วมณี", "ศรีสุข", "จันทร์หอม", "พรหมมา", "ทองดี", "บุญมา", "สายสุวรรณ", "วงศ์สวัสดิ์"]
DEPUTY_POSITION = "รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
DIRECTOR_POSITION = "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา"
# 183 primary (สพป.) and 62 secondary (สพม.) offices in the real country; the same share here.
PRIMARY_SHARE = 183 / 245


@dataclass
class LoadSummary:
    offices: int = 0
    users: int = 0
    statuses: dict = field(default_factory=dict)
    committees: int = 0


def deputy_username(office: int, n: int) -> str:
    return f"load-d{office:03d}-{n}"


def supervisor_username(office: int) -> str:
    return f"load-s{office:03d}"


def evaluator_username(n: int) -> str:
    return f"load-e{n:03d}"


HR_USERNAME = "load-hr"


def load_status(office: int, n: int) -> str:
    """Deadline day: two of three deputies still hold a draft; the rest have submitted, and half
    of those have their director's agreement already."""
    if n % 3 != 0:
        return Agreement.Status.DRAFT
    return Agreement.Status.SUBMITTED if office % 2 else Agreement.Status.AGREED


def load_present() -> bool:
    return Office.objects.filter(code__startswith=OFFICE_PREFIX).exists()


@transaction.atomic
def load_seed(*, offices: int, deputies_per_office: int, evaluators: int, fiscal_year: int) -> LoadSummary:
    standard = standard_selectors.standard_latest(drafts.DEFAULT_STANDARD_CODE)
    if standard is None:
        raise DomainError("ยังไม่ได้นำเข้ามาตรฐานตำแหน่ง (python manage.py load_standards)")
    load_policy_files()
    year = drafts.fiscal_year_get_or_create(fiscal_year)
    office_rows = _offices(offices)
    people = _people(office_rows, deputies_per_office, evaluators)
    deputies = people["deputies"]

    # The model agreement: written by the services, so its rows are the reference.
    first_user, _ = deputies[0]
    model = drafts.agreement_start(owner=first_user, fiscal_year=fiscal_year, standard=standard)
    drafts.agreement_update(
        agreement=model, actor=first_user, data=demo._load("agreement-complete.json"), expected_revision=None
    )
    model.refresh_from_db()
    copies = _copy_agreement(model, [user for user, _ in deputies[1:]], year)
    agreements = [model, *copies]

    now = timezone.now()
    summary = LoadSummary(offices=len(office_rows), users=people["count"])
    submitted = []
    for agreement, (_, (office_index, n)) in zip(agreements, deputies, strict=True):
        status = load_status(office_index, n)
        summary.statuses[str(status)] = summary.statuses.get(str(status), 0) + 1
        if status != Agreement.Status.DRAFT:
            agreement.status = status
            agreement.submitted_at = now
            submitted.append(agreement)
    _submit_all(submitted, people["supervisors"], now)
    agreed = [a for a in submitted if a.status == Agreement.Status.AGREED]
    summary.committees = _evaluation_round(agreed, people["evaluators"], people["hr"], fiscal_year)
    return summary


def _evaluation_round(agreed: list[Agreement], evaluators: list, hr, fiscal_year: int) -> int:
    """An open evaluation round with a committee of three evaluators for every agreed agreement,
    appointed through the evaluations services as HR would."""
    if len(evaluators) < 3 or not agreed:
        return 0
    schemes_load_all()
    today = timezone.localdate()
    evaluation_round = evaluation_services.round_create(
        actor=hr,
        fiscal_year=fiscal_year,
        number=1,
        title=f"การประเมินครั้งที่ 1 ปีงบประมาณ {fiscal_year} (ข้อมูลทดสอบโหลด)",
        scheme=scheme_latest(),
        starts_on=today - timedelta(days=1),
        due_on=today + timedelta(days=60),
    )
    for i, agreement in enumerate(agreed):
        chair, *members = (evaluators[(i * 3 + k) % len(evaluators)] for k in range(3))
        evaluation_committees.committee_assign(
            evaluation_round=evaluation_round, agreement=agreement, chair=chair, members=members, actor=hr
        )
    return len(agreed)


def _offices(count: int) -> list[Office]:
    primary = round(count * PRIMARY_SHARE)
    offices = []
    for i in range(1, count + 1):
        province = PROVINCES[i % len(PROVINCES)]
        if i <= primary:
            name = f"สำนักงานเขตพื้นที่การศึกษาประถมศึกษา{province} เขต {i // len(PROVINCES) + 1}"
            kind = Office.Kind.PRIMARY
        else:
            name = f"สำนักงานเขตพื้นที่การศึกษามัธยมศึกษา{province} (ชุดทดสอบ {i})"
            kind = Office.Kind.SECONDARY
        offices.append(Office(code=f"{OFFICE_PREFIX}{i:04d}", name=name, kind=kind, province=province))
    return Office.objects.bulk_create(offices, batch_size=BATCH)


def _people(offices: list[Office], deputies_per_office: int, evaluators: int) -> dict:
    """Users with profiles and roles. They share one password hash: hashing 700+ passwords one by
    one would take minutes, and the load test signs in with the one known password."""
    User = get_user_model()
    password = make_password(LOAD_PASSWORD)
    specs = []  # (username, role, office, position, key)
    for index, office in enumerate(offices, start=1):
        specs.append((supervisor_username(index), roles.SUPERVISOR, office, DIRECTOR_POSITION, ("s", index)))
        for n in range(1, deputies_per_office + 1):
            specs.append((deputy_username(index, n), roles.DEPUTY, office, DEPUTY_POSITION, ("d", index, n)))
    for n in range(1, evaluators + 1):
        specs.append((evaluator_username(n), roles.EVALUATOR, None, "ผู้ทรงคุณวุฒิ", ("e", n)))
    specs.append((HR_USERNAME, roles.HR, offices[0], "นักทรัพยากรบุคคล ชำนาญการ", ("h",)))

    users = User.objects.bulk_create(
        [
            User(
                username=username,
                password=password,
                first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)],
            )
            for i, (username, *_rest) in enumerate(specs)
        ],
        batch_size=BATCH,
    )
    Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                title=TITLES[i % len(TITLES)],
                first_name=user.first_name,
                last_name=user.last_name,
                position=position,
                academic_standing=Profile.AcademicStanding.SENIOR_PROFESSIONAL
                if role == roles.DEPUTY
                else "",
                office=office,
                salary_rank="คศ.3" if role == roles.DEPUTY else "",
                salary_rate="58390.00" if role == roles.DEPUTY else None,
            )
            for i, (user, (_, role, office, position, _key)) in enumerate(zip(users, specs, strict=True))
        ],
        batch_size=BATCH,
    )
    groups = {group.name: group for group in Group.objects.filter(name__in=roles.ALL_ROLES)}
    Membership = User.groups.through
    Membership.objects.bulk_create(
        [
            Membership(user_id=user.pk, group_id=groups[role].pk)
            for user, (_, role, *_rest) in zip(users, specs, strict=True)
        ],
        batch_size=BATCH,
    )
    by_key = {spec[4]: user for user, spec in zip(users, specs, strict=True)}
    # Profiles were created after the users: load them so the services can read user.profile.
    profiles = {p.user_id: p for p in Profile.objects.filter(user__in=users).select_related("office")}
    for user in users:
        user.profile = profiles[user.pk]
    return {
        "count": len(users),
        "deputies": [(user, key[1:]) for key, user in by_key.items() if key[0] == "d"],
        "supervisors": {key[1]: user for key, user in by_key.items() if key[0] == "s"},
        "evaluators": [user for key, user in by_key.items() if key[0] == "e"],
        "hr": by_key[("h",)],
    }


def _copy_agreement(model: Agreement, owners: list, year) -> list[Agreement]:
    """Bulk copies of `model` for each owner, with the owner's details as agreement_start sets
    them, and every row of Part 1 and Part 2 as agreement_update wrote them for the model."""
    agreements = Agreement.objects.bulk_create(
        [
            Agreement(
                owner=owner,
                fiscal_year=year,
                standard_id=model.standard_id,
                office_id=owner.profile.office_id,
                status=Agreement.Status.DRAFT,
                revision=model.revision,
                owner_name=owner.profile.full_name,
                owner_position=owner.profile.position,
                owner_academic_standing=owner.profile.get_academic_standing_display()
                if owner.profile.academic_standing
                else "",
                owner_salary_rank=owner.profile.salary_rank,
                owner_salary_rate=owner.profile.salary_rate,
                office_name=owner.profile.office.name,
            )
            for owner in owners
        ],
        batch_size=BATCH,
    )
    items = list(model.items.order_by("pk").prefetch_related("targets"))
    new_items = AgreementItem.objects.bulk_create(
        [
            AgreementItem(agreement=a, sub_item_id=item.sub_item_id, tasks=item.tasks)
            for a in agreements
            for item in items
        ],
        batch_size=BATCH,
    )
    TargetEntry.objects.bulk_create(
        [
            TargetEntry(
                item=new_item,
                target_group=t.target_group,
                outcome=t.outcome,
                indicator=t.indicator,
                kind=t.kind,
            )
            for new_item, item in zip(new_items, items * len(agreements), strict=True)
            for t in item.targets.all()
        ],
        batch_size=BATCH,
    )
    issues = list(model.challenges.order_by("order").prefetch_related("steps", "targets"))
    new_issues = ChallengeIssue.objects.bulk_create(
        [
            ChallengeIssue(
                agreement=a,
                order=issue.order,
                title=issue.title,
                policy_id=issue.policy_id,
                policy_other=issue.policy_other,
                problem=issue.problem,
            )
            for a in agreements
            for issue in issues
        ],
        batch_size=BATCH,
    )
    pairs = list(zip(new_issues, issues * len(agreements), strict=True))
    MethodStep.objects.bulk_create(
        [
            MethodStep(
                issue=new, order=s.order, text=s.text, start_month=s.start_month, end_month=s.end_month
            )
            for new, issue in pairs
            for s in issue.steps.all()
        ],
        batch_size=BATCH,
    )
    Target.objects.bulk_create(
        [
            Target(issue=new, order=t.order, kind=t.kind, text=t.text, value=t.value, unit=t.unit)
            for new, issue in pairs
            for t in issue.targets.all()
        ],
        batch_size=BATCH,
    )
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=a.owner,
                actor_name=a.owner_name,
                action="agreement.created",
                object_type="agreements.agreement",
                object_id=str(a.pk),
                agreement=a,
            )
            for a in agreements
        ],
        batch_size=BATCH,
    )
    return agreements


def _submit_all(agreements: list[Agreement], supervisors: dict, now) -> None:
    """Submissions (and the director's agreement where due) as agreement_submit and
    agreement_agree write them: the snapshot is the agreement_to_dict of the stored rows."""
    submissions = []
    for agreement in agreements:
        snapshot = agreement_to_dict(agreement)
        submissions.append(
            Submission(
                agreement=agreement,
                version=1,
                snapshot=snapshot,
                sha256=snapshot_hash(snapshot),
                submitted_by_id=agreement.owner_id,
                submitted_at=now,
            )
        )
    Submission.objects.bulk_create(submissions, batch_size=500)
    office_index = {supervisor.profile.office_id: supervisor for supervisor in supervisors.values()}
    reviews, audits = [], []
    for agreement, submission in zip(agreements, submissions, strict=True):
        audits.append(
            AuditEntry(
                actor_id=agreement.owner_id,
                actor_name=agreement.owner_name,
                action="agreement.submitted",
                object_type="agreements.agreement",
                object_id=str(agreement.pk),
                agreement=agreement,
                changes={"version": 1, "sha256": submission.sha256},
            )
        )
        if agreement.status == Agreement.Status.AGREED:
            supervisor = office_index[agreement.office_id]
            agreement.agreed_at = now
            agreement.agreed_by = supervisor
            reviews.append(
                Review(
                    agreement=agreement,
                    submission=submission,
                    decision=Review.Decision.AGREED,
                    reviewer=supervisor,
                    reviewer_name=supervisor.profile.full_name,
                    reviewer_position=supervisor.profile.position,
                )
            )
            audits.append(
                AuditEntry(
                    actor=supervisor,
                    actor_name=supervisor.profile.full_name,
                    action="agreement.agreed",
                    object_type="agreements.agreement",
                    object_id=str(agreement.pk),
                    agreement=agreement,
                )
            )
    Agreement.objects.bulk_update(
        agreements, ["status", "submitted_at", "agreed_at", "agreed_by"], batch_size=BATCH
    )
    Review.objects.bulk_create(reviews, batch_size=BATCH)
    AuditEntry.objects.bulk_create(audits, batch_size=BATCH)
