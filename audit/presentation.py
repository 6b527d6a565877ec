"""The audit trail as people read it: Thai names for the actions. What changed in an agreement is
shown by the agreements app (agreements/templatetags/agreement_history.py)."""

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
