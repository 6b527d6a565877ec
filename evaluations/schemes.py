"""Scoring scheme editions: loaded from fixtures/scoring, added in the admin, never changed once a
round pins them (a change is a new edition)."""

import hashlib
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.db import transaction

from pa_portal.errors import DomainError

from .composition import DEFAULT_RULES, CommitteeRules
from .models import ScoringCriterion, ScoringLevel, ScoringScheme
from .scoring import Criterion, Level, Rubric

SCORING_DIR = settings.BASE_DIR / "fixtures" / "scoring"
DEFAULT_SCHEME_CODE = "pa-deputy-director"


def _rubric_from_data(data: dict) -> Rubric:
    try:
        return Rubric(
            levels=tuple(Level(int(lv["value"]), lv["label"]) for lv in data["levels"]),
            part1_points=Decimal(str(data["part1_points"])),
            part2_points=Decimal(str(data["part2_points"])),
            criteria=tuple(
                Criterion(c["code"], c["label"], Decimal(str(c["points"]))) for c in data["part2_criteria"]
            ),
            committee_size=int(data["committee_size"]),
            pass_mark=Decimal(str(data["pass_mark"])),
            decimal_places=int(data.get("decimal_places", 2)),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise DomainError(f"ข้อมูลเกณฑ์การให้คะแนนไม่ครบหรือไม่ถูกต้อง: {exc}") from exc


def _rules_from_data(data: dict) -> CommitteeRules:
    try:
        return CommitteeRules.from_dict(data.get("committee_rules"))
    except (TypeError, ValueError) as exc:
        raise DomainError(f"กฎการแต่งตั้งคณะกรรมการไม่ถูกต้อง: {exc}") from exc


def rubric_hash(title: str, rubric: Rubric, rules: CommitteeRules = DEFAULT_RULES) -> str:
    payload = {"title": title, **rubric.to_dict()}
    # Default rules are left out, so an edition loaded before the rules were data keeps its hash
    # (its file now states the defaults); any other rule set is part of the content.
    if rules != DEFAULT_RULES:
        payload["committee_rules"] = rules.to_dict()
    encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()


@transaction.atomic
def scheme_load(*, data: dict) -> tuple[ScoringScheme, bool]:
    """Load one edition. The same edition again changes nothing; different numbers under an
    existing edition are refused, since rounds and finalised sheets point at it."""
    for key in ("code", "edition", "title"):
        if key not in data:
            raise DomainError(f"ข้อมูลเกณฑ์การให้คะแนนขาดฟิลด์ '{key}'")
    rubric = _rubric_from_data(data)
    rules = _rules_from_data(data)
    problems = rubric.problems() + rules.problems()
    if problems:
        raise DomainError("; ".join(problems))
    digest = rubric_hash(data["title"], rubric, rules)
    existing = ScoringScheme.objects.filter(code=data["code"], edition=data["edition"]).first()
    if existing is not None:
        if existing.content_hash != digest:
            raise DomainError(
                f"เกณฑ์ {data['code']} ฉบับที่ {data['edition']} มีอยู่แล้วแต่เนื้อหาต่างกัน: "
                "ให้เพิ่มเป็นฉบับใหม่ (edition) แทนการแก้ฉบับเดิม"
            )
        return existing, False
    scheme = _create(
        code=data["code"], edition=data["edition"], title=data["title"], rubric=rubric, rules=rules
    )
    scheme.source = data.get("source", "")
    scheme.save(update_fields=["source"])
    return scheme, True


def _create(*, code: str, edition: int, title: str, rubric: Rubric, rules: CommitteeRules) -> ScoringScheme:
    scheme = ScoringScheme.objects.create(
        code=code,
        edition=edition,
        title=title,
        part1_points=rubric.part1_points,
        part2_points=rubric.part2_points,
        committee_size=rubric.committee_size,
        pass_mark=rubric.pass_mark,
        decimal_places=rubric.decimal_places,
        committee_rules=rules.to_dict(),
        content_hash=rubric_hash(title, rubric, rules),
    )
    ScoringLevel.objects.bulk_create(
        ScoringLevel(scheme=scheme, value=level.value, label=level.label) for level in rubric.levels
    )
    ScoringCriterion.objects.bulk_create(
        ScoringCriterion(scheme=scheme, code=c.code, label=c.label, points=c.points, order=i)
        for i, c in enumerate(rubric.criteria, start=1)
    )
    return scheme


@transaction.atomic
def scheme_new_edition(*, scheme: ScoringScheme) -> ScoringScheme:
    """Copy an edition as the next one, for the admin to adjust before any round uses it."""
    latest = ScoringScheme.objects.filter(code=scheme.code).order_by("-edition").first()
    copy = _create(
        code=scheme.code,
        edition=latest.edition + 1,
        title=scheme.title,
        rubric=scheme.rubric(),
        rules=scheme.rules(),
    )
    copy.source = scheme.source
    copy.save(update_fields=["source"])
    return copy


def scheme_refresh_hash(scheme: ScoringScheme) -> None:
    """Called after the admin edits an unused edition, so the hash describes what is stored."""
    digest = rubric_hash(scheme.title, scheme.rubric(), scheme.rules())
    ScoringScheme.objects.filter(pk=scheme.pk).update(content_hash=digest)


def scheme_files(directory: Path = SCORING_DIR) -> list[Path]:
    return sorted(directory.glob("*.json"))


def schemes_load_all(directory: Path = SCORING_DIR) -> list[tuple[ScoringScheme, bool]]:
    return [
        scheme_load(data=json.loads(path.read_text(encoding="utf-8"))) for path in scheme_files(directory)
    ]


def scheme_latest(code: str = DEFAULT_SCHEME_CODE) -> ScoringScheme | None:
    return ScoringScheme.objects.filter(code=code).order_by("-edition").first()
