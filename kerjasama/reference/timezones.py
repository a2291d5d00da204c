"""The time zone of a region: WIB, WITA or WIT, by its province.

Indonesia has three time zones by Keputusan Presiden No. 41 Tahun 1987 (in force since
1 January 1988), drawn by province:

- WIB (Waktu Indonesia Barat, UTC+7, `Asia/Jakarta`, `Asia/Pontianak`): the provinces of
  Sumatra, Java, Bangka Belitung, Kepulauan Riau, Kalimantan Barat and Kalimantan Tengah;
- WITA (Waktu Indonesia Tengah, UTC+8, `Asia/Makassar`): Bali, Nusa Tenggara Barat and Timur,
  Kalimantan Selatan, Timur and Utara (split from Timur in 2012), and Sulawesi;
- WIT (Waktu Indonesia Timur, UTC+9, `Asia/Jayapura`): Maluku, Maluku Utara and the provinces
  of Papua (including those formed from it in 2022).

A meeting's date and time are entered and shown in its region's zone (issue 9), whatever the
server's `TIME_ZONE`. A province's zone is read from the first two digits of the Kemendagri code
(§11), which every kabupaten and kota shares with its province.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class RegionTimeZone:
    abbreviation: str  # WIB, WITA, WIT: what a letter or an invitation writes after the time
    zone: ZoneInfo
    utc_offset_hours: int


WIB = RegionTimeZone("WIB", ZoneInfo("Asia/Jakarta"), 7)
WITA = RegionTimeZone("WITA", ZoneInfo("Asia/Makassar"), 8)
WIT = RegionTimeZone("WIT", ZoneInfo("Asia/Jayapura"), 9)

# Provinces by the first two digits of their Kemendagri code (wilayah_provinsi_kabkota.csv).
_WITA_PROVINCES = frozenset(
    {
        "51",  # Bali
        "52",  # Nusa Tenggara Barat
        "53",  # Nusa Tenggara Timur
        "63",  # Kalimantan Selatan
        "64",  # Kalimantan Timur
        "65",  # Kalimantan Utara
        "71",  # Sulawesi Utara
        "72",  # Sulawesi Tengah
        "73",  # Sulawesi Selatan
        "74",  # Sulawesi Tenggara
        "75",  # Gorontalo
        "76",  # Sulawesi Barat
    }
)
_WIT_PREFIXES = ("8", "9")  # 81 Maluku, 82 Maluku Utara, 91–97 the provinces of Papua


def time_zone_of(code: str) -> RegionTimeZone:
    """The zone of the region with Kemendagri code `code` ("61.72" Kota Singkawang → WIB)."""
    province = code.strip()[:2]
    if len(province) != 2 or not province.isdigit():
        raise ValueError(f"not a Kemendagri region code: {code!r}")
    if province in _WITA_PROVINCES:
        return WITA
    if province.startswith(_WIT_PREFIXES):
        return WIT
    return WIB
