"""Entry forms in a real browser: a PKS under its KB, an end date before the start, an NPWP as
printed, a title with a right-to-left override (issue 6, items 5, 6, 7, 24)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kerjasama.agreements.models import Document
from kerjasama.partners.models import Partner
from tests.factories import DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_secretariat_adds_a_pks_under_the_kb_and_is_told_about_a_bad_term(
    live_server, page, world, screenshot_dir
):
    kb = DocumentFactory(cooperation=world.kb, kind="kb", title="Naskah Kesepakatan Bersama")
    _login(page, live_server, "sec.singkawang")

    page.goto(f"{live_server.url}{world.kb.get_absolute_url()}")
    page.get_by_role("link", name="Tambah PKS di bawah KB ini").click()
    expect(page.get_by_label("Dokumen induk")).to_have_value(str(kb.pk))
    page.get_by_label("Judul").fill("PKS air minum\u202e fdp.exe")
    page.get_by_label("Awal jangka waktu").fill("2021-03-01")
    page.get_by_label("Akhir jangka waktu").fill("2020-03-01")
    page.get_by_role("button", name="Simpan").click()

    end_field = page.locator("#id_end_date").locator(
        "xpath=ancestor::*[contains(@class,'field')][1]"
    )
    expect(end_field).to_contain_text("Akhir jangka waktu harus sama dengan atau sesudah awal")
    expect(page.locator("body")).not_to_contain_text("Batasan")
    page.screenshot(path=screenshot_dir / "pks-end-before-start.png", full_page=True)

    page.get_by_label("Akhir jangka waktu").fill("2025-12-31")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#documents")).to_contain_text("PKS air minum fdp.exe")
    page.screenshot(path=screenshot_dir / "pks-saved-under-kb.png", full_page=True)

    pks = Document.objects.get(kind="pks", cooperation=world.kb)
    assert (pks.parent_id, pks.title) == (kb.pk, "PKS air minum fdp.exe")


def test_secretariat_registers_a_partner_with_the_npwp_as_printed(
    live_server, page, world, screenshot_dir
):
    _login(page, live_server, "sec.singkawang")

    page.goto(f"{live_server.url}/mitra/baru/")
    page.get_by_label("Jenis", exact=True).select_option("third_party")
    page.get_by_label("Nama", exact=True).fill("PT Sinar Bengkayang Lestari")
    page.get_by_label("Jenis pihak ketiga").select_option("private_company")
    page.get_by_label("NPWP").fill("01.234.567.8-701.000")
    expect(page.get_by_label("NPWP")).to_have_value("01.234.567.8-701.000")
    page.screenshot(path=screenshot_dir / "partner-npwp-printed.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("PT Sinar Bengkayang Lestari")
    assert Partner.objects.get(name="PT Sinar Bengkayang Lestari").npwp == "012345678701000"
    # The partner page shows it as printed too, not as the stored digits (issue 6, L2).
    expect(page.locator("dd", has_text="01.234.567.8-701.000")).to_be_visible()
    page.screenshot(path=screenshot_dir / "partner-npwp-shown.png", full_page=True)
