"""Issue 10, item 4: the secretariat writes the annual evaluation in its sections and submits
it; the Sekda comments and signs it off; the evaluation is locked and its figures shown as
signed off. Screenshots in test-output/ (and copied to /work/shots-eval10/ when that folder
exists), one of them at 360 px wide."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kerjasama.monitoring import services
from kerjasama.monitoring.models import Evaluation
from tests.factories import monev_indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/work/shots-eval10")


def _login(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()


def _shot(page, folder: Path, name: str) -> None:
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    if SHOTS.is_dir():
        shutil.copy(path, SHOTS / name)


def test_write_submit_comment_and_sign_off_an_evaluation(live_server, page, world, screenshot_dir):
    indicator = monev_indicator(world, targets={2021: "100"})
    row = services.realisation_save(
        actor=world.pupr_officer,
        indicator=indicator,
        party=world.local_party,
        year=2021,
        quarter=0,
        data={"state": "value", "value": Decimal("90")},
        submit=True,
    )
    services.realisation_verify(actor=world.sec_singkawang, realisation=row)

    # 1. The secretariat finds the year to evaluate and writes it in sections.
    _login(page, live_server, "sec.singkawang")
    page.goto(f"{live_server.url}/monev/evaluasi/")
    expect(page.locator("#h-write")).to_have_text("Evaluasi yang perlu ditulis")
    page.locator("main table tr", has_text="2021").get_by_role("link", name="Tulis").click()
    # 90 ÷ 100 × 100 = 90 % in the table of the form.
    expect(page.locator("table.evaluation-table")).to_contain_text("90 %")
    page.get_by_label("Kesesuaian dengan tujuan", exact=True).fill("Sambungan rumah bertambah.")
    page.get_by_label("Hambatan", exact=True).fill("Banjir di akhir tahun.")
    page.get_by_label("Rekomendasi", exact=True).select_option("continue")
    page.get_by_label("Nilai (1 = sangat kurang, 5 = sangat baik)").select_option("4")
    page.get_by_label("Alasan penilaian").fill("Target hampir tercapai.")
    _shot(page, screenshot_dir, "1-evaluation-form.png")
    page.get_by_role("button", name="Simpan dan ajukan untuk disahkan").click()
    expect(page.locator(".alert-success")).to_contain_text("Evaluasi telah diajukan")

    # 2. The Sekda comments and signs it off.
    _login(page, live_server, "sekda.singkawang")
    page.goto(f"{live_server.url}/monev/evaluasi/")
    page.locator("main a", has_text="2021").first.click()
    page.get_by_label("Komentar").fill("Tingkatkan pada 2022.")
    page.get_by_role("button", name="Tambahkan komentar").click()
    expect(page.locator(".alert-success")).to_contain_text("Komentar telah dicatat.")
    page.get_by_role("button", name="Sahkan").click()
    expect(page.locator(".alert-success")).to_contain_text("Evaluasi telah disahkan dan terkunci.")
    expect(page.locator("main")).to_contain_text("Angka sebagaimana disahkan pada")
    expect(page.locator("main")).to_contain_text("Tingkatkan pada 2022.")
    _shot(page, screenshot_dir, "2-signed-off.png")
    evaluation = Evaluation.objects.get()
    assert (evaluation.status, evaluation.rating, evaluation.versions.count()) == (
        "signed_off",
        4,
        1,
    )

    # 3. Narrow screen: the page reads at 360 px without horizontal scrolling of the page.
    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    _shot(page, screenshot_dir, "3-signed-off-360.png")
    assert width <= 360
