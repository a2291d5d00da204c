"""Issue 8, item 1: the registry's full-text search (`agreements/search.py`).

The suite runs on SQLite by default and again on PostgreSQL in CI; tests of what only
PostgreSQL does (the Indonesian stemmer) are skipped on SQLite with the difference named.
Expected results are written by hand from what the search promises (docs/ARCHITECTURE.md,
"Search") and from the domain reference where a rule is concerned.
"""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from kerjasama.agreements import selectors, services
from kerjasama.agreements.access import access_refresh
from kerjasama.agreements.models import Cooperation, Party
from kerjasama.agreements.search import highlight, marker, search_filter, search_refresh
from kerjasama.agreements.selectors import (
    RegistryFilters,
    cooperation_list,
    cooperation_visible_to,
    registry_page,
)
from kerjasama.core import audit
from kerjasama.partners import services as partner_services
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    DocumentPartyFactory,
    ThirdPartyFactory,
)

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's FTS5 has no Indonesian stemmer: it matches words and their prefixes only",
)


def found(user, q, **filters):
    return [c.title for c in cooperation_list(user=user, filters=RegistryFilters(q=q, **filters))]


def _titles(response):
    return [c.title for c in response.context["page"].object_list]


# --- Words -------------------------------------------------------------------------------------


@POSTGRES_ONLY
def test_search_stems_indonesian_words_on_postgresql(world):
    """PostgreSQL's `indonesian` snowball stemmer takes the prefix peng-/meng- and the suffix
    -an off: "pengelolaan" and "mengelola" are both "elola" (checked in psql:
    to_tsvector('indonesian', 'pengelolaan mengelola') = 'elola':1,2), so either finds the other.
    """
    managing = CooperationFactory(
        title="Mengelola sampah pesisir bersama", party_codes=("61.72", "61.07")
    )
    CooperationFactory(title="Pembangunan jalan poros", party_codes=("61.72", "61.07"))

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('kerjasama_id', 'Pengelolaan mengelola')::text")
        vector = cursor.fetchone()[0]

    assert vector == "'elola':1,2"
    assert found(world.sec_singkawang, "pengelolaan") == [managing.title]
    assert found(world.sec_singkawang, "pengelolaan sampah") == [managing.title]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL stems (see above)")
def test_search_on_sqlite_matches_words_and_prefixes_without_stemming(world):
    """SQLite's difference, pinned: no stemmer, so "pengelolaan" does not find "mengelola";
    a prefix of the word as written does."""
    managing = CooperationFactory(title="Mengelola sampah pesisir", party_codes=("61.72", "61.07"))

    assert found(world.sec_singkawang, "pengelolaan") == []
    assert found(world.sec_singkawang, "mengelo") == [managing.title]


def test_search_finds_a_prefix_and_needs_every_word(world):
    """Words are ANDed: each must match somewhere in the case; each is also a prefix."""
    CooperationFactory(title="Penyediaan air minum", party_codes=("61.72", "61.07"))

    assert found(world.sec_singkawang, "pilar") == [world.local.title]
    assert found(world.sec_singkawang, "pila") == [world.local.title]
    # "Bengkayang" is a party of world.local (Kabupaten Bengkayang) and in its title.
    assert found(world.sec_singkawang, "pilar Bengkayang") == [world.local.title]
    assert found(world.sec_singkawang, "pilar minum") == []
    assert found(world.sec_singkawang, "air minum") == ["Penyediaan air minum"]


def test_search_ignores_accents_both_ways(world):
    """ "Pérumda" finds "Perumda" and the reverse (unaccent on PostgreSQL, remove_diacritics on
    SQLite)."""
    plain = CooperationFactory(title="Penyertaan modal Perumda", party_codes=("61.72", "61.07"))
    accented = CooperationFactory(title="Kafé wisata Singkawang", party_codes=("61.72", "61.07"))

    assert found(world.sec_singkawang, "Pérumda") == [plain.title]
    assert found(world.sec_singkawang, "kafe") == [accented.title]


