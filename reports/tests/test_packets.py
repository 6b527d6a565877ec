"""HR's packets without a worker (no broker configured): the request that asks for a packet
returns at once, and the packet page's progress requests make it, one document each."""

import io
import json
import zipfile

from django.core.files.storage import default_storage
from django.core.management import call_command
from pypdf import PdfReader

from accounts.models import Office
from agreements import drafts
from agreements.models import Agreement, FiscalYear, Submission
from audit.models import AuditEntry
from notifications.models import Notification
from reports.models import PacketDocument, PacketExport

from .factories import compact_data, deputy, submitted_agreement


def make_office_agreements(people, *, extra: int = 2):
    """The deputy of the personas' office plus `extra` deputies of a third office, submitted."""
    third = Office.objects.create(code="65030000", name="สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพิษณุโลก เขต 3")
    owners = [people["deputy"]] + [deputy(third) for _ in range(extra)]
    return [submitted_agreement(owner, data=compact_data()) for owner in owners]


def request_packet(client, captured, **fields):
    data = {"fiscal_year": FiscalYear.objects.get(year=2570).pk, "kinds": ["pa1"], "format": "pdf"}
    data["states"] = ["submitted", "agreed", "evaluated"]
    data.update(fields)
    with captured(execute=True):
        response = client.post("/reports/packets/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    export = PacketExport.objects.latest("pk")
    assert export.status == PacketExport.Status.QUEUED  # nothing was made while HR waited
    status = f"/reports/packets/{export.pk}/status.json"
    for _ in range(2 + Agreement.objects.count() * 3):  # plan, each document, assemble
        if client.get(status).json()["finished"]:
            break
    export.refresh_from_db()
    return export, response


def test_hr_exports_a_packet_and_downloads_one_pdf_with_a_bookmark_per_person(
    standards, policies, people, media, client_for, django_capture_on_commit_callbacks
):
    submissions = make_office_agreements(people)
    client = client_for(people["hr"])
    assert "ชุดเอกสาร PDF" in client.get("/").content.decode()

    export, response = request_packet(client, django_capture_on_commit_callbacks)
    assert response["Location"] == f"/reports/packets/{export.pk}/"
    assert export.status == PacketExport.Status.DONE
    assert (export.done, export.total, export.manifest) == (3, 3, [])

    page = client.get(response["Location"]).content.decode()
    assert "ดาวน์โหลดชุดเอกสาร" in page
    status = client.get(f"/reports/packets/{export.pk}/status.json").json()
    assert status["finished"] and status["percent"] == 100 and status["done"] == status["total"] == 3
    download = client.get(status["download_url"])
    assert download["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(download.streaming_content)))

    # The packet is the single PDFs one after the other, each person bookmarked at their first page.
    singles = [
        len(PdfReader(default_storage.open(d.pdf_name)).pages) for d in export.documents.order_by("position")
    ]
    assert len(reader.pages) == sum(singles) == export.pages
    people_marks = [item for item in reader.outline if not isinstance(item, list)]
    expected = sorted((s.agreement.office.code, s.agreement.owner_name) for s in submissions)
    assert [m.title for m in people_marks] == [f"{name} ({code})" for code, name in expected]
    assert [reader.get_destination_page_number(m) for m in people_marks] == [
        0,
        singles[0],
        singles[0] + singles[1],
    ]
    children = [item for item in reader.outline if isinstance(item, list)]
    assert [[c.title for c in group] for group in children] == [["PA1 ข้อตกลงในการพัฒนางาน ฉบับที่ 1"]] * 3
    # Each agreement's snapshot, embedded in its PA1, is embedded in the packet as well.
    assert {name: json.loads(data) for name, (data,) in reader.attachments.items()} == {
        f"{s.agreement.number}-v{s.version}.json": s.snapshot for s in submissions
    }
    assert AuditEntry.objects.filter(action="packet.requested", object_id=str(export.pk)).exists()


def test_zip_packet_names_each_file_by_office_owner_and_kind(
    standards, policies, people, media, client_for, django_capture_on_commit_callbacks
):
    submissions = make_office_agreements(people, extra=1)
    export, _ = request_packet(
        client_for(people["hr"]),
        django_capture_on_commit_callbacks,
        format="zip",
        offices=[people["office"].pk],
    )
    with zipfile.ZipFile(export.file.open("rb")) as archive:
        names = archive.namelist()
        assert names == [f"65020000_{submissions[0].agreement.owner_name}_pa1.pdf"]
        assert archive.read(names[0]).startswith(b"%PDF-")


def test_broken_and_missing_documents_go_to_the_manifest_not_the_whole_packet(
    standards, policies, people, media, client_for, django_capture_on_commit_callbacks
):
    submissions = make_office_agreements(people)
    broken = submissions[1]
    Submission.objects.filter(pk=broken.pk).update(snapshot={**broken.snapshot, "owner": {}})
    draft = drafts.agreement_start(owner=people["other_deputy"], fiscal_year=2570)
    client = client_for(people["hr"])

    export, _ = request_packet(
        client, django_capture_on_commit_callbacks, states=["draft", "submitted"], format="pdf"
    )
    assert export.status == PacketExport.Status.DONE
    assert export.total == 4 and export.done == 4
    failures = {(f["person"], f["agreement"]): f["error"] for f in export.manifest}
    assert set(failures) == {
        (broken.agreement.owner_name, broken.agreement.number),
        (draft.owner_name, draft.number),
    }
    assert "SHA-256" in failures[(broken.agreement.owner_name, broken.agreement.number)]
    reader = PdfReader(export.file.open("rb"))
    assert len([item for item in reader.outline if not isinstance(item, list)]) == 2
    page = client.get(f"/reports/packets/{export.pk}/").content.decode()
    assert broken.agreement.owner_name in page and "เอกสารที่สร้างไม่สำเร็จ" in page
    # The page is honest about it: not "done", how many failed, who and where, in Thai.
    status = client.get(f"/reports/packets/{export.pk}/status.json").json()
    assert status["status_label"] == "สร้างไม่ครบ: ไม่สำเร็จ 2 จาก 4 เอกสาร"
    assert status["banner_level"] == "warning" and "เสร็จเพียง 2 จาก 4 เอกสาร" in status["banner"]
    assert "เสร็จแล้ว" not in page and "กำลังสร้าง" not in page
    assert {(f["person"], f["office"], f["kind_label"]) for f in status["failures"]} == {
        (broken.agreement.owner_name, broken.agreement.office.name, "PA1 ข้อตกลงในการพัฒนางาน"),
        (draft.owner_name, people["other_office"].name, "PA1 ข้อตกลงในการพัฒนางาน"),
    }
    assert people["other_office"].name in page
    listing = client.get("/reports/packets/").content.decode()
    assert "สร้างไม่ครบ: ไม่สำเร็จ 2 จาก 4" in listing
    told = Notification.objects.get(recipient=people["hr"], kind=Notification.Kind.PACKET_READY)
    assert told.subject == "ชุดเอกสาร PDF ปีงบประมาณ 2570 สร้างไม่ครบ: ไม่สำเร็จ 2 จาก 4 เอกสาร"


def test_packets_belong_to_hr(
    standards, policies, people, media, client_for, django_capture_on_commit_callbacks
):
    make_office_agreements(people, extra=0)
    export, _ = request_packet(client_for(people["hr"]), django_capture_on_commit_callbacks)
    colleague = deputy(people["office"])
    colleague.groups.add(*people["hr"].groups.all())
    for user in (people["deputy"], people["supervisor"], colleague):
        client = client_for(user)
        for url in (
            f"/reports/packets/{export.pk}/",
            f"/reports/packets/{export.pk}/status.json",
            f"/reports/packets/{export.pk}/download",
        ):
            assert client.get(url).status_code == 404, (user.username, url)
    assert client_for(people["deputy"]).get("/reports/packets/").status_code == 404
    assert client_for(people["admin"]).get(f"/reports/packets/{export.pk}/download").status_code == 200


def test_export_packet_command_writes_the_same_packet(standards, policies, people, media, tmp_path):
    make_office_agreements(people)
    out = tmp_path / "packet.pdf"
    call_command(
        "export_packet", "--fiscal-year", "2570", "--office", "65030000", "--kind", "pa1", "-o", str(out)
    )
    reader = PdfReader(out)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(titles) == 2 and all(title.endswith("(65030000)") for title in titles)
    export = PacketExport.objects.get()
    assert export.requested_by is None and export.status == PacketExport.Status.DONE
    assert export.documents.filter(status=PacketDocument.Status.READY).count() == 2

    zipped = tmp_path / "packet.zip"
    call_command("export_packet", "--fiscal-year", "2570", "--format", "zip", "-o", str(zipped))
    with zipfile.ZipFile(zipped) as archive:
        assert len(archive.namelist()) == 3
        assert "manifest.json" not in archive.namelist()


def test_render_agreement_command_writes_the_pdf(compact_submission, tmp_path):
    out = tmp_path / "pa1.pdf"
    call_command("render_agreement", str(compact_submission.agreement_id), "-o", str(out))
    reader = PdfReader(out)
    assert compact_submission.agreement.number in reader.pages[0].extract_text()
    assert json.loads(next(iter(reader.attachments.values()))[0]) == compact_submission.snapshot


def test_agreements_outside_the_filters_are_left_out(
    standards, policies, people, media, client_for, django_capture_on_commit_callbacks
):
    make_office_agreements(people, extra=1)
    Agreement.objects.filter(owner=people["deputy"]).update(status=Agreement.Status.AGREED)
    export, _ = request_packet(
        client_for(people["hr"]), django_capture_on_commit_callbacks, states=["agreed"]
    )
    assert [d.person for d in export.documents.all()] == [people["deputy"].profile.full_name]


def test_a_document_whose_render_was_killed_fails_and_the_packet_still_finishes(
    standards, policies, people, media, client_for, django_capture_on_commit_callbacks
):
    """A render stuck in native code outlives the soft time limit and the hard limit kills its
    worker process: nothing records the failure. The packet's page gives up on it once the hard
    limit has surely passed, and the rest of the packet is assembled."""
    from datetime import timedelta

    from django.utils import timezone

    from reports import services

    make_office_agreements(people, extra=1)
    export = services.packet_export_request(
        actor=people["hr"], fiscal_year=FiscalYear.objects.get(year=2570), kinds=["pa1"], queue=False
    )
    pending, _ = services.packet_export_plan(export_id=export.pk)
    assert services.packet_document_prepare(document_id=pending[0]) is None
    # The second render started, then its process was killed: only its start was recorded.
    killed = PacketDocument.objects.get(pk=pending[1])
    PacketDocument.objects.filter(pk=killed.pk).update(started_at=timezone.now() - timedelta(seconds=60))
    client = client_for(people["hr"])
    status = f"/reports/packets/{export.pk}/status.json"

    # Within the time a render may take, the packet keeps waiting for it.
    assert client.get(status).json()["finished"] is False
    killed.refresh_from_db()
    assert killed.status == PacketDocument.Status.PENDING

    PacketDocument.objects.filter(pk=killed.pk).update(started_at=timezone.now() - timedelta(minutes=4))
    with django_capture_on_commit_callbacks(execute=True):
        client.get(status)
    export.refresh_from_db()
    killed.refresh_from_db()
    assert killed.status == PacketDocument.Status.FAILED and "ถูกหยุดกลางคัน" in killed.error
    assert export.status == PacketExport.Status.DONE and (export.done, export.total) == (2, 2)
    assert [f["person"] for f in export.manifest] == [killed.person]
    assert len(PdfReader(export.file.open("rb")).outline) >= 1
    page = client.get(f"/reports/packets/{export.pk}/").content.decode()
    assert "ถูกหยุดกลางคัน" in page
