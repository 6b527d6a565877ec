"""Evaluation committees: who may sit on one (the scheme's rules), appointing one, and the same
committee for every agreement of an office."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.selectors import display_name, office_supervisors
from agreements.models import Agreement
from audit.services import audit_record
from pa_portal import roles
from pa_portal.errors import DomainError
from pa_portal.events import send_on_commit

from . import permissions, signals
from .composition import (
    DEFAULT_RULES,
    EXCLUSION_LABELS,
    CommitteeRules,
    Facts,
    chair_problems,
    person_problems,
)
from .models import (
    Committee,
    CommitteeMember,
    ConflictDeclaration,
    Evaluation,
    EvaluationRound,
    OfficeExclusion,
)
from .schemes import scheme_latest
from .services import round_agreements

CONFLICT_REASON_REQUIRED = "กรุณาระบุเหตุผลของการมีส่วนได้เสีย"


def _facts(agreement: Agreement, person) -> Facts:
    return Facts(
        name=display_name(person),
        is_owner=person.pk == agreement.owner_id,
        is_office_supervisor=permissions.is_office_supervisor(person, agreement),
        agreed_it=agreement.agreed_by_id == person.pk,
        same_office=permissions.user_office_id(person) == agreement.office_id,
        declared_conflicts=tuple(
            ConflictDeclaration.objects.filter(evaluator=person, owner_id=agreement.owner_id)
            .order_by("recorded_at")
            .values_list("reason", flat=True)
        ),
        is_evaluator=person.is_active and permissions.has_role(person, roles.EVALUATOR),
    )


def office_exclusions(office_id) -> frozenset[str]:
    """The optional exclusions HR has switched on for an office."""
    return frozenset(OfficeExclusion.objects.filter(office_id=office_id).values_list("code", flat=True))


def committee_rules(evaluation_round: EvaluationRound, agreement: Agreement) -> CommitteeRules:
    """The rules an appointment is checked against: those the committee was first appointed
    under when it exists, else the round's edition."""
    committee = Committee.objects.filter(round=evaluation_round, agreement=agreement).first()
    if committee is not None and committee.composition_rules:
        return committee.rules()
    return evaluation_round.scheme.rules()


def committee_conflicts(
    *, agreement: Agreement, evaluator, rules: CommitteeRules | None = None, as_chair: bool = False
) -> list[str]:
    """Why `evaluator` may not take a seat (the chair's when `as_chair`) on this agreement's
    committee under `rules` (default: the rules of the latest edition of the default scheme);
    empty when they may. The owner is always refused."""
    if rules is None:
        latest = scheme_latest()
        rules = latest.rules() if latest is not None else DEFAULT_RULES
    return person_problems(
        rules,
        _facts(agreement, evaluator),
        as_chair=as_chair,
        switched_on=office_exclusions(agreement.office_id),
    )


def committee_proposed_chair(*, rules: CommitteeRules, office, owner=None):
    """Whom HR's form proposes as chair: the office supervisor when the rules let them chair and
    they hold the evaluator role (only evaluators can be chosen), else nobody."""
    if not rules.proposes_supervisor_as_chair:
        return None
    for person in office_supervisors(office):
        if (owner is None or person.pk != owner.pk) and permissions.has_role(person, roles.EVALUATOR):
            return person
    return None


def _composition_problems(evaluation_round, agreement, chair, members, rules: CommitteeRules) -> list[str]:
    size = evaluation_round.scheme.committee_size
    people = [chair, *members]
    problems = []
    if len({p.pk for p in people}) != len(people):
        problems.append("มีรายชื่อกรรมการซ้ำกัน")
    if len(people) != size:
        problems.append(f"คณะกรรมการต้องมี {size} คน (ประธานกรรมการ 1 คน และกรรมการ {size - 1} คน)")
    if not round_agreements(evaluation_round).filter(pk=agreement.pk).exists():
        problems.append(f"ข้อตกลง {agreement.number} ไม่อยู่ในขอบเขตของรอบการประเมินนี้ (ต้องได้รับความเห็นชอบแล้ว)")
    switched_on = office_exclusions(agreement.office_id)
    facts = [_facts(agreement, person) for person in people]
    for i, person_facts in enumerate(facts):
        problems.extend(person_problems(rules, person_facts, as_chair=i == 0, switched_on=switched_on))
    if not any(f.is_owner for f in facts):
        problems.extend(chair_problems(rules, facts[0]))
    return problems


