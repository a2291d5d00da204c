"""Issue 10, items 5–6 (acceptance): `/monev/2021/` as `sekda.singkawang` on the demo shows the
comparison with 2020 and the headline indicators the Sekda chose, with their SVG charts; the
dashboard shows the headline indicators too. Screenshots in the test's directory and in
/work/shots-year10/ when that directory exists."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.demo_support import demo_committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "kerjasama-demo"
SHOTS = Path("/work/shots-year10")


def _login(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()


def _shot(page, screenshot_dir: Path, name: str) -> None:
    path = screenshot_dir / name
    page.screenshot(path=str(path), full_page=True)
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / name)


@pytest.mark.long
def test_the_sekda_sees_2021_against_2020(live_server, page, reference, screenshot_dir):
    demo_committed()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _login(page, live_server, "sekda.singkawang")

    # The dashboard: the last complete year against the one before (the demo reports every
    # year up to today's open windows), named.
    last = timezone.localdate().year - 1
    panel = page.locator("#dashboard-headlines")
    expect(panel.locator("h2")).to_have_text(f"Indikator utama: {last} dibanding {last - 1}")
    expect(panel).to_contain_text("Cakupan pelayanan air minum perpipaan")
    _shot(page, screenshot_dir, "1-dashboard.png")
    expect(panel.get_by_role("link", name=f"Tahun {last} selengkapnya")).to_be_visible()
    page.goto(f"{live_server.url}/monev/2021/")

    # The year page: the headline indicators side by side, every one improved over 2020 —
    # clean water 58,5 → 65,17 %, floods 1.660 → 1.100 KK (lower is better), tourist visits
    # 325.000 → 425.000.
    expect(page.locator("h1")).to_have_text("Tahun 2021 Kota Singkawang")
    table = page.locator("#headline-table")
    expect(table.locator("thead")).to_contain_text("2020")
    expect(table.locator("thead")).to_contain_text("2021")
    for value in ("58,5", "65,17", "1.660", "1.100", "325.000", "425.000"):
        expect(table).to_contain_text(value)
    expect(table.locator("td.trend-improved")).to_have_count(3)
    expect(page.locator("#h-headlines ~ figure.chart svg[role=img]").first).to_be_visible()
    assert page.locator("svg[role=img] > title").count() >= 4
    _shot(page, screenshot_dir, "2-monev-2021.png")
    page.locator("#chart-headline-2").screenshot(path=str(screenshot_dir / "3-chart-floods.png"))
    if SHOTS.is_dir():
        shutil.copy(screenshot_dir / "3-chart-floods.png", SHOTS / "3-chart-floods.png")

    # The Sekda's form of the headline indicators shows the three chosen, in order.
    page.get_by_role("link", name="Pilih indikator utama").click()
    expect(page.locator("#id_slot_1")).to_have_value("air_minum.cakupan_pelayanan")
    expect(page.locator("#id_slot_2")).to_have_value("banjir.kk_terdampak")
    expect(page.locator("#id_slot_3")).to_have_value("pariwisata.kunjungan_nusantara")
    _shot(page, screenshot_dir, "4-headline-form.png")
    page.go_back()

    # The year switcher leads to 2020 (no JavaScript: a link).
    page.locator(".year-switcher").get_by_role("link", name="2020", exact=True).click()
    expect(page.locator("h1")).to_have_text("Tahun 2020 Kota Singkawang")
    assert errors == []
