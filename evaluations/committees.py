"""Evaluation committees: who may sit on one (the scheme's rules), appointing one, and the same
committee for every agreement of an office."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts.selectors import display_name
from agreements.models import Agreement
from audit.services import audit_record
from pa_portal import roles
from pa_portal.errors import DomainError
from pa_portal.events import send_on_commit

from . import permissions, signals
from .models import Committee, CommitteeMember, Evaluation, EvaluationRound
from .services import round_agreements


def committee_conflicts(*, agreement: Agreement, evaluator) -> list[str]:
    """Why `evaluator` may not sit on this agreement's committee (empty when they may)."""
    name = display_name(evaluator)
    problems = []
    if evaluator.pk == agreement.owner_id:
        problems.append(f"{name} เป็นเจ้าของข้อตกลงนี้ จึงเป็นกรรมการประเมินข้อตกลงของตนเองไม่ได้")
    elif permissions.is_office_supervisor(evaluator, agreement) or agreement.agreed_by_id == evaluator.pk:
        problems.append(f"{name} เป็นผู้บังคับบัญชาของเจ้าของข้อตกลง จึงเป็นกรรมการประเมินข้อตกลงนี้ไม่ได้")
    if not evaluator.is_active or not permissions.has_role(evaluator, roles.EVALUATOR):
        problems.append(f"{name} ไม่ได้มีบทบาทผู้ประเมินในระบบ")
    return problems


def _composition_problems(evaluation_round, agreement, chair, members) -> list[str]:
    size = evaluation_round.scheme.committee_size
    people = [chair, *members]
    problems = []
    if len({p.pk for p in people}) != len(people):
        problems.append("มีรายชื่อกรรมการซ้ำกัน")
    if len(people) != size:
        problems.append(f"คณะกรรมการต้องมี {size} คน (ประธานกรรมการ 1 คน และกรรมการ {size - 1} คน)")
    if not round_agreements(evaluation_round).filter(pk=agreement.pk).exists():
        problems.append(f"ข้อตกลง {agreement.number} ไม่อยู่ในขอบเขตของรอบการประเมินนี้ (ต้องได้รับความเห็นชอบแล้ว)")
    for person in people:
        problems.extend(committee_conflicts(agreement=agreement, evaluator=person))
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
    problems = _composition_problems(evaluation_round, agreement, chair, members)
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