@transaction.atomic
def committee_assign(
    *, evaluation_round: EvaluationRound, agreement: Agreement, chair, members: list, actor
) -> Committee:
    """Appoint (or re-appoint, while nobody has finalised) the committee of one agreement.
    A person who stays on keeps their draft; a person who leaves takes their draft with them."""
    if not permissions.can_assign_committee(actor, evaluation_round):
        raise PermissionDenied("คุณไม่มีสิทธิ์แต่งตั้งคณะกรรมการในรอบการประเมินนี้")
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    rules = committee_rules(evaluation_round, agreement)
    problems = _composition_problems(evaluation_round, agreement, chair, members, rules)
    if problems:
        raise DomainError(problems)
    committee = (
        Committee.objects.select_for_update().filter(round=evaluation_round, agreement=agreement).first()
    )
    before = None
    if committee is None:
        committee = Committee.objects.create(
            round=evaluation_round,
            agreement=agreement,
            submission=agreement.submissions.order_by("-version").first(),
            assigned_by=actor,
            composition_rules={
                "scheme": evaluation_round.scheme.code,
                "edition": evaluation_round.scheme.edition,
                "rules": rules.to_dict(),
            },
        )
    else:
        if committee.members.filter(evaluation__status=Evaluation.Status.FINAL).exists():
            raise DomainError("มีกรรมการยืนยันผลการประเมินแล้ว จึงเปลี่ยนคณะกรรมการไม่ได้")
        before = [(m.role, m.evaluator_name) for m in committee.members.all()]
        # Free the chair's unique slot before seats are re-dealt.
        committee.members.exclude(evaluator__in=[chair, *members]).delete()
        committee.members.update(role=CommitteeMember.Role.MEMBER)
    seats = {m.evaluator_id: m for m in committee.members.all()}
    for order, (person, role) in enumerate(
        [(chair, CommitteeMember.Role.CHAIR)] + [(m, CommitteeMember.Role.MEMBER) for m in members], start=1
    ):
        seat = seats.get(person.pk)
        if seat is None:
            profile = getattr(person, "profile", None)
            seat = CommitteeMember.objects.create(
                committee=committee,
                evaluator=person,
                role=role,
                order=order,
                evaluator_name=display_name(person),
                evaluator_position=profile.position if profile else "",
            )
            Evaluation.objects.create(member=seat)
        else:
            seat.role, seat.order = role, order
            seat.save(update_fields=["role", "order"])
    send_on_commit(signals.committee_assigned, Committee, committee=committee)
    audit_record(
        actor=actor,
        action="evaluation.committee_assigned",
        obj=committee,
        agreement=agreement,
        changes={
            "round": str(evaluation_round),
            "rules": committee.composition_rules,
            "before": before,
            "after": [(m.role, m.evaluator_name) for m in committee.members.all()],
        },
    )
    return committee


@dataclass
class BulkAssignResult:
    assigned: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (agreement, [reasons])


def committee_assign_office(
    *, evaluation_round: EvaluationRound, office, chair, members: list, actor
) -> BulkAssignResult:
    """The same committee for every agreement of an office that has none yet in this round; an
    agreement where someone has a conflict is skipped and reported, the others are assigned."""
    if not permissions.can_assign_committee(actor, evaluation_round):
        raise PermissionDenied("คุณไม่มีสิทธิ์แต่งตั้งคณะกรรมการในรอบการประเมินนี้")
    result = BulkAssignResult()
    pending = (
        round_agreements(evaluation_round)
        .filter(office=office)
        .exclude(committees__round=evaluation_round)
        .order_by("owner_name")
    )
    for agreement in pending:
        try:
            with transaction.atomic():
                committee_assign(
                    evaluation_round=evaluation_round,
                    agreement=agreement,
                    chair=chair,
                    members=members,
                    actor=actor,
                )
        except DomainError as exc:
            result.skipped.append((agreement, exc.messages))
        else:
            result.assigned.append(agreement)
    return result


# --- optional exclusions: switched on per office, conflicts declared with a reason ------------


@transaction.atomic
def office_exclusion_set(*, office, code: str, on: bool, actor) -> None:
    """HR switches an optional exclusion of the committee rules on or off for one office."""
    if not permissions.can_manage_evaluations(actor):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่บริหารงานบุคคลหรือผู้ดูแลระบบที่กำหนดข้อยกเว้นได้")
    if code not in EXCLUSION_LABELS:
        raise DomainError(f"ไม่รู้จักข้อยกเว้น '{code}'", path="code")
    if on:
        _, created = OfficeExclusion.objects.get_or_create(
            office=office, code=code, defaults={"switched_on_by": actor}
        )
    else:
        exclusion = OfficeExclusion.objects.filter(office=office, code=code).first()
        created = exclusion is not None
        if exclusion is not None:
            exclusion.delete()
    if created:
        audit_record(
            actor=actor,
            action="evaluation.exclusion_on" if on else "evaluation.exclusion_off",
            obj=office,
            changes={"code": code, "rule": EXCLUSION_LABELS[code]},
        )


@transaction.atomic
def conflict_declare(*, evaluator, owner, reason: str, actor) -> ConflictDeclaration:
    """Record that `evaluator` has a conflict of interest with `owner` (a relative, …): where
    the office has the exclusion switched on, they are refused from the owner's committees."""
    if not permissions.can_manage_evaluations(actor):
        raise PermissionDenied("เฉพาะเจ้าหน้าที่บริหารงานบุคคลหรือผู้ดูแลระบบที่บันทึกการแจ้งส่วนได้เสียได้")
    reason = " ".join((reason or "").split())
    if not reason:
        raise DomainError(CONFLICT_REASON_REQUIRED, path="reason")
    if evaluator.pk == owner.pk:
        raise DomainError("ผู้ประเมินและเจ้าของข้อตกลงเป็นคนเดียวกัน", path="evaluator")
    declaration, _ = ConflictDeclaration.objects.update_or_create(
        evaluator=evaluator, owner=owner, defaults={"reason": reason[:500], "recorded_by": actor}
    )
    audit_record(
        actor=actor,
        action="evaluation.conflict_declared",
        obj=declaration,
        changes={
            "evaluator": display_name(evaluator),
            "owner": display_name(owner),
            "reason": declaration.reason,
        },
    )
    return declaration
