"""The demo's TKKSD of Kota Singkawang (issue 9, item 1): formed by a 2020 decree of the Wali
Kota, amended in early January 2021 (before the meeting of Thursday 14 January 2021) to change
two members. The Sekda, Sumastro, chairs it (§2, §2.1 🟡); his name is the story's, his
pangkat/golongan and NIP are invented (plausible, so that the letters' signature blocks show
them), as is every other name, NIP and decree number.
Loaded through the services as the region's secretariat; a second run finds the decrees by
number and adds nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kerjasama.accounts.models import Opd, Tenant, User
from kerjasama.demo import data as demo_data
from kerjasama.meetings import services
from kerjasama.meetings.enums import DecreeKind, HoldingCapacity, TeamRole
from kerjasama.meetings.models import Decree, Seat

FORMATION_NUMBER = "100.3.3.2/45/HK-2020"
AMENDMENT_NUMBER = "100.3.3.2/2/HK-2021"
FORMED_ON = dt.date(2020, 2, 10)
AMENDED_ON = dt.date(2021, 1, 5)


@dataclass(frozen=True)
class SeatSpec:
    role: str
    position: str
    opd: str  # the OPD's name in `demo_data`, or ""
    holder: str
    nip: str
    rank: str
    username: str = ""


SEATS = [
    SeatSpec(
        TeamRole.CHAIR,
        "Sekretaris Daerah Kota Singkawang",
        "",
        "Sumastro",
        # Invented: the letters sign with the chair's holding (name, pangkat/golongan, NIP).
        "196703151992031009",
        "Pembina Utama Muda (IV/c)",
        "sekda.singkawang",
    ),
    SeatSpec(
        TeamRole.VICE_CHAIR,
        "Asisten Pemerintahan dan Kesejahteraan Rakyat Sekretariat Daerah",
        "",
        "Marhadi, S.Sos., M.Si.",
        "196810041990031005",
        "Pembina Utama Muda (IV/c)",
    ),
    SeatSpec(
        TeamRole.SECRETARY,
        "Kepala Bagian Kerja Sama Sekretariat Daerah",
        demo_data.SKW_KS,
        "Yuliana Sari, S.H., M.H.",
        "197507222000032004",
        "Pembina (IV/a)",
    ),
    SeatSpec(
        TeamRole.MEMBER,
        "Kepala Badan Perencanaan Pembangunan Daerah",
        demo_data.SKW_BAPPEDA,
        "Ir. Agus Salim Hutapea, M.T.",
        "196507151992031007",
        "Pembina Utama Muda (IV/c)",
    ),
    SeatSpec(
        TeamRole.MEMBER,
        "Kepala Dinas Pekerjaan Umum dan Penataan Ruang",
        demo_data.SKW_PUPR,
        "Budi Santoso Lim, S.T., M.T.",
        "197103281997031003",
        "Pembina Tingkat I (IV/b)",
    ),
    SeatSpec(
        TeamRole.MEMBER,
        "Kepala Dinas Pariwisata Pemuda dan Olahraga",
        demo_data.SKW_PARPORA,
        "Fransiska Ayu Lestari, S.E., M.M.",
        "197209092000032006",
        "Pembina Tingkat I (IV/b)",
    ),
    SeatSpec(
        TeamRole.MEMBER,
        "Kepala Badan Keuangan Daerah",
        demo_data.SKW_BKD,
        "Siti Maryam, S.E., M.Si.",
        "197012121995032003",
        "Pembina Tingkat I (IV/b)",
    ),
    SeatSpec(
        TeamRole.MEMBER,
        "Kepala Bagian Hukum Sekretariat Daerah",
        "",
        "Abdul Rahman Saleh, S.H., M.H.",
        "197801302003121002",
        "Pembina (IV/a)",
    ),
    SeatSpec(
        TeamRole.SECRETARIAT,
        "Analis Kerja Sama, Bagian Kerja Sama Sekretariat Daerah",
        demo_data.SKW_KS,
        "Rina Wulandari, S.IP.",
        "198805172011012009",
        "Penata (III/c)",
        "sekretariat.singkawang",
    ),
]

# The amendment of January 2021 changes two members: the heads of Bappeda and of the tourism
# office were replaced (seat position → new holder).
CHANGES = [
    (
        "Kepala Badan Perencanaan Pembangunan Daerah",
        SeatSpec(
            TeamRole.MEMBER,
            "",
            "",
            "Dr. Riyanto Widodo, S.T., M.Eng.",
            "197406112001121004",
            "Pembina Tingkat I (IV/b)",
        ),
    ),
    (
        "Kepala Dinas Pariwisata Pemuda dan Olahraga",
        SeatSpec(
            TeamRole.MEMBER,
            "",
            "",
            "Hermanto Tjhai, S.Sos., M.Si.",
            "197911052005011003",
            "Pembina (IV/a)",
        ),
    ),
]


def load_team(
    *,
    tenant: Tenant,
    secretariat: User,
    users: dict[str, User],
    opds: dict[str, Opd],
) -> int:
    """Record the decrees, seats and holders; returns how many decrees were created."""
    if Decree.objects.filter(tenant=tenant, number=FORMATION_NUMBER).exists():
        return 0
    formation = services.decree_create(
        actor=secretariat,
        tenant=tenant,
        data={
            "kind": DecreeKind.FORMATION,
            "number": FORMATION_NUMBER,
            "signed_on": FORMED_ON,
            "title": "Pembentukan Tim Koordinasi Kerja Sama Daerah Kota Singkawang",
            "valid_from": FORMED_ON,
        },
    )
    seats: dict[str, Seat] = {}
    for order, spec in enumerate(SEATS, start=1):
        seat = services.seat_add(
            actor=secretariat,
            decree=formation,
            data={
                "role": spec.role,
                "position": spec.position,
                "opd": opds.get(spec.opd) if spec.opd else None,
                "order": order,
            },
        )
        seats[spec.position] = seat
        services.holding_add(
            actor=secretariat,
            seat=seat,
            data={
                "capacity": HoldingCapacity.DEFINITIVE,
                "name": spec.holder,
                "nip": spec.nip,
                "rank": spec.rank,
                "position": spec.position,
                "user": users.get(spec.username) if spec.username else None,
                "decree": formation,
                "starts_on": FORMED_ON,
            },
        )
    amendment = services.decree_create(
        actor=secretariat,
        tenant=tenant,
        data={
            "kind": DecreeKind.AMENDMENT,
            "number": AMENDMENT_NUMBER,
            "signed_on": AMENDED_ON,
            "title": (
                f"Perubahan atas Keputusan Wali Kota Singkawang Nomor {FORMATION_NUMBER} "
                "tentang Pembentukan Tim Koordinasi Kerja Sama Daerah Kota Singkawang"
            ),
            "valid_from": AMENDED_ON,
            "amends": formation,
        },
    )
    for position, spec in CHANGES:
        services.holding_add(
            actor=secretariat,
            seat=seats[position],
            data={
                "capacity": HoldingCapacity.DEFINITIVE,
                "name": spec.holder,
                "nip": spec.nip,
                "rank": spec.rank,
                "position": position,
                "decree": amendment,
                "starts_on": AMENDED_ON,
            },
            replace_current=True,
        )
    # A Plh stands in for the head of PUPR during a week of leave in February 2021.
    services.holding_add(
        actor=secretariat,
        seat=seats["Kepala Dinas Pekerjaan Umum dan Penataan Ruang"],
        data={
            "capacity": HoldingCapacity.PLH,
            "name": "Ir. Yohanes Aloysius Bong",
            "nip": "197605182002121006",
            "rank": "Pembina (IV/a)",
            "position": "Sekretaris Dinas Pekerjaan Umum dan Penataan Ruang",
            "letter_number": "800.1.11.1/37/PUPR-2021",
            "starts_on": dt.date(2021, 2, 1),
            "ends_on": dt.date(2021, 2, 5),
        },
    )
    return 2
