"""The registry as a user meets it (issue 6, items 1–3): pages and sort links that work and keep
the filters, one meaning of "expiring" everywhere, a search over every number a case carries and
a year filter that says what it means."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from kerjasama.accounts.models import User
from kerjasama.agreements import selectors
from kerjasama.agreements.access import access_refresh
from kerjasama.agreements.models import Cooperation
from kerjasama.agreements.search import search_refresh_many
from kerjasama.agreements.services import DocumentEntryInput, document_create
from kerjasama.core import audit
from kerjasama.deadlines.models import Deadline
from kerjasama.partners.services import partner_update
from tests.factories import CooperationFactory, DocumentFactory, ThirdPartyFactory

pytestmark = pytest.mark.django_db

KALBAR_KB_TITLE = (
    "Kesepakatan Bersama antara Pemerintah Provinsi Kalimantan Barat dan Pemerintah Kota "
    "Singkawang tentang Kerja Sama Penyelenggaraan Urusan Pemerintahan, Pembangunan dan "
    "Kemasyarakatan"
)
UMKM_TITLE = "Penyaluran Kredit Usaha Mikro Berbunga Ringan bagi Pelaku UMKM Kota Singkawang"


def _hrefs(html: str) -> list[str]:
    return [unescape(h) for h in re.findall(r'href="([^"]*)"', html)]


def _link(html: str, text: str) -> str:
    """The href of the first <a> whose text is `text`."""
    match = re.search(r'<a [^>]*href="([^"]*)"[^>]*>\s*' + re.escape(text) + r"\s*</a>", html)
    assert match, f"no link {text!r}"
    return unescape(match.group(1))


def _titles(response) -> list[str]:
    return [c.title for c in response.context["page"].object_list]


def _small_pages(settings, size: int = 3) -> None:
    settings.KERJASAMA = {**settings.KERJASAMA, "PAGE_SIZE": size}


# --- Item 1: pagination and sorting --------------------------------------------------------


def test_next_page_link_is_well_formed_and_shows_other_rows(client, world, settings):
    _small_pages(settings)
    # Not "perbatasan": PostgreSQL stems it to "batas" and also finds world's "pilar batas".
    for n in range(5):
        CooperationFactory(title=f"Kerja sama jembatan {n}", party_codes=("61.72", "61.07"))
    client.force_login(world.sec_singkawang)

    first = client.get("/kerjasama/", {"q": "jembatan"})
    href = _link(first.content.decode(), "Berikutnya")
    second = client.get("/kerjasama/" + href)

    assert href.startswith("?")
    assert not href.startswith("??")
    assert set(parse_qs(urlsplit(href).query)) == {"q", "cursor"}
    assert parse_qs(urlsplit(href).query)["q"] == ["jembatan"]
    assert second.context["page"].has_previous
    assert not second.context["page"].has_next
    assert len(_titles(first)) == 3
    assert len(_titles(second)) == 2
    assert set(_titles(first)).isdisjoint(_titles(second))
    assert set(_titles(first)) | set(_titles(second)) == {
        f"Kerja sama jembatan {n}" for n in range(5)
    }


def test_sorting_a_search_keeps_the_search_and_the_filters(client, world):
    for title in ("Zebra cross perbatasan", "Anggrek perbatasan", "Mangga perbatasan"):
        CooperationFactory(title=title, party_codes=("61.72", "61.07"), stage="proposal")
    CooperationFactory(title="Bukan perbatasan, sudah berlaku", party_codes=("61.72", "61.07"))
    client.force_login(world.sec_singkawang)

    searched = client.get("/kerjasama/", {"q": "perbatasan", "stage": "proposal"})
    by_title = _link(searched.content.decode(), "Judul")
    ascending = client.get("/kerjasama/" + by_title)
    by_title_again = _link(ascending.content.decode(), "Judul")
    descending = client.get("/kerjasama/" + by_title_again)

    assert not by_title.startswith("??")
    query = parse_qs(urlsplit(by_title).query)
    assert query["q"] == ["perbatasan"]
    assert query["stage"] == ["proposal"]
    assert query["sort"] == ["title"]
    assert _titles(ascending) == [
        "Anggrek perbatasan",
        "Mangga perbatasan",
        "Zebra cross perbatasan",
    ]
    assert _titles(descending) == [
        "Zebra cross perbatasan",
        "Mangga perbatasan",
        "Anggrek perbatasan",
    ]
    # The search box still shows what was searched, and it is what was applied.
    assert 'value="perbatasan"' in descending.content.decode()


def test_registry_links_are_never_malformed(client, world, settings):
    _small_pages(settings, 1)
    client.force_login(world.sec_singkawang)

    # A plain form submission sends every field, the empty ones too.
    response = client.get(
        "/kerjasama/?q=&kind=&stage=&affair_group=&affair=&partner=&opd=&year=&sort=title"
    )

    links = [h for h in _hrefs(response.content.decode()) if "sort=" in h or "page=" in h]
    assert len(links) >= 5  # four sortable columns and "next"
    for href in links:
        assert "??" not in href, href
        assert "&&" not in href, href
        assert "None" not in href, href


def test_the_filter_form_submits_the_sort_in_force(client, world):
    client.force_login(world.sec_singkawang)

    response = client.get(
        "/kerjasama/",
        {"q": "Singkawang", "sort": "-title"},
        headers={"HX-Request": "true", "HX-Target": "registry-results"},
    )

    # Changing a filter after sorting keeps the sort: the results (swapped by htmx) carry the
    # sort in force as a field of the filter form.
    hidden = re.findall(r'<input type="hidden" name="sort"[^>]*>', response.content.decode())
    assert hidden == ['<input type="hidden" name="sort" value="-title" form="registry-filters">']


# --- Item 2: one meaning of "expiring" -----------------------------------------------------


def _sign(actor: User, cooperation: Cooperation, kind: str, *, signed, end, parent=None, title=""):
    data = {
        "kind": kind,
        "title": title or f"{kind} {end}",
        "status": "signed",
        "signed_on": signed,
        "start_date": signed,
        "end_date": end,
    }
    if parent is not None:
        data["parent"] = parent
    party = cooperation.parties.get(partner__region__code=actor.tenant.region.code)
    with audit.interface("cli"):
        return document_create(
            actor=actor,
            cooperation=cooperation,
            data=data,
            entries={party.pk: DocumentEntryInput(number=f"{kind}/{end.isoformat()}")},
            override_reason="test data",
        )


def test_a_pks_ending_soon_under_a_long_kb_makes_the_case_expiring(client, world):
    today = timezone.localdate()
    kb = _sign(
        world.sec_singkawang,
        world.kb,
        "kb",
        signed=dt.date(2021, 1, 14),
        end=dt.date(2031, 1, 13),
    )
    _sign(
        world.sec_singkawang,
        world.kb,
        "pks",
        signed=today - dt.timedelta(days=300),
        end=today + dt.timedelta(days=45),
        parent=kb,
    )
    client.force_login(world.sec_singkawang)

    board = client.get("/").context["dashboard"]
    listed = client.get("/kerjasama/", {"expiring": "on"})

    world.kb.refresh_from_db()
    assert world.kb.ends_on == dt.date(2031, 1, 13)  # the case as a whole runs on
    assert board.expiring_count == 1
    assert [c.title for c in board.expiring] == [world.kb.title]
    assert board.expiring[0].expires_on == today + dt.timedelta(days=45)
    assert board.expiring[0].expiring_document == f"pks {today + dt.timedelta(days=45)}"
    assert _titles(listed) == [world.kb.title]


def test_expiring_finds_a_case_whose_first_end_passed_but_another_ends_soon(client, world):
    """The registry reads "expiring" from the first open end of term copied on the access row
    (issue 8); a first end already passed but still open (the daily job has not closed it)
    must not hide a second one within the window — nor make a case expiring by itself."""
    today = timezone.localdate()
    both = CooperationFactory(title="Dua akhir masa", party_codes=("61.72",), stage="in_force")
    only_passed = CooperationFactory(title="Sudah lewat", party_codes=("61.72",), stage="in_force")
    for case, days in ((both, -3), (both, 30), (only_passed, -3)):
        Deadline.objects.create(
            subject_type="agreements.cooperation",
            subject_id=case.pk,
            cooperation=case,
            key=f"expiry-test-{days}",
            kind="expiry",
            due_on=today + dt.timedelta(days=days),
            title="Akhir masa berlaku",
        )
    client.force_login(world.sec_singkawang)

    listed = _titles(client.get("/kerjasama/", {"expiring": "on"}))
    board = client.get("/").context["dashboard"]

    assert "Dua akhir masa" in listed
    assert "Sudah lewat" not in listed
    assert board.expiring_count == len(listed)


def test_an_addendum_extending_the_pks_takes_it_out_of_the_window(client, world):
    today = timezone.localdate()
    pks = _sign(
        world.sec_singkawang,
        world.kb,
        "pks",
        signed=today - dt.timedelta(days=300),
        end=today + dt.timedelta(days=30),
    )
    client.force_login(world.sec_singkawang)
    before = _titles(client.get("/kerjasama/", {"expiring": "on"}))

    _sign(
        world.sec_singkawang,
        world.kb,
        "addendum",
        signed=today - dt.timedelta(days=5),
        end=today + dt.timedelta(days=400),
        parent=pks,
    )

    after = _titles(client.get("/kerjasama/", {"expiring": "on"}))
    assert before == [world.kb.title]
    assert after == []
    assert client.get("/").context["dashboard"].expiring_count == 0


def test_a_case_that_has_ended_is_not_expiring(world):
    today = timezone.localdate()
    _sign(
        world.sec_singkawang,
        world.kb,
        "pks",
        signed=today - dt.timedelta(days=300),
        end=today + dt.timedelta(days=30),
    )
    Cooperation.objects.filter(pk=world.kb.pk).update(stage="ended")

    expiring = selectors.cooperation_visible_to(world.sec_singkawang).filter(selectors.expiring_q())

    assert list(expiring) == []


def test_year_filter_ignores_unsigned_drafts_and_offers_every_signing_year(client, world):
    kb = _sign(
        world.sec_singkawang,
        world.kb,
        "kb",
        signed=dt.date(2019, 3, 1),
        end=dt.date(2024, 2, 28),
    )
    _sign(
        world.sec_singkawang,
        world.kb,
        "pks",
        signed=dt.date(2022, 6, 1),
        end=dt.date(2023, 5, 31),
        parent=kb,
    )
    DocumentFactory(cooperation=world.kb, kind="pks", status="draft", signed_on=dt.date(2020, 5, 5))
    client.force_login(world.sec_singkawang)

    response = client.get("/kerjasama/", {"year": "2022"})
    years = [y for y, _label in response.context["form"].fields["year"].choices if y]

    assert _titles(response) == [world.kb.title]
    assert _titles(client.get("/kerjasama/", {"year": "2019"})) == [world.kb.title]
    assert _titles(client.get("/kerjasama/", {"year": "2020"})) == []  # only a draft
    # From the KB (2019) to the last PKS (2022); world.local's PKS was signed in 2021.
    assert years == [2022, 2021, 2020, 2019]


def test_search_covers_register_numbers_partner_names_and_identifiers(client, world):
    party = world.local.parties.get(partner__region__code="61.07")
    party.register_number = "PEM.BKY/2021/001"
    party.save()
    company = ThirdPartyFactory(
        name="PT Sinar Khatulistiwa", nib="9120301234567", npwp="012345678870100"
    )
    with_company = CooperationFactory(title="Penerangan jalan umum", party_codes=("61.72",))
    with_company.parties.create(partner=company, order=2)
    # Written past the services above: their search documents are rewritten as a service would.
    search_refresh_many([world.local.pk, with_company.pk])
    client.force_login(world.sec_singkawang)

    def found(q):
        return _titles(client.get("/kerjasama/", {"q": q}))

    assert found("PEM.BKY/2021/001") == [world.local.title]
    assert found("bky/2021") == [world.local.title]
    assert found("Sinar Khatulistiwa") == [with_company.title]
    assert found("9120301234567") == [with_company.title]
    assert found("01.234.567.8-870.100") == [with_company.title]
    assert found("012345678870100") == [with_company.title]
    assert found(f"P{company.pk}") == [with_company.title]  # the reference the forms show
    assert found("180/21/PEM") == [world.local.title]  # a party's document number, as before
    assert found("PEM.BKY/2021/001 pilar") == [world.local.title]
    assert found("PEM.BKY/2021/001 Khatulistiwa") == []


# --- Issue 8: the partner options, cached per region ------------------------------------------


def _partner_options(response) -> dict[int, str]:
    return {pk: name for pk, name in response.context["form"].fields["partner"].choices if pk}


def test_partner_options_show_a_new_partner_and_a_new_name_at_once(client, world):
    """The options are kept in the cache between requests; a write to a case of the region and
    a partner's new name must show on the next page all the same."""
    client.force_login(world.sec_singkawang)
    before = _partner_options(client.get("/kerjasama/"))
    company = ThirdPartyFactory(name="PT Cahaya Singkawang")
    case = CooperationFactory(title="Lampu jalan", party_codes=("61.72",))
    case.parties.create(partner=company, order=2)
    access_refresh(case)  # what the services call after writing a party

    after = _partner_options(client.get("/kerjasama/"))
    partner_update(
        actor=world.sec_singkawang, partner=company, data={"name": "PT Cahaya Khatulistiwa"}
    )
    renamed = _partner_options(client.get("/kerjasama/"))

    assert company.pk not in before
    assert after[company.pk] == "PT Cahaya Singkawang"
    assert renamed[company.pk] == "PT Cahaya Khatulistiwa"
    # Another region's secretariat does not see the case, nor its partner among its options.
    client.force_login(world.sec_bengkayang)
    assert company.pk not in _partner_options(client.get("/kerjasama/"))


