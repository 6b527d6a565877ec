"""The portal's roles. Each is a Django group of the same name (created by a data migration)."""

DEPUTY = "deputy"
SUPERVISOR = "supervisor"
EVALUATOR = "evaluator"
HR = "hr"
ADMIN = "admin"

ROLE_LABELS = {
    DEPUTY: "รองผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา",
    SUPERVISOR: "ผู้อำนวยการสำนักงานเขตพื้นที่การศึกษา (ผู้บังคับบัญชา)",
    EVALUATOR: "ผู้ประเมิน",
    HR: "เจ้าหน้าที่บริหารงานบุคคล",
    ADMIN: "ผู้ดูแลระบบ",
}
ALL_ROLES = tuple(ROLE_LABELS)
