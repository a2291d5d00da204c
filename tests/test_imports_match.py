"""Matching a register's names (issue 11, item 5): regions by every variant of their name and
by code, registered partners, the region's OPDs, urusan, and a row against the region's cases.
The expected regions and codes are written by hand from the Kemendagri list and §10."""

from __future__ import annotations

import pytest

from kerjasama.imports.matching import Matcher, split_region_name
from tests.factories import DocumentFactory, DocumentPartyFactory, ThirdPartyFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Pemkab Sambas", "61.01"),
        ("Kabupaten Sambas", "61.01"),
        ("Pemerintah Kabupaten Sambas", "61.01"),
        ("Kab. Sambas", "61.01"),
        ("kab.sambas", "61.01"),
        ("KABUPATEN  SAMBAS", "61.01"),
        ("Pemerintah Daerah Kabupaten Sambas", "61.01"),
        ("Sambas", "61.01"),
        ("Pemkot Singkawang", "61.72"),
        ("Kota Singkawang", "61.72"),
        ("Pemerintah Kota Singkawang", "61.72"),
        ("kota   singkawang", "61.72"),
        ("Pemprov Kalimantan Barat", "61"),
        ("Provinsi Kalimantan Barat", "61"),
        ("Prov. Kalimantan Barat", "61"),
        ("Pemerintah Provinsi Kalimantan Barat", "61"),
        # The short names registers use for provinces (the walk: "Pemprov Kalbar" unmatched).
        ("Pemprov Kalbar", "61"),
        ("Provinsi Jawa Barat", "32"),
        ("Pemprov Jabar", "32"),
        ("Kaltim", "64"),
        ("61.72", "61.72"),
        ("61", "61"),
        ("Kota Singkawang (61.72)", "61.72"),
        ("Kabupaten Bogor", "32.01"),
        ("Pemkot Bogor", "32.71"),
    ],
)
def test_a_region_is_found_by_every_variant_of_its_name_and_by_code(world, text, code):
    match = Matcher(world.singkawang).partner(text)

    assert match.region is not None, text
    assert match.region.code == code


def test_a_name_of_two_regions_without_its_level_is_ambiguous_not_guessed(world):
    """ "Bogor" is both Kabupaten Bogor (32.01) and Kota Bogor (32.71)."""
    match = Matcher(world.singkawang).partner("Bogor")

    assert match.region is None
    assert match.partner is None
    assert match.candidates == ["Kabupaten Bogor", "Kota Bogor"]
    assert Matcher(world.singkawang).partner("Pemda Bogor").region is None


def test_split_region_name_reads_the_level_from_the_prefix():
    assert split_region_name("Pemkab  Sambas") == ("kabupaten", "sambas", True)
    assert split_region_name("Kab. Sambas") == ("kabupaten", "sambas", True)
    assert split_region_name("Pemkot Singkawang") == ("kota", "singkawang", True)
    assert split_region_name("Pemprov Kalimantan Barat") == ("provinsi", "kalimantan barat", True)
    assert split_region_name("Singkawang") == (None, "singkawang", False)


def test_a_third_party_is_found_in_the_registry_by_its_name_key_only(world):
    matcher = Matcher(world.singkawang)

    found = matcher.partner("PERUMDA AIR MINUM  Gunung Poteng")
    missing = matcher.partner("PT Tidak Terdaftar Sejahtera")

    assert found.partner == world.third_party
    assert found.region is None
    # Not registered: proposed as a new third party (added at commit), not guessed as another.
    assert missing.partner is None
    assert missing.region is None
    assert missing.new
    assert missing.candidates == []


def test_opds_of_the_region_by_name_or_short_name_and_missing_ones_proposed(world):
    world.pupr.short_name = "Dinas PUPR"
    world.pupr.save()
    matcher = Matcher(world.singkawang)

    assert matcher.opd("dinas  pekerjaan umum dan penataan ruang").opd == world.pupr
    assert matcher.opd("DINAS PUPR").opd == world.pupr
    assert matcher.opd("Dinas Pariwisata").opd == world.tourism
    missing = matcher.opd("Dinas  Kesehatan")
    assert missing.opd is None
    assert missing.propose_create
    assert missing.text == "Dinas Kesehatan"


