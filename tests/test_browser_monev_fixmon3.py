"""Issue 10, QA walk (fixmon3) in a browser on the demo: the running year's page at 1280 px
(provisional figures, the comparison columns visible) and the PKS page bounded to the recent
years. Screenshots go to /work/shots-fixmon3/ when it exists."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.demo_support import demo_committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "kerjasama-demo"
SHOTS = Path("/work/shots-fixmon3")


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
def test_the_running_year_and_the_bounded_pks_page(live_server, page, screenshot_dir):
    from kerjasama.agreements.models import Document
    from kerjasama.demo.monev import PKS_TITLE

    demo_committed()
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server, "sekda.singkawang")
    year = timezone.localdate().year

    page.goto(f"{live_server.url}/monev/{year}/")
    expect(page.locator("#running-year")).to_contain_text("Tahun berjalan: angka sementara")
    expect(page.locator("#headline-table")).to_contain_text("belum dapat dibandingkan")
    _shot(page, screenshot_dir, "1-running-year.png")
    # The comparison columns of the distribution tables are within the 1280 px window.
    header = page.locator("#dist-affair thead th").nth(2)
    box = header.bounding_box()
    assert box is not None
    assert box["x"] + box["width"] <= 1280
    page.locator("#dist-affair").scroll_into_view_if_needed()
    page.screenshot(path=str(screenshot_dir / "2-distribution-1280.png"))
    if SHOTS.is_dir():
        shutil.copy(screenshot_dir / "2-distribution-1280.png", SHOTS / "2-distribution-1280.png")

    document = Document.objects.get(title=PKS_TITLE)
    page.goto(f"{live_server.url}/monev/pks/{document.pk}/")
    expect(page.locator("#years-shown")).to_contain_text(str(year - 2))
    _shot(page, screenshot_dir, "3-pks-bounded.png")
