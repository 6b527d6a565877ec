"""The audit trail as people read it: a Thai name for every action, and a run of autosaves
folded into one line per editing session. What changed in an agreement is shown by the
agreements app (agreements/templatetags/agreement_history.py)."""

import datetime as dt
from dataclasses import dataclass, field

ACTION_LABELS = {
    "agreement.created": "สร้างข้อตกลง",
    "agreement.copied": "คัดลอกเนื้อหาจากข้อตกลงปีก่อน",
    "agreement.imported": "นำเข้าข้อตกลงจากไฟล์",
    "agreement.saved": "บันทึกร่าง",
    "agreement.submitted": "ส่งข้อตกลง",
    "agreement.returned": "ส่งกลับให้แก้ไข",
    "agreement.agreed": "ผู้บังคับบัญชาเห็นชอบ",
    "evidence.added": "แนบหลักฐาน",
    "evidence.deleted": "ลบหลักฐาน",
    "evidence.indicators": "เลือกตัวชี้วัดของหลักฐาน",
    "evaluation.round_created": "สร้างรอบการประเมิน",
    "evaluation.round_status": "เปลี่ยนสถานะรอบการประเมิน",
    "evaluation.committee_assigned": "แต่งตั้งคณะกรรมการประเมิน",
    "evaluation.committee_completed": "คณะกรรมการประเมินครบทุกคน",
    "evaluation.scores_saved": "กรรมการบันทึกคะแนน",
    "evaluation.sheet_finalised": "กรรมการยืนยันผลการประเมิน",
    "evaluation.exclusion_on": "เปิดใช้ข้อยกเว้นการแต่งตั้งกรรมการ",
    "evaluation.exclusion_off": "ปิดข้อยกเว้นการแต่งตั้งกรรมการ",
    "evaluation.conflict_declared": "บันทึกการแจ้งส่วนได้เสียของกรรมการ",
    "cycle.extension_granted": "ขยายเวลาส่งข้อตกลง",
    "cycle.scoring_extension_granted": "ขยายเวลาให้คะแนน",
    "cycle.email_notifications": "เปลี่ยนการแจ้งเตือนทางอีเมล",
    "packet.requested": "ขอชุดเอกสาร PDF",
    "standard.loaded": "นำเข้ามาตรฐานตำแหน่งฉบับใหม่",
    "admin.added": "เพิ่มข้อมูลโดยผู้ดูแลระบบ",
    "admin.changed": "แก้ไขข้อมูลโดยผู้ดูแลระบบ",
    "admin.deleted": "ลบข้อมูลโดยผู้ดูแลระบบ",
}

# Saves that come every few seconds while someone types (autosave): one line per editing session.
SESSION_ACTIONS = {"agreement.saved": "แก้ไขร่าง", "evaluation.scores_saved": "บันทึกคะแนน"}
# Saves further apart than this start a new session.
SESSION_GAP = dt.timedelta(minutes=30)


def action_label(action: str) -> str:
    """The Thai name of an action; an unknown one (a test keeps every known action named) reads
    as a plain change, never as its code."""
    return ACTION_LABELS.get(action, "เปลี่ยนแปลงข้อมูล")


@dataclass
class HistoryLine:
    """One line of a history page: a single entry, or a session of saves (newest first)."""

    entries: list = field(default_factory=list)

    @property
    def latest(self):
        return self.entries[0]

    @property
    def earliest(self):
        return self.entries[-1]

    @property
    def count(self) -> int:
        return len(self.entries)

    @property
    def is_session(self) -> bool:
        return self.count > 1

    @property
    def label(self) -> str:
        action = self.latest.action
        if self.is_session:
            return f"{SESSION_ACTIONS[action]} {self.count} ครั้ง"
        return action_label(action)


def history_lines(entries, gap: dt.timedelta = SESSION_GAP) -> list[HistoryLine]:
    """Entries (newest first) as history lines: consecutive saves of the same kind by the same
    person, each less than `gap` after the one before, become one line."""
    lines: list[HistoryLine] = []
    for entry in entries:
        last = lines[-1] if lines else None
        if (
            last is not None
            and entry.action in SESSION_ACTIONS
            and entry.action == last.earliest.action
            and (entry.actor_id, entry.actor_name) == (last.earliest.actor_id, last.earliest.actor_name)
            and last.earliest.at - entry.at < gap
        ):
            last.entries.append(entry)
        else:
            lines.append(HistoryLine([entry]))
    return lines
