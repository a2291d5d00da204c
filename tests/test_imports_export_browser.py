"""The registry's export in a real browser: filter the list (HTMX swaps the results), then the
"Ekspor" links download exactly the rows listed, without JavaScript's help (issue 11)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kerjasama.imports.reader import read_register
from tests.factories import CooperationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_filtered_registry_downloads_as_xlsx_and_csv(live_server, page, world, screenshot_dir):
    CooperationFactory(
        title="Kerja sama promosi pariwisata", party_codes=("61.72", "61.07"), stage="proposal"
    )
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("sec.singkawang")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/kerjasama/")
    rows = page.locator("#registry-results tbody tr")
    expect(rows).to_have_count(3)

    page.get_by_label("Tahap").select_option("proposal")  # HTMX swaps the results
    expect(rows).to_have_count(1)
    export = page.locator(".registry-export")
    expect(export).to_contain_text("Ekspor:")
    page.screenshot(path=screenshot_dir / "registry-export-links.png", full_page=True)

    for name, suffix in (("Excel (XLSX)", "xlsx"), ("CSV", "csv")):
        with page.expect_download() as info:
            export.get_by_role("link", name=name).click()
        download = info.value
        assert download.suggested_filename.startswith("Register-Kerja-Sama-Kota-Singkawang-")
        assert download.suggested_filename.endswith(f".{suffix}")
        read = read_register(download.path().read_bytes(), name=download.suggested_filename)
        assert [row.values["title"] for row in read.data_rows()] == [
            "Kerja sama promosi pariwisata"
        ]
        assert read.data_rows()[0].values["status"] == "Usulan"