def test_a_partner_beyond_the_offered_list_can_still_be_filtered_on(client, world, monkeypatch):
    """The list offers the first partners by name; a partner's page links to the registry with
    its id, and that filter works even when the partner is not among those offered."""
    monkeypatch.setattr(selectors, "REGISTRY_PARTNER_OPTIONS", 1)
    company = ThirdPartyFactory(name="Yayasan Zamrud Khatulistiwa")  # last by name
    case = CooperationFactory(title="Taman kota", party_codes=("61.72",))
    case.parties.create(partner=company, order=2)
    access_refresh(case)
    client.force_login(world.sec_singkawang)

    offered = _partner_options(client.get("/kerjasama/"))
    chosen = client.get("/kerjasama/", {"partner": company.pk})

    assert company.pk not in offered
    assert len(offered) == 1
    assert _titles(chosen) == ["Taman kota"]
    assert not chosen.context["form"].errors
    assert _partner_options(chosen)[company.pk] == "Yayasan Zamrud Khatulistiwa"
    assert f'<option value="{company.pk}" selected>Yayasan Zamrud Khatulistiwa</option>' in (
        chosen.content.decode()
    )


def test_year_filter_pages_find_an_agreement_signed_before_its_case(client, world, settings):
    """The year filter walks the dates down from the year's end (issue 8); a case whose own
    date of signing is later (its first KB or PKS: 2022) but which holds an agreement signed
    in the year (an addendum of 2019 whose KB is not on file) is found all the same, in its
    place in the order (newest first), and the pages walk every case once."""
    _small_pages(settings, size=1)
    early = CooperationFactory(title="Kerja sama dengan adendum lama", party_codes=("61.72",))
    DocumentFactory(cooperation=early, kind="pks", status="signed", signed_on=dt.date(2022, 5, 1))
    DocumentFactory(
        cooperation=early, kind="addendum", status="signed", signed_on=dt.date(2019, 8, 1)
    )
    plain = CooperationFactory(title="Kerja sama 2019", party_codes=("61.72",))
    DocumentFactory(cooperation=plain, kind="kb", status="signed", signed_on=dt.date(2019, 2, 1))
    Cooperation.objects.filter(pk=early.pk).update(signed_on=dt.date(2022, 5, 1))
    Cooperation.objects.filter(pk=plain.pk).update(signed_on=dt.date(2019, 2, 1))
    for case in (early, plain):
        access_refresh(case)
    client.force_login(world.sec_singkawang)

    first = client.get("/kerjasama/", {"year": "2019"})
    second = client.get("/kerjasama/" + _link(first.content.decode(), "Berikutnya"))
    back = client.get("/kerjasama/" + _link(second.content.decode(), "Sebelumnya"))

    assert _titles(first) == ["Kerja sama dengan adendum lama"]  # 2022 sorts first
    assert _titles(second) == ["Kerja sama 2019"]
    assert not second.context["page"].has_next
    assert _titles(back) == _titles(first)
    assert first.context["page"].count == 2
    assert _titles(client.get("/kerjasama/", {"year": "2022"})) == [
        "Kerja sama dengan adendum lama"
    ]


