"""Repairs from the fresh-eyes walk of issue 8's registry (a clerk in the demo, page size 4).

Each test states what the clerk did and what should have happened, by hand."""

from __future__ import annotations

import re
from html import unescape

from kerjasama.agreements.models import Party
from kerjasama.agreements.search import search_refresh
from kerjasama.agreements.selectors import registry_partner_options
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    DocumentPartyFactory,
    ThirdPartyFactory,
)


def _titles(response):
    return [c.title for c in response.context["page"].object_list]


def _next(response) -> str | None:
    html = response.content.decode()
    match = re.search(r'<a [^>]*href="([^"]*)"[^>]*>\s*Berikutnya\s*</a>', html)
    return unescape(match.group(1)) if match else None


def test_a_long_title_ending_a_page_does_not_send_the_next_page_back_to_the_first(
    client, world, settings
):
    """Sorted by title, a page ending with a 500-character title (not ASCII: "é" is two bytes,
    "–" three) led to the first page again: its cursor was cut. Every case once, in order."""
    settings.KERJASAMA = {**settings.KERJASAMA, "PAGE_SIZE": 2}
    long_title = "Ba " + ("Penataan kawasan tepian sungai – kafé " * 20)[:497]
    titles = ["Aa pasar", long_title, "Ca jalan", "Da air", "Ea listrik"]
    for title in titles:
        CooperationFactory(title=title[:500], party_codes=("61.72", "61.07"))
    client.force_login(world.sec_singkawang)

    response = client.get("/kerjasama/", {"sort": "title"})
    seen = _titles(response)
    for _page in range(10):
        link = _next(response)
        if not link:
            break
        response = client.get("/kerjasama/" + link)
        seen += _titles(response)

    expected = sorted([t[:500] for t in titles] + [world.kb.title, world.local.title])
    assert seen == expected


def test_a_short_word_with_a_digit_is_searched(client, world):
    """ "3R", "K3" and "COVID-19" are words of titles; "3R" was dropped with a note that there
    was nothing to search for, and "COVID-19" looked only among numbers."""
    waste = CooperationFactory(title="Pengelolaan sampah berbasis 3R", party_codes=("61.72",))
    safety = CooperationFactory(title="Pelatihan K3 petugas damkar", party_codes=("61.72",))
    covid = CooperationFactory(title="Penanganan COVID-19 di perbatasan", party_codes=("61.72",))
    client.force_login(world.sec_singkawang)

    assert _titles(client.get("/kerjasama/", {"q": "3R"})) == [waste.title]
    assert _titles(client.get("/kerjasama/", {"q": "sampah 3R"})) == [waste.title]
    assert _titles(client.get("/kerjasama/", {"q": "K3"})) == [safety.title]
    assert _titles(client.get("/kerjasama/", {"q": "COVID-19"})) == [covid.title]
    page = client.get("/kerjasama/", {"q": "3R"}).content.decode()
    assert "tidak berisi huruf atau angka" not in page


def test_a_case_found_by_a_letter_s_number_says_so(client, world):
    """A letter's number (not the principal agreement's) matched, and the row showed neither
    the number nor a "Ditemukan di" line."""
    DocumentFactory(
        cooperation=world.kb, kind="offer_letter", title="Surat", number="180/12/KS-Pem/2026"
    )
    search_refresh(world.kb)
    client.force_login(world.sec_singkawang)

    page = client.get("/kerjasama/", {"q": "Pem/2026"}).content.decode()

    assert "Ditemukan di:" in page
    assert "180/12/KS-<mark>Pem/2026</mark>" in page


def test_a_case_found_by_a_partner_reference_says_which_partner(client, world):
    company = ThirdPartyFactory(name="PT Kalimantan Hijau")
    record = CooperationFactory(title="Penghijauan kota", party_codes=("61.72",))
    Party.objects.create(cooperation=record, partner=company, order=2)
    search_refresh(record)
    client.force_login(world.sec_singkawang)

    page = client.get("/kerjasama/", {"q": f"P{company.pk}"}).content.decode()

    assert f"PT Kalimantan Hijau (<mark>P{company.pk}</mark>)" in page


def test_a_compound_is_marked_as_written_not_each_piece_anywhere(client, world):
    """ "KS-Pem" marked "Pemerintah" and "KS" in the titles; it is the numbers' "KS-Pem"."""
    record = CooperationFactory(title="Pemeliharaan jalan", party_codes=("61.72", "61.07"))
    kb = DocumentFactory(cooperation=record, kind="kb", title="KB jalan")
    DocumentPartyFactory(document=kb, party=record.parties.first(), number="180/05/KS-Pem/2021")
    search_refresh(record)
    client.force_login(world.sec_singkawang)

    page = client.get("/kerjasama/", {"q": "KS-Pem"}).content.decode()

    assert "<mark>Pem</mark>eliharaan" not in page
    assert "180/05/<mark>KS-Pem</mark>/2021" in page


def test_a_query_with_nothing_to_search_lists_the_registry_as_without_one(client, world):
    """ "%" has no letter or number: the registry in its usual order (newest signed first),
    the note saying why, and no "best matches first" link beside a chosen sort."""
    client.force_login(world.sec_singkawang)

    plain = client.get("/kerjasama/")
    odd = client.get("/kerjasama/", {"q": "%"})
    sorted_odd = client.get("/kerjasama/", {"q": "%", "sort": "stage"}).content.decode()

    assert _titles(odd) == _titles(plain)
    assert "tidak berisi huruf atau angka" in odd.content.decode()
    assert "Paling cocok lebih dulu" not in sorted_odd


def test_the_partner_filter_does_not_offer_the_reader_s_own_region(world):
    names = [name for _pk, name in registry_partner_options(world.sec_singkawang)]
    assert names, "the world's cases have partners"
    assert not any("Singkawang" in name for name in names)


def test_an_empty_result_names_what_found_nothing(client, world):
    client.force_login(world.sec_singkawang)

    search_only = client.get("/kerjasama/", {"q": "zzzyx"}).content.decode()
    both = client.get("/kerjasama/", {"q": "zzzyx", "kind": "ksdpk"}).content.decode()
    filters_only = client.get("/kerjasama/", {"kind": "ksdpk", "year": "1990"}).content.decode()

    assert "Tidak ada kerja sama yang cocok dengan pencarian ini." in search_only
    assert "cocok dengan pencarian dan saringan ini" in both
    assert "Tidak ada kerja sama yang sesuai dengan saringan ini." in filters_only
