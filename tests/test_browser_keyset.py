"""Issue 8: the registry's keyset pages in a real browser, with htmx and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.factories import CooperationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAMES = ("Anggrek", "Bougenvil", "Cempaka", "Delima", "Edelweis", "Flamboyan", "Gardenia")


def _log_in(page, live_server):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("sec.singkawang")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_next_and_previous_walk_the_registry_by_cursor(
    live_server, browser, browser_context_args, world, screenshot_dir, settings, javascript
):
    settings.KERJASAMA = {**settings.KERJASAMA, "PAGE_SIZE": 3}
    for name in NAMES:
        CooperationFactory(title=f"{name} perbatasan", party_codes=("61.72", "61.07"))
    context = browser.new_context(**browser_context_args, java_script_enabled=javascript)
    page = context.new_page()
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/kerjasama/?q=perbatasan&sort=title")
    titles = page.locator("#registry-results tbody tr td:first-child a")
    results = page.locator("#registry-results")

    expect(titles).to_have_text([f"{n} perbatasan" for n in NAMES[:3]])
    expect(results).to_contain_text("7 kerja sama")
    page.get_by_role("link", name="Berikutnya").click()
    expect(titles).to_have_text([f"{n} perbatasan" for n in NAMES[3:6]])
    expect(page).to_have_url(re.compile(r"cursor="))
    page.screenshot(path=screenshot_dir / f"registry-page-2-{javascript}.png", full_page=True)
    page.get_by_role("link", name="Berikutnya").click()
    expect(titles).to_have_text(["Gardenia perbatasan"])
    expect(page.get_by_role("link", name="Berikutnya")).to_have_count(0)
    page.get_by_role("link", name="Sebelumnya").click()
    expect(titles).to_have_text([f"{n} perbatasan" for n in NAMES[3:6]])
    page.get_by_role("link", name="Sebelumnya").click()
    expect(titles).to_have_text([f"{n} perbatasan" for n in NAMES[:3]])
    expect(page.get_by_role("link", name="Sebelumnya")).to_have_count(0)
    expect(page.get_by_label("Cari")).to_have_value("perbatasan")
    context.close()


def test_agenda_lists_page_on_their_own(live_server, page, world, screenshot_dir, settings):
    """Each list of the agenda has its own "Berikutnya"; following the overdue list's keeps the
    upcoming list where it was (and the filter)."""
    import datetime as dt

    from django.utils import timezone

    from kerjasama.deadlines.models import Deadline

    settings.KERJASAMA = {**settings.KERJASAMA, "AGENDA_PAGE_SIZE": 2}
    today = timezone.localdate()
    for i, days in enumerate((-30, -20, -10, 10, 20, 30)):
        Deadline.objects.create(
            cooperation=world.local,
            subject_type="agreements.cooperation",
            subject_id=str(world.local.pk),
            key=f"report:{i}",
            kind="report",
            due_on=today + dt.timedelta(days=days),
            title=f"Laporan pelaksanaan {i}",
            rule="§12",
            status="open",
        )
    _log_in(page, live_server)
    page.goto(f"{live_server.url}/agenda/?kind=report")
    overdue = page.locator("section").filter(has_text="Lewat tenggat").locator("tbody tr")
    upcoming = page.locator("section").filter(has_text="90 hari").locator("tbody tr")

    expect(overdue).to_have_count(2)
    expect(upcoming).to_have_count(2)
    page.locator("section").filter(has_text="Lewat tenggat").get_by_role(
        "link", name="Berikutnya"
    ).click()
    expect(overdue).to_have_count(1)
    expect(overdue.first).to_contain_text("Laporan pelaksanaan 2")
    expect(upcoming.first).to_contain_text("Laporan pelaksanaan 3")
    expect(page).to_have_url(re.compile(r"kind=report"))
    page.screenshot(path=screenshot_dir / "agenda-overdue-page-2.png", full_page=True)
    page.get_by_role("link", name="Kembali ke awal").click()
    expect(overdue.first).to_contain_text("Laporan pelaksanaan 0")
