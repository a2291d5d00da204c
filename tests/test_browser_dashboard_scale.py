"""The dashboard of a secretariat with a long register in a real browser (issue 8): "needs my
action" lists the steps found in the most recently changed cases and says that the registry
has the others; "your deadlines" shows eight and points to the agenda; a screenshot."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kerjasama.agreements import action_items
from kerjasama.agreements.enums import Stage
from tests.factories import CooperationFactory, DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_long_register_dashboard_points_to_the_registry_and_the_agenda(
    live_server, page, world, screenshot_dir
):
    today = timezone.localdate()
    for n in range(action_items.ACTION_CASES_LIMIT + 3):
        record = CooperationFactory(title=f"Usulan pasar rakyat {n:02d}", stage=Stage.PROPOSAL)
        DocumentFactory(cooperation=record, kind="kak", title=f"KAK {n}")
    for n in range(10):
        world.local.deadlines.create(
            subject_type="agreements.cooperation",
            subject_id=str(world.local.pk),
            key=f"r{n}",
            kind="report",
            due_on=today + dt.timedelta(days=n - 3),
            title=f"Laporan nomor {n}",
            rule="§10",
        )

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill("sec.singkawang")
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_be_visible()
    page.goto(f"{live_server.url}/")

    note = page.locator("#action-cases-limited")
    expect(note).to_contain_text("30 kerja sama yang terakhir berubah")
    expect(note.locator("a")).to_have_attribute("href", "/kerjasama/")
    steps = page.locator("#needs-action .action-list").first.locator("li")
    expect(steps).to_have_count(action_items.ACTION_CASES_LIMIT)
    expect(page.locator("#needs-action")).to_contain_text("dan 2 tenggat lainnya: buka agenda")
    page.screenshot(path=str(screenshot_dir / "dashboard-long-register.png"), full_page=True)
