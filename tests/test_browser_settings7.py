"""Issue 7 in a real browser: the secretariat signs a KB with its region's content checklist
(§5.5) — a row left unticked asks for a reason — and records an addendum that extends the term
and changes the scope (§6.3), which the record then shows as the facts in effect."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from kerjasama.accounts.models import ContentChecklistItem
from kerjasama.agreements.models import WarningOverride
from tests.factories import DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_kb_checklist_and_addendum_facts(live_server, page, world, screenshot_dir):
    record = world.kb
    record.scope = "Air bersih dan transportasi"
    record.save()
    for order, label in enumerate(["Maksud dan tujuan", "Ruang lingkup"], start=1):
        ContentChecklistItem.objects.create(
            tenant=world.singkawang, document_kind="kb", label=label, order=order
        )
    _login(page, live_server, "sec.singkawang")

    page.goto(f"{live_server.url}/kerjasama/{record.pk}/dokumen/baru/?kind=kb")
    page.get_by_label("Judul").fill("Kesepakatan Bersama Kalbar–Singkawang")
    page.get_by_label("Status").select_option("signed")
    page.get_by_label("Tanggal", exact=True).fill("2020-11-26")
    page.get_by_label("Awal jangka waktu").fill("2020-11-26")
    page.get_by_label("Akhir jangka waktu").fill("2025-11-25")
    page.get_by_label("Maksud dan tujuan").check()
    page.screenshot(path=screenshot_dir / "1-kb-checklist.png", full_page=True)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Ruang lingkup.", exact=False).first).to_be_visible()
    page.screenshot(path=screenshot_dir / "2-kb-checklist-warning.png", full_page=True)
    page.get_by_label("Alasan melanjutkan meskipun ada peringatan").fill(
        "Ruang lingkup ada di lampiran"
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Dokumen telah ditambahkan")).to_be_visible()
    assert WarningOverride.objects.filter(code="content_checklist").count() == 1

    DocumentFactory(
        cooperation=record,
        kind="tkksd_minutes",
        title="Notulen TKKSD adendum",
        status="final",
        signed_on=dt.date(2025, 9, 15),
        start_date=None,
        end_date=None,
    )
    page.goto(f"{live_server.url}/kerjasama/{record.pk}/dokumen/baru/?kind=addendum")
    page.get_by_label("Judul").fill("Adendum I")
    page.get_by_label("Status").select_option("signed")
    page.get_by_label("Tanggal", exact=True).fill("2025-10-01")
    page.get_by_label("Awal jangka waktu").fill("2025-11-26")
    page.get_by_label("Akhir jangka waktu").fill("2030-11-25")
    page.get_by_label("Adendum: ruang lingkup yang baru").fill(
        "Air bersih, transportasi dan pariwisata"
    )
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Dokumen telah ditambahkan")).to_be_visible()

    expect(page.locator("#effective-scope")).to_have_text("Air bersih, transportasi dan pariwisata")
    addenda = page.locator("#addenda")
    expect(addenda).to_contain_text("Adendum I")
    expect(addenda).to_contain_text("25 November 2030")
    expect(addenda).to_contain_text("Air bersih dan transportasi")
    page.locator("#addenda-h").scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / "3-record-addenda.png", full_page=True)
