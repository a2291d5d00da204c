"""The registry in a real browser (headless Debian Chromium through Playwright)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CooperationFactory, DocumentFactory, DocumentPartyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_logs_in_filters_and_opens_the_kalbar_singkawang_kb(
    live_server, page, world, screenshot_dir
):
    kb = DocumentFactory(cooperation=world.kb, kind="kb", title="Naskah Kesepakatan Bersama")
    first, second = world.kb.parties.order_by("order")
    DocumentPartyFactory(document=kb, party=first, number="119/BPOD/2021")
    DocumentPartyFactory(document=kb, party=second, number="180/05/KS-Pem/2021")
    CooperationFactory(
        title="Kerja sama promosi pariwisata",
        party_codes=("61.72", "61.07"),
        stage="proposal",
        affair_codes=("3.26",),
    )
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("sec.singkawang")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Daftar kerja sama").click()
    rows = page.locator("#registry-results tbody tr")
    expect(rows).to_have_count(3)
    page.get_by_label("Cari").fill("Kalimantan Barat")  # HTMX swaps the results as one types
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("119/BPOD/2021")
    expect(rows.first).to_contain_text("180/05/KS-Pem/2021")
    expect(page).to_have_url(re.compile(r"q=Kalimantan"))
    page.screenshot(path=screenshot_dir / "registry-filtered.png", full_page=True)

    rows.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.kb.title)
    expect(page.locator("#documents")).to_contain_text("14 Januari 2021")
    page.screenshot(path=screenshot_dir / "kalbar-singkawang-kb.png", full_page=True)

    assert console_errors == []
    assert (screenshot_dir / "kalbar-singkawang-kb.png").stat().st_size > 10_000
