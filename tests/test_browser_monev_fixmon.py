"""Issue 10, QA walk (fixmon): the demo's PKS indicators page — the flood indicator's year row
at desktop width, at 360 px and in English — and a percentage's report form. Screenshots in
the test's directory and in /work/shots-fixmon/ when that directory exists."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kerjasama.monitoring.models import Indicator, IndicatorDefinition
from tests.demo_support import demo_committed
from tests.factories import monev_indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "kerjasama-demo"
SHOTS = Path("/work/shots-fixmon")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _login(page, live_server, username: str, password: str = DEMO_PASSWORD) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()


def _shot(page, screenshot_dir: Path, name: str) -> None:
    path = screenshot_dir / name
    page.screenshot(path=str(path), full_page=True)
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / name)


@pytest.mark.long
def test_the_flood_indicators_year_row_in_indonesian_english_and_at_360px(
    live_server, page, reference, screenshot_dir
):
    demo_committed()
    floods = Indicator.objects.get(code="banjir.kk_terdampak")
    url = f"{live_server.url}/monev/pks/{floods.document_id}/?tahun=2020"
    _login(page, live_server, "sekretariat.singkawang")

    page.goto(url)
    section = page.locator(f"#indicator-{floods.pk}")
    year_row = section.locator("tr.year-row")
    # 1.660 KK against 1.500, lower is better: (2 − 1.660 ÷ 1.500) × 100 = 89,33 %.
    expect(year_row).to_contain_text("Tahun 2020")
    expect(year_row).to_contain_text("89,33 %")
    year_row.locator("summary").click()
    expect(year_row).to_contain_text("realisasi 1.660 ÷ target 1.500")
    section.scroll_into_view_if_needed()
    section.screenshot(path=str(screenshot_dir / "1-floods-2020.png"))
    if SHOTS.is_dir():
        shutil.copy(screenshot_dir / "1-floods-2020.png", SHOTS / "1-floods-2020.png")

    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(url)
    _shot(page, screenshot_dir, "2-pks-360.png")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1, width  # tables scroll inside their own box

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url)
    for details in page.locator(f"#indicator-{floods.pk} details").all():
        details.evaluate("d => d.open = true")
    text = page.locator("main").inner_text()
    _shot(page, screenshot_dir, "3-pks-english.png")
    assert "Year 2020" in text
    assert "Households affected by floods (households)" in text
    assert "yearly target: counted in the year's row" in text
    assert not ISO_DATE.findall(text)
    for indonesian in ("Triwulan", "diverifikasi oleh", "belum ada target", "Tahunan"):
        assert indonesian not in text

    # Tourism is the tourism office's to report (its current quarter), not the secretariat's.
    page.context.clear_cookies()
    _login(page, live_server, "sekretariat.singkawang")
    page.goto(f"{live_server.url}/monev/")
    report = page.locator("section[aria-labelledby=h-report]")
    expect(report).not_to_contain_text("Kunjungan wisatawan nusantara")
    _shot(page, screenshot_dir, "4-monev-secretariat.png")
    _login(page, live_server, "pariwisata.singkawang")
    page.goto(f"{live_server.url}/monev/")
    _shot(page, screenshot_dir, "5-monev-tourism-office.png")


def test_a_percentages_report_form_names_its_parts(live_server, page, world, screenshot_dir):
    definition = IndicatorDefinition.objects.get(code="air_minum.cakupan_pelayanan")
    indicator = monev_indicator(world, definition=definition, name="", unit="", targets={})
    _login(page, live_server, "pupr.singkawang", "secret-password")
    page.goto(
        f"{live_server.url}/monev/indikator/{indicator.pk}/realisasi/{world.local_party.pk}/2021/0/"
    )
    expect(page.locator("main")).to_contain_text("Pembilang: rumah tangga terlayani")
    expect(page.locator("main")).to_contain_text("Penyebut: rumah tangga di wilayah pelayanan")
    _shot(page, screenshot_dir, "6-percentage-form.png")
