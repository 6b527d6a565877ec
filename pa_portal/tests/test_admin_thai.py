"""The admin is Thai (issue 17): every date is entered with the portal's Thai date field and
listed in พ.ศ., django-axes' records and Django's own strings read in Thai, and so do the
two-box picker's JavaScript strings."""

import datetime as dt
import json

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.db import models
from django.test import RequestFactory

from agreements.models import FiscalYear
from audit.models import AuditEntry
from notifications.models import Reminder
from pa_portal.forms import ThaiDateInput, ThaiSplitDateTimeWidget
from pa_portal.thai import thai_datetime

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(people, client_for):
    return client_for(people["admin"])


def test_every_date_field_of_every_admin_form_is_the_thai_date_field(people):
    request = RequestFactory().get("/admin/")
    request.user = people["admin"]
    plain = []
    for model, model_admin in admin.site._registry.items():
        form = model_admin.get_form(request, None, fields=None)
        for name, field in form.base_fields.items():
            model_field = next((f for f in model._meta.concrete_fields if f.name == name), None)
            if isinstance(model_field, models.DateTimeField):
                expected = ThaiSplitDateTimeWidget
            elif isinstance(model_field, models.DateField):
                expected = ThaiDateInput
            else:
                continue
            if not isinstance(field.widget, expected):
                plain.append(f"{model._meta.label}.{name}: {type(field.widget).__name__}")
    assert plain == []


def test_a_fiscal_year_is_entered_and_listed_in_the_buddhist_era(admin_client):
    year = FiscalYear.objects.create(year=2571)
    change = f"/admin/agreements/fiscalyear/{year.pk}/change/"
    page = admin_client.get(change).content.decode()
    assert "data-thaidate" in page and "js/thaidate.js" in page and "css/thaidate.css" in page

    answer = admin_client.post(
        change,
        {
            "year": "2571",
            "opens_on": "1 ต.ค. 2570",
            "submission_deadline_0": "๓๑/๑๒/๒๕๗๐",
            "submission_deadline_1": "16.30",
            "review_deadline_0": "31 มกราคม 2571",
            "review_deadline_1": "16:30",
            "_save": "บันทึก",
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    year.refresh_from_db()
    assert year.opens_on == dt.date(2027, 10, 1)
    assert year.submission_deadline.isoformat() == "2027-12-31T09:30:00+00:00"

    page = admin_client.get(change).content.decode()
    assert 'value="1 ตุลาคม 2570"' in page and 'value="31 ธันวาคม 2570"' in page
    listing = admin_client.get("/admin/agreements/fiscalyear/").content.decode()
    assert "1 ตุลาคม พ.ศ. 2570" in listing
    assert "31 ธันวาคม พ.ศ. 2570 เวลา 16:30 น." in listing


def test_a_date_that_is_no_date_is_refused_in_thai_and_kept_as_typed(admin_client):
    year = FiscalYear.objects.create(year=2571)
    answer = admin_client.post(
        f"/admin/agreements/fiscalyear/{year.pk}/change/",
        {"year": "2571", "opens_on": "1/10/2027", "_save": "บันทึก"},
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "กรุณากรอกปีเป็นปีพุทธศักราช (พ.ศ.) เช่น 2569" in page
    assert 'value="1/10/2027"' in page


def test_axes_sign_in_records_are_named_in_thai(admin_client):
    index = admin_client.get("/admin/").content.decode()
    for english in ("Access attempts", "Access failures", "Access logs"):
        assert english not in index
    assert "ความพยายามเข้าสู่ระบบ" in index and "บันทึกการเข้าสู่ระบบ" in index
    attempts = admin_client.get("/admin/axes/accessattempt/").content.decode()
    assert "Attempt Time" not in attempts and "เวลาที่พยายามเข้าสู่ระบบ" in attempts


def test_the_two_box_picker_speaks_thai(admin_client):
    catalog = admin_client.get("/admin/jsi18n/").content.decode()
    for thai in ("เลือก%sทั้งหมด", "เอา%sออกทั้งหมด", "(คลิกเพื่อล้าง)"):
        # (The catalog is JavaScript; its strings may be \u-escaped.)
        assert thai in catalog or json.dumps(thai)[1:-1] in catalog
    page = admin_client.get("/admin/auth/user/add/").content.decode()
    assert "Hold down" not in page


def test_fields_the_models_name_in_english_are_labelled_in_thai(admin_client):
    year = FiscalYear.objects.create(year=2571)
    admin_client.post(f"/admin/agreements/fiscalyear/{year.pk}/change/", {"year": "2571", "_save": "บันทึก"})
    listing = admin_client.get("/admin/audit/auditentry/").content.decode()
    assert "ประเภทข้อมูล" in listing and "รหัสข้อมูล" in listing  # a column and a filter
    assert "Object type" not in listing and "Object id" not in listing
    entry = AuditEntry.objects.filter(action="admin.changed").get()
    page = admin_client.get(f"/admin/audit/auditentry/{entry.pk}/change/").content.decode()
    for english in ("Actor", "Object type", "Changes"):
        assert f"{english}:" not in page
    assert "ผู้ดำเนินการ" in page and "รายละเอียดการเปลี่ยนแปลง" in page


def test_read_only_dates_and_the_history_show_the_buddhist_era(admin_client, people):
    reminder = Reminder.objects.create(recipient=people["deputy"], day=dt.date(2027, 1, 10))
    page = admin_client.get(f"/admin/notifications/reminder/{reminder.pk}/change/").content.decode()
    assert '<div class="readonly">10 มกราคม พ.ศ. 2570</div>' in page
    assert thai_datetime(reminder.created_at) in page

    year = FiscalYear.objects.create(year=2571)
    admin_client.post(f"/admin/agreements/fiscalyear/{year.pk}/change/", {"year": "2571", "_save": "บันทึก"})
    logged = LogEntry.objects.get(object_id=str(year.pk))
    history = admin_client.get(f"/admin/agreements/fiscalyear/{year.pk}/history/").content.decode()
    assert thai_datetime(logged.action_time) in history


def test_the_permissions_picker_names_each_permission_in_thai(admin_client):
    page = admin_client.get("/admin/auth/group/add/").content.decode()
    assert "Can add" not in page and "Can change" not in page
    assert "หน่วยงานและบุคลากร | สำนักงานเขตพื้นที่การศึกษา | เพิ่ม" in page
    assert "บันทึกการแก้ไขผ่านหน้าผู้ดูแลระบบ | ดู" in page


def test_every_model_the_admin_can_name_has_a_thai_name():
    """The permission picker and the lists print the portal's models by their names: none may be
    English (acronyms such as PDF aside)."""
    import re

    from django.apps import apps

    english = [
        model._meta.label
        for model in apps.get_models()
        if not model.__module__.startswith("django.")
        and re.search("[a-z]", f"{model._meta.verbose_name} {model._meta.verbose_name_plural}")
    ]
    assert english == []
