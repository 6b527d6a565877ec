"""The admin goes around no rule and no audit entry (issue 18): every registered ModelAdmin, for one
record of its model, either refuses the change (and the deletion) or leaves an audit entry for it.
The admin is driven as a browser drives it: the change form is read and posted back as it is, the
delete page is confirmed."""

from html.parser import HTMLParser

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements.models import FiscalYear, Policy, SubmissionExtension
from audit.models import AuditEntry
from evaluations.models import Evidence
from notifications.models import Reminder
from pa_portal.admin import PortalAdmin
from reports.models import PacketExport
from results.models import ResultsCalendar
from verification.models import DocumentCode, VerificationLookup


class _FormReader(HTMLParser):
    """The fields of the admin's change form, as a browser would submit them unchanged."""

    def __init__(self):
        super().__init__()
        self.data: list[tuple[str, str]] = []
        self._in_form = False
        self._select = None
        self._textarea = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name and "disabled" not in a:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.data.append((self._select, a.get("value", "")))
        elif tag == "textarea" and name and "disabled" not in a:
            self._textarea, self._text = name, ""

    def handle_data(self, data):
        if self._textarea:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            self.data.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def _post_data(html: str) -> dict:
    reader = _FormReader()
    reader.feed(html)
    data: dict[str, list[str]] = {}
    for name, value in reader.data:
        data.setdefault(name, []).append(value)
    data["_save"] = ["บันทึก"]
    return data


def _entries(obj) -> int:
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).count()


@pytest.fixture
def every_model(world, people):
    """The world has a record of nearly every model; the rest are made here."""
    AccessAttempt.objects.create(username="x", ip_address="10.0.0.1", failures_since_start=1)
    AccessLog.objects.create(username="x", ip_address="10.0.0.1")
    AccessFailureLog.objects.create(username="x", ip_address="10.0.0.1")
    FiscalYear.objects.get_or_create(year=2580)  # one not in use
    Policy.objects.create(fiscal_year=FiscalYear.objects.get(year=2580), code="unused", title="ไม่ได้ใช้")
    Reminder.objects.create(recipient=people["deputy"], day="2027-01-10")
    SubmissionExtension.objects.create(
        person=people["deputy"],
        fiscal_year=FiscalYear.objects.get(year=2570),
        until=timezone.now(),
        reason="ลาป่วย",
        granted_by=people["hr"],
    )
    ResultsCalendar.objects.create(fiscal_year=FiscalYear.objects.get(year=2570))
    code = DocumentCode.objects.create(code="ABCDEFGHJKLMNPQR", kind="pa1", object_id=1, source_key="x")
    VerificationLookup.objects.create(
        method=VerificationLookup.Method.CODE,
        code_tried=code.code,
        result=VerificationLookup.Result.GENUINE,
        document=code,
    )
    packet = PacketExport.objects.create(
        requested_by=people["hr"], fiscal_year=FiscalYear.objects.get(year=2570)
    )
    packet.file.save("packet.zip", ContentFile(b"PK"), save=True)
    return world


