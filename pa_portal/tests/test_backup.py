"""Backups restore what matters exactly: agreements, their frozen snapshots, scores, the audit
trail and the uploaded files (docs/operations.md)."""

import hashlib
import os
import shutil
import subprocess
import tarfile

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from agreements.models import Agreement, Submission
from agreements.snapshot import agreement_to_dict, snapshot_hash
from audit.models import AuditEntry
from evaluations.models import Evaluation, Evidence, Score
from pa_portal.tests.conftest import build_world

# What `docs/operations.md` tells administrators to leave out of a logical dump: rows Django
# rebuilds itself (content types, permissions) and throwaway state (sessions, sign-in attempts).
DUMP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "axes", "admin.logentry"]


def fingerprint(using="default") -> dict:
    """Everything a restore must bring back, in comparable form."""
    agreements = Agreement.objects.using(using).order_by("pk")
    return {
        "agreements": list(
            agreements.values_list("pk", "owner__username", "status", "revision", "agreed_at", "updated_at")
        ),
        "items": list(
            Agreement.objects.using(using)
            .order_by("pk", "items__sub_item__code")
            .values_list("pk", "items__sub_item__code", "items__tasks")
        ),
        "submissions": list(
            Submission.objects.using(using)
            .order_by("agreement_id", "version")
            .values_list("agreement_id", "version", "sha256", "snapshot", "submitted_at")
        ),
        "sheets": list(
            Evaluation.objects.using(using)
            .order_by("pk")
            .values_list("member__evaluator__username", "member__role", "status", "total", "updated_at")
        ),
        "scores": list(
            Score.objects.using(using)
            .order_by("evaluation__member__evaluator__username", "anchor")
            .values_list("evaluation__member__evaluator__username", "anchor", "level", "comment")
        ),
        "audit": list(
            AuditEntry.objects.using(using)
            .order_by("pk")
            .values_list("at", "actor_name", "action", "object_type", "object_id", "changes")
        ),
        "evidence": list(Evidence.objects.using(using).order_by("pk").values_list("title", "file", "sha256")),
    }


def file_digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Transactional: a restore runs on a database nobody holds a transaction open on (and PostgreSQL
# refuses to truncate tables with pending constraint checks inside one).
@pytest.mark.django_db(transaction=True)
def test_dumpdata_and_loaddata_restore_agreements_snapshots_scores_and_files_exactly(
    role_groups, standards, policies, people, media, tmp_path
):
    world = build_world(people)
    before = fingerprint()
    assert len(before["submissions"]) == 2 and len(before["scores"]) > 20
    contents = {a.pk: agreement_to_dict(a) for a in Agreement.objects.all()}

    # Back up: a logical dump of the database and an archive of the media files.
    # XML, not JSON: Django's JSON encoder cuts datetimes to milliseconds, XML keeps microseconds.
    dump = tmp_path / "pa-portal.xml"
    call_command(
        "dumpdata",
        "--format=xml",
        "--natural-foreign",
        *[f"--exclude={label}" for label in DUMP_EXCLUDES],
        "--output",
        str(dump),
        verbosity=0,
    )
    archive = tmp_path / "media.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(media, arcname=".")

    # Disaster: the database is emptied and the media directory is gone.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(media)
    assert Agreement.objects.count() == 0 and AuditEntry.objects.count() == 0

    # Restore.
    call_command("loaddata", str(dump), verbosity=0)
    with tarfile.open(archive) as tar:
        tar.extractall(media, filter="data")

    assert fingerprint() == before
    for agreement in Agreement.objects.all():
        assert agreement_to_dict(agreement) == contents[agreement.pk]
    for submission in Submission.objects.all():
        assert snapshot_hash(submission.snapshot) == submission.sha256
    evidence = Evidence.objects.get(pk=world["evidence"].pk)
    assert file_digest(media / evidence.file.name) == evidence.sha256
    # The restored portal works: the owner still opens the restored agreement.
    from django.test import Client

    client = Client()
    client.force_login(Agreement.objects.get(pk=world.agreed.pk).owner)
    assert client.get(f"/agreements/{world.agreed.pk}/").status_code == 200


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    env.update(
        PGHOST=db.get("HOST") or "127.0.0.1",
        PGPORT=str(db.get("PORT") or 5432),
        PGUSER=db.get("USER") or "postgres",
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def table_rows(db: dict, name: str, tables: list[str]) -> dict:
    """Every row of every table, read the same way from either database."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        dbname=name,
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
    ) as conn:
        rows = {}
        for table in tables:
            query = sql.SQL("SELECT * FROM {} ORDER BY 1").format(sql.Identifier(table))
            rows[table] = conn.execute(query).fetchall()
        return rows


@pytest.mark.django_db(transaction=True)
def test_pg_dump_and_pg_restore_bring_back_the_same_data(
    role_groups, standards, policies, people, media, tmp_path
):
    """The production path (docs/operations.md): pg_dump -Fc, then pg_restore into an empty
    database, compared row by row with the original."""
    if connection.vendor != "postgresql":
        if os.environ.get("PA_REQUIRE_REAL_SERVICES") == "1":
            pytest.fail("PA_REQUIRE_REAL_SERVICES=1 but the suite does not run on PostgreSQL")
        pytest.skip("needs PostgreSQL (set DATABASE_URL); the dumpdata test covers SQLite")
    build_world(people)
    db = settings.DATABASES["default"]
    env = _pg_env(db)
    restored_name = f"{db['NAME']}_restored"
    dump = tmp_path / "pa-portal.dump"
    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", db["NAME"]],
        env=env,
        check=True,
        timeout=300,
    )
    subprocess.run(["dropdb", "--if-exists", restored_name], env=env, check=True, timeout=60)
    subprocess.run(["createdb", restored_name], env=env, check=True, timeout=60)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored_name}", str(dump)],
            env=env,
            check=True,
            timeout=300,
        )
        tables = connection.introspection.table_names()
        assert {"agreements_submission", "evaluations_score", "audit_auditentry"} <= set(tables)
        assert table_rows(db, db["NAME"], tables) == table_rows(db, restored_name, tables)
    finally:
        subprocess.run(["dropdb", "--if-exists", restored_name], env=env, check=True, timeout=60)