def test_search_finds_partner_names_in_part_and_whole(world):
    with_pdam = CooperationFactory(title="Penyediaan air", party_codes=("61.72",))
    Party.objects.create(cooperation=with_pdam, partner=world.third_party, order=2)
    search_refresh(with_pdam)  # a party written past the services

    assert found(world.sec_singkawang, "Gunung Poteng") == [with_pdam.title]
    assert found(world.sec_singkawang, "perumda gunung") == [with_pdam.title]
    assert found(world.sec_singkawang, "Poten") == [with_pdam.title]
    # A region party by its name: "Kabupaten Bengkayang" is a party of world.local only.
    assert found(world.sec_singkawang, "Kabupaten Bengkayang") == [world.local.title]


# --- Numbers and identifiers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["180/05/KS-Pem/2021", "05/KS-Pem", "KS-Pem/2021", "ks-pem/2021", "180/05"]
)
def test_search_finds_a_document_number_whole_and_in_part(world, query):
    """A party's number of an agreement, typed whole or in part, in any case."""
    record = CooperationFactory(title="Jalan perbatasan", party_codes=("61.72", "61.07"))
    kb = DocumentFactory(cooperation=record, kind="kb", title="KB jalan")
    DocumentPartyFactory(document=kb, party=record.parties.first(), number="180/05/KS-Pem/2021")
    DocumentFactory(cooperation=world.kb, kind="kb", title="KB lain", number="180/06/KS-Pem/2020")

    assert found(world.sec_singkawang, query) == [record.title]


def test_search_finds_a_number_from_the_start_of_a_part_not_from_its_middle(world):
    """A number is found typed whole, from the start of any of its parts (after "/", ".",
    "-"), or cut short at its end; not from the middle of a part: "80/05" is no way to quote
    "180/05/KS-Pem/2021" (docs/ARCHITECTURE.md, "Search"). The same on both databases."""
    record = CooperationFactory(title="Jalan perbatasan", party_codes=("61.72", "61.07"))
    kb = DocumentFactory(cooperation=record, kind="kb", title="KB jalan")
    DocumentPartyFactory(document=kb, party=record.parties.first(), number="180/05/KS-Pem/2021")

    for typed in ("180/05/KS", "Pem/2021", "2021", "pem"):
        assert record.title in found(world.sec_singkawang, typed), typed
    for typed in ("80/05", "em/2021", "021", "5/KS"):
        assert record.title not in found(world.sec_singkawang, typed), typed


def test_identifier_tokens_are_each_part_on_folded():
    from kerjasama.agreements.search import identifier_tokens

    assert identifier_tokens(["180/05/KS-Pem/2021"]) == [
        "180/05/ks-pem/2021",
        "05/ks-pem/2021",
        "ks-pem/2021",
        "pem/2021",
        "2021",
    ]
    assert identifier_tokens(["Pérumda Gunung", "", "61.72"]) == [
        "perumda",
        "gunung",
        "61.72",
        "72",
    ]


def test_search_reads_a_hyphenated_word_as_one_not_as_two_words_anywhere(world):
    """ "KS-Pem" (found by the fresh-eyes walk of issue 8) finds the cases whose numbers hold
    it, not every case with a register number "KS.…" and a party "Pemerintah …"; a compound
    of a title ("truk-listrik") is still found as the words one after the other."""
    record = CooperationFactory(title="Jalan perbatasan", party_codes=("61.72", "61.07"))
    kb = DocumentFactory(cooperation=record, kind="kb", title="KB jalan")
    DocumentPartyFactory(document=kb, party=record.parties.first(), number="180/05/KS-Pem/2021")
    decoy = CooperationFactory(title="Pasar rakyat", party_codes=("61.72", "61.07"))
    decoy_party = decoy.parties.first()
    decoy_party.register_number = "KS.SKW/2026/U-1"  # "KS" here, "Pemerintah …" as a party
    decoy_party.save()
    trucks = CooperationFactory(title="Armada truk-listrik kota", party_codes=("61.72",))
    search_refresh(decoy)

    assert found(world.sec_singkawang, "KS-Pem") == [record.title]
    assert found(world.sec_singkawang, "truk-listrik") == [trucks.title]


