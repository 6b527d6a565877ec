from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Office
from accounts.services import offices_import_csv
from pa_portal.errors import DomainError

GOOD = """code,name,kind,province
65020000,สำนักงานเขตพื้นที่การศึกษาประถมศึกษาพิษณุโลก เขต 2,สพป.,พิษณุโลก
00390000,สำนักงานเขตพื้นที่การศึกษามัธยมศึกษาพิษณุโลก อุตรดิตถ์,spm,พิษณุโลก
"""


def test_import_creates_offices_and_is_repeatable(db, tmp_path):
    path = tmp_path / "offices.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = StringIO()
    call_command("import_offices", str(path), stdout=out)
    assert "เพิ่ม 2" in out.getvalue()
    office = Office.objects.get(code="65020000")
    assert office.kind == Office.Kind.PRIMARY
    assert office.get_kind_display() == "สพป."
    call_command("import_offices", str(path), stdout=out)
    assert Office.objects.count() == 2


def test_bad_rows_are_reported_by_line_and_nothing_is_loaded(db):
    text = (
        GOOD + "66010000,,สพป.,เพชรบูรณ์\n66020000,สพป.เพชรบูรณ์ เขต 2,โรงเรียน,เพชรบูรณ์\n65020000,ซ้ำ,สพป.,พิษณุโลก\n"
    )
    with pytest.raises(DomainError) as caught:
        offices_import_csv(text=text)
    messages = caught.value.messages
    assert messages == [
        "บรรทัดที่ 4: ไม่มีค่าในคอลัมน์ name",
        "บรรทัดที่ 5: ประเภท 'โรงเรียน' ไม่ถูกต้อง (ใช้ สพป. หรือ สพม.)",
        "บรรทัดที่ 6: รหัส 65020000 ซ้ำกับบรรทัดที่ 2",
    ]
    assert Office.objects.count() == 0


def test_missing_columns_are_named(db):
    with pytest.raises(match="ไม่มีคอลัมน์ kind, province"):
        offices_import_csv(text="code,name\n1,x\n")


def test_command_reports_errors_without_loading(db, tmp_path):
    path = tmp_path / "offices.csv"
    path.write_text("code,name,kind,province\n1,,สพป.,x\n", encoding="utf-8")
    with pytest.raises(CommandError, match="บรรทัดที่ 2"):
        call_command("import_offices", str(path))
    assert not Office.objects.exists()
