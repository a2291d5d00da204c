"""Reference data: counts, idempotency, and loading a newer region list over an older one."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.core.management import call_command

from kerjasama.reference.models import GovernmentAffair, PublicService, Region, RegionLevel
from kerjasama.reference.services import REGIONS_CSV, affairs_load, regions_load
from tests.factories import CooperationFactory


def _counts():
    return {
        "provinces": Region.objects.filter(level=RegionLevel.PROVINCE, retired=False).count(),
        "regencies": Region.objects.filter(level=RegionLevel.REGENCY, retired=False).count(),
        "cities": Region.objects.filter(level=RegionLevel.CITY, retired=False).count(),
        "affairs": GovernmentAffair.objects.count(),
        "services": PublicService.objects.count(),
    }


@pytest.mark.django_db
@pytest.mark.rule("10-thirty-two-bidang-urusan")
def test_reference_counts_match_kemendagri_and_uu23(reference):
    assert _counts() == {
        "provinces": 38,
        "regencies": 416,
        "cities": 98,
        "affairs": 32,
        "services": 25,
    }
    assert [
        g
        for g in GovernmentAffair.objects.values_list("group", flat=True)
        .distinct()
        .order_by("group")
    ] == [1, 2, 3]
    assert GovernmentAffair.objects.filter(group=1).count() == 6
    assert GovernmentAffair.objects.filter(group=2).count() == 18
    assert GovernmentAffair.objects.filter(group=3).count() == 8


@pytest.mark.django_db
def test_reference_examples_have_dotted_codes_and_provinces(reference):
    singkawang = Region.objects.get(code="61.72")
    assert singkawang.name == "Kota Singkawang"
    assert singkawang.level == RegionLevel.CITY
    assert singkawang.province.code == "61"
    assert singkawang.province.display_name == "Provinsi Kalimantan Barat"
    assert Region.objects.get(code="61.07").name == "Kabupaten Bengkayang"
    assert GovernmentAffair.objects.get(code="1.03").name == "Pekerjaan Umum dan Penataan Ruang"
    assert GovernmentAffair.objects.get(code="3.32").name == "Transmigrasi"


@pytest.mark.django_db
def test_load_reference_twice_changes_nothing(reference):
    before = _counts()
    snapshot = list(Region.objects.values_list("code", "name", "level", "province_id", "retired"))
    out = __import__("io").StringIO()

    call_command("load_reference", stdout=out)

    assert _counts() == before
    assert (
        list(Region.objects.values_list("code", "name", "level", "province_id", "retired"))
        == snapshot
    )
    assert "0 created, 0 updated, 0 retired, 552 unchanged" in out.getvalue()
    assert "0 created, 0 updated, 0 retired, 32 unchanged" in out.getvalue()


@pytest.mark.django_db
def test_newer_region_list_renames_adds_and_retires_without_breaking_records(
    reference, tmp_path: Path
):
    record = CooperationFactory(party_codes=("61", "61.72"))
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    newer = [r for r in rows if r["kode"] != "61.72"]  # Singkawang dropped (re-coded, say)
    for row in newer:
        if row["kode"] == "61.07":
            row["nama"] = "Kabupaten Bengkayang Baru"
    newer.append(
        {
            "kode": "61.99",
            "kode_provinsi": "61",
            "kode_kabkota": "99",
            "tingkat": "kota",
            "nama": "Kota Contoh",
        }
    )
    path = tmp_path / "wilayah-newer.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(newer)

    result = regions_load(path=path, source="test list")

    assert (result.created, result.updated, result.retired) == (1, 551, 1)
    assert Region.objects.get(code="61.07").name == "Kabupaten Bengkayang Baru"
    assert Region.objects.get(code="61.99").province.code == "61"
    singkawang = Region.objects.get(code="61.72")
    assert singkawang.retired is True
    record.refresh_from_db()
    assert sorted(p.partner.region.code for p in record.parties.all()) == ["61", "61.72"]


@pytest.mark.django_db
def test_region_list_with_unknown_level_is_refused_whole(reference, tmp_path: Path):
    from kerjasama.reference.services import ReferenceDataError

    path = tmp_path / "bad.csv"
    path.write_text(
        "kode,tingkat,nama\n61.72,kota,Kota Baru\n61.98,desa,Desa Salah\n", encoding="utf-8"
    )

    with pytest.raises(ReferenceDataError, match="unknown level"):
        regions_load(path=path)

    assert Region.objects.get(code="61.72").name == "Kota Singkawang"
    assert not Region.objects.filter(code="61.98").exists()


@pytest.mark.django_db
def test_load_reference_command_reports_bad_file_without_traceback(reference, tmp_path: Path):
    from django.core.management.base import CommandError

    path = tmp_path / "bad.csv"
    path.write_text("code,name\n1,x\n", encoding="utf-8")

    with pytest.raises(CommandError, match="missing columns"):
        call_command("load_reference", regions=path)


@pytest.mark.django_db
def test_affairs_load_is_idempotent(reference):
    assert str(affairs_load()) == "0 created, 0 updated, 0 retired, 32 unchanged"