def test_search_finds_a_letter_number_and_not_a_near_one(world):
    letter = DocumentFactory(
        cooperation=world.kb, kind="offer_letter", title="Surat", number="005/123/Pem-B/2022"
    )

    assert found(world.sec_singkawang, "005/123/Pem-B/2022") == [world.kb.title]
    assert found(world.sec_singkawang, "123/Pem-B") == [world.kb.title]
    assert found(world.sec_singkawang, "005/124/Pem-B/2022") == []
    assert letter.cooperation_id == world.kb.pk


@pytest.mark.parametrize(
    "query", ["9120301234567", "912030", "01.234.567.8-870.100", "012345678870100", "01.234.567"]
)
def test_search_finds_nib_and_npwp_with_or_without_punctuation(world, query):
    company = ThirdPartyFactory(name="PT Cahaya", nib="9120301234567", npwp="012345678870100")
    record = CooperationFactory(title="Lampu jalan", party_codes=("61.72",))
    Party.objects.create(cooperation=record, partner=company, order=2)
    search_refresh(record)

    assert found(world.sec_singkawang, query) == [record.title]


def test_registry_says_a_case_was_found_by_its_partner_s_npwp(client, world):
    """The row found by a NPWP typed with its punctuation says where: the partner's NPWP."""
    company = ThirdPartyFactory(name="PT Cahaya", nib="9120301234567", npwp="012345678870100")
    record = CooperationFactory(title="Lampu jalan", party_codes=("61.72",))
    Party.objects.create(cooperation=record, partner=company, order=2)
    search_refresh(record)
    client.force_login(world.sec_singkawang)

    page = client.get("/kerjasama/", {"q": "01.234.567.8-870.100"}).content.decode()

    assert "Lampu jalan" in page
    assert 'NPWP <span class="search-snippet"><mark>012345678870100</mark></span>' in page


def test_search_finds_the_partner_reference_exactly(world):
    """ "P12" is the reference the forms show for partner 12: that partner, not P120."""
    company = ThirdPartyFactory(name="PT Terang")
    record = CooperationFactory(title="Lampu taman", party_codes=("61.72",))
    Party.objects.create(cooperation=record, partner=company, order=2)
    search_refresh(record)

    assert found(world.sec_singkawang, f"P{company.pk}") == [record.title]
    assert found(world.sec_singkawang, f"P{company.pk}0") == []


@pytest.mark.parametrize("word", ["MoU", "KSB", "kb"])
def test_law_search_finds_a_kb_by_its_aliases(world, word):
    """§1 (a KB is "also written KSB in regional practice"), §14 item 14 ("accept KSB/MoU as
    aliases"): the full-text search finds the case whose KB is on file by any of the three
    names, and not a case with only a PKS."""
    with_kb = CooperationFactory(title="Pariwisata pesisir", party_codes=("61.72", "61.07"))
    DocumentFactory(cooperation=with_kb, kind="kb", title="Kesepakatan pariwisata")
    without_kb = CooperationFactory(title="Pilar batas", party_codes=("61.72", "61.07"))
    DocumentFactory(cooperation=without_kb, kind="pks", title="Perjanjian pilar")

    titles = found(world.sec_singkawang, word)

    assert with_kb.title in titles
    assert without_kb.title not in titles


# --- Ranking -----------------------------------------------------------------------------------


def test_search_ranks_a_title_match_above_a_scope_match(world):
    """Without a chosen sort, the best match first: a word of the title (weight A) above the
    same word in the scope (C), even when the scope's case was signed later."""
    in_scope = CooperationFactory(
        title="Kerja sama pelabuhan",
        scope="Termasuk pengerukan alur mangrove",
        party_codes=("61.72", "61.07"),
    )
    in_title = CooperationFactory(title="Rehabilitasi mangrove", party_codes=("61.72", "61.07"))
    Cooperation.objects.filter(pk=in_scope.pk).update(signed_on=dt.date(2024, 1, 1))
    Cooperation.objects.filter(pk=in_title.pk).update(signed_on=dt.date(2020, 1, 1))

    assert found(world.sec_singkawang, "mangrove") == [in_title.title, in_scope.title]
    # A sort the user chose wins over the rank.
    assert found(world.sec_singkawang, "mangrove", sort="-signed_on") == [
        in_scope.title,
        in_title.title,
    ]


