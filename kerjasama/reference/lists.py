"""Small lists of shipped reference data that rules read (not tables: no region edits them).

- `countries_without_diplomatic_relations`: PP 28/2018 Pasal 27 (§3.3), source Kemlu
  (`data/README-hubungan-diplomatik.md`).
- `affairs_not_held_by_kabkota`: UU 23/2014 Lampiran, for the ❓ warning of §9 item 17
  (`data/README-urusan-tingkat.md`).
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
NO_DIPLOMATIC_RELATIONS_CSV = DATA_DIR / "countries_without_diplomatic_relations.csv"
AFFAIRS_NOT_HELD_BY_KABKOTA_CSV = DATA_DIR / "affairs_not_held_by_kabkota.csv"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def countries_without_diplomatic_relations() -> dict[str, str]:
    """ISO 3166 code → country name, for the countries Indonesia has no diplomatic relations
    with (PP 28/2018 Pasal 27; KERJASAMA_DAERAH.md §3.3)."""
    return {r["kode_iso"].strip().upper(): r["negara"] for r in _rows(NO_DIPLOMATIC_RELATIONS_CSV)}


@cache
def affairs_not_held_by_kabkota() -> dict[str, str]:
    """Bidang urusan code → what the Lampiran of UU 23/2014 leaves to a kabupaten/kota, for
    the bidang whose regional part sits with the provinsi (§4, §9 item 17 ❓)."""
    return {
        r["kode_bidang"].strip(): r["bagian_kabkota"]
        for r in _rows(AFFAIRS_NOT_HELD_BY_KABKOTA_CSV)
    }
