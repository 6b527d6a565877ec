"""A reader without an account checks a document in a real browser (headless Chromium): the
address under the QR code, then the PDF file itself."""

import pytest

from testsupport.browser import screenshot

from .helpers import issued_pa1

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_checks_the_code_then_uploads_the_pdf(
    role_groups,
    standards,
    policies,
    people,
    media,
    test_ca,
    public_url,
    agreed,
    chromium,
    live_server,
    watch,
    tmp_path,
):
    data, code = issued_pa1(agreed)
    context = chromium.new_context(
        base_url=live_server.url, locale="th-TH", viewport={"width": 1280, "height": 900}
    )
    page = watch.attach(context.new_page())
    try:
        page.goto(f"/verify/{code.code}/")  # where the QR code leads (on this server)
        assert page.get_attribute("#verdict", "data-verdict") == "code-found"
        assert "ผู้บังคับบัญชาเห็นชอบแล้ว" in page.text_content("#state")
        screenshot(page, "verification-code", full_page=True)

        path = tmp_path / f"{agreed.agreement.number}.pdf"
        path.write_bytes(data)
        page.set_input_files("#verify-file", str(path))
        with page.expect_navigation():
            page.click("#verify-upload")
        assert page.get_attribute("#verdict", "data-verdict") == "genuine"
        screenshot(page, "verification-upload", full_page=True)
    finally:
        context.close()