# --- No result a user may not see ---------------------------------------------------------------


def test_search_shows_no_case_a_user_may_not_see(world):
    """The search runs over `cooperation_visible_to`, so every persona finds exactly the cases
    with the word that it may see (DESIGN.md "Who may see and change what"), written by hand:
    - Singkawang–Bengkayang (61.72, 61.07): their secretariats, the Sekda of Singkawang, the
      province (Kalimantan Barat oversees its kab/kota) and the PUPR officer (its OPD executes);
    - Pontianak–Kubu Raya (61.71, 61.12): Pontianak's secretariat and the province;
    - Kota and Kabupaten Bandung (32.73, 32.04), West Java: nobody of this world."""
    word = "Sarangburung"
    ours = CooperationFactory(title=f"{word} Singkawang", party_codes=("61.72", "61.07"))
    ours_party = ours.parties.get(partner__region__code="61.72")
    ours_party.executing_opd = world.pupr
    ours_party.save()
    access_refresh(ours)  # a write past the services: the visibility table as they keep it
    pontianak = CooperationFactory(title=f"{word} Pontianak", party_codes=("61.71", "61.12"))
    CooperationFactory(title=f"{word} Bandung", party_codes=("32.73", "32.04"))
    expected = {
        world.sec_singkawang: {ours.title},
        world.sekda: {ours.title},
        world.sec_bengkayang: {ours.title},
        world.pupr_officer: {ours.title},
        world.tourism_officer: set(),
        world.sec_kalbar: {ours.title, pontianak.title},
        world.sec_pontianak: {pontianak.title},
    }

    for user, titles in expected.items():
        assert set(found(user, word)) == titles, user.username
        # The same through the visibility selector and the search selector alone.
        searched = search_filter(cooperation_visible_to(user), word)
        assert set(searched.values_list("title", flat=True)) == titles, user.username


def test_search_page_of_another_region_shows_nothing_of_it(client, world):
    CooperationFactory(title="Rahasiadaerah Bandung", party_codes=("32.73", "32.04"))
    client.force_login(world.sec_singkawang)

    response = client.get("/kerjasama/", {"q": "Rahasiadaerah"})

    assert _titles(response) == []
    results = response.content.decode().split('id="registry-results"')[1]
    # The user's own query comes back in the export links' query strings ("Ekspor", issue 11):
    # that is not the other region's record.
    assert "Rahasiadaerah" not in re.sub(r'href="[^"]*"', "", results)


# --- Kept in step by the services --------------------------------------------------------------


def _registered(world, title):
    from tests.test_agreement_services import affairs, ksdd_data, parties

    return services.cooperation_create(
        actor=world.sec_singkawang,
        data=ksdd_data(title=title),
        parties=parties("61.72", "61.07"),
        affairs=affairs("1.03"),
    )


def test_search_follows_a_new_title_through_the_service(world):
    record = _registered(world, "Pengadaan bibit durian")
    assert found(world.sec_singkawang, "durian") == [record.title]

    services.cooperation_update(
        actor=world.sec_singkawang,
        cooperation=record,
        expected_version=record.version,
        data={**_ksdd(record), "title": "Pengadaan bibit rambutan"},
        parties=[services.PartyInput(p.partner) for p in record.parties.order_by("order")],
        affairs=list(record.affairs.all()),
    )

    assert found(world.sec_singkawang, "rambutan") == ["Pengadaan bibit rambutan"]
    assert found(world.sec_singkawang, "durian") == []


def _ksdd(record):
    from tests.test_agreement_services import ksdd_data

    return ksdd_data(title=record.title)


