"""A new edition of the position standard: new agreements get it, old ones keep theirs."""

from agreements import drafts
from agreements.models import Agreement
from standards.models import PositionStandard

ROW = {"sub_item": "5.4", "tasks": "จัดชุมชนการเรียนรู้ทางวิชาชีพ (PLC) ของกลุ่มนิเทศ", "targets": []}


def edition(number: int) -> PositionStandard:
    return PositionStandard.objects.get(code="deputy-director", edition=number)


def text_of_5_4(agreement: Agreement) -> str:
    return agreement.items.get(sub_item__code="5.4").sub_item.text


def test_a_new_agreement_is_made_under_the_latest_edition(standards, people):
    agreement = drafts.agreement_start(owner=people["deputy"], fiscal_year=2570)
    assert agreement.standard == edition(2)
    assert text_of_5_4(agreement) == "สร้างและสนับสนุนชุมชนการเรียนรู้ทางวิชาชีพ"


def test_an_agreement_under_edition_1_keeps_it_and_a_copy_moves_to_the_latest(standards, people):
    deputy = people["deputy"]
    old = drafts.agreement_start(owner=deputy, fiscal_year=2569, standard=edition(1))
    drafts.agreement_update(agreement=old, actor=deputy, data={"part1": [ROW]}, expected_revision=None)

    new = drafts.agreement_start(owner=deputy, fiscal_year=2570, copy_from_previous=True)

    old.refresh_from_db()
    assert old.standard == edition(1)
    assert text_of_5_4(old).endswith("และมีจรรยาบรรณของวิชาชีพ")
    assert new.standard == edition(2)
    assert new.items.count() == 22
    assert new.items.get(sub_item__code="5.4").tasks == ROW["tasks"]
    assert text_of_5_4(new) == "สร้างและสนับสนุนชุมชนการเรียนรู้ทางวิชาชีพ"
