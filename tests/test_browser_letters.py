"""Issue 9 in a real browser: the secretariat sets its region's letters (kop surat, logo,
numbering pattern, signer) on the OPD page's "Letter settings", a bad pattern is refused with an
Indonesian message, and the sample letter downloads as PDF and DOCX with what was typed."""

from __future__ import annotations

import io

import pytest
from docx import Document as WordDocument
from playwright.sync_api import expect
from pypdf import PdfReader

from kerjasama.accounts.models import Tenant
from tests.test_letters import png_logo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_letter_settings_and_the_sample_letter(live_server, page, world, screenshot_dir):
    _login(page, live_server, "sec.singkawang")
    page.goto(f"{live_server.url}/akun/opd/")
    page.get_by_role("link", name="Pengaturan surat").click()
    expect(page.get_by_role("heading", name="Pengaturan surat")).to_be_visible()

    page.get_by_label("Kop surat", exact=True).fill("PEMERINTAH KOTA SINGKAWANG")
    page.get_by_label("Baris unit pada kop surat").fill("Sekretariat Daerah")
    page.get_by_label("Alamat").fill("Jalan Firdaus Nomor 1, Singkawang 79123")
    page.get_by_label("Telepon").fill("(0562) 631049")
    page.get_by_label("Tempat pada baris tanggal").fill("Singkawang")
    page.get_by_label("Kode unit pada nomor surat").fill("KS-Pem")
    page.get_by_label("Jabatan penanda tangan").fill("Sekretaris Daerah")
    page.get_by_label("Nama penanda tangan").fill("HENDRA WIJAYA")
    page.get_by_label("Pangkat/golongan penanda tangan").fill("Pembina Utama Madya (IV/d)")
    page.get_by_label("NIP penanda tangan").fill("19650101 199003 1 001")
    page.get_by_label("Logo", exact=True).set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png_logo()}]
    )
    page.get_by_label("Pola nomor surat").fill("{kode}/{unit}/{tahun}")
    page.get_by_role("button", name="Simpan").click()
    expect(
        page.get_by_role("group", name="Nomor, tempat dan tanggal").get_by_text(
            "Pola nomor harus memuat {nomor} dan {tahun}"
        )
    ).to_be_visible()
    page.screenshot(path=screenshot_dir / "1-bad-pattern.png", full_page=True)
    assert Tenant.objects.get(pk=world.singkawang.pk).signer_name == ""

    page.get_by_label("Pola nomor surat").fill("{kode}/{nomor}/{unit}/{tahun}")
    page.get_by_label("Kode klasifikasi notulen").fill("000.5.3")
    page.get_by_label("Logo", exact=True).set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": png_logo()}]
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Pengaturan surat telah disimpan.")).to_be_visible()
    expect(page.get_by_text("005/1/KS-Pem/", exact=False)).to_be_visible()
    page.screenshot(path=screenshot_dir / "2-saved.png", full_page=True)
    assert Tenant.objects.get(pk=world.singkawang.pk).letter_code_minutes == "000.5.3"

    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Contoh surat (PDF)").click()
    pdf = PdfReader(pdf_download.value.path())
    text = " ".join((pdf.pages[0].extract_text() or "").split())
    assert "PEMERINTAH KOTA SINGKAWANG SEKRETARIAT DAERAH" in text
    assert "NIP 19650101 199003 1 001" in text
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Contoh surat (DOCX)").click()
    with open(docx_download.value.path(), "rb") as stored:
        document = WordDocument(io.BytesIO(stored.read()))
    assert document.paragraphs or document.tables
    assert len(document.inline_shapes) == 1  # the logo
