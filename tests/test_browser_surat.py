"""Issue 9 item 5 in a real browser: the secretariat generates a meeting's letters from the
letters' panel, generates one again (a second version with the same number), downloads the PDF,
and replaces the Word template of one kind; the leadership sees the versions without the
buttons. Screenshots in test-output/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from kerjasama.meetings.models import MeetingLetter, MeetingLetterTemplate
from tests.test_letters import custom_template
from tests.test_meetings_surat import surat_meeting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_the_letters_panel_generates_versions_and_downloads(
    live_server, page, world, screenshot_dir
):
    meeting = surat_meeting(world)
    _login(page, live_server, "sec.singkawang")
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/surat/")
    expect(page.get_by_role("heading", name="Surat-surat rapat")).to_be_visible()
    page.screenshot(path=screenshot_dir / "1-empty.png", full_page=True)

    row = page.locator("#letter-undangan")
    row.get_by_role("button", name="Buat").click()
    expect(page.get_by_text("Undangan versi 1 telah dibuat.")).to_be_visible()
    page.locator("#letter-undangan").get_by_role("button", name="Buat ulang").click()
    expect(page.get_by_text("Undangan versi 2 telah dibuat.")).to_be_visible()
    page.locator("#letter-notulen").get_by_role("button", name="Buat").click()
    expect(page.get_by_text("Notulen versi 1 telah dibuat.")).to_be_visible()
    row = page.locator("#letter-undangan")
    expect(row.get_by_text("v2")).to_be_visible()
    expect(row.get_by_text("v1")).to_be_visible()
    expect(row.get_by_text("005/1/KS-Pem/2021").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "2-versions.png", full_page=True)
    assert [(v.version, v.number) for v in MeetingLetter.objects.filter(kind="undangan")] == [
        (2, "005/1/KS-Pem/2021"),
        (1, "005/1/KS-Pem/2021"),
    ]

    with page.expect_download() as download:
        page.locator("#letter-notulen").get_by_role("link", name="PDF").first.click()
    pdf = PdfReader(download.value.path())
    text = " ".join((pdf.pages[0].extract_text() or "").split())
    assert "NOTULEN RAPAT TIM KOORDINASI KERJA SAMA DAERAH" in text
    assert "DRAFT" in text

    # The region's own template for the notulen.
    page.get_by_role("link", name="Templat surat", exact=True).click()
    expect(page.get_by_role("heading", name="Templat surat rapat")).to_be_visible()
    page.locator("#template-notulen input[type=file]").set_input_files(
        files=[
            {
                "name": "notulen-singkawang.docx",
                "mimeType": "application/octet-stream",
                "buffer": custom_template("X", broken=True),
            }
        ]
    )
    page.locator("#template-notulen").get_by_role("button", name="Unggah").click()
    expect(page.get_by_text("tidak dapat diisi").first).to_be_visible()
    page.screenshot(path=screenshot_dir / "3-template-refused.png", full_page=True)
    assert not MeetingLetterTemplate.objects.exists()
    page.locator("#template-notulen input[type=file]").set_input_files(
        files=[
            {
                "name": "notulen-singkawang.docx",
                "mimeType": "application/octet-stream",
                "buffer": custom_template("TEMPLAT NOTULEN SINGKAWANG"),
            }
        ]
    )
    page.locator("#template-notulen").get_by_role("button", name="Unggah").click()
    expect(page.get_by_text("Templat telah disimpan.")).to_be_visible()
    expect(page.get_by_text("Milik daerah Anda: notulen-singkawang.docx")).to_be_visible()
    page.screenshot(path=screenshot_dir / "4-template-saved.png", full_page=True)

    # The leadership reads the versions; no buttons.
    _login(page, live_server, "sekda.singkawang")
    page.goto(f"{live_server.url}/rapat/{meeting.pk}/surat/")
    expect(page.locator("#letter-undangan").get_by_text("v2")).to_be_visible()
    expect(page.get_by_role("button", name="Buat")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "5-leadership.png", full_page=True)
