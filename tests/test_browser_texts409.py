"""An English reader sees an Indonesian user's overridden warning in English, named by its
label, and a skipped DPRD step said once (issue 7 follow-up, texts409)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.test_texts409_reader_language import _pks_without_kb_overridden, _skipped_dprd_case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_english_reader_sees_overridden_warnings_and_a_skip_in_english(
    live_server, page, world, screenshot_dir
):
    case = _pks_without_kb_overridden(world)
    skipped = _skipped_dprd_case(world, "Persetujuan DPRD tidak diperlukan: beban kecil")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill("sec.singkawang")
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    overrides = page.locator("section[aria-labelledby=overrides-h]")
    expect(overrides).to_contain_text("PKS without a Kesepakatan Bersama on file")
    expect(overrides).to_contain_text("No Kesepakatan Bersama of this cooperation is on file")
    overrides.screenshot(path=str(screenshot_dir / "texts409-overrides-en.png"))
    timeline = page.locator("section[aria-labelledby=timeline-h]")
    expect(timeline).not_to_contain_text("pks_without_kb")
    timeline.screenshot(path=str(screenshot_dir / "texts409-timeline-en.png"))

    page.goto(f"{live_server.url}{skipped.get_absolute_url()}")
    bar = page.locator("ol.pathway").first
    expect(bar).to_contain_text("DPRD approval not needed: beban kecil")
    expect(bar).not_to_contain_text("Persetujuan DPRD")
    bar.screenshot(path=str(screenshot_dir / "texts409-skip-en.png"))
