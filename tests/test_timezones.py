"""A region's time zone (issue 9: a meeting's time is in its region's WIB/WITA/WIT), stated by
hand from Keputusan Presiden No. 41 Tahun 1987 and the provinces formed since."""

from __future__ import annotations

import datetime as dt

import pytest

from kerjasama.reference.models import Region
from kerjasama.reference.timezones import time_zone_of


@pytest.mark.parametrize(
    ("code", "name", "abbreviation"),
    [
        ("61.72", "Kota Singkawang", "WIB"),
        ("61", "Kalimantan Barat", "WIB"),
        ("62.71", "Kota Palangka Raya", "WIB"),
        ("31.71", "Kota Jakarta Pusat", "WIB"),
        ("11.01", "Kabupaten Aceh Selatan", "WIB"),
        ("21.71", "Kota Batam", "WIB"),
        ("51.71", "Kota Denpasar", "WITA"),
        ("53", "Nusa Tenggara Timur", "WITA"),
        ("63.71", "Kota Banjarmasin", "WITA"),
        ("65", "Kalimantan Utara", "WITA"),
        ("73.71", "Kota Makassar", "WITA"),
        ("75", "Gorontalo", "WITA"),
        ("81.71", "Kota Ambon", "WIT"),
        ("82", "Maluku Utara", "WIT"),
        ("91.71", "Kota Jayapura", "WIT"),
        ("96", "Papua Barat Daya", "WIT"),
    ],
)
def test_a_region_s_time_zone_follows_its_province(code, name, abbreviation):
    assert time_zone_of(code).abbreviation == abbreviation, name


def test_nine_in_the_morning_in_singkawang_is_ten_in_makassar_and_eleven_in_jayapura():
    moment = dt.datetime(2021, 1, 14, 9, 0, tzinfo=time_zone_of("61.72").zone)
    assert moment.astimezone(time_zone_of("73.71").zone).hour == 10
    assert moment.astimezone(time_zone_of("91.71").zone).hour == 11
    assert moment.astimezone(dt.UTC).hour == 2


@pytest.mark.parametrize("code", ["", "x1", "6", " "])
def test_a_code_that_is_no_region_code_is_refused(code):
    with pytest.raises(ValueError, match="not a Kemendagri region code"):
        time_zone_of(code)


def test_every_province_of_the_reference_list_has_a_zone(db):
    """The list shipped with the app (§11): 38 provinces — 18 in WIB (Sumatra's 10, Java's
    6, Kalimantan Barat and Tengah), 12 in WITA, 8 in WIT (Maluku's 2, Papua's 6)."""
    provinces = Region.objects.filter(level="provinsi")
    if not provinces.exists():
        pytest.skip("reference regions are not loaded in this test database")
    zones = {p.code: time_zone_of(p.code).abbreviation for p in provinces}
    counted = {z: list(zones.values()).count(z) for z in ("WIB", "WITA", "WIT")}
    assert counted == {"WIB": 18, "WITA": 12, "WIT": 8}


def test_a_region_knows_its_zone(db):
    province, _ = Region.objects.get_or_create(
        code="73", defaults={"name": "Sulawesi Selatan", "level": "provinsi"}
    )
    city, _ = Region.objects.get_or_create(
        code="73.71", defaults={"name": "Makassar", "level": "kota", "province": province}
    )
    assert city.time_zone.abbreviation == "WITA"
    assert city.time_zone.zone.key == "Asia/Makassar"
