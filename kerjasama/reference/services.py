"""Loading the shipped reference data. Every loader is idempotent: loading twice changes nothing,
and loading a newer list over an older one updates names, adds new codes and retires missing
ones without deleting anything that records may point to."""

from __future__ import annotations

from pathlib import Path

from django.db import transaction

from kerjasama.reference.holiday_loader import holidays_load
from kerjasama.reference.loading import (
    DATA_DIR,
    EXTRA_LOADERS,
    LoadResult,
    ReferenceDataError,
    _read_csv,
)
from kerjasama.reference.models import GovernmentAffair, PublicService, Region, RegionLevel

REGIONS_CSV = DATA_DIR / "wilayah_provinsi_kabkota.csv"
AFFAIRS_CSV = DATA_DIR / "urusan_pemerintahan.csv"
REGIONS_SOURCE = "Kepmendagri 300.2.2-2138/2025 via cahyadsn/wilayah@b7ad440"


@transaction.atomic
def regions_load(*, path: Path = REGIONS_CSV, source: str = REGIONS_SOURCE) -> LoadResult:
    """Upsert provinces, then regencies and cities, by Kemendagri code (§11)."""
    rows = _read_csv(path, {"kode", "tingkat", "nama"})
    levels = {level.value for level in RegionLevel}
    for row in rows:
        if row["tingkat"] not in levels:
            raise ReferenceDataError(f"{row['kode']}: unknown level {row['tingkat']!r}")
    # Provinces first, so that regencies and cities can point to them.
    rows.sort(key=lambda r: (r["tingkat"] != RegionLevel.PROVINCE, r["kode"]))
    existing = {region.code: region for region in Region.objects.all()}
    result = LoadResult()
    for row in rows:
        code = row["kode"]
        province = None
        if row["tingkat"] != RegionLevel.PROVINCE:
            province = existing.get(code.split(".")[0])
            if province is None:
                raise ReferenceDataError(f"{code}: its province is not in the list")
        wanted = {
            "name": row["nama"],
            "level": row["tingkat"],
            "province": province,
            "source": source,
            "retired": False,
        }
        region = existing.get(code)
        if region is None:
            existing[code] = Region.objects.create(code=code, **wanted)
            result.created += 1
            continue
        changed = [name for name, value in wanted.items() if getattr(region, name) != value]
        if changed:
            for name in changed:
                setattr(region, name, wanted[name])
            region.save(update_fields=changed)
            result.updated += 1
        else:
            result.unchanged += 1
    listed = {row["kode"] for row in rows}
    to_retire = [r.pk for code, r in existing.items() if code not in listed and not r.retired]
    result.retired = Region.objects.filter(pk__in=to_retire).update(retired=True)
    return result


def _title(name: str) -> str:
    """ "URUSAN PEMERINTAHAN BIDANG PEKERJAAN UMUM DAN PENATAAN RUANG" → "Pekerjaan Umum dan
    Penataan Ruang" (conjunctions and prepositions stay lower case)."""
    name = name.removeprefix("URUSAN PEMERINTAHAN BIDANG ").strip()
    small = {"dan", "serta", "atau", "di", "ke", "dari", "untuk"}
    words = name.lower().split()
    return " ".join(w if (w in small and i) else w.capitalize() for i, w in enumerate(words))


@transaction.atomic
def affairs_load(*, path: Path = AFFAIRS_CSV) -> LoadResult:
    """Upsert the 32 bidang urusan `1.01`–`3.32` (§10)."""
    rows = _read_csv(path, {"kode_bidang", "kode_urusan", "nama_bidang_nomenklatur"})
    result = LoadResult()
    existing = {a.code: a for a in GovernmentAffair.objects.all()}
    for row in rows:
        wanted = {
            "name": _title(row["nama_bidang_nomenklatur"]),
            "statutory_name": row.get("nama_bidang_uu_23_2014", ""),
            "legal_basis": "UU 23/2014 " + row.get("dasar_uu_23_2014", ""),
            "group": int(row["kode_urusan"]),
        }
        affair = existing.get(row["kode_bidang"])
        if affair is None:
            GovernmentAffair.objects.create(code=row["kode_bidang"], **wanted)
            result.created += 1
            continue
        changed = [name for name, value in wanted.items() if getattr(affair, name) != value]
        if changed:
            for name in changed:
                setattr(affair, name, wanted[name])
            affair.save(update_fields=changed)
            result.updated += 1
        else:
            result.unchanged += 1
    return result


# The managed list of public services, seeded once (§10.1; the Singkawang article's services
# first). The secretariat may rename, add or deactivate entries in the admin afterwards:
# seeding only creates what is missing, it never overwrites an edited entry.
PUBLIC_SERVICES: list[tuple[str, str, list[str]]] = [
    ("air-bersih", "Air bersih", ["1.03"]),
    ("transportasi", "Transportasi", ["2.15"]),
    ("tata-ruang", "Tata ruang", ["1.03"]),
    ("infrastruktur", "Infrastruktur", ["1.03"]),
    ("daerah-aliran-sungai", "Daerah aliran sungai", ["3.28"]),
    ("pariwisata", "Pariwisata", ["3.26"]),
    ("penanganan-banjir", "Penanganan banjir", ["1.03", "1.05"]),
    ("pendidikan", "Pendidikan", ["1.01"]),
    ("kesehatan", "Kesehatan", ["1.02"]),
    ("persampahan", "Pengelolaan sampah", ["2.11"]),
    ("sanitasi", "Sanitasi dan air limbah", ["1.03"]),
    ("administrasi-kependudukan", "Administrasi kependudukan", ["2.12"]),
    ("penanggulangan-bencana", "Penanggulangan bencana", ["1.05"]),
    ("pemadam-kebakaran", "Pemadam kebakaran", ["1.05"]),
    ("batas-daerah", "Penegasan batas daerah", []),
    ("perdagangan", "Perdagangan dan pasar", ["3.30"]),
    ("umkm", "Pemberdayaan UMKM", ["2.17"]),
    ("penanaman-modal", "Promosi penanaman modal", ["2.18"]),
    ("ketahanan-pangan", "Ketahanan pangan", ["2.09", "3.27"]),
    ("perikanan", "Perikanan", ["3.25"]),
    ("kebudayaan", "Kebudayaan dan pertukaran budaya", ["2.22"]),
    ("pelatihan-kerja", "Pelatihan dan penempatan tenaga kerja", ["2.07"]),
    ("energi", "Energi dan ketenagalistrikan", ["3.29"]),
    ("komunikasi-informatika", "Komunikasi dan informatika", ["2.16"]),
    ("lingkungan-hidup", "Lingkungan hidup", ["2.11"]),
]


@transaction.atomic
def public_services_seed() -> LoadResult:
    result = LoadResult()
    affairs = {a.code: a for a in GovernmentAffair.objects.all()}
    for slug, name, codes in PUBLIC_SERVICES:
        service, created = PublicService.objects.get_or_create(slug=slug, defaults={"name": name})
        if created:
            service.affairs.set([affairs[c] for c in codes if c in affairs])
            result.created += 1
        else:
            result.unchanged += 1
    return result


def reference_load_all() -> dict[str, LoadResult]:
    return {
        "regions": regions_load(),
        "affairs": affairs_load(),
        "public_services": public_services_seed(),
        "holidays": holidays_load(),
        # The apps above register theirs (the indicator library of `monitoring`).
        **{name: loader() for name, loader in EXTRA_LOADERS.items()},
    }
