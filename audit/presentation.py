"""The audit trail as people read it: Thai names for the actions and, for changes to an agreement,
what changed (before and after) field by field."""

from agreements.diff import snapshot_diff

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
    "evaluation.round_created": "สร้างรอบการประเมิน",
    "evaluation.round_status": "เปลี่ยนสถานะรอบการประเมิน",
    "evaluation.committee_assigned": "แต่งตั้งคณะกรรมการประเมิน",
    "evaluation.committee_completed": "คณะกรรมการประเมินครบทุกคน",
    "evaluation.scores_saved": "กรรมการบันทึกคะแนน",
    "evaluation.sheet_finalised": "กรรมการยืนยันผลการประเมิน",
    "cycle.extension_granted": "ขยายเวลาส่งข้อตกลง",
    "cycle.scoring_extension_granted": "ขยายเวลาให้คะแนน",
    "cycle.email_notifications": "เปลี่ยนการแจ้งเตือนทางอีเมล",
    "packet.requested": "ขอชุดเอกสาร PDF",
    "standard.loaded": "นำเข้ามาตรฐานตำแหน่งฉบับใหม่",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def agreement_changes(entry) -> list[dict]:
    """For a saved agreement: the rows and issues that changed, each field with its before and
    after marked up (the same presentation as comparing two versions). Other entries: none.

    Scores are left out on purpose: sheets stay independent until the committee has finished, and
    this page is read by the owner and the supervisor too."""
    if entry.action not in ("agreement.saved", "agreement.copied", "agreement.imported"):
        return []
    older, newer = {"part1": [], "part2": []}, {"part1": [], "part2": []}
    for key, change in (entry.changes or {}).items():
        if not isinstance(change, dict) or "before" not in change:
            continue
        part = "part1" if key.startswith("item:") else "part2" if key.startswith("challenge:") else None
        if part is None:
            continue
        if change.get("before"):
            older[part].append(change["before"])
        if change.get("after"):
            newer[part].append(change["after"])
    return snapshot_diff(older, newer)


def review_comments(entry) -> list[tuple[str, str]]:
    """The supervisor's comments carried by a return, as (where, text)."""
    if entry.action != "agreement.returned":
        return []
    changes = entry.changes or {}
    comments = [("ความเห็นโดยรวม", changes["comment"])] if changes.get("comment") else []
    for anchor, text in (changes.get("item_comments") or {}).items():
        comments.append((anchor.replace("item-", "ข้อ ").replace("challenge-", "ประเด็นท้าทายที่ "), text))
    return comments