# --- The fresh-eyes walk of issue 8 -------------------------------------------------------------


def test_registry_says_when_a_search_was_not_searched_as_typed(client, world):
    client.force_login(world.sec_singkawang)

    punctuation = client.get("/kerjasama/", {"q": "%"}).content.decode()
    long_words = client.get(
        "/kerjasama/", {"q": "satu dua tiga empat lima enam tujuh delapan sembilan"}
    )
    too_long = client.get("/kerjasama/", {"q": "a" * 300})

    assert "Pencarian tidak berisi huruf atau angka untuk dicari" in punctuation
    assert "Hanya 8 kata pertama yang dicari." in long_words.content.decode()
    assert too_long.context["form"].errors["q"]
    assert 'id="id_q_error"' in too_long.content.decode()


def test_a_sorted_search_links_back_to_the_best_matches(client, world):
    client.force_login(world.sec_singkawang)
    sorted_search = client.get("/kerjasama/", {"q": "pilar", "sort": "title"}).content.decode()
    ranked = client.get("/kerjasama/", {"q": "pilar"}).content.decode()

    assert _link(sorted_search, "Paling cocok lebih dulu") == "?q=pilar"
    assert "Paling cocok lebih dulu" not in ranked


def test_counts_of_thousands_read_with_the_separator_of_the_language(client, world, monkeypatch):
    monkeypatch.setattr(selectors, "COUNT_LIMIT", 1)  # the world's Singkawang has two cases
    client.force_login(world.sec_singkawang)
    html = client.get("/kerjasama/").content.decode()
    assert "Lebih dari 1 kerja sama" in html

    page = selectors.RegistryPage(object_list=[], count=10_000, count_is_lower_bound=True)
    from django.template.loader import render_to_string

    rendered = render_to_string(
        "agreements/list.html#results",
        {"page": page, "filters": selectors.RegistryFilters(), "sort_links": {}},
    )
    assert "Lebih dari 10.000 kerja sama" in rendered


def test_a_row_found_by_a_pks_stage_names_the_pks_stage(client, world):
    """The stage filter "Menunggu persetujuan DPRD" also lists a case in force with a PKS
    awaiting the DPRD (issue 7); its row says so beside the case's own stage, so that the
    list reads right beside the dashboard, which counts the cases' own stages."""
    case = CooperationFactory(
        title="Kasus dengan PKS di DPRD", party_codes=("61.72",), stage="in_force"
    )
    DocumentFactory(cooperation=case, kind="pks", stage="awaiting_dprd")
    access_refresh(case)
    client.force_login(world.sec_singkawang)

    html = client.get("/kerjasama/", {"stage": "awaiting_dprd"}).content.decode()

    assert "Kasus dengan PKS di DPRD" in html
    assert "sebuah PKS: Menunggu persetujuan DPRD" in html
