"""Issue 10: an OPD officer reports a realisation with evidence at /monev/, the secretariat
returns it (wrong unit), the officer corrects it, the secretariat verifies it, and the
achievement appears on the PKS's indicators page with its explanation expanded, and on the
region's year page (`/monev/2021/`), which counted nothing of it before it was verified. A
screenshot per step in test-output/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kerjasama.monitoring.models import Realisation
from tests.factories import make_pdf, monev_indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()


def test_report_return_correct_verify_and_the_achievement_explained(
    live_server, page, world, screenshot_dir, tmp_path
):
    indicator = monev_indicator(world, targets={2021: "100"})
    evidence = tmp_path / "berita-acara-sambungan.pdf"
    evidence.write_bytes(make_pdf())

    # 1. The PUPR officer sees what to report and enters 4.000 — m³ of water, the wrong unit.
    _login(page, live_server, "pupr.singkawang")
    page.goto(f"{live_server.url}/monev/")
    expect(page.locator("#h-report")).to_have_text("Yang harus saya laporkan sekarang")
    page.screenshot(path=str(screenshot_dir / "1-monev-officer.png"), full_page=True)
    page.locator("main table a", has_text="Laporkan").first.click()
    expect(page.locator("main dl")).to_contain_text("2021")
    page.get_by_label("Nilai", exact=True).fill("4.000")
    page.get_by_label("Berkas bukti dukung (PDF atau DOCX)").set_input_files(str(evidence))
    page.screenshot(path=str(screenshot_dir / "2-enter.png"), full_page=True)
    page.get_by_role("button", name="Kirim untuk diverifikasi").click()
    expect(page.locator(".alert-success")).to_contain_text("Nilai dikirim untuk diverifikasi.")
    assert Realisation.objects.get().value == 4000  # "4.000" read as four thousand

    # 2. The secretariat returns it: wrong unit.
    _login(page, live_server, "sec.singkawang")
    page.goto(f"{live_server.url}/monev/")
    expect(page.locator("main")).to_contain_text("Menunggu verifikasi saya")
    page.locator("main a", has_text="Sambungan rumah baru").first.click()
    cell = page.locator(f"#indicator-{indicator.pk} td.realisation").first
    expect(cell).to_contain_text("berita-acara-sambungan.pdf")
    cell.get_by_role("link", name="Kembalikan").click()
    page.get_by_label("Alasan nilai dikembalikan").fill("Satuan salah: diisi m³, harus SR")
    page.screenshot(path=str(screenshot_dir / "3-return.png"), full_page=True)
    page.get_by_role("button", name="Kembalikan kepada pelapor").click()
    expect(page.locator(".alert-success")).to_contain_text("Nilai dikembalikan kepada pelapor.")

    # 3. The officer sees the reason and corrects the value.
    _login(page, live_server, "pupr.singkawang")
    page.goto(f"{live_server.url}/monev/")
    expect(page.locator("main")).to_contain_text("Satuan salah: diisi m³, harus SR")
    page.locator("main table a", has_text="Laporkan").first.click()
    expect(page.locator(".alert-warning")).to_contain_text("Satuan salah")
    page.get_by_label("Nilai", exact=True).fill("80")
    page.screenshot(path=str(screenshot_dir / "4-correct.png"), full_page=True)
    page.get_by_role("button", name="Kirim untuk diverifikasi").click()
    expect(page.locator(".alert-success")).to_contain_text("Nilai dikirim untuk diverifikasi.")

    # 4. The secretariat verifies; 80 ÷ 100 × 100 = 80 % appears, explained. Before that, the
    # region's year 2021 counts nothing of the submitted 80 (only verified values count).
    _login(page, live_server, "sec.singkawang")
    page.goto(f"{live_server.url}/monev/2021/")
    year_row = page.locator(f'#indicator-table tr[data-indicator="{indicator.pk}"]')
    expect(year_row).to_be_visible()
    expect(year_row).not_to_contain_text("80")
    page.screenshot(path=str(screenshot_dir / "5a-year-before-verification.png"), full_page=True)
    page.goto(f"{live_server.url}/monev/pks/{world.document.pk}/?tahun=2021")
    section = page.locator(f"#indicator-{indicator.pk}")
    section.get_by_role("button", name="Verifikasi").click()
    expect(page.locator(".alert-success")).to_contain_text("Nilai diverifikasi")
    row = page.locator(f"#indicator-{indicator.pk} table.monev-table tbody tr").first
    figure = row.locator("details.figure")
    expect(figure.locator("summary")).to_contain_text("80 %")
    figure.locator("summary").click()
    expect(figure).to_contain_text("capaian = realisasi 80 ÷ target 100 × 100 = 80 %")
    expect(figure).to_contain_text("diverifikasi oleh sec.singkawang")
    expect(row.locator("details.small")).to_be_visible()  # the history stays one click away
    section.screenshot(path=str(screenshot_dir / "5-verified-explained.png"))

    page.set_viewport_size({"width": 360, "height": 800})
    page.reload()
    page.locator(f"#indicator-{indicator.pk} table.monev-table tbody tr").first.locator(
        "details.figure summary"
    ).click()
    page.screenshot(path=str(screenshot_dir / "6-verified-360px.png"), full_page=True)

    # 6. The region's year 2021 now counts it: 80 against a target of 100 is 80 %.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/monev/2021/")
    year_row = page.locator(f'#indicator-table tr[data-indicator="{indicator.pk}"]')
    expect(year_row).to_contain_text("80 %")
    page.screenshot(path=str(screenshot_dir / "7-year-after-verification.png"), full_page=True)