def test_search_follows_a_register_number_and_a_document_number_through_the_services(world):
    record = _registered(world, "Pengadaan bibit manggis")
    party = record.parties.get(partner__region__code="61.72")
    services.party_update(
        actor=world.sec_singkawang, party=party, data={"register_number": "KS.SKW/2026/001"}
    )
    with audit.interface("cli"):
        letter = services.document_create(
            actor=world.sec_singkawang,
            cooperation=record,
            data={"kind": "kak", "title": "KAK manggis", "status": "final", "number": "050/77/BAP"},
        )
    assert found(world.sec_singkawang, "KS.SKW/2026") == [record.title]
    assert found(world.sec_singkawang, "050/77/BAP") == [record.title]

    services.party_update(
        actor=world.sec_singkawang, party=party, data={"register_number": "KS.SKW/2026/099"}
    )
    services.document_update(
        actor=world.sec_singkawang, document=letter, data={"number": "050/78/BAP"}
    )

    assert found(world.sec_singkawang, "KS.SKW/2026/099") == [record.title]
    assert found(world.sec_singkawang, "KS.SKW/2026/001") == []
    assert found(world.sec_singkawang, "050/78/BAP") == [record.title]
    assert found(world.sec_singkawang, "050/77/BAP") == []


def test_search_follows_a_renamed_partner_through_the_partner_service(world):
    """`partners` does not import `agreements`: its service sends `partner_changed` and the
    registry's receiver rewrites the documents of the partner's cases, in the same transaction."""
    record = CooperationFactory(title="Air bersih kawasan", party_codes=("61.72",))
    Party.objects.create(cooperation=record, partner=world.third_party, order=2)
    search_refresh(record)
    assert found(world.sec_singkawang, "Poteng") == [record.title]

    partner_services.partner_update(
        actor=world.sec_singkawang,
        partner=world.third_party,
        data={"name": "Perumda Air Minum Tirta Pasaka"},
    )

    assert found(world.sec_singkawang, "Pasaka") == [record.title]
    assert found(world.sec_singkawang, "Poteng") == []


def test_search_rebuild_indexes_rows_written_past_the_services(world):
    """`kerjasama search_rebuild` (and the migration, for rows that existed before it)."""
    hidden = Cooperation.objects.create(
        kind="ksdd", ksdd_category="sukarela", title="Irigasi tersier", stage="in_force"
    )
    Party.objects.create(cooperation=hidden, partner=world.local_party.partner, order=1)
    access_refresh(hidden)  # who may read it; only the search document is left unwritten
    assert found(world.sec_singkawang, "irigasi") == []

    call_command("search_rebuild", verbosity=0)

    assert found(world.sec_singkawang, "irigasi") == [hidden.title]
    assert found(world.sec_singkawang, "pilar") == [world.local.title]


@hypothesis_settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(
        st.text(alphabet=string.ascii_lowercase, min_size=4, max_size=10),
        min_size=2,
        max_size=5,
        unique=True,
    ),
    pick=st.integers(min_value=0, max_value=4),
)
def test_search_finds_any_word_of_a_random_title(world, words, pick):
    title = "Zq " + " ".join(words)  # "Zq" keeps the titles apart from world's
    record = CooperationFactory(title=title, party_codes=("61.72", "61.07"))

    titles = found(world.sec_singkawang, words[pick % len(words)])

    assert record.title in titles


# --- The page ------------------------------------------------------------------------------------


def test_registry_marks_matches_and_says_where_else_it_found_them(client, world):
    company = ThirdPartyFactory(name="PT Sinar <b>Khatulistiwa</b>")
    record = CooperationFactory(
        title="<script>alert(1)</script> Penerangan jalan", party_codes=("61.72",)
    )
    Party.objects.create(cooperation=record, partner=company, order=2)
    search_refresh(record)
    client.force_login(world.sec_singkawang)

    page = client.get("/kerjasama/", {"q": "penerangan khatulistiwa"}).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/kerjasama/", {"q": "penerangan khatulistiwa"}).content.decode()

    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Penerangan</mark> jalan" in page
    assert "<script>alert(1)" not in page
    found_line = re.search(r'<div class="small search-found">(.*?)</div>', page, re.S).group(1)
    assert "Ditemukan di:" in found_line
    assert "pihak" in found_line
    assert "PT Sinar &lt;b&gt;<mark>Khatulistiwa</mark>&lt;/b&gt;" in found_line
    assert (
        'Found in: party <span class="search-snippet">PT Sinar &lt;b&gt;<mark>Khatulistiwa'
        in english
    )