def _staff_client(django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@example.go.th", "x-" * 8)
    client = Client()
    client.force_login(root)
    return client


def test_every_registered_model_admin_is_a_portal_admin():
    strangers = [type(a).__name__ for a in admin.site._registry.values() if not isinstance(a, PortalAdmin)]
    assert strangers == []


def test_every_admin_change_and_delete_is_refused_or_audited(every_model, django_user_model):
    client = _staff_client(django_user_model)
    root, root_model = django_user_model.objects.get(username="root"), django_user_model
    failures, checked = [], []
    registry = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
    for model, model_admin in registry:
        # The last record: the one a fixture made for this test when the world had one already.
        # (Never the signed-in administrator: deleting them would sign the test out.)
        obj = (
            model._default_manager.exclude(pk=root.pk).order_by("pk").last() if model is root_model else None
        )
        obj = obj or model._default_manager.order_by("pk").last()
        if obj is None:
            failures.append(f"{model._meta.label}: no record to try")
            continue
        info = model._meta.app_label, model._meta.model_name
        change_url = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
        page = client.get(change_url)
        before = _entries(obj)
        if model_admin.has_change_permission(page.wsgi_request, obj):
            answer = client.post(change_url, _post_data(page.content.decode()))
            if answer.status_code != 302:
                failures.append(f"{model._meta.label}: change answered {answer.status_code}")
            elif _entries(obj) == before:
                failures.append(f"{model._meta.label}: changed without an audit entry")
        delete_url = reverse("admin:{}_{}_delete".format(*info), args=[obj.pk])
        page = client.get(delete_url)
        refused = page.status_code == 403 or bool(
            page.context and (page.context.get("perms_lacking") or page.context.get("protected"))
        )
        if not refused:
            before = _entries(obj)
            answer = client.post(delete_url, {"post": "yes"})
            if answer.status_code != 302:
                failures.append(f"{model._meta.label}: delete answered {answer.status_code}")
            elif model._default_manager.filter(pk=obj.pk).exists():
                failures.append(f"{model._meta.label}: delete confirmed but the row is still there")
            elif _entries(obj) == before:
                failures.append(f"{model._meta.label}: deleted without an audit entry")
        checked.append(model._meta.label)
    assert failures == [], "\n".join(failures)
    assert len(checked) >= 15


def test_a_fiscal_year_in_use_keeps_its_year_and_cannot_be_deleted(every_model, django_user_model):
    client = _staff_client(django_user_model)
    year = FiscalYear.objects.get(year=2570)
    url = reverse("admin:agreements_fiscalyear_change", args=[year.pk])
    data = _post_data(client.get(url).content.decode())
    assert "year" not in data
    data["year"] = ["2590"]
    assert client.post(url, data).status_code == 302
    year.refresh_from_db()
    assert year.year == 2570
    assert client.get(reverse("admin:agreements_fiscalyear_delete", args=[year.pk])).status_code == 403


def test_evidence_deleted_in_the_admin_goes_through_the_portals_service(
    every_model, django_user_model, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage
    from django.core.files.uploadedfile import SimpleUploadedFile

    from evaluations import evidence as evidence_services
    from evaluations.tests.test_evidence import PNG

    agreement = every_model.agreed
    evidence = evidence_services.evidence_add_file(
        agreement=agreement,
        actor=agreement.owner,
        anchor=evidence_services.evidence_anchor_choices(agreement)[0][0],
        title="ภาพกิจกรรม",
        upload=SimpleUploadedFile("a.png", PNG),
    )
    name = evidence.file.name
    assert default_storage.exists(name)
    client = _staff_client(django_user_model)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:evaluations_evidence_delete", args=[evidence.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert AuditEntry.objects.filter(action="evidence.deleted", object_id=str(evidence.pk)).exists()
    assert not default_storage.exists(name)


def test_evidence_a_final_sheet_has_seen_cannot_be_deleted_in_the_admin(
    every_model, django_user_model, monkeypatch
):
    from evaluations import permissions

    evidence = Evidence.objects.order_by("pk").last()
    client = _staff_client(django_user_model)
    url = reverse("admin:evaluations_evidence_delete", args=[evidence.pk])
    seen = not permissions.can_delete_evidence(django_user_model.objects.get(username="root"), evidence)
    if not seen:
        # Make the rule say "seen" the way the portal decides it: a sheet finalised after upload.
        from evaluations.models import Evaluation

        sheet = Evaluation.objects.filter(member__committee__agreement=evidence.agreement).first()
        assert sheet is not None, "the world needs a committee on the evidence's agreement"
        Evaluation.objects.filter(pk=sheet.pk).update(
            status=Evaluation.Status.FINAL, finalised_at=evidence.created_at
        )
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_row_deleted_in_the_admin_takes_its_file_with_it(
    every_model, django_user_model, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    packet = PacketExport.objects.exclude(file="").order_by("pk").last()
    name = packet.file.name
    assert default_storage.exists(name)
    client = _staff_client(django_user_model)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:reports_packetexport_delete", args=[packet.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not PacketExport.objects.filter(pk=packet.pk).exists()
    assert not default_storage.exists(name)
    assert AuditEntry.objects.filter(action="admin.deleted", object_id=str(packet.pk)).exists()
