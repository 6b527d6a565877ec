import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from audit.services import audit_record
from pa_portal.errors import DomainError

from .models import Domain, PositionStandard, SubItem

STANDARDS_DIR = settings.BASE_DIR / "fixtures" / "standards"


def _content_hash(data: dict) -> str:
    canonical = {
        "title": data["title"],
        "position": data["position"],
        "domains": [
            {
                "number": d["number"],
                "title": d["title"],
                "items": [{"code": i["code"], "text": i["text"]} for i in d["items"]],
            }
            for d in data["domains"]
        ],
    }
    encoded = json.dumps(canonical, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()


def _validate(data: dict) -> None:
    for key in ("code", "edition", "title", "position", "domains"):
        if key not in data:
            raise DomainError(f"ข้อมูลมาตรฐานขาดฟิลด์ '{key}'")
    if not data["domains"]:
        raise DomainError("มาตรฐานต้องมีอย่างน้อยหนึ่งด้าน")
    seen = set()
    for domain in data["domains"]:
        if not domain.get("items"):
            raise DomainError(f"ด้านที่ {domain.get('number')} ไม่มีข้อย่อย")
        for item in domain["items"]:
            if item["code"] in seen:
                raise DomainError(f"รหัสข้อ {item['code']} ซ้ำ")
            seen.add(item["code"])


@transaction.atomic
def standard_load(*, data: dict, actor=None) -> tuple[PositionStandard, bool]:
    """Load one edition of a standard. Loading the same edition again changes nothing; loading
    different content under an existing edition is refused, since agreements point at it.
    A new edition is written to the audit trail (actor None: the system, e.g. `load_standards`)."""
    _validate(data)
    digest = _content_hash(data)
    existing = PositionStandard.objects.filter(code=data["code"], edition=data["edition"]).first()
    if existing is not None:
        if existing.content_hash != digest:
            raise DomainError(
                f"มาตรฐาน {data['code']} ฉบับที่ {data['edition']} มีอยู่แล้วแต่เนื้อหาต่างกัน: "
                "ให้เพิ่มเป็นฉบับใหม่ (edition) แทนการแก้ฉบับเดิม"
            )
        return existing, False

    standard = PositionStandard.objects.create(
        code=data["code"],
        edition=data["edition"],
        title=data["title"],
        position=data["position"],
        source=data.get("source", ""),
        content_hash=digest,
    )
    for domain_entry in data["domains"]:
        domain = Domain.objects.create(
            standard=standard, number=domain_entry["number"], title=domain_entry["title"]
        )
        SubItem.objects.bulk_create(
            SubItem(domain=domain, code=item["code"], order=order, text=item["text"])
            for order, item in enumerate(domain_entry["items"], start=1)
        )
    audit_record(
        actor=actor,
        action="standard.loaded",
        obj=standard,
        changes={
            "code": standard.code,
            "edition": standard.edition,
            "title": standard.title,
            "content_hash": digest,
            "domains": len(data["domains"]),
            "sub_items": sum(len(d["items"]) for d in data["domains"]),
        },
    )
    return standard, True


def standard_files(directory: Path = STANDARDS_DIR) -> list[Path]:
    return sorted(directory.glob("*.json"))


def standards_load_all(directory: Path = STANDARDS_DIR) -> list[tuple[PositionStandard, bool]]:
    """Load every fixture, one file per edition (`deputy-director.json` is edition 1,
    `deputy-director-2.json` edition 2, …). Editions load in order of code and edition, whatever
    the file names, so the last one of a code in the result is its latest edition."""
    editions = [json.loads(path.read_text(encoding="utf-8")) for path in standard_files(directory)]
    editions.sort(key=lambda data: (str(data.get("code", "")), int(data.get("edition", 0))))
    return [standard_load(data=data) for data in editions]
