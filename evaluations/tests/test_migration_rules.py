"""Committees appointed before the composition rules were data (evaluations/migrations/0003) keep
the rule the code enforced then: neither the office supervisor nor the person who agreed may sit."""

import datetime as dt

import pytest
from django.utils import timezone

from testsupport.migrations import migrate_to, migrate_to_latest

BEFORE = [("evaluations", "0002_scoringextension")]
AFTER = [("evaluations", "0003_committee_rules")]


@pytest.mark.django_db(transaction=True)
def test_a_committee_appointed_before_keeps_the_old_rule_and_its_scheme_gets_the_defaults():
    try:
        old = migrate_to(BEFORE)
        hr = old.get_model("auth", "User").objects.create(username="migration-hr")
        office = old.get_model("accounts", "Office").objects.create(
            code="9999", name="สพป.ทดสอบ", kind="spp", province="ทดสอบ"
        )
        year = old.get_model("agreements", "FiscalYear").objects.create(year=2602)
        standard = old.get_model("standards", "PositionStandard").objects.create(
            code="migration-standard", title="มาตรฐาน", position="รอง ผอ.สพท.", content_hash="x"
        )
        agreement = old.get_model("agreements", "Agreement").objects.create(
            owner=hr,
            fiscal_year=year,
            standard=standard,
            office=office,
            owner_name="ผู้ทดสอบ",
            owner_position="รอง ผอ.สพท.",
            office_name=office.name,
        )
        submission = old.get_model("agreements", "Submission").objects.create(
            agreement=agreement,
            version=1,
            snapshot={},
            sha256="0" * 64,
            submitted_by=hr,
            submitted_at=timezone.now(),
        )
        scheme = old.get_model("evaluations", "ScoringScheme").objects.create(
            code="pa-migration",
            edition=4,
            title="เกณฑ์",
            part1_points=60,
            part2_points=40,
            committee_size=3,
            pass_mark=70,
        )
        evaluation_round = old.get_model("evaluations", "EvaluationRound").objects.create(
            fiscal_year=year,
            number=1,
            title="รอบ",
            scheme=scheme,
            starts_on=dt.date(2027, 8, 1),
            due_on=dt.date(2027, 9, 1),
        )
        old.get_model("evaluations", "Committee").objects.create(
            round=evaluation_round, agreement=agreement, submission=submission, assigned_by=hr
        )

        new = migrate_to(AFTER)
        committee = new.get_model("evaluations", "Committee").objects.get()
        assert committee.composition_rules == {
            "scheme": "pa-migration",
            "edition": 4,
            "rules": {"supervisor": "excluded", "agreed_by_may_sit": False, "exclusions": []},
        }
        migrated_scheme = new.get_model("evaluations", "ScoringScheme").objects.get(code="pa-migration")
        assert migrated_scheme.committee_rules["supervisor"] == "may_chair"
    finally:
        migrate_to_latest()
