"""The page a domain error gets (issue 7), in a real browser: its heading and message in the
reader's language, the way back, at 1280 and 360 px (screenshots to look at)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("tests.error_urls"),
]


@pytest.mark.parametrize("width", [1280, 360])
def test_a_stale_write_answers_with_its_page(live_server, page: Page, screenshot_dir, width):
    page.set_viewport_size({"width": width, "height": 700})
    response = page.goto(f"{live_server.url}/_test/error/stale_write/")
    assert response is not None
    assert response.status == 409
    expect(page.get_by_role("heading", name="Sudah diubah orang lain")).to_be_visible()
    expect(page.get_by_text("Orang lain telah menyimpan mitra ini")).to_be_visible()
    expect(page.get_by_role("link", name="Kembali ke dasbor")).to_be_visible()
    page.screenshot(path=screenshot_dir / f"stale-write-{width}.png", full_page=True)
