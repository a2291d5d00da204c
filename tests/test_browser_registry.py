"""The registry in a real browser (headless Debian Chromium through Playwright)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from kerjasama.agreements.models import Cooperation
from tests.factories import CooperationFactory, DocumentFactory, DocumentPartyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_logs_in_filters_and_opens_the_kalbar_singkawang_kb(
    live_server, page, world, screenshot_dir
):
    kb = DocumentFactory(cooperation=world.kb, kind="kb", title="Naskah Kesepakatan Bersama")
    first, second = world.kb.parties.order_by("order")
    DocumentPartyFactory(document=kb, party=first, number="119/BPOD/2021")
    DocumentPartyFactory(document=kb, party=second, number="180/05/KS-Pem/2021")
    CooperationFactory(
        title="Kerja sama promosi pariwisata",
        party_codes=("61.72", "61.07"),
        stage="proposal",
        affair_codes=("3.26",),
    )
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("sec.singkawang")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Daftar kerja sama").click()
    rows = page.locator("#registry-results tbody tr")
    expect(rows).to_have_count(3)
    page.get_by_label("Cari").fill("Kalimantan Barat")  # HTMX swaps the results as one types
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("119/BPOD/2021")
    expect(rows.first).to_contain_text("180/05/KS-Pem/2021")
    expect(page).to_have_url(re.compile(r"q=Kalimantan"))
    page.screenshot(path=screenshot_dir / "registry-filtered.png", full_page=True)

    rows.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.kb.title)
    expect(page.locator("#documents")).to_contain_text("14 Januari 2021")
    page.screenshot(path=screenshot_dir / "kalbar-singkawang-kb.png", full_page=True)

    assert console_errors == []
    assert (screenshot_dir / "kalbar-singkawang-kb.png").stat().st_size > 10_000


def _bounding_right(locator) -> float:
    box = locator.bounding_box()
    assert box is not None
    return box["x"] + box["width"]


@pytest.mark.parametrize(("width", "height"), [(360, 800), (1366, 768), (1920, 1080)])
def test_registry_shows_every_column_at_phone_laptop_and_desktop_widths(
    live_server, page, world, screenshot_dir, width, height
):
    """Issue 6, item 4: at 1366 and 1920 px the table fits (no column cut off); at 360 px each
    record is a card that still shows its type, parties, stage and dates."""
    kb = DocumentFactory(cooperation=world.kb, kind="kb", title="Naskah Kesepakatan Bersama")
    first, second = world.kb.parties.order_by("order")
    DocumentPartyFactory(document=kb, party=first, number="119/87/BPOD/2021-PEMERINTAHAN")
    DocumentPartyFactory(document=kb, party=second, number="180/05/KS-Pem/2021")
    for n in range(4):
        record = CooperationFactory(
            title=(
                f"Kerja sama penyelenggaraan pelayanan air minum, penanganan banjir dan "
                f"pengembangan kawasan perbatasan Singkawang–Bengkayang tahap {n + 1}"
            ),
            party_codes=("61.72", "61.07"),
            stage=["awaiting_dprd", "pks_drafting", "in_force", "kb_signed"][n],
            affair_codes=("1.03", "3.26", "1.05", "2.17", "3.25"),
        )
        DocumentPartyFactory(
            document=DocumentFactory(cooperation=record, kind="kb"),
            party=record.parties.first(),
            number=f"180/{n}/KS-Pem/2021",
        )
    # The factories bypass the document services that keep the case's dates.
    Cooperation.objects.update(signed_on=dt.date(2021, 11, 26), ends_on=dt.date(2026, 11, 25))
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("sec.singkawang")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name="Dasbor")).to_be_visible()

    page.goto(f"{live_server.url}/kerjasama/")
    rows = page.locator("#registry-results tbody tr")
    expect(rows).to_have_count(6)
    page.screenshot(path=screenshot_dir / f"registry-{width}.png", full_page=True)

    # Nothing is cut off: neither the page nor the results scroll sideways.
    overflow = page.evaluate(
        """() => {
            const wrap = document.querySelector('#registry-results .table-wrap');
            return [document.documentElement.scrollWidth, window.innerWidth,
                    wrap.scrollWidth, wrap.clientWidth];
        }"""
    )
    assert overflow[0] <= overflow[1], overflow
    assert overflow[2] <= overflow[3], overflow
    row = rows.filter(has_text="180/05/KS-Pem/2021")
    for cell in ("Pemerintah Kota Singkawang", "KSDD", "180/05/KS-Pem/2021"):
        expect(row.get_by_text(cell, exact=False).first).to_be_visible()
    cells = row.locator("td")
    expect(cells).to_have_count(6)
    for index in range(6):
        expect(cells.nth(index)).to_be_visible()
        assert _bounding_right(cells.nth(index)) <= width, (width, index)
    headers = page.locator("#registry-results thead a.sort-link")
    expect(headers).to_have_count(4)
    for index in range(4):
        expect(headers.nth(index)).to_be_visible()
        assert _bounding_right(headers.nth(index)) <= width
    skip = page.get_by_role("link", name="Lewati saringan, langsung ke hasil")
    if width == 360:
        # The filters come first on a phone; one link jumps past them.
        expect(skip).to_be_visible()
        # A card: each value carries its label.
        expect(row.locator("td[data-label='Tahap']")).to_be_visible()
        assert (
            page.evaluate(
                "() => getComputedStyle(document.querySelector('#registry-results tbody tr'))"
                ".display"
            )
            == "block"
        )
        row.scroll_into_view_if_needed()
        page.screenshot(path=screenshot_dir / "registry-360-card.png")
    else:
        expect(skip).to_be_hidden()
        expect(page.locator("#registry-results thead th")).to_have_count(6)
        assert (
            page.evaluate(
                "() => getComputedStyle(document.querySelector('#registry-results tbody tr'))"
                ".display"
            )
            == "table-row"
        )


def test_sorting_paging_and_searching_work_together_in_the_browser(
    live_server, page, world, screenshot_dir, settings
):
    """Issue 6, item 1, as a user clicks: the column sort and "Berikutnya" (swapped in by htmx)
    keep the search, and a search typed after sorting keeps the sort."""
    settings.KERJASAMA = {**settings.KERJASAMA, "PAGE_SIZE": 2}
    for name in ("Delima", "Anggrek", "Cempaka", "Bougenvil"):
        CooperationFactory(title=f"{name} perbatasan", party_codes=("61.72", "61.07"))
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("sec.singkawang")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/kerjasama/")
    titles = page.locator("#registry-results tbody tr td:first-child a")

    page.get_by_label("Cari").fill("perbatasan")
    expect(page).to_have_url(re.compile(r"q=perbatasan"))
    page.get_by_role("link", name="Judul").click()
    expect(titles).to_have_text(["Anggrek perbatasan", "Bougenvil perbatasan"])
    expect(page).to_have_url(re.compile(r"q=perbatasan.*sort=title|sort=title.*q=perbatasan"))
    page.get_by_role("link", name="Berikutnya").click()
    expect(titles).to_have_text(["Cempaka perbatasan", "Delima perbatasan"])
    expect(page.get_by_label("Cari")).to_have_value("perbatasan")
    page.get_by_role("link", name="Judul").click()  # descending now
    expect(titles).to_have_text(["Delima perbatasan", "Cempaka perbatasan"])
    page.get_by_label("Cari").fill("perbatasan Singkawang")
    expect(page).to_have_url(re.compile(r"sort=-title"))
    expect(titles).to_have_text(["Delima perbatasan", "Cempaka perbatasan"])
    page.screenshot(path=screenshot_dir / "registry-sorted-search.png", full_page=True)
    # A select or the checkbox applies at once (htmx), the sort and the search stay.
    page.get_by_label("Jenis").select_option("ksdpk")
    expect(page).to_have_url(re.compile(r"kind=ksdpk"))
    expect(page.locator("#registry-results")).to_contain_text("Tidak ada kerja sama")
    page.get_by_label("Jenis").select_option("")
    expect(titles).to_have_text(["Delima perbatasan", "Cempaka perbatasan"])
    page.get_by_label("Segera berakhir").check()
    expect(page).to_have_url(re.compile(r"expiring=on"))
    expect(page).to_have_url(re.compile(r"sort=-title"))
    expect(page.locator("#registry-results")).to_contain_text("Tidak ada kerja sama")

    assert console_errors == []
