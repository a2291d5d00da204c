"""Issue 7: a case registered in force without its evidence, in a real browser: the record's
"belum lengkap" panel with what is missing (screenshot to look at), and the dashboard's count
leading to the registry filtered on incomplete cases."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, expect

from kerjasama.agreements import services
from kerjasama.reference.models import GovernmentAffair
from tests.factories import ThirdPartyFactory, region_partner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()


def test_incomplete_record_panel_and_dashboard_count(live_server, page, world, screenshot_dir):
    with translation.override("id"):
        record = services.cooperation_create(
            actor=world.sec_singkawang,
            data={
                "kind": "ksdpk",
                "ksdpk_kind": "public_service",
                "title": "Pengelolaan air minum (perjanjian lama)",
                "in_plan": True,
            },
            parties=[
                services.PartyInput(region_partner("61.72")),
                services.PartyInput(ThirdPartyFactory(name="Perumda Air Minum Gunung Poteng")),
            ],
            affairs=list(GovernmentAffair.objects.filter(code="1.03")),
            stage="in_force",
            registration_reason="Perjanjian lama dari arsip; dokumen awal sedang ditelusuri.",
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server.url, "sec.singkawang")

    count = page.locator("#incomplete-count")
    expect(count).to_contain_text("1")
    page.screenshot(path=screenshot_dir / "dashboard-incomplete-count.png")
    count.get_by_role("link").click()
    expect(page.get_by_role("link", name=record.title)).to_be_visible()
    expect(page.get_by_label("Kelengkapan dokumen")).to_have_value("incomplete")
    page.screenshot(path=screenshot_dir / "registry-incomplete.png")

    page.get_by_role("link", name=record.title).click()
    panel = page.locator("#incomplete")
    expect(panel).to_be_visible()
    expect(panel.get_by_role("heading")).to_contain_text("Belum lengkap")
    expect(panel).to_contain_text("dokumen awal sedang ditelusuri")
    items = panel.locator("li")
    # KAK, mapping, feasibility study, TKKSD, offer, reply, signed KB, the DPRD test, signed
    # PKS (§3.4, §5.3, §7).
    assert items.count() == 9
    add = reverse("agreements:document_create", args=[record.pk])
    expect(panel.get_by_role("link", name="Tambahkan").first).to_have_attribute(
        "href", f"{add}?kind=kak"
    )
    panel.screenshot(path=screenshot_dir / "incomplete-panel.png")
    page.screenshot(path=screenshot_dir / "incomplete-record.png", full_page=False)