def test_highlight_escapes_first_and_marks_prefixes_and_numbers(db):
    mark = marker("pene 05/KS")

    assert (
        highlight("<i>Penerangan</i> jalan", mark)
        == "&lt;i&gt;<mark>Penerangan</mark>&lt;/i&gt; jalan"
    )
    assert highlight("180/05/KS-Pem/2021", mark) == "180/<mark>05/KS</mark>-Pem/2021"
    assert highlight("jalan raya", mark) is None


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=60).filter(lambda t: "\x00" not in t))
def test_search_takes_any_text_without_an_error(world, text):
    """Whatever is typed (punctuation, symbols, other scripts, quotes, SQL or FTS syntax), the
    search answers with a list — never a database error (a 500 for the user)."""
    for q in (text, f'"{text}', f"{text}* OR NEAR(", f"'{text}':* & !"):
        assert isinstance(found(world.sec_singkawang, q), list)


def test_search_follows_a_dprd_decision_through_the_lifecycle(reference):
    """The DPRD's decision reference (§7) is searched once the step records it."""
    from tests.test_pks_road import TODAY, agreement, kb_case, paper, pks_step
    from tests.test_rules_by_hand import People

    sec = People().secretariat
    record, kb = kb_case(burdens_community=True, budgeted_in_apbd=True)
    paper(record, "dprd_request")
    paper(record, "dprd_approval")
    pks = agreement(record, "pks", parent=kb, title="PKS pertama")
    pks_step(sec, pks, "request_dprd", requested_on=dt.date(2026, 10, 20), received_on=TODAY)
    assert found(sec, "KEP-DPRD/77") == []

    pks_step(sec, pks, "dprd_approves", decision_reference="KEP-DPRD/77/2026")

    assert found(sec, "KEP-DPRD/77") == [record.title]


def test_ranked_search_pages_walk_every_match_once_across_equal_ranks(world):
    """Search results page by keyset on (rank, id): seven cases whose titles match equally
    well (the same rank) are walked three at a time, each seen exactly once, and "previous"
    comes back to the first page. (On PostgreSQL a rank read back as float4 text missed every
    tie after the first page.)"""
    made = [
        CooperationFactory(title=f"Kerja sama embung desa {n}", party_codes=("61.72", "61.07"))
        for n in range(7)
    ]
    # "Pemerintah" matches the parties' names (weight B): a rank float4 cannot hold exactly.
    filters = RegistryFilters(q="embung Pemerintah")
    seen, pages, cursor = [], [], ""
    for _page in range(5):  # three pages; never more, whatever the cursor does
        page = registry_page(user=world.sec_singkawang, filters=filters, cursor=cursor, size=3)
        pages.append(page)
        seen += [c.pk for c in page.object_list]
        if not page.has_next:
            break
        cursor = page.next_cursor

    assert sorted(seen) == sorted(c.pk for c in made)
    assert len(seen) == len(set(seen))
    assert [len(p.object_list) for p in pages] == [3, 3, 1]
    back = registry_page(
        user=world.sec_singkawang, filters=filters, cursor=pages[1].previous_cursor, size=3
    )
    assert [c.pk for c in back.object_list] == [c.pk for c in pages[0].object_list]


