"""The DPRD on a PKS's own road in a real browser (screenshot to look at): once the DPRD
approved the PKS (§7), its box shows the date and reference, the DPRD stage is done and the
request is no longer offered."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests.test_pks_road import kb_case, pks_step
from tests.test_rules_by_hand import TODAY, People, agreement, paper

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_an_approved_pks_shows_its_dprd_approval(live_server, page, reference, screenshot_dir):
    sec = People().secretariat
    record, kb = kb_case(burdens_community=True, budgeted_in_apbd=True)
    paper(record, "dprd_request")
    paper(record, "dprd_approval")
    pks = agreement(record, "pks", parent=kb, title="PKS persampahan")
    pks_step(sec, pks, "request_dprd", requested_on=dt.date(2026, 10, 20), received_on=TODAY)
    pks_step(sec, pks, "dprd_approves", decision_reference="Keputusan DPRD 4/2026")

    page.set_viewport_size({"width": 1280, "height": 1000})
    _login(page, live_server.url, sec.username)
    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    box = page.locator(f"#pks-{pks.pk}")
    expect(box).to_contain_text("Disetujui DPRD pada 2 November 2026 (Keputusan DPRD 4/2026)")
    expect(box.get_by_text("Ajukan permohonan persetujuan DPRD")).to_have_count(0)
    box.scroll_into_view_if_needed()
    box.screenshot(path=screenshot_dir / "pks-dprd-approved.png")
