import json
import os
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from pa_portal.errors import DomainError
from standards.models import PositionStandard, SubItem
from standards.services import STANDARDS_DIR, standard_load

TYPOS = json.loads((Path(__file__).parent / "data" / "seed-typos.json").read_text(encoding="utf-8"))


def export(code: str) -> dict:
    out = StringIO()
    call_command("export_standard", code, stdout=out)
    return json.loads(out.getvalue())


def fixture_text(name: str) -> str:
    return (STANDARDS_DIR / name).read_text(encoding="utf-8")


def test_deputy_standard_has_five_domains_with_22_items(standards):
    data = export("deputy-director")
    assert data["code"] == "deputy-director"
    assert [len(d["items"]) for d in data["domains"]] == [6, 5, 4, 3, 4]
    assert data["domains"][0]["title"] == "ด้านการบริหารและความเป็นผู้นำการพัฒนาการศึกษา"
    assert [i["code"] for i in data["domains"][0]["items"]] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6"]


def test_pa_guideline_standard_has_15_reported_items(standards):
    data = export("director-pa")
    assert [len(d["items"]) for d in data["domains"]] == [4, 3, 3, 2, 3]


def test_export_matches_the_fixture_word_for_word(standards):
    for name in ("deputy-director-2.json", "director-pa.json"):
        source = json.loads(fixture_text(name))
        exported = export(source["code"])
        assert exported["title"] == source["title"]
        for got, want in zip(exported["domains"], source["domains"], strict=True):
            assert got["title"] == want["title"]
            assert got["items"] == [{"code": i["code"], "text": i["text"]} for i in want["items"]]


def test_export_is_utf8_not_escaped(standards):
    out = StringIO()
    call_command("export_standard", "deputy-director", stdout=out)
    assert "\\u0e" not in out.getvalue()
    assert "สำนักงานเขตพื้นที่การศึกษา" in out.getvalue()


ALL_FIXTURES = sorted(path.name for path in STANDARDS_DIR.glob("*.json"))


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_fixture_text_is_clean_thai(name):
    data = json.loads(fixture_text(name))
    texts = [data["title"]] + [d["title"] for d in data["domains"]]
    texts += [i["text"] for d in data["domains"] for i in d["items"]]
    for text in texts:
        assert unicodedata.normalize("NFC", text) == text
        assert text == text.strip()
        for bad in ("\u200b", "\u200c", "\ufeff", " า", "  ", "\n"):
            assert bad not in text, f"{bad!r} in {text[:40]}"


@pytest.mark.parametrize("typo", TYPOS, ids=lambda t: t["wrong"])
def test_no_typo_from_the_seeds_reaches_a_fixture(typo):
    for name in ALL_FIXTURES:
        assert typo["wrong"] not in fixture_text(name), name


def test_the_seed_typos_list_is_real():
    """Each listed typo really is in the seed it names, so the check above tests something."""
    seeds = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"
    if not seeds.exists() and not os.environ.get("CI"):
        pytest.skip("shared/seeds is not beside this checkout")
    texts = {p.name[:3]: p.read_text(encoding="utf-8") for p in seeds.glob("*.txt")}
    assert len(TYPOS) >= 10
    for typo in TYPOS:
        assert typo["wrong"] in texts[typo["seed"]], typo


def test_loading_twice_changes_nothing(standards):
    before = (PositionStandard.objects.count(), SubItem.objects.count())
    out = StringIO()
    call_command("load_standards", stdout=out)
    assert "unchanged" in out.getvalue()
    # deputy-director editions 1 and 2 (22 sub-items each), director-pa (15).
    assert (PositionStandard.objects.count(), SubItem.objects.count()) == before == (3, 59)


def test_the_latest_edition_is_the_one_new_agreements_get(standards):
    assert standards["deputy-director"].edition == 2
    assert PositionStandard.objects.filter(code="deputy-director").count() == 2


def test_a_new_edition_is_added_beside_the_old_one(standards):
    data = json.loads(fixture_text("deputy-director-2.json"))
    data["edition"] = 3
    data["domains"][0]["items"][0]["text"] += " (ฉบับปรับปรุง)"
    new, created = standard_load(data=data)
    assert created
    old = PositionStandard.objects.get(code="deputy-director", edition=2)
    assert not old.domains.first().items.first().text.endswith("(ฉบับปรับปรุง)")
    assert export("deputy-director")["domains"][0]["items"][0]["text"].endswith("(ฉบับปรับปรุง)")


def test_changed_content_under_an_existing_edition_is_refused(standards):
    data = json.loads(fixture_text("deputy-director.json"))
    data["domains"][0]["items"][0]["text"] = "ข้อความอื่น"
    with pytest.raises(DomainError, match="ฉบับใหม่"):
        standard_load(data=data)


def test_signed_in_user_reads_a_standard_domain_by_domain(standards, people, client_for):
    standard = standards["deputy-director"]
    response = client_for(people["deputy"]).get(f"/standards/{standard.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "ด้านที่ 1 ด้านการบริหารและความเป็นผู้นำการพัฒนาการศึกษา" in page
    assert page.index('id="domain-1"') < page.index('id="domain-5"')
    assert 'id="item-5.4"' in page


def test_admin_lists_standards(standards, people, client_for):
    response = client_for(people["admin"]).get("/admin/standards/positionstandard/")
    assert response.status_code == 200
    assert "มาตรฐานตำแหน่งรองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา" in response.content.decode()
