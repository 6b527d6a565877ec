"""The cycle app's tables moved to the apps that own them (cycle/migrations/0003): an installed
portal keeps every extension, notification and reminder, with its id, and goes on numbering."""

import datetime as dt

import pytest
from django.utils import timezone

from testsupport.migrations import migrate_to, migrate_to_latest

BEFORE = [("cycle", "0002_scoring_extension")]
AFTER = [("cycle", "0003_move_to_owning_apps")]


@pytest.mark.django_db(transaction=True)
def test_rows_keep_their_ids_and_new_rows_follow_them():
    try:
        old = migrate_to(BEFORE)
        User = old.get_model("auth", "User")
        person = User.objects.create(username="moved-person")
        hr = User.objects.create(username="moved-hr")
        year = old.get_model("agreements", "FiscalYear").objects.create(year=2601)
        extension = old.get_model("cycle", "SubmissionExtension").objects.create(
            id=41, person=person, fiscal_year=year, until=timezone.now(), reason="ลาป่วย", granted_by=hr
        )
        notification = old.get_model("cycle", "Notification").objects.create(
            id=77, recipient=person, kind="extension", subject="ได้รับการขยายเวลา"
        )
        reminder = old.get_model("cycle", "Reminder").objects.create(
            id=5, recipient=person, day=dt.date(2027, 1, 8), notification=notification
        )
        old.get_model("cycle", "ReminderItem").objects.create(
            reminder=reminder, key="draft:1:20270115:7", text="อีก 7 วัน"
        )

        new = migrate_to(AFTER)
        moved = new.get_model("agreements", "SubmissionExtension").objects.get()
        assert (moved.pk, moved.person_id, moved.reason) == (extension.pk, person.pk, "ลาป่วย")
        Notification = new.get_model("notifications", "Notification")
        assert Notification.objects.get().pk == 77
        moved_reminder = new.get_model("notifications", "Reminder").objects.get()
        assert (moved_reminder.pk, moved_reminder.notification_id) == (5, 77)
        assert new.get_model("notifications", "ReminderItem").objects.get().key == "draft:1:20270115:7"
        # The next notification is numbered after the moved ones (PostgreSQL's sequence moved on).
        assert Notification.objects.create(recipient_id=person.pk, kind="reminder", subject="ต่อไป").pk > 77
    finally:
        migrate_to_latest()
