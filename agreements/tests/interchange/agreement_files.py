"""Agreement files for the interchange tests: write one, run the export and import commands on
it, and check that a refused import wrote nothing at all."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from agreements import interchange
from agreements.models import Agreement, Submission
from agreements.tests.factories import (
    complete_agreement_data,
)
from audit.models import AuditEntry


def export(agreement, *args) -> str:
    out = StringIO()
    call_command("export_agreement", str(agreement.pk), *args, stdout=out)
    return out.getvalue()


def write(tmp_path, data, name="agreement.json") -> str:
    path = tmp_path / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    elif isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_text(interchange.to_json(data), encoding="utf-8")
    return str(path)


def import_file(path, owner, *, submit=False) -> str:
    out = StringIO()
    args = ["import_agreement", path, "--owner", owner.username]
    if submit:
        args.append("--submit")
    call_command(*args, stdout=out)
    return out.getvalue()


def refused(path, owner, *, submit=False) -> str:
    """Import, expect a refusal, check nothing at all was written, return the error text."""
    agreements, audit, submissions = (
        Agreement.objects.count(),
        AuditEntry.objects.count(),
        Submission.objects.count(),
    )
    with pytest.raises(CommandError) as error:
        import_file(path, owner, submit=submit)
    assert (Agreement.objects.count(), AuditEntry.objects.count(), Submission.objects.count()) == (
        agreements,
        audit,
        submissions,
    )
    return str(error.value)


def without_owner(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "owner"}


def _complete_json() -> str:
    return interchange.to_json(complete_agreement_data())


def _with(change) -> str:
    data = complete_agreement_data()
    change(data)
    return interchange.to_json(data)
