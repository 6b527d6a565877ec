"""Posts of the agreement forms built from what an agreement holds, with hostile changes, and a check
that a refused post changed nothing."""

from agreements.forms import Part1Form, Part2Form
from agreements.models import Agreement
from agreements.snapshot import agreement_to_dict
from audit.models import AuditEntry

NOT_SAVED = "ยังไม่ได้บันทึก กรุณาแก้ไขตามข้อความด้านล่าง (ข้อความที่พิมพ์ไว้ยังอยู่ครบ)"


class Unchanged:
    """Asserts that an agreement's content, revision and the audit trail did not move."""

    def __init__(self, agreement):
        self.agreement = agreement

    def __enter__(self):
        self.content = agreement_to_dict(self.agreement)
        self.revision = Agreement.objects.get(pk=self.agreement.pk).revision
        self.audit = AuditEntry.objects.count()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            assert agreement_to_dict(self.agreement) == self.content
            assert Agreement.objects.get(pk=self.agreement.pk).revision == self.revision
            assert AuditEntry.objects.count() == self.audit
        return False


def _form_post(initial: dict, changes: dict) -> dict:
    post = {k: ("" if v is None else v) for k, v in initial.items()}
    post.update(changes)
    return post


def part1_post(agreement, **changes) -> dict:
    data = agreement_to_dict(agreement)
    return _form_post(Part1Form.initial_from(data, agreement.revision), changes)


def part2_post(agreement, **changes) -> dict:
    data = agreement_to_dict(agreement)
    initial, _ = Part2Form.initial_from(data, agreement.revision)
    return _form_post(initial, changes)


def save_part1(client, agreement, **fields):
    return client.post(f"/agreements/{agreement.pk}/part1/", part1_post(agreement, **fields))


def save_part2(client, agreement, **fields):
    return client.post(f"/agreements/{agreement.pk}/part2/", part2_post(agreement, **fields))


def stored_tasks(agreement, code="1.1"):
    return agreement.items.get(sub_item__code=code).tasks
