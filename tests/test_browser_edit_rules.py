"""Editing a signed case in a real browser (issue 6/14): the OPD officer reports progress but
is not offered the shared facts; the secretariat changes them with a reason and confirms the
removal of a financing line."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kerjasama.agreements.access import access_refresh
from kerjasama.agreements.models import Cooperation, FinancingLine
from kerjasama.core.models import AuditEvent
from tests.factories import (
    DocumentFactory,
    DocumentPartyFactory,
    FinancingLineFactory,
    party_asked_to_leave,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_signed_kb_officer_reads_secretariat_changes_with_reason(
    live_server, page, world, screenshot_dir
):
    record = world.kb
    Cooperation.objects.filter(pk=record.pk).update(created_by=world.sec_singkawang)
    own = record.parties.get(partner__region__code="61.72")
    own.executing_opd = world.pupr
    own.save()
    access_refresh(record)  # written past the services (issue 8)
    kb = DocumentFactory(
        cooperation=record, kind="kb", title="Naskah KB", created_by=world.sec_singkawang
    )
    for party in record.parties.all():
        DocumentPartyFactory(document=kb, party=party, number=f"KS.{party.order}/2021")
    line = FinancingLineFactory(cooperation=record)

    _login(page, live_server, "pupr.singkawang")
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    expect(page.get_by_role("link", name="Tambah dokumen")).to_be_visible()
    expect(page.locator(".page-actions").get_by_role("link", name="Ubah")).to_have_count(0)
    expect(page.locator("#financing").get_by_role("link", name="Hapus")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "1-officer-record.png", full_page=True)

    _login(page, live_server, "sec.singkawang")
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    page.locator("#financing").get_by_role("link", name="Hapus").click()
    expect(page.get_by_role("heading", name="Hapus rincian pendanaan")).to_be_visible()
    page.get_by_role("button", name="Hapus").click()
    expect(page.locator(".has-error")).to_be_visible()  # the reason is asked for
    page.screenshot(path=screenshot_dir / "2-remove-needs-reason.png", full_page=True)
    page.get_by_label("Alasan penghapusan").fill("Dicatat ganda")
    page.get_by_role("button", name="Hapus").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(record.title)

    assert not FinancingLine.objects.filter(pk=line.pk).exists()
    assert AuditEvent.objects.get(action="financing.remove").data == {"reason": "Dicatat ganda"}

    page.locator(".page-actions").get_by_role("link", name="Ubah").click()
    expect(page.get_by_label("Alasan perubahan ini")).to_be_visible()
    page.screenshot(path=screenshot_dir / "3-edit-asks-reason.png", full_page=True)


def test_a_region_asked_to_leave_answers_on_the_record_page(
    live_server, page, world, screenshot_dir
):
    record = world.local
    party_asked_to_leave(record)  # a third party joined: two remain if Bengkayang leaves

    _login(page, live_server, "sec.singkawang")
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    page.get_by_role("link", name="Minta Pemerintah Kabupaten Bengkayang keluar").click()
    page.get_by_label("Mengapa pihak ini sebaiknya keluar?").fill("Tidak lagi terlibat")
    page.get_by_role("button", name="Kirim permintaan").click()
    expect(page.locator(".alert-warning")).to_contain_text("Menunggu jawaban")

    _login(page, live_server, "sec.bengkayang")
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    expect(page.locator(".alert-warning")).to_contain_text("Tidak lagi terlibat")
    page.screenshot(path=screenshot_dir / "asked-to-leave.png", full_page=True)
    page.get_by_role("button", name="Tolak").click()
    expect(page.locator(".alert-warning")).to_have_count(0)

    assert record.parties.filter(partner__region__code="61.07").exists()
    assert world.sec_singkawang.notifications.filter(title__contains="menolak keluar").exists()