def test_a_search_with_many_matches_ranks_the_newest_and_says_so(client, world, monkeypatch):
    """A common word matches a third of a region's cases: the search counts up to
    SEARCH_LIMIT matches and ranks the SEARCH_LIMIT most recently signed of them; the page says
    so, and a sort reaches every match (decision of issue 8)."""
    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 2)
    in_title = CooperationFactory(title="Rehabilitasi mangrove", party_codes=("61.72", "61.07"))
    newer = [
        CooperationFactory(
            title=f"Kerja sama pelabuhan {n}",
            scope="Termasuk pengerukan alur mangrove",
            party_codes=("61.72", "61.07"),
        )
        for n in range(2)
    ]
    for case, year in ((in_title, 2019), (newer[0], 2023), (newer[1], 2024)):
        Cooperation.objects.filter(pk=case.pk).update(signed_on=dt.date(year, 1, 1))
        access_refresh(case)
    client.force_login(world.sec_singkawang)

    ranked = client.get("/kerjasama/", {"q": "mangrove"})
    by_date = [
        c.pk
        for c in cooperation_list(
            user=world.sec_singkawang, filters=RegistryFilters(q="mangrove", sort="-signed_on")
        )
    ]
    sorted_page = registry_page(
        user=world.sec_singkawang, filters=RegistryFilters(q="mangrove", sort="-signed_on")
    )

    # Ranked among the two newest: the title match of 2019 is not among them.
    assert _titles(ranked) == ["Kerja sama pelabuhan 1", "Kerja sama pelabuhan 0"]
    page = ranked.context["page"]
    assert (page.count, page.count_is_lower_bound, page.ranked_among) == (2, True, 2)
    html = ranked.content.decode()
    assert "Lebih dari 2 kerja sama" in html
    assert "2 yang terakhir ditandatangani" in html
    # Sorted, every match is there.
    assert by_date == [newer[1].pk, newer[0].pk, in_title.pk]
    assert [c.pk for c in sorted_page.object_list] == by_date
    assert sorted_page.ranked_among == 0


@POSTGRES_ONLY
def test_search_vector_names_the_regions_that_read_the_case(world):
    """PostgreSQL: the vector holds a lexeme per party region and per province overseeing one
    (by hand: Singkawang 61.72 and Bengkayang 61.07 are parties, Kalimantan Barat 61 oversees
    both), which a search asks the GIN index for together with its words (issue 8)."""
    from tests.factories import region

    case = CooperationFactory(title="Kerja sama dermaga", party_codes=("61.72", "61.07"))
    search_refresh(case)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT search_vector::text FROM agreements_cooperation WHERE id = %s", [case.pk]
        )
        vector = cursor.fetchone()[0]
    lexemes = set(re.findall(r"'(kj[po]\d+)'", vector))

    assert lexemes == {
        f"kjp{region('61.72').pk}",
        f"kjp{region('61.07').pk}",
        f"kjo{region('61').pk}",
    }


@POSTGRES_ONLY
def test_a_common_word_walks_the_newest_cases_and_finds_what_the_index_finds(world, monkeypatch):
    """PostgreSQL: when the planner expects a search to match many cases, the newest matches
    are found by walking down the reader's cases (`selectors._newest_matches`). Forced here
    (threshold 0, limit 2): the same matches, in the same order, as the index finds."""
    for n, year in enumerate((2019, 2021, 2023, 2024)):
        case = CooperationFactory(title=f"Pengelolaan pasar {n}", party_codes=("61.72", "61.07"))
        Cooperation.objects.filter(pk=case.pk).update(signed_on=dt.date(year, 1, 1))
        access_refresh(case)
    CooperationFactory(title="Pengelolaan pasar Bandung", party_codes=("32.73", "32.04"))
    filters = RegistryFilters(q="pengelolaan")
    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 2)
    by_index = registry_page(user=world.sec_singkawang, filters=filters)
    monkeypatch.setattr(selectors, "SEARCH_WALK_FROM", 0)

    walked = selectors._newest_matches(world.sec_singkawang, filters)
    by_walk = registry_page(user=world.sec_singkawang, filters=filters)

    titles = {c.pk: c.title for c in Cooperation.objects.all()}
    # By hand: the two newest of Singkawang's four (2024, 2023), and a third to know there are more.
    assert [titles[pk] for pk in walked] == [
        "Pengelolaan pasar 3",
        "Pengelolaan pasar 2",
        "Pengelolaan pasar 1",
    ]
    assert [c.title for c in by_walk.object_list] == [c.title for c in by_index.object_list]
    assert (by_walk.count, by_walk.count_is_lower_bound) == (2, True)
    assert (by_index.count, by_index.count_is_lower_bound) == (2, True)
