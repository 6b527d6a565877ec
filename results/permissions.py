"""Who may do what with a results report. Reading follows the agreement (its owner, the office's
director, HR, an evaluator on its committee: agreements.permissions knows them all); a draft is
its owner's and HR's only, as an agreement's draft is."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from agreements.models import Agreement
from agreements.permissions import agreements_visible_to, is_office_supervisor
from pa_portal import roles
from pa_portal.errors import NoLongerEditable
from pa_portal.permissions import deny, has_role, is_hr  # noqa: F401  (deny: asked through here)

from .models import ResultsReport

SUBMITTED_ALREADY = "รายงานผลนี้ส่งแล้ว แก้ไขไม่ได้"


def can_report(user) -> bool:
    return has_role(user, roles.DEPUTY)


def reports_visible_to(user, queryset=None) -> QuerySet[ResultsReport]:
    qs = queryset if queryset is not None else ResultsReport.objects.all()
    if not user.is_authenticated:
        return qs.none()
    if is_hr(user):
        return qs
    readable = agreements_visible_to(user, Agreement.objects.all()).values("pk")
    return qs.filter(
        Q(agreement__owner=user) | (Q(agreement__in=readable) & ~Q(status=ResultsReport.Status.DRAFT))
    )


def can_edit_report(user, report: ResultsReport) -> bool:
    return report.agreement.owner_id == user.pk and report.is_editable


def editable_check(user, report: ResultsReport) -> None:
    if can_edit_report(user, report):
        return
    if report.agreement.owner_id == user.pk:
        raise NoLongerEditable(SUBMITTED_ALREADY)
    raise PermissionDenied("คุณไม่มีสิทธิ์แก้ไขรายงานผลนี้")


def can_review_report(user, report: ResultsReport) -> bool:
    return is_office_supervisor(user, report.agreement) and report.status == ResultsReport.Status.SUBMITTED