def test_an_opd_of_another_region_is_not_one_of_this_region(world):
    from tests.factories import OpdFactory

    OpdFactory(tenant=world.bengkayang, name="Dinas Kesehatan")

    assert Matcher(world.singkawang).opd("Dinas Kesehatan").opd is None


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Pekerjaan Umum dan Penataan Ruang", ["1.03"]),
        ("pekerjaan umum & penataan ruang", ["1.03"]),
        ("URUSAN PEMERINTAHAN BIDANG PARIWISATA", ["3.26"]),
        ("1.02", ["1.02"]),
        ("1.02 Kesehatan", ["1.02"]),
        ("Pendidikan; Kesehatan", ["1.01", "1.02"]),
        ("Pariwisata\nKelautan dan Perikanan", ["3.26", "3.25"]),
    ],
)
def test_urusan_by_name_or_code(world, text, codes):
    found, unknown = Matcher(world.singkawang).affairs(text)

    assert [a.code for a in found] == codes
    assert unknown == []


def test_an_unknown_urusan_is_reported_not_guessed(world):
    found, unknown = Matcher(world.singkawang).affairs("Pariwisata; Urusan Antariksa")

    assert [a.code for a in found] == ["3.26"]
    assert unknown == ["Urusan Antariksa"]


def test_a_row_is_the_case_with_its_document_number_and_a_partner(world):
    """`world.local` (Singkawang–Bengkayang) has a PKS numbered 180/21/PEM by Singkawang."""
    matcher = Matcher(world.singkawang)
    bengkayang = matcher.partner("Pemkab Bengkayang")
    sambas = matcher.partner("Kabupaten Sambas")

    assert (
        matcher.case(
            document_number="180/21/PEM", partners=[bengkayang], title="", dates=[]
        ).cooperation
        == world.local
    )
    # The same number with a partner that is not a party is another agreement.
    assert (
        matcher.case(document_number="180/21/PEM", partners=[sambas], title="", dates=[])
    ).cooperation is None


def test_a_row_without_a_known_number_is_a_possible_duplicate_by_title_partner_and_date(world):
    import datetime as dt

    DocumentFactory(cooperation=world.kb, kind="kb", title="KB", signed_on=dt.date(2023, 7, 17))
    matcher = Matcher(world.singkawang)
    kalbar = matcher.partner("Pemprov Kalimantan Barat")

    same = matcher.case(
        document_number="",
        partners=[kalbar],
        title="kesepakatan bersama provinsi kalimantan barat dan kota singkawang",
        dates=[dt.date(2023, 7, 17)],
    )
    other_day = matcher.case(
        document_number="",
        partners=[kalbar],
        title="Kesepakatan Bersama Provinsi Kalimantan Barat dan Kota Singkawang",
        dates=[dt.date(2020, 1, 2)],
    )

    assert same.cooperation is None
    assert same.duplicates == [world.kb]
    assert other_day.duplicates == []


def test_a_third_party_case_is_found_by_number_and_partner(world):
    from kerjasama.agreements.models import Party

    partner = ThirdPartyFactory(name="PT Mitra Air Bersih")
    party = Party.objects.create(cooperation=world.kb, partner=partner, order=3)
    own = world.kb.parties.get(partner__region__code="61.72")
    document = DocumentFactory(cooperation=world.kb, kind="pks", title="PKS air")
    DocumentPartyFactory(document=document, party=own, number="500/7/EKON")
    DocumentPartyFactory(document=document, party=party, number="")
    matcher = Matcher(world.singkawang)

    found = matcher.case(
        document_number="500/7/EKON",
        partners=[matcher.partner("PT. Mitra Air Bersih")],
        title="",
        dates=[],
    )

    assert found.cooperation == world.kb
