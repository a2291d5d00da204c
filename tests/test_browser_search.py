"""The registry's search in a real browser: matches marked, "found in" said (issue 8)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kerjasama.agreements.access import access_refresh
from tests.factories import CooperationFactory, DocumentFactory, DocumentPartyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_marks_the_matches_in_the_results(live_server, page, world, screenshot_dir):
    kb = DocumentFactory(cooperation=world.kb, kind="kb", title="Naskah Kesepakatan Bersama")
    first, second = world.kb.parties.order_by("order")
    DocumentPartyFactory(document=kb, party=first, number="119/BPOD/2021")
    DocumentPartyFactory(document=kb, party=second, number="180/05/KS-Pem/2021")
    CooperationFactory(
        title="Pengelolaan sampah pesisir Singkawang",
        scope="Pengangkutan sampah dari kawasan pesisir ke TPA",
        party_codes=("61.72", "61.07"),
    )

    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("sec.singkawang")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    page.goto(f"{live_server.url}/kerjasama/")
    rows = page.locator("#registry-results tbody tr")

    page.get_by_label("Cari").fill("sampah pesisir")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".registry-title a mark")).to_have_text(["sampah", "pesisir"])
    page.screenshot(path=screenshot_dir / "search-title.png", full_page=True)

    page.get_by_label("Cari").fill("05/KS-Pem")
    expect(rows).to_have_count(1)
    expect(rows.first.locator(".search-found")).to_contain_text("Ditemukan di:")
    expect(rows.first.locator(".search-found mark")).to_have_text(["05/KS-Pem"])
    page.screenshot(path=screenshot_dir / "search-number.png", full_page=True)


def test_a_sorted_search_goes_back_to_the_best_matches_and_odd_queries_are_explained(
    live_server, page, world, screenshot_dir
):
    """Issue 8's fresh-eyes walk: after a column sort the search can return to the best matches;
    a query with nothing to search for says so; a row found by a PKS's own stage names it."""
    for n in range(3):
        CooperationFactory(title=f"Pengelolaan pasar {n}", party_codes=("61.72", "61.07"))
    in_force = CooperationFactory(
        title="Kasus dengan PKS di DPRD", party_codes=("61.72",), stage="in_force"
    )
    DocumentFactory(cooperation=in_force, kind="pks", stage="awaiting_dprd")
    access_refresh(in_force)

    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("sec.singkawang")
    page.get_by_label("Sandi").fill("secret-password")
    page.get_by_role("button", name="Masuk").click()
    rows = page.locator("#registry-results tbody tr")

    page.goto(f"{live_server.url}/kerjasama/?q=pengelolaan&sort=title")
    expect(rows).to_have_count(3)
    page.get_by_role("link", name="Paling cocok lebih dulu").click()
    expect(page).to_have_url(f"{live_server.url}/kerjasama/?q=pengelolaan")
    expect(page.get_by_role("link", name="Paling cocok lebih dulu")).to_have_count(0)

    page.goto(f"{live_server.url}/kerjasama/?q=%25")
    expect(page.locator(".search-note")).to_contain_text("tidak berisi huruf atau angka")

    page.goto(f"{live_server.url}/kerjasama/?stage=awaiting_dprd")
    row = rows.filter(has_text="Kasus dengan PKS di DPRD")
    expect(row.locator(".pks-stage-match")).to_have_text("sebuah PKS: Menunggu persetujuan DPRD")
    page.screenshot(path=screenshot_dir / "registry-pks-stage.png", full_page=True)
