"""The demo's content: tenants, OPDs, people, partners and cooperation records.

Pure data, no database access: `build(today)` returns a `Demo` that `loader.py` writes through
the services. Dates of invented records are computed from `today`, so that the demo stays true
(the "in force" cases are in force, one agreement is about to expire, nothing is signed in the
future) whenever it is loaded.

What follows a published source (KERJASAMA_DAERAH.md §10.1) and what is invented:

- records A, B and C follow the Singkawang reports: the Kesepakatan Bersama between the
  Pemerintah Provinsi Kalimantan Barat and the Pemerintah Kota Singkawang reviewed by the TKKSD
  chaired by Sekda Sumastro on Thursday 14 January 2021 (satukanegeri.com), the boundary-pillar
  PKS with Kabupaten Bengkayang signed by both Sekda on 21 January 2021 (metro7.co.id) and the
  KB of Sambas, Bengkayang and Singkawang signed by the three heads in September 2019
  (pontianakpost.co.id). Document numbers, exact days not in the reports, amounts and the
  PKS under the Kalbar KB are invented but kept consistent with the reports;
- every other record is invented for demonstration. Real public bodies appear as partners
  (Bank Kalbar, the city's water company, JICA …) but the agreements with them are fictional.
  Names of signatories are given only for office holders named in the reports or well known
  for the period; elsewhere only the position is filled in, never an invented official's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from kerjasama.accounts.models import Role
from kerjasama.agreements.enums import (
    CooperationKind as K,
)
from kerjasama.agreements.enums import (
    DocumentKind as D,
)
from kerjasama.agreements.enums import (
    DocumentStatus,
    FinancingSource,
    ForeignObject,
    Initiative,
    KsddCategory,
    KsdllBasis,
    KsdpkKind,
    KsdpkOtherForm,
    KsdplForm,
    LegalRegime,
    MandatoryFormPMDN22,
    MandatoryFormUU23,
    OutOfPlanReason,
    ReportAddressee,
    TerminationReason,
)
from kerjasama.agreements.enums import (
    Stage as S,
)
from kerjasama.partners.enums import ForeignInstitutionType, PartnerKind, ThirdPartyType

PASSWORD = "kerjasama-demo"  # noqa: S105 — published on purpose; demo mode only

# Region codes (Kemendagri, KERJASAMA_DAERAH.md §11).
KALBAR = "61"
SAMBAS = "61.01"
MEMPAWAH = "61.02"  # not 61.04 (Kabupaten Ketapang) in Kepmendagri 300.2.2-2138/2025
BENGKAYANG = "61.07"
KUBU_RAYA = "61.12"
PONTIANAK = "61.71"
SINGKAWANG = "61.72"
BATAM = "21.71"

SIGNED = DocumentStatus.SIGNED
FINAL = DocumentStatus.FINAL
DRAFT = DocumentStatus.DRAFT


# --- Specifications ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TenantSpec:
    region: str
    letterhead: str
    address: str
    email: str


@dataclass(frozen=True)
class OpdSpec:
    tenant: str
    name: str
    short_name: str = ""


@dataclass(frozen=True)
class UserSpec:
    username: str
    tenant: str
    roles: frozenset[str]
    first_name: str
    last_name: str
    position: str
    opd: str = ""  # name of an OPD of the tenant

    @property
    def role_labels(self) -> str:
        return ", ".join(sorted(self.roles))


@dataclass(frozen=True)
class PartnerSpec:
    """A partner that is not a region, created through `partner_create`."""

    key: str
    kind: str
    name: str
    third_party_type: str = ""
    foreign_institution_type: str = ""
    country: str = ""
    address: str = ""
    website: str = ""


@dataclass
class P:
    """A party: `ref` is a region code or the key of a `PartnerSpec`. The party's own data
    (register number, OPDs, contact) is written with `party_update`; OPDs only for tenants."""

    ref: str
    signatory_name: str = ""
    signatory_position: str = ""
    register_number: str = ""
    initiating_opd: str = ""
    executing_opd: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""


@dataclass
class N:
    """A party's own number and signatory on an agreement document."""

    number: str
    signatory_name: str = ""
    signatory_position: str = ""
    poa: bool = False  # signed under a power of attorney (surat kuasa)


@dataclass
class Doc:
    kind: str
    title: str
    status: str = SIGNED
    signed_on: dt.date | None = None
    place: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    notice_days: int | None = None
    opd: tuple[str, str] | None = None  # (tenant region code, OPD name): executing OPD
    summary: str = ""
    key: str = ""  # to name it as the parent of a later document of the same record
    parent: str = ""
    numbers: dict[str, N] = field(default_factory=dict)  # party ref -> entry
    override_reason: str = ""
    # Reports (§8.4 `Laporan`, §12): to whom, the letter number, when sent.
    addressee: str = ""
    letter: str = ""
    sent_on: dt.date | None = None
    # A PKS still in drafting whose DPRD decision is asked (§7 for that PKS, issue 7): it
    # burdens the community although the case's other PKS do not.
    awaiting_dprd: bool = False


@dataclass
class Money:
    source: str
    amount: int  # Rupiah
    party: str = ""  # party ref, for APBD
    year: int | None = None
    note: str = ""


@dataclass
class Act:
    """What a step of the record's history needs beyond the loader's defaults (date, actor,
    reason, facts). The loader walks every record from the first stage of its type through
    `cooperation_transition`; see `loader._Walk`."""

    on: dt.date | None = None
    actor: str = ""  # username; default: the registering secretariat, Sekda for decisions
    reason: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    # Taken by the decision of the TKKSD meeting of that day when its chair makes the minutes
    # final (issue 9; `demo/meeting.py`), not by a person on the record's page.
    meeting: bool = False


@dataclass
class Finding:
    """A supervision finding (§12), with its 60-working-day follow-up deadline."""

    received_on: dt.date
    source: str
    summary: str


@dataclass
class Record:
    """One cooperation. `title` + registering tenant is its stable key (idempotent loading).

    The record is registered at the first stage of its type and walked to `stage` step by
    step (`loader._Walk`). `path` names the steps when the main line does not lead there
    (rejected, cancelled, ended before the implementation); `acts` adds what a step needs.
    A record `stage=ENDED` without a `path` is walked into force and ended by the daily job
    (`cooperations_end_expired`: term expired)."""

    tenant: str
    title: str
    kind: str
    stage: str
    parties: list[P]
    affairs: list[str]
    services: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    documents: list[Doc] = field(default_factory=list)
    financing: list[Money] = field(default_factory=list)
    actor: str = ""  # username; default: the registering tenant's secretariat
    override_reason: str = ""
    path: list[str] | None = None
    acts: dict[str, Act] = field(default_factory=dict)
    finding: Finding | None = None
    # Issue 7: registered directly at `stage` (an old case from the archive), not walked; its
    # documents are added afterwards, and what it lacks shows on the record as incomplete.
    registration_reason: str = ""


@dataclass
class Demo:
    tenants: list[TenantSpec]
    opds: list[OpdSpec]
    users: list[UserSpec]
    partners: list[PartnerSpec]
    records: list[Record]


# --- Tenants, OPDs, people --------------------------------------------------------------------

TENANTS = [
    TenantSpec(
        KALBAR,
        "PEMERINTAH PROVINSI KALIMANTAN BARAT\nSEKRETARIAT DAERAH\n"
        "BIRO PEMERINTAHAN DAN OTONOMI DAERAH",
        "Jalan Ahmad Yani, Pontianak 78121",
        "kerjasama@kalbarprov.demo.test",
    ),
    TenantSpec(
        SINGKAWANG,
        "PEMERINTAH KOTA SINGKAWANG\nSEKRETARIAT DAERAH\nBAGIAN KERJA SAMA",
        "Jalan Firdaus H. Rais No. 1, Singkawang 79123",
        "kerjasama@singkawangkota.demo.test",
    ),
    TenantSpec(
        BENGKAYANG,
        "PEMERINTAH KABUPATEN BENGKAYANG\nSEKRETARIAT DAERAH\nBAGIAN PEMERINTAHAN",
        "Jalan Guna Karya, Bengkayang 79211",
        "pemerintahan@bengkayangkab.demo.test",
    ),
    TenantSpec(
        PONTIANAK,
        "PEMERINTAH KOTA PONTIANAK\nSEKRETARIAT DAERAH\nBAGIAN KERJA SAMA",
        "Jalan Rahadi Usman No. 3, Pontianak 78111",
        "kerjasama@pontianak.demo.test",
    ),
]

# The regions' letter settings (issue 9): the kop's unit line is the letterhead's last lines
# here, so `letter_unit` stays empty; the signer is the TKKSD's chair. Telephone numbers and
# websites are invented.
LETTER_SETTINGS: dict[str, dict[str, str]] = {
    SINGKAWANG: {
        "phone": "(0562) 000123",
        "website": "singkawangkota.demo.test",
        "letter_place": "Singkawang",
        "letter_number_pattern": "{kode}/{nomor}/{unit}/{tahun}",
        "letter_unit_code": "KS-Pem",
        "signer_position": "Sekretaris Daerah",
        "signer_name": "SUMASTRO",
    },
}

# Singkawang
SKW_KS = "Bagian Kerja Sama Sekretariat Daerah"
SKW_PEM = "Bagian Pemerintahan Sekretariat Daerah"
SKW_BAPPEDA = "Badan Perencanaan Pembangunan Daerah"
SKW_PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"
SKW_PERKIM = "Dinas Perumahan Rakyat dan Kawasan Permukiman"
SKW_DISHUB = "Dinas Perhubungan"
SKW_PARPORA = "Dinas Pariwisata Pemuda dan Olahraga"
SKW_BPBD = "Badan Penanggulangan Bencana Daerah"
SKW_DLH = "Dinas Lingkungan Hidup"
SKW_BKD = "Badan Keuangan Daerah"
SKW_DKPP = "Dinas Kelautan, Perikanan dan Pertanian"
SKW_DISDIKBUD = "Dinas Pendidikan dan Kebudayaan"
SKW_KOMINFO = "Dinas Komunikasi dan Informatika"
SKW_KUMDAG = "Dinas Koperasi, Usaha Mikro, Perindustrian dan Perdagangan"
# Kalimantan Barat
KB_BPOD = "Biro Pemerintahan dan Otonomi Daerah"
KB_PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"
KB_DISHUB = "Dinas Perhubungan"
KB_PARBUD = "Dinas Pariwisata dan Kebudayaan"
KB_BPBD = "Badan Penanggulangan Bencana Daerah"
KB_DLHK = "Dinas Lingkungan Hidup dan Kehutanan"
KB_BAPPEDA = "Badan Perencanaan Pembangunan Daerah"
# Bengkayang
BKY_PEM = "Bagian Pemerintahan Sekretariat Daerah"
BKY_PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"
BKY_PAR = "Dinas Pariwisata dan Kebudayaan"
# Pontianak
PTK_KS = "Bagian Kerja Sama Sekretariat Daerah"
PTK_PUPR = "Dinas Pekerjaan Umum dan Penataan Ruang"
PTK_DISHUB = "Dinas Perhubungan"
PTK_DLH = "Dinas Lingkungan Hidup"

OPDS = [
    OpdSpec(SINGKAWANG, SKW_KS, "Bagian Kerja Sama"),
    OpdSpec(SINGKAWANG, SKW_PEM, "Bagian Pemerintahan"),
    OpdSpec(SINGKAWANG, SKW_BAPPEDA, "Bappeda"),
    OpdSpec(SINGKAWANG, SKW_PUPR, "Dinas PUPR"),
    OpdSpec(SINGKAWANG, SKW_PERKIM, "Dinas Perkim"),
    OpdSpec(SINGKAWANG, SKW_DISHUB, "Dishub"),
    OpdSpec(SINGKAWANG, SKW_PARPORA, "Disparpora"),
    OpdSpec(SINGKAWANG, SKW_BPBD, "BPBD"),
    OpdSpec(SINGKAWANG, SKW_DLH, "DLH"),
    OpdSpec(SINGKAWANG, SKW_BKD, "BKD"),
    OpdSpec(SINGKAWANG, SKW_DKPP, "DKPP"),
    OpdSpec(SINGKAWANG, SKW_DISDIKBUD, "Disdikbud"),
    OpdSpec(SINGKAWANG, SKW_KOMINFO, "Diskominfo"),
    OpdSpec(SINGKAWANG, SKW_KUMDAG, "Diskumdag"),
    OpdSpec(KALBAR, KB_BPOD, "Biro Pemerintahan dan Otda"),
    OpdSpec(KALBAR, KB_PUPR, "Dinas PUPR Provinsi"),
    OpdSpec(KALBAR, KB_DISHUB, "Dishub Provinsi"),
    OpdSpec(KALBAR, KB_PARBUD, "Disparbud Provinsi"),
    OpdSpec(KALBAR, KB_BPBD, "BPBD Provinsi"),
    OpdSpec(KALBAR, KB_DLHK, "DLHK Provinsi"),
    OpdSpec(KALBAR, KB_BAPPEDA, "Bappeda Provinsi"),
    OpdSpec(BENGKAYANG, BKY_PEM, "Bagian Pemerintahan"),
    OpdSpec(BENGKAYANG, BKY_PUPR, "Dinas PUPR"),
    OpdSpec(BENGKAYANG, BKY_PAR, "Disparbud"),
    OpdSpec(PONTIANAK, PTK_KS, "Bagian Kerja Sama"),
    OpdSpec(PONTIANAK, PTK_PUPR, "Dinas PUPR"),
    OpdSpec(PONTIANAK, PTK_DISHUB, "Dishub"),
    OpdSpec(PONTIANAK, PTK_DLH, "DLH"),
]

USERS = [
    UserSpec(
        "sekretariat.singkawang",
        SINGKAWANG,
        frozenset({Role.SECRETARIAT}),
        "Rina",
        "Wulandari",
        "Analis Kerja Sama, Bagian Kerja Sama Setda Kota Singkawang",
        SKW_KS,
    ),
    UserSpec(
        "sekda.singkawang",
        SINGKAWANG,
        frozenset({Role.LEADERSHIP, Role.TKKSD_MEMBER}),
        "Sumastro",
        "",
        "Sekretaris Daerah Kota Singkawang",
    ),
    UserSpec(
        "pupr.singkawang",
        SINGKAWANG,
        frozenset({Role.OPD_OFFICER}),
        "Hendra",
        "Gunawan",
        "Perencana Ahli Muda, Dinas PUPR Kota Singkawang",
        SKW_PUPR,
    ),
    UserSpec(
        "pariwisata.singkawang",
        SINGKAWANG,
        frozenset({Role.OPD_OFFICER}),
        "Dedi",
        "Kurniawan",
        "Analis Kebijakan Ahli Muda, Dinas Pariwisata Pemuda dan Olahraga Kota Singkawang",
        SKW_PARPORA,
    ),
    UserSpec(
        "sekretariat.kalbar",
        KALBAR,
        frozenset({Role.SECRETARIAT, Role.PROVINCE_OVERSIGHT}),
        "Dewi",
        "Anggraini",
        "Analis Kerja Sama, Biro Pemerintahan dan Otonomi Daerah Setda Provinsi Kalimantan Barat",
        KB_BPOD,
    ),
    UserSpec(
        # The governor's take-over of an unperformed kab/kota kerja sama wajib (§6.6) is a
        # legal act prepared in the governor's office: its own role, not oversight's.
        "pemerintahan.kalbar",
        KALBAR,
        frozenset({Role.TAKEOVER_AUTHORITY}),
        "Yohanes",
        "Sinaga",
        "Kepala Biro Pemerintahan dan Otonomi Daerah Setda Provinsi Kalimantan Barat, "
        "untuk Gubernur",
        KB_BPOD,
    ),
    UserSpec(
        "sekretariat.bengkayang",
        BENGKAYANG,
        frozenset({Role.SECRETARIAT}),
        "Markus",
        "Ajun",
        "Analis Pemerintahan, Bagian Pemerintahan Setda Kabupaten Bengkayang",
        BKY_PEM,
    ),
    UserSpec(
        "sekretariat.pontianak",
        PONTIANAK,
        frozenset({Role.SECRETARIAT}),
        "Nurul",
        "Hidayah",
        "Analis Kerja Sama, Bagian Kerja Sama Setda Kota Pontianak",
        PTK_KS,
    ),
]
SECRETARIAT_OF = {
    SINGKAWANG: "sekretariat.singkawang",
    KALBAR: "sekretariat.kalbar",
    BENGKAYANG: "sekretariat.bengkayang",
    PONTIANAK: "sekretariat.pontianak",
}


# --- Partners that are not regions ------------------------------------------------------------

TP = PartnerKind.THIRD_PARTY
FG = PartnerKind.FOREIGN_GOVERNMENT
FI = PartnerKind.FOREIGN_INSTITUTION
CG = PartnerKind.CENTRAL_GOVERNMENT

PARTNERS = [
    # Third parties of PP 28/2018 Pasal 14.
    PartnerSpec(
        "pdam",
        TP,
        "Perumda Air Minum Gunung Poteng Kota Singkawang",
        third_party_type=ThirdPartyType.BUMD,
        address="Jalan Gunung Poteng, Singkawang",
    ),
    PartnerSpec(
        "bank_kalbar",
        TP,
        "PT Bank Pembangunan Daerah Kalimantan Barat (Bank Kalbar)",
        third_party_type=ThirdPartyType.BUMD,
        address="Jalan Rahadi Usman No. 8, Pontianak",
        website="https://www.bankkalbar.co.id",
    ),
    PartnerSpec(
        "surya",
        TP,
        "PT Surya Energi Borneo",
        third_party_type=ThirdPartyType.PRIVATE_COMPANY,
        address="Jalan Diponegoro No. 27, Singkawang",
    ),
    PartnerSpec(
        "kuliner",
        TP,
        "PT Graha Kuliner Khatulistiwa",
        third_party_type=ThirdPartyType.PRIVATE_COMPANY,
        address="Jalan Gajah Mada No. 112, Pontianak",
    ),
    PartnerSpec(
        "resort",
        TP,
        "PT Pasir Panjang Wisata Indah",
        third_party_type=ThirdPartyType.PRIVATE_COMPANY,
        address="Jalan Raya Pasir Panjang, Singkawang Selatan",
    ),
    PartnerSpec(
        "koperasi",
        TP,
        "Koperasi Produsen Nelayan Sedau Bersatu",
        third_party_type=ThirdPartyType.COOPERATIVE,
        address="Kelurahan Sedau, Kecamatan Singkawang Selatan",
    ),
    PartnerSpec(
        "yayasan",
        TP,
        "Yayasan Pendidikan Tinggi Singkawang Mandiri",
        third_party_type=ThirdPartyType.ORGANISATION_LEGAL,
        address="Jalan Sejahtera No. 5, Singkawang",
    ),
    PartnerSpec(
        "pokdarwis",
        TP,
        "Kelompok Sadar Wisata Bukit Bougenville",
        third_party_type=ThirdPartyType.ORGANISATION_NON_LEGAL,
        address="Kelurahan Sijangkung, Kecamatan Singkawang Selatan",
    ),
    # Foreign local governments (KSDPL, PP 28/2018 Pasal 24).
    PartnerSpec("meizhou", FG, "Meizhou Municipal People's Government", country="CN"),
    PartnerSpec("miri", FG, "Miri City Council (Majlis Bandaraya Miri)", country="MY"),
    PartnerSpec("sibu", FG, "Sibu Municipal Council (Majlis Perbandaran Sibu)", country="MY"),
    PartnerSpec(
        "mbks", FG, "Kuching South City Council (Majlis Bandaraya Kuching Selatan)", country="MY"
    ),
    PartnerSpec("kitakyushu", FG, "City of Kitakyushu", country="JP"),
    PartnerSpec("sarawak", FG, "Sarawak State Government", country="MY"),
    PartnerSpec(
        "guangxi", FG, "People's Government of Guangxi Zhuang Autonomous Region", country="CN"
    ),
    PartnerSpec("hainan", FG, "Hainan Provincial People's Government", country="CN"),
    # Foreign institutions (KSDLL, PP 28/2018 Pasal 36).
    PartnerSpec(
        "jica",
        FI,
        "Japan International Cooperation Agency (JICA)",
        foreign_institution_type=ForeignInstitutionType.DEVELOPMENT_PARTNER,
        country="JP",
        website="https://www.jica.go.jp",
    ),
    PartnerSpec(
        "giz",
        FI,
        "Deutsche Gesellschaft für Internationale Zusammenarbeit (GIZ) GmbH",
        foreign_institution_type=ForeignInstitutionType.DEVELOPMENT_PARTNER,
        country="DE",
        website="https://www.giz.de",
    ),
    PartnerSpec(
        "koica",
        FI,
        "Korea International Cooperation Agency (KOICA)",
        foreign_institution_type=ForeignInstitutionType.DEVELOPMENT_PARTNER,
        country="KR",
    ),
    PartnerSpec(
        "undp",
        FI,
        "United Nations Development Programme (UNDP)",
        foreign_institution_type=ForeignInstitutionType.INTERNATIONAL_ORGANISATION,
        country="US",  # seat of the organisation (New York); a foreign partner needs a country
    ),
    PartnerSpec(
        "wwf",
        FI,
        "WWF International",
        foreign_institution_type=ForeignInstitutionType.NONPROFIT,
        country="CH",
    ),
    PartnerSpec(
        "unimas",
        FI,
        "Universiti Malaysia Sarawak (UNIMAS)",
        foreign_institution_type=ForeignInstitutionType.OTHER,
        country="MY",
    ),
    # Central government (sinergi, PP 28/2018 Pasal 46).
    PartnerSpec("bws", CG, "Balai Wilayah Sungai Kalimantan I, Kementerian Pekerjaan Umum"),
    PartnerSpec("kemenpar", CG, "Kementerian Pariwisata Republik Indonesia"),
    PartnerSpec("bps", CG, "Badan Pusat Statistik"),
    PartnerSpec("bnpb", CG, "Badan Nasional Penanggulangan Bencana"),
    PartnerSpec("kemenpkp", CG, "Kementerian Perumahan dan Kawasan Permukiman"),
]


# --- Helpers for dates and numbers ------------------------------------------------------------


def workday(day: dt.date) -> dt.date:
    """The day itself, or the Friday before a weekend (signing happens on working days)."""
    return day - dt.timedelta(days=max(0, day.weekday() - 4))


BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal(day: dt.date) -> str:
    """A date as an Indonesian clerk writes it in a reason: "31 Desember 2025"."""
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def term(start: dt.date, years: int) -> tuple[dt.date, dt.date]:
    """(start, last day) of a term of whole years: 1 April 2021 + 3 → 31 March 2024."""
    return start, add_years(start, years) - dt.timedelta(days=1)


def skw(n: int, year: int) -> str:
    return f"180/{n:02d}/KS-Pem/{year}"


def kalbar(n: int, year: int) -> str:
    return f"119/{n}/BPOD/{year}"


def bky(n: int, year: int) -> str:
    return f"130/{n:02d}/Pem/{year}"


def ptk(n: int, year: int) -> str:
    return f"180/{n:02d}/KS/{year}"


def sbs(n: int, year: int) -> str:
    return f"180/{n:02d}/Pem/{year}"


WALIKOTA_SKW = "Wali Kota Singkawang"
GUBERNUR = "Gubernur Kalimantan Barat"
SEKDA_SKW = "Sekretaris Daerah Kota Singkawang"
BUPATI_BKY = "Bupati Bengkayang"
WALIKOTA_PTK = "Wali Kota Pontianak"
# Before the offer of a kerja sama wajib the mapping is discussed in a technical coordination
# and agreed by the heads (§5.3, PP 28/2018 Pasal 5(2)–(3)): provincial level for regencies/
# cities of one province, national level when a province is a party.
HEADS_AGREED = {
    "heads_agreement_on": dt.date(2020, 11, 9),
    "heads_agreement_reference": "Berita acara kesepakatan kepala daerah atas hasil pemetaan",
}
PROVINCE_FORM = {
    # A province with regencies/cities in its own territory: UU 23/2014 Pasal 364(2)(b).
    # Permendagri 22/2020 has no matching letter (§3.1, §14), so only the UU form is given.
    "ksdd_category": KsddCategory.MANDATORY,
    "mandatory_form_uu23": MandatoryFormUU23.B,
    "adjacency_confirmed": True,
    "technical_coordination_on": dt.date(2020, 10, 12),
    "technical_coordination_reference": "Notulen koordinasi teknis tingkat nasional, Ditjen "
    "Bina Administrasi Kewilayahan Kemendagri",
    **HEADS_AGREED,
}
ONE_PROVINCE_FORM = {
    # Adjacent regencies/cities of one province: UU 23/2014 Pasal 364(2)(e) = PMDN22 3(2)(a).
    "ksdd_category": KsddCategory.MANDATORY,
    "mandatory_form_uu23": MandatoryFormUU23.E,
    "mandatory_form_pmdn22": MandatoryFormPMDN22.A,
    "adjacency_confirmed": True,
    "technical_coordination_on": dt.date(2020, 10, 12),
    "technical_coordination_reference": "Notulen koordinasi teknis tingkat provinsi, Biro "
    "Pemerintahan dan Otonomi Daerah Setda Provinsi Kalimantan Barat",
    **HEADS_AGREED,
}
VOLUNTARY = {"ksdd_category": KsddCategory.VOLUNTARY}
NO_DPRD = {
    "burdens_community": False,
    "budgeted_in_apbd": True,
}

# Affairs of the Kalbar–Singkawang KB, in the three groups of the source article (§10.1).
KALBAR_KB_AFFAIRS = [
    # wajib pelayanan dasar
    "1.01", "1.02", "1.03", "1.04", "1.05", "1.06",
    # wajib non pelayanan dasar
    "2.07", "2.08", "2.09", "2.11", "2.12", "2.13",
    # pilihan
    "3.25", "3.26", "3.27", "3.28", "3.30", "3.31", "3.32", "3.29",
]  # fmt: skip


# --- The records ------------------------------------------------------------------------------


def _story_records(today: dt.date) -> list[Record]:
    """Records A–C: the published Singkawang cases (§10.1)."""
    kb_signed = dt.date(2020, 11, 26)  # a Thursday, in Pontianak
    kb_start, kb_end = term(kb_signed, 5)  # 26 Nov 2020 – 25 Nov 2025
    # The KB's five years ran out on 25 Nov 2025, so it was extended by an addendum to 25 Nov
    # 2030 (fixed dates, like the article's). Until then the case is truly in force; after
    # that, add a second addendum here (tests/test_demo.py checks `ends_on > today`).
    add_kb_signed = dt.date(2025, 11, 13)
    add_kb_start, add_kb_end = term(dt.date(2025, 11, 26), 5)  # to 25 Nov 2030
    kb_extended = (
        "Jangka waktu Kesepakatan Bersama telah diperpanjang sampai 25 November 2030 dengan "
        "Adendum Pertama Kesepakatan Bersama (Kalbar 119/87/BPOD/2025; Singkawang "
        "180/41/KS-Pem/2025); PKS ini tidak melampaui jangka waktu yang diperpanjang."
    )
    # The infrastructure PKS is yearly (it carries the province's bantuan keuangan) and ends
    # within 90 days of today: the "expiring soon" case under this KB.
    infra_end = today + dt.timedelta(days=45)
    infra_start = add_years(infra_end, -1) + dt.timedelta(days=1)
    infra_signed = workday(infra_start - dt.timedelta(days=8))
    infra_year = infra_start.year

    kalbar_kb = Record(
        tenant=SINGKAWANG,
        title=(
            "Kesepakatan Bersama antara Pemerintah Provinsi Kalimantan Barat dan Pemerintah "
            "Kota Singkawang tentang Kerja Sama Penyelenggaraan Urusan Pemerintahan, "
            "Pembangunan dan Kemasyarakatan"
        ),
        kind=K.KSDD,
        stage=S.IN_FORCE,
        # Sukarela, not wajib: the KB is an umbrella over twenty bidang urusan, most of which
        # (pendidikan, kesehatan, sosial …) have no cross-regional externality in the sense of
        # PP 28/2018 Penjelasan Pasal 3(2); a kerja sama wajib is also tied to a form that the
        # two legal lists describe differently for a province and a city in its territory
        # (UU 23/2014 Pasal 364(2)(b) has it, Permendagri 22/2020 Pasal 3(2) does not, §14).
        # Sukarela (PP 28/2018 Pasal 3(3)) needs neither, and each PKS carries the object.
        fields={
            **VOLUNTARY,
            "initiative": Initiative.REGION,
            "background": (
                "Kota Singkawang berada dalam wilayah Provinsi Kalimantan Barat dan "
                "menghadapi kebutuhan pelayanan publik yang tidak dapat dipenuhi sendiri "
                "secara efisien, terutama penyediaan air bersih, penanganan banjir, "
                "transportasi dan tata ruang, infrastruktur, pengelolaan daerah aliran "
                "sungai serta pengembangan pariwisata. Pemerintah Provinsi memiliki "
                "kewenangan dan sumber daya pada sebagian urusan tersebut, sehingga "
                "sinergi program provinsi dan kota diperlukan agar pelayanan kepada "
                "masyarakat lebih cepat, tepat dan terjangkau."
            ),
            "purpose": (
                "Maksud Kesepakatan Bersama ini adalah menjadi landasan bagi Para Pihak dalam "
                "menyelenggarakan kerja sama urusan pemerintahan, pembangunan dan "
                "kemasyarakatan. Tujuannya adalah meningkatkan kesejahteraan masyarakat dan "
                "mempercepat pemenuhan pelayanan publik melalui pemanfaatan sumber daya "
                "Para Pihak secara efektif dan efisien."
            ),
            "targets": (
                "Meningkatnya cakupan layanan air bersih, berkurangnya genangan dan banjir di "
                "kawasan perkotaan, tersusunnya keterpaduan tata ruang dan transportasi, "
                "terpeliharanya daerah aliran sungai, serta meningkatnya jumlah kunjungan "
                "wisatawan ke Kota Singkawang."
            ),
            "scope": (
                "Ruang lingkup Kesepakatan Bersama meliputi urusan pemerintahan wajib yang "
                "berkaitan dengan pelayanan dasar, urusan pemerintahan wajib yang tidak "
                "berkaitan dengan pelayanan dasar, dan urusan pemerintahan pilihan sesuai "
                "kewenangan masing-masing Pihak. Pelaksanaan tiap bidang dituangkan lebih "
                "lanjut dalam Perjanjian Kerja Sama antara perangkat daerah teknis Para Pihak."
            ),
            "object_description": (
                "Penyelenggaraan urusan pemerintahan, pembangunan dan kemasyarakatan, dengan "
                "prioritas air bersih, transportasi dan tata ruang, infrastruktur, daerah "
                "aliran sungai, pariwisata dan penanganan banjir."
            ),
            "in_plan": True,
            "plan_reference": "RPJMD Kota Singkawang 2018–2023; RPJMD Provinsi Kalimantan Barat "
            "2018–2023",
            **NO_DPRD,
            "apbd_reference": "DPA Tahun Anggaran 2021 perangkat daerah teknis masing-masing Pihak",
        },
        parties=[
            P(
                KALBAR,
                "Sutarmidji",
                GUBERNUR,
                register_number="BPOD/KSD/2020/031",
                initiating_opd=KB_BPOD,
                executing_opd=KB_BPOD,
                contact_name="Dewi Anggraini",
                contact_phone="0561-736541",
            ),
            P(
                SINGKAWANG,
                "Tjhai Chui Mie",
                WALIKOTA_SKW,
                register_number="KS.SKW/2020/014",
                initiating_opd=SKW_KS,
                executing_opd=SKW_BAPPEDA,
                contact_name="Rina Wulandari",
                contact_phone="0562-631234",
            ),
        ],
        affairs=KALBAR_KB_AFFAIRS,
        # §9 item 17 ❓: Kehutanan and ESDM sit with the province (UU 23/2014 Lampiran).
        override_reason="Ruang lingkup KB meliputi ketiga kelompok urusan; bagian kehutanan dan "
        "energi dilaksanakan oleh Pemerintah Provinsi Kalimantan Barat.",
        services=[
            "air-bersih",
            "transportasi",
            "tata-ruang",
            "infrastruktur",
            "daerah-aliran-sungai",
            "pariwisata",
            "penanganan-banjir",
        ],
        # History (§5.3). The reports give the KB's signing (26 Nov 2020) and the TKKSD meeting of
        # Thursday 14 January 2021; the lifecycle asks for a TKKSD recommendation before the
        # offer, which must precede the KB, so the earlier steps carry invented 2020 dates
        # (KAK, a first TKKSD meeting, offer and reply) and the meeting of 14 January 2021 is
        # the step after the signing: the TKKSD found the DPRD's approval not needed (funded
        # in the 2021 APBD) and asked for the PKS. Then the first PKS (22 Mar 2021) and the
        # start of the implementation (1 Apr 2021).
        acts={
            "skip_dprd": Act(
                on=dt.date(2021, 1, 14),
                actor="sekda.singkawang",
                meeting=True,
                reason=(
                    "Rapat TKKSD Kota Singkawang Kamis 14 Januari 2021 dipimpin Sekretaris Daerah "
                    "selaku Ketua TKKSD, Sumastro: persetujuan DPRD tidak diperlukan karena kerja "
                    "sama tidak membebani masyarakat dan daerah dan pendanaannya telah dianggarkan "
                    "dalam APBD Tahun Anggaran 2021 (DPA perangkat daerah teknis); ditindaklanjuti "
                    "dengan penyusunan PKS. Diharapkan pelaksanaan tahun 2021 lebih baik dari "
                    "tahun 2020; Pemerintah Kota perlu mencermati ketersediaan air bersih, "
                    "penanganan banjir dan jumlah kunjungan wisatawan."
                ),
            ),
        },
        documents=[
            Doc(
                D.KAK,
                "Kerangka Acuan Kerja Kerja Sama Penyelenggaraan Urusan Pemerintahan dengan "
                "Pemerintah Provinsi Kalimantan Barat",
                status=FINAL,
                signed_on=dt.date(2020, 7, 15),
                opd=(SINGKAWANG, SKW_KS),
            ),
            Doc(
                D.TKKSD_MINUTES,
                "Notulen Rapat TKKSD Kota Singkawang: rekomendasi penawaran Kesepakatan Bersama "
                "kepada Pemerintah Provinsi Kalimantan Barat",
                status=FINAL,
                signed_on=dt.date(2020, 8, 20),
                place="Singkawang",
            ),
            Doc(
                D.OFFER_LETTER,
                "Surat Wali Kota Singkawang kepada Gubernur Kalimantan Barat: penawaran kerja "
                "sama penyelenggaraan urusan pemerintahan",
                signed_on=dt.date(2020, 9, 8),
                place="Singkawang",
            ),
            Doc(
                D.REPLY_LETTER,
                "Surat Gubernur Kalimantan Barat: menerima penawaran kerja sama",
                signed_on=dt.date(2020, 10, 12),
                place="Pontianak",
            ),
            Doc(
                D.KB,
                "Kesepakatan Bersama tentang Kerja Sama Penyelenggaraan Urusan Pemerintahan, "
                "Pembangunan dan Kemasyarakatan",
                key="kb",
                signed_on=kb_signed,
                place="Pontianak",
                start=kb_start,
                end=kb_end,
                notice_days=90,
                numbers={
                    KALBAR: N(kalbar(32, 2020), "Sutarmidji", GUBERNUR),
                    SINGKAWANG: N(skw(21, 2020), "Tjhai Chui Mie", WALIKOTA_SKW),
                },
            ),
            # The TKKSD's minutes of Thursday 14 January 2021 (§10.1) are not typed in here: the
            # meeting itself is loaded (`demo/meeting.py`) and files their extract on the case
            # when its chair makes them final.
            Doc(
                D.PKS,
                "PKS Penyediaan Air Bersih bagi Masyarakat Kota Singkawang",
                key="pks_air",
                parent="kb",
                signed_on=dt.date(2021, 3, 22),
                place="Singkawang",
                start=dt.date(2021, 4, 1),
                end=dt.date(2024, 3, 31),
                notice_days=60,
                opd=(SINGKAWANG, SKW_PUPR),
                summary="Pembangunan jaringan distribusi dan sambungan rumah dari SPAM "
                "Gunung Poteng; provinsi membangun pipa transmisi, kota jaringan distribusi.",
                numbers={
                    KALBAR: N(
                        kalbar(14, 2021),
                        "",
                        "Kepala Dinas PUPR Provinsi Kalimantan Barat",
                        poa=True,
                    ),
                    SINGKAWANG: N(skw(9, 2021), "", "Kepala Dinas PUPR Kota Singkawang", poa=True),
                },
            ),
            Doc(
                D.POWER_OF_ATTORNEY,
                "Surat Kuasa Wali Kota Singkawang kepada Kepala Dinas PUPR untuk "
                "menandatangani PKS Penyediaan Air Bersih",
                parent="pks_air",
                signed_on=dt.date(2021, 3, 15),
                place="Singkawang",
            ),
            Doc(
                D.PKS,
                "PKS Keterpaduan Transportasi dan Penataan Ruang Kawasan Perkotaan Singkawang",
                key="pks_trans",
                parent="kb",
                signed_on=dt.date(2021, 9, 20),
                place="Pontianak",
                start=dt.date(2021, 10, 1),
                end=dt.date(2025, 9, 30),
                opd=(SINGKAWANG, SKW_DISHUB),
                summary="Sinkronisasi RTRW Kota Singkawang dengan RTRW Provinsi dan "
                "penataan simpul angkutan umum antarkota. Berakhir tanpa perpanjangan.",
                numbers={
                    KALBAR: N(
                        kalbar(47, 2021), signatory_position=GUBERNUR, signatory_name="Sutarmidji"
                    ),
                    SINGKAWANG: N(skw(33, 2021), "Tjhai Chui Mie", WALIKOTA_SKW),
                },
            ),
            Doc(
                D.PKS,
                "PKS Pariwisata: Promosi Bersama dan Penguatan Destinasi Wisata Kota Singkawang",
                key="pks_wisata",
                parent="kb",
                signed_on=dt.date(2023, 1, 16),
                place="Singkawang",
                start=dt.date(2023, 2, 1),
                end=kb_end,
                opd=(SINGKAWANG, SKW_PARPORA),
                summary="Promosi Cap Go Meh dan destinasi pantai dalam kalender event provinsi; "
                "target kenaikan kunjungan wisatawan.",
                numbers={
                    KALBAR: N(
                        kalbar(5, 2023),
                        "",
                        "Kepala Dinas Pariwisata dan Kebudayaan Provinsi Kalimantan Barat",
                        poa=True,
                    ),
                    SINGKAWANG: N(
                        skw(4, 2023),
                        "",
                        "Kepala Dinas Pariwisata Pemuda dan Olahraga Kota Singkawang",
                        poa=True,
                    ),
                },
            ),
            Doc(
                D.ADDENDUM,
                "Adendum Pertama PKS Penyediaan Air Bersih: perpanjangan jangka waktu",
                parent="pks_air",
                signed_on=dt.date(2024, 3, 18),
                place="Singkawang",
                start=dt.date(2024, 4, 1),
                end=dt.date(2027, 3, 31),
                opd=(SINGKAWANG, SKW_PUPR),
                numbers={
                    KALBAR: N(
                        kalbar(9, 2024), "", "Kepala Dinas PUPR Provinsi Kalimantan Barat", poa=True
                    ),
                    SINGKAWANG: N(skw(7, 2024), "", "Kepala Dinas PUPR Kota Singkawang", poa=True),
                },
            ),
            Doc(
                D.ADDENDUM,
                "Adendum Pertama Kesepakatan Bersama: perpanjangan jangka waktu lima tahun",
                key="add_kb",
                parent="kb",
                signed_on=add_kb_signed,
                place="Pontianak",
                start=add_kb_start,
                end=add_kb_end,
                numbers={
                    KALBAR: N(kalbar(87, 2025), "Ria Norsan", GUBERNUR),
                    SINGKAWANG: N(skw(41, 2025), "Tjhai Chui Mie", WALIKOTA_SKW),
                },
            ),
            Doc(
                D.ADDENDUM,
                "Adendum Pertama PKS Pariwisata: perpanjangan jangka waktu",
                parent="pks_wisata",
                signed_on=dt.date(2025, 11, 17),
                place="Singkawang",
                start=add_kb_start,
                end=dt.date(2028, 11, 25),
                opd=(SINGKAWANG, SKW_PARPORA),
                numbers={
                    KALBAR: N(
                        kalbar(91, 2025),
                        "",
                        "Kepala Dinas Pariwisata dan Kebudayaan Provinsi Kalimantan Barat",
                        poa=True,
                    ),
                    SINGKAWANG: N(
                        skw(43, 2025),
                        "",
                        "Kepala Dinas Pariwisata Pemuda dan Olahraga Kota Singkawang",
                        poa=True,
                    ),
                },
            ),
            Doc(
                D.PKS,
                "PKS Pengelolaan Daerah Aliran Sungai dan Pengendalian Banjir Sungai Singkawang",
                parent="kb",
                signed_on=dt.date(2026, 2, 16),
                place="Pontianak",
                start=dt.date(2026, 3, 1),
                end=dt.date(2029, 2, 28),
                opd=(SINGKAWANG, SKW_DLH),
                summary="Rehabilitasi hulu DAS Singkawang oleh provinsi; normalisasi dan "
                "drainase hilir oleh kota; BPBD kota sebagai pendukung tanggap banjir.",
                numbers={
                    KALBAR: N(
                        kalbar(12, 2026),
                        "",
                        "Kepala Dinas Lingkungan Hidup dan Kehutanan Provinsi Kalimantan Barat",
                        poa=True,
                    ),
                    SINGKAWANG: N(
                        skw(6, 2026), "", "Kepala Dinas Lingkungan Hidup Kota Singkawang", poa=True
                    ),
                },
                override_reason=kb_extended,
            ),
            Doc(
                D.PKS,
                f"PKS Pembangunan Infrastruktur Jalan Lingkungan melalui Bantuan Keuangan "
                f"Provinsi Tahun Anggaran {infra_year}",
                parent="kb",
                signed_on=infra_signed,
                place="Singkawang",
                start=infra_start,
                end=infra_end,
                notice_days=30,
                opd=(SINGKAWANG, SKW_PUPR),
                summary="Peningkatan jalan lingkungan dan drainase di Kecamatan Singkawang "
                "Barat dan Singkawang Tengah dengan bantuan keuangan provinsi.",
                numbers={
                    KALBAR: N(
                        kalbar(4, infra_signed.year),
                        "",
                        "Kepala Dinas PUPR Provinsi Kalimantan Barat",
                        poa=True,
                    ),
                    SINGKAWANG: N(
                        skw(3, infra_signed.year), "", "Kepala Dinas PUPR Kota Singkawang", poa=True
                    ),
                },
                override_reason=kb_extended,
            ),
            # Issue 7: a PKS in drafting under the same KB, awaiting its own DPRD decision
            # (a retribution paid by the households served burdens the community, §7).
            Doc(
                D.PKS,
                "PKS Pengelolaan Sampah Regional di TPA Terpadu Singkawang (rancangan)",
                status=DRAFT,
                parent="kb",
                opd=(SINGKAWANG, SKW_DLH),
                summary="Pengangkutan dan pengolahan sampah kota di TPA terpadu dengan retribusi "
                "pelayanan persampahan bagi rumah tangga; menunggu persetujuan DPRD.",
                awaiting_dprd=True,
            ),
        ],
        financing=[
            Money(
                FinancingSource.APBD,
                2_750_000_000,
                KALBAR,
                2021,
                "Pipa transmisi SPAM (Dinas PUPR Provinsi)",
            ),
            Money(
                FinancingSource.APBD,
                1_250_000_000,
                SINGKAWANG,
                2021,
                "Jaringan distribusi dan sambungan rumah",
            ),
            Money(
                FinancingSource.APBD,
                850_000_000,
                SINGKAWANG,
                2023,
                "Promosi pariwisata dan event Cap Go Meh",
            ),
            Money(
                FinancingSource.APBD,
                7_500_000_000,
                KALBAR,
                infra_year,
                "Bantuan keuangan provinsi untuk jalan lingkungan",
            ),
            Money(
                FinancingSource.APBD,
                1_125_000_000,
                SINGKAWANG,
                infra_year,
                "Dana pendamping jalan lingkungan",
            ),
        ],
    )

    pillars = Record(
        tenant=SINGKAWANG,
        title=(
            "Perjanjian Kerja Sama antara Pemerintah Kota Singkawang dan Pemerintah Kabupaten "
            "Bengkayang tentang Pembangunan Pilar Batas Daerah"
        ),
        kind=K.KSDD,
        stage=S.ENDED,
        # Wajib: the two regions are adjacent and a common boundary is by nature an affair
        # with a cross-regional effect (PP 28/2018 Penjelasan Pasal 3(2)); regencies/cities of
        # one province: UU 23/2014 Pasal 364(2)(e), Permendagri 22/2020 Pasal 3(2)(a).
        fields={
            **ONE_PROVINCE_FORM,
            "background": (
                "Sebagian segmen batas antara Kota Singkawang dan Kabupaten Bengkayang belum "
                "ditandai dengan pilar batas, sehingga menimbulkan keraguan dalam pelayanan "
                "administrasi kependudukan, perizinan dan perencanaan tata ruang di wilayah "
                "perbatasan."
            ),
            "purpose": "Menegaskan batas daerah secara fisik di lapangan sesuai Permendagri "
            "tentang batas daerah Kota Singkawang dengan Kabupaten Bengkayang.",
            "scope": "Survei bersama, pembangunan dan pemasangan pilar batas utama dan pilar "
            "acuan batas, serta berita acara bersama.",
            "object_description": "Pembangunan pilar batas daerah pada segmen batas Kota "
            "Singkawang – Kabupaten Bengkayang.",
            "plan_reference": "RKPD Kota Singkawang 2021",
            **NO_DPRD,
            "apbd_reference": "APBD 2021 Bagian Pemerintahan Setda masing-masing",
        },
        # Penegasan batas daerah is not one of the 32 bidang (§10; the public-service list
        # maps it to none). The pillars fix the line that each RTRW plans up to and are
        # physical works, so the nearest bidang is 1.03 Pekerjaan Umum dan Penataan Ruang.
        affairs=["1.03"],
        services=["batas-daerah"],
        # Ended by the term (31 Dec 2021): walked into force, then `cooperations_end_expired`.
        parties=[
            P(
                SINGKAWANG,
                "Sumastro",
                SEKDA_SKW,
                register_number="KS.SKW/2021/002",
                initiating_opd=SKW_PEM,
                executing_opd=SKW_PEM,
            ),
            P(
                BENGKAYANG,
                signatory_position="Sekretaris Daerah Kabupaten Bengkayang",
                register_number="PEM.BKY/2021/001",
                initiating_opd=BKY_PEM,
                executing_opd=BKY_PEM,
            ),
        ],
        documents=[
            # Invented: the report names only the PKS; a PKS implements a KB (§3.4).
            Doc(
                D.KB,
                "Kesepakatan Bersama Kota Singkawang dan Kabupaten Bengkayang tentang Penegasan "
                "Batas Daerah",
                key="kb",
                signed_on=dt.date(2020, 12, 14),
                place="Singkawang",
                start=dt.date(2020, 12, 14),
                end=dt.date(2021, 12, 31),
                numbers={
                    SINGKAWANG: N(skw(40, 2020), "Tjhai Chui Mie", WALIKOTA_SKW),
                    BENGKAYANG: N(bky(31, 2020), "", BUPATI_BKY),
                },
            ),
            Doc(
                D.POWER_OF_ATTORNEY,
                "Surat Kuasa Wali Kota Singkawang kepada Sekretaris Daerah untuk "
                "menandatangani PKS Pilar Batas",
                signed_on=dt.date(2021, 1, 18),
                place="Singkawang",
            ),
            Doc(
                D.PKS,
                "Perjanjian Kerja Sama tentang Pembangunan Pilar Batas Daerah Kota Singkawang "
                "dan Kabupaten Bengkayang",
                parent="kb",
                signed_on=dt.date(2021, 1, 21),  # signed by both Sekda (§10.1)
                place="Singkawang",
                start=dt.date(2021, 1, 21),
                end=dt.date(2021, 12, 31),
                opd=(SINGKAWANG, SKW_PEM),
                numbers={
                    SINGKAWANG: N(skw(3, 2021), "Sumastro", SEKDA_SKW, poa=True),
                    BENGKAYANG: N(
                        bky(2, 2021), "", "Sekretaris Daerah Kabupaten Bengkayang", poa=True
                    ),
                },
            ),
            Doc(
                D.IMPLEMENTATION_REPORT,
                "Berita Acara Pemasangan Pilar Batas dan Laporan Pelaksanaan",
                status=FINAL,
                signed_on=dt.date(2021, 11, 29),
                place="Bengkayang",
            ),
        ],
        financing=[
            Money(FinancingSource.APBD, 96_500_000, SINGKAWANG, 2021, "Pilar batas sisi kota"),
            Money(FinancingSource.APBD, 96_500_000, BENGKAYANG, 2021, "Pilar batas sisi kabupaten"),
        ],
    )

    # The report names the heads and the month, not the day or the object in detail.
    three_kb_signed = dt.date(2019, 9, 24)
    three = Record(
        tenant=SINGKAWANG,
        title=(
            "Kesepakatan Bersama antara Pemerintah Kabupaten Sambas, Pemerintah Kabupaten "
            "Bengkayang dan Pemerintah Kota Singkawang tentang Kerja Sama Pembangunan Daerah"
        ),
        kind=K.KSDD,
        stage=S.ENDED,
        fields={
            **VOLUNTARY,
            "background": "Ketiga daerah di wilayah utara Kalimantan Barat saling berbatasan "
            "dan memiliki potensi ekonomi, pariwisata dan infrastruktur yang saling terkait.",
            "purpose": "Membangun kerja sama pembangunan daerah dan pelayanan publik secara "
            "terpadu di kawasan Sambas, Bengkayang dan Singkawang.",
            "scope": "Infrastruktur konektivitas, pariwisata, perdagangan, dan pelayanan "
            "publik di wilayah perbatasan ketiga daerah.",
            "legal_regime": LegalRegime.PP28_2018,
            **NO_DPRD,
        },
        affairs=["1.03", "3.26", "3.30"],
        services=["infrastruktur", "pariwisata", "perdagangan"],
        # No PKS is reported under this KB: it ended with its term, from the KB stage.
        path=["prepare", "offer", "accept_offer", "sign_kb", "terminate"],
        acts={
            "terminate": Act(
                on=add_years(three_kb_signed, 5),
                actor="sekda.singkawang",
                reason="Jangka waktu Kesepakatan Bersama (lima tahun) berakhir pada "
                f"{tanggal(add_years(three_kb_signed, 5) - dt.timedelta(days=1))} tanpa "
                "perpanjangan (PP 28/2018 Pasal 9(1)(a)).",
                facts={"termination_reason": TerminationReason.TERM_EXPIRED},
            ),
        },
        parties=[
            P(SAMBAS, "Atbah Romin Suhaili", "Bupati Sambas"),
            P(
                BENGKAYANG,
                signatory_position=BUPATI_BKY,
                register_number="PEM.BKY/2019/006",
                initiating_opd=BKY_PEM,
            ),
            P(
                SINGKAWANG,
                "Tjhai Chui Mie",
                WALIKOTA_SKW,
                register_number="KS.SKW/2019/009",
                initiating_opd=SKW_KS,
                executing_opd=SKW_BAPPEDA,
            ),
        ],
        documents=[
            Doc(
                D.KB,
                "Kesepakatan Bersama Kabupaten Sambas, Kabupaten Bengkayang dan Kota Singkawang",
                signed_on=three_kb_signed,
                place="Singkawang",
                start=three_kb_signed,
                end=add_years(three_kb_signed, 5) - dt.timedelta(days=1),
                numbers={
                    SAMBAS: N(sbs(27, 2019), "Atbah Romin Suhaili", "Bupati Sambas"),
                    BENGKAYANG: N(bky(15, 2019), "", BUPATI_BKY),
                    SINGKAWANG: N(skw(18, 2019), "Tjhai Chui Mie", WALIKOTA_SKW),
                },
            ),
        ],
    )
    return [kalbar_kb, pillars, three]


def _domestic_records(today: dt.date) -> list[Record]:
    """Invented KSDD and KSDPK cases, one or more in every domestic stage."""

    def ago(days: int) -> dt.date:
        return workday(today - dt.timedelta(days=days))

    y = today.year
    records: list[Record] = []

    # proposal — registered by the OPD officer of Dinas PUPR: a KAK at most.
    records.append(
        Record(
            tenant=SINGKAWANG,
            actor="pupr.singkawang",
            title="Penyediaan Penerangan Jalan Umum Tenaga Surya di Kawasan Perkotaan Singkawang",
            kind=K.KSDPK,
            stage=S.PROPOSAL,
            fields={
                "ksdpk_kind": KsdpkKind.INVESTMENT,
                "background": "Biaya listrik penerangan jalan umum terus meningkat dan "
                "sebagian ruas jalan kota belum terang.",
                "purpose": "Menarik investasi swasta untuk PJU tenaga surya dengan skema "
                "pembayaran atas ketersediaan layanan.",
                "plan_reference": "RPJMD Kota Singkawang, program penyelenggaraan jalan",
            },
            affairs=["1.03", "3.29"],
            override_reason="PJU tenaga surya: urusan penerangan jalan kota; bidang ESDM hanya "
            "sebagai penanda energi baru terbarukan.",
            services=["infrastruktur", "energi"],
            parties=[
                P(SINGKAWANG, register_number=f"KS.SKW/{y}/U-031", executing_opd=SKW_PUPR),
                P("surya", contact_name="Bagian Pengembangan Usaha"),
            ],
            documents=[
                Doc(
                    D.KAK,
                    "Kerangka Acuan Kerja PJU Tenaga Surya",
                    status=DRAFT,
                    opd=(SINGKAWANG, SKW_PUPR),
                ),
            ],
        )
    )

    # preparation — KSDPK public service with the city's water company.
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Perluasan Jaringan Perpipaan Air Minum Kawasan Singkawang Selatan",
            kind=K.KSDPK,
            stage=S.PREPARATION,
            fields={
                "ksdpk_kind": KsdpkKind.PUBLIC_SERVICE,
                "background": "Cakupan layanan air minum perpipaan di Singkawang Selatan "
                "masih di bawah target SPM.",
                "purpose": "Menambah 4.000 sambungan rumah dalam tiga tahun.",
                "plan_reference": "RPJMD Kota Singkawang, sasaran akses air minum aman",
            },
            affairs=["1.03"],
            services=["air-bersih"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{y}/U-024",
                    initiating_opd=SKW_PUPR,
                    executing_opd=SKW_PUPR,
                ),
                P("pdam", signatory_position="Direktur Utama"),
            ],
            documents=[
                Doc(
                    D.KAK,
                    "KAK Perluasan Jaringan Air Minum Singkawang Selatan",
                    status=FINAL,
                    signed_on=ago(70),
                    opd=(SINGKAWANG, SKW_PUPR),
                ),
                Doc(
                    D.MAPPING_RESULT,
                    "Hasil Pemetaan Urusan Air Minum",
                    status=FINAL,
                    signed_on=ago(50),
                ),
                Doc(
                    D.FEASIBILITY_STUDY,
                    "Studi Kelayakan Perluasan Jaringan Air Minum",
                    status=DRAFT,
                ),
            ],
        )
    )

    # offer — KSDD wajib with Kabupaten Sambas (adjacent, waste has cross-border effects).
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Pengelolaan Sampah Regional Kota Singkawang dan Kabupaten Sambas",
            kind=K.KSDD,
            stage=S.OFFER,
            fields={
                **ONE_PROVINCE_FORM,
                "background": "TPA Kota Singkawang mendekati batas kapasitas; kawasan "
                "perbatasan Sambas menghasilkan sampah yang belum terlayani.",
                "purpose": "Membangun dan mengelola TPA regional bersama.",
                "plan_reference": "RPJMD Kota Singkawang; Jakstrada pengelolaan sampah",
            },
            affairs=["2.11"],
            services=["persampahan", "lingkungan-hidup"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{y}/U-019",
                    initiating_opd=SKW_DLH,
                    executing_opd=SKW_DLH,
                ),
                P(SAMBAS),
            ],
            documents=[
                Doc(
                    D.KAK,
                    "KAK Pengelolaan Sampah Regional",
                    status=FINAL,
                    signed_on=ago(150),
                    opd=(SINGKAWANG, SKW_DLH),
                ),
                Doc(
                    D.MAPPING_RESULT,
                    "Hasil Identifikasi dan Pemetaan Kerja Sama Wajib",
                    status=FINAL,
                    signed_on=ago(120),
                ),
                Doc(
                    D.TKKSD_MINUTES,
                    "Notulen Rapat TKKSD: rekomendasi penawaran kerja sama",
                    status=FINAL,
                    signed_on=ago(60),
                    place="Singkawang",
                ),
                Doc(
                    D.OFFER_LETTER,
                    f"Surat Penawaran Wali Kota Singkawang kepada Bupati Sambas "
                    f"Nomor 180/{ago(30).month}/KS-Pem/{ago(30).year}",
                    signed_on=ago(30),
                    place="Singkawang",
                    summary="Tembusan: Menteri Dalam Negeri; Gubernur Kalimantan Barat; "
                    "Ketua DPRD Kota Singkawang.",
                ),
            ],
        )
    )

    # kb_drafting — KSDPK with Bank Kalbar: electronic tax payment.
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Layanan Pembayaran Pajak Daerah dan Retribusi Daerah secara Elektronik",
            kind=K.KSDPK,
            stage=S.KB_DRAFTING,
            fields={
                "ksdpk_kind": KsdpkKind.PUBLIC_SERVICE,
                "background": "Pembayaran pajak dan retribusi masih banyak dilakukan tunai.",
                "purpose": "Menyediakan kanal pembayaran QRIS, virtual account dan agen bank.",
                "plan_reference": "RPJMD Kota Singkawang, program elektronifikasi transaksi",
                **NO_DPRD,
            },
            affairs=["2.16"],
            services=["komunikasi-informatika"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{y}/U-012",
                    initiating_opd=SKW_BKD,
                    executing_opd=SKW_BKD,
                ),
                P(
                    "bank_kalbar",
                    signatory_position="Direktur Utama",
                    contact_name="Divisi Dana dan Jasa",
                ),
            ],
            documents=[
                Doc(
                    D.FEASIBILITY_STUDY,
                    "Kajian Kelayakan Elektronifikasi Pendapatan Daerah",
                    status=FINAL,
                    signed_on=ago(110),
                ),
                Doc(D.OFFER_LETTER, "Surat Penawaran kepada Bank Kalbar", signed_on=ago(75)),
                Doc(
                    D.REPLY_LETTER,
                    "Surat Jawaban Bank Kalbar: bersedia bekerja sama",
                    signed_on=ago(48),
                ),
                Doc(
                    D.KB,
                    "Rancangan Kesepakatan Bersama Elektronifikasi Pendapatan Daerah",
                    status=DRAFT,
                ),
            ],
        )
    )

    # kb_signed — KSDD sukarela with Bengkayang on coastal tourism.
    kb5 = ago(40)
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Pengembangan Pariwisata Terpadu Kawasan Pesisir Singkawang–Bengkayang",
            kind=K.KSDD,
            stage=S.KB_SIGNED,
            fields={
                **VOLUNTARY,
                "background": "Pantai Pasir Panjang (Singkawang) dan pantai-pantai di "
                "Sungai Raya Kepulauan (Bengkayang) berada dalam satu koridor wisata.",
                "purpose": "Paket wisata, promosi dan kalender event bersama.",
                "plan_reference": "RIPPARDA Kota Singkawang",
            },
            affairs=["3.26"],
            services=["pariwisata"],
            parties=[
                P(
                    SINGKAWANG,
                    signatory_position=WALIKOTA_SKW,
                    register_number=f"KS.SKW/{kb5.year}/017",
                    initiating_opd=SKW_PARPORA,
                    executing_opd=SKW_PARPORA,
                ),
                P(
                    BENGKAYANG,
                    signatory_position=BUPATI_BKY,
                    register_number=f"PEM.BKY/{kb5.year}/011",
                    executing_opd=BKY_PAR,
                ),
            ],
            documents=[
                Doc(
                    D.KB,
                    "Kesepakatan Bersama Pengembangan Pariwisata Kawasan Pesisir",
                    signed_on=kb5,
                    place="Bengkayang",
                    start=kb5,
                    end=add_years(kb5, 5) - dt.timedelta(days=1),
                    numbers={
                        SINGKAWANG: N(skw(28, kb5.year), "", WALIKOTA_SKW),
                        BENGKAYANG: N(bky(19, kb5.year), "", BUPATI_BKY),
                    },
                ),
            ],
        )
    )

    # awaiting_dprd (domestic) — asset KSDPK proposed by a company; it burdens the community
    # (new retribution) so the DPRD must approve (§7).
    kb6 = ago(95)
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Kerja Sama Pemanfaatan Barang Milik Daerah: Pembangunan dan Pengelolaan "
            "Pusat Kuliner Jalan Niaga",
            kind=K.KSDPK,
            stage=S.AWAITING_DPRD,
            fields={
                "ksdpk_kind": KsdpkKind.ASSET_MANAGEMENT,
                "initiative": Initiative.PARTNER,
                "proposal_fits_master_plan": True,
                "proposal_feasible": True,
                "proposer_able_to_fund": True,
                "background": "Lahan eks terminal lama milik Pemerintah Kota belum "
                "dimanfaatkan; PT Graha Kuliner Khatulistiwa mengajukan prakarsa.",
                "purpose": "Menambah pendapatan asli daerah dan menata PKL kuliner.",
                "plan_reference": "RPJMD Kota Singkawang, optimalisasi aset daerah",
                "burdens_community": True,
                "burden_justification": "Pengenaan retribusi pemakaian kekayaan daerah "
                "kepada pedagang dan kontribusi tetap selama 20 tahun.",
                "budgeted_in_apbd": False,
            },
            affairs=["3.30", "2.17"],
            services=["perdagangan", "umkm"],
            parties=[
                P(
                    SINGKAWANG,
                    signatory_position=WALIKOTA_SKW,
                    register_number=f"KS.SKW/{kb6.year}/009",
                    initiating_opd=SKW_BKD,
                    executing_opd=SKW_KUMDAG,
                ),
                P("kuliner", signatory_position="Direktur"),
            ],
            documents=[
                Doc(
                    D.FEASIBILITY_STUDY,
                    "Studi Kelayakan Pusat Kuliner (disusun pemrakarsa)",
                    status=FINAL,
                    signed_on=ago(200),
                ),
                Doc(
                    D.TKKSD_MINUTES,
                    "Notulen TKKSD: prakarsa memenuhi kriteria Pasal 18(1)",
                    status=FINAL,
                    signed_on=ago(150),
                    place="Singkawang",
                ),
                Doc(
                    D.KB,
                    "Kesepakatan Bersama Pemanfaatan Lahan Eks Terminal Jalan Niaga",
                    signed_on=kb6,
                    place="Singkawang",
                    start=kb6,
                    end=add_years(kb6, 2) - dt.timedelta(days=1),
                    numbers={
                        SINGKAWANG: N(skw(15, kb6.year), "", WALIKOTA_SKW),
                        "kuliner": N(f"017/GKK-DIR/{kb6.year}", "", "Direktur"),
                    },
                ),
                Doc(
                    D.DPRD_REQUEST,
                    "Surat Wali Kota kepada Ketua DPRD: permohonan persetujuan kerja sama",
                    signed_on=ago(20),
                    place="Singkawang",
                ),
            ],
        )
    )

    # pks_drafting — KSDPK with a fishermen's cooperative; DPRD not needed.
    kb7 = ago(130)
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Pengelolaan Tempat Pelelangan Ikan Pelabuhan Perikanan Sedau",
            kind=K.KSDPK,
            stage=S.PKS_DRAFTING,
            fields={
                "ksdpk_kind": KsdpkKind.ASSET_MANAGEMENT,
                "background": "TPI Sedau milik Pemerintah Kota belum dikelola optimal.",
                "purpose": "Pengelolaan TPI oleh koperasi nelayan dengan bagi hasil retribusi.",
                "plan_reference": "RPJMD Kota Singkawang, peningkatan kesejahteraan nelayan",
                **NO_DPRD,
                "apbd_reference": f"DPA DKPP Tahun {kb7.year}",
            },
            affairs=["3.25"],
            services=["perikanan"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{kb7.year}/006",
                    initiating_opd=SKW_DKPP,
                    executing_opd=SKW_DKPP,
                ),
                P("koperasi", signatory_position="Ketua Pengurus"),
            ],
            documents=[
                Doc(
                    D.FEASIBILITY_STUDY,
                    "Studi Kelayakan Pengelolaan TPI Sedau",
                    status=FINAL,
                    signed_on=ago(220),
                ),
                Doc(
                    D.KB,
                    "Kesepakatan Bersama Pengelolaan TPI Sedau",
                    key="kb",
                    signed_on=kb7,
                    place="Singkawang",
                    start=kb7,
                    end=add_years(kb7, 3) - dt.timedelta(days=1),
                    numbers={
                        SINGKAWANG: N(skw(11, kb7.year), "", WALIKOTA_SKW),
                        "koperasi": N(f"09/KPNSB/{kb7.year}", "", "Ketua Pengurus"),
                    },
                ),
                Doc(
                    D.PKS,
                    "Rancangan PKS Pengelolaan TPI Sedau",
                    status=DRAFT,
                    parent="kb",
                    opd=(SINGKAWANG, SKW_DKPP),
                ),
            ],
            financing=[
                Money(
                    FinancingSource.THIRD_PARTY,
                    325_000_000,
                    year=y,
                    note="Modal kerja dan pemeliharaan oleh koperasi",
                )
            ],
        )
    )

    # pks_signed — KSDPK "other" with a university foundation; the PKS starts next month.
    kb8 = ago(200)
    pks8 = ago(12)
    start8 = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Program Beasiswa, Magang dan Penelitian Terapan bagi Pembangunan Kota "
            "Singkawang",
            kind=K.KSDPK,
            stage=S.PKS_SIGNED,
            fields={
                "ksdpk_kind": KsdpkKind.OTHER,
                "background": "Kebutuhan SDM dan kajian kebijakan berbasis data.",
                "purpose": "Beasiswa bagi putra-putri daerah, magang mahasiswa di OPD, dan "
                "penelitian terapan.",
                "plan_reference": "RPJMD Kota Singkawang, peningkatan kualitas SDM",
                **NO_DPRD,
            },
            affairs=["1.01"],
            services=["pendidikan"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{kb8.year}/004",
                    initiating_opd=SKW_BAPPEDA,
                    executing_opd=SKW_DISDIKBUD,
                ),
                P("yayasan", signatory_position="Ketua Yayasan"),
            ],
            documents=[
                Doc(
                    D.FEASIBILITY_STUDY,
                    "Kajian Kebutuhan Beasiswa dan Magang",
                    status=FINAL,
                    signed_on=ago(260),
                ),
                Doc(
                    D.KB,
                    "Kesepakatan Bersama Pengembangan SDM dan Penelitian",
                    key="kb",
                    signed_on=kb8,
                    place="Singkawang",
                    start=kb8,
                    end=add_years(kb8, 5) - dt.timedelta(days=1),
                    numbers={
                        SINGKAWANG: N(skw(5, kb8.year), "", WALIKOTA_SKW),
                        "yayasan": N(f"021/YPTSM/KB/{kb8.year}", "", "Ketua Yayasan"),
                    },
                ),
                Doc(
                    D.PKS,
                    "PKS Program Beasiswa dan Magang",
                    parent="kb",
                    signed_on=pks8,
                    place="Singkawang",
                    start=start8,
                    end=add_years(start8, 3) - dt.timedelta(days=1),
                    opd=(SINGKAWANG, SKW_DISDIKBUD),
                    numbers={
                        SINGKAWANG: N(
                            skw(36, pks8.year),
                            "",
                            "Kepala Dinas Pendidikan dan Kebudayaan",
                            poa=True,
                        ),
                        "yayasan": N(f"044/YPTSM/PKS/{pks8.year}", "", "Ketua Yayasan"),
                    },
                ),
            ],
            financing=[
                Money(
                    FinancingSource.APBD,
                    600_000_000,
                    SINGKAWANG,
                    start8.year,
                    "Beasiswa 40 mahasiswa",
                ),
                Money(
                    FinancingSource.THIRD_PARTY,
                    240_000_000,
                    year=start8.year,
                    note="Pembebasan sebagian UKT oleh yayasan",
                ),
            ],
        )
    )

    # in_force — KSDPK with the water company (non-revenue water, connections for the poor).
    kb9, pks9 = ago(820), ago(760)
    start9 = pks9 + dt.timedelta(days=10)
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Penurunan Tingkat Kehilangan Air dan Sambungan Rumah bagi Masyarakat "
            "Berpenghasilan Rendah",
            kind=K.KSDPK,
            stage=S.IN_FORCE,
            finding=Finding(
                received_on=ago(20),
                source="Inspektorat Kota Singkawang",
                summary="Laporan capaian sambungan rumah MBR semester I belum dilampiri berita "
                "acara serah terima; target penurunan NRW tahun berjalan belum terukur per zona.",
            ),
            fields={
                "ksdpk_kind": KsdpkKind.PUBLIC_SERVICE,
                "background": "Tingkat kehilangan air (NRW) di atas 35 persen.",
                "purpose": "Menurunkan NRW menjadi 25 persen dan menyambung 2.500 rumah MBR.",
                "plan_reference": "RPJMD Kota Singkawang, akses air minum aman",
                **NO_DPRD,
            },
            affairs=["1.03"],
            services=["air-bersih"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{kb9.year}/010",
                    initiating_opd=SKW_PUPR,
                    executing_opd=SKW_PUPR,
                ),
                P(
                    "pdam",
                    signatory_position="Direktur Utama",
                    contact_name="Bagian Teknik",
                    contact_phone="0562-631555",
                ),
            ],
            documents=[
                Doc(
                    D.FEASIBILITY_STUDY,
                    "Studi Kelayakan Program NRW",
                    status=FINAL,
                    signed_on=kb9 - dt.timedelta(days=120),
                ),
                Doc(
                    D.KB,
                    "Kesepakatan Bersama Penyediaan Air Minum",
                    key="kb",
                    signed_on=kb9,
                    place="Singkawang",
                    start=kb9,
                    end=add_years(kb9, 5) - dt.timedelta(days=1),
                    numbers={
                        SINGKAWANG: N(skw(14, kb9.year), "", WALIKOTA_SKW),
                        "pdam": N(f"690/051/PDAM-GP/{kb9.year}", "", "Direktur Utama"),
                    },
                ),
                Doc(
                    D.PKS,
                    "PKS Penurunan NRW dan Sambungan Rumah MBR",
                    parent="kb",
                    signed_on=pks9,
                    place="Singkawang",
                    start=start9,
                    end=add_years(start9, 4) - dt.timedelta(days=1),
                    notice_days=90,
                    opd=(SINGKAWANG, SKW_PUPR),
                    summary="Memuat hak dan kewajiban, jangka waktu, penyelesaian "
                    "perselisihan dan sanksi (PP 28/2018 Pasal 19(2)).",
                    numbers={
                        SINGKAWANG: N(
                            skw(22, pks9.year), "", "Kepala Dinas PUPR Kota Singkawang", poa=True
                        ),
                        "pdam": N(f"690/077/PDAM-GP/{pks9.year}", "", "Direktur Utama"),
                    },
                ),
            ],
            financing=[
                Money(
                    FinancingSource.APBD,
                    1_750_000_000,
                    SINGKAWANG,
                    start9.year,
                    "Penyertaan modal untuk sambungan rumah MBR",
                ),
                Money(
                    FinancingSource.THIRD_PARTY,
                    2_400_000_000,
                    year=start9.year,
                    note="Penggantian meter dan pipa oleh Perumda",
                ),
                Money(
                    FinancingSource.APBN,
                    1_000_000_000,
                    year=start9.year + 1,
                    note="Hibah air minum berbasis kinerja",
                ),
            ],
        )
    )

    # in_force, expiring within 90 days — KSDPK "other" with Bank Kalbar (micro-credit).
    end10 = today + dt.timedelta(days=60)
    start10 = add_years(end10, -3) + dt.timedelta(days=1)
    signed10 = workday(start10 - dt.timedelta(days=6))
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Penyaluran Kredit Usaha Mikro Berbunga Ringan bagi Pelaku UMKM Kota Singkawang",
            kind=K.KSDPK,
            stage=S.IN_FORCE,
            fields={
                "ksdpk_kind": KsdpkKind.OTHER,
                "ksdpk_other_form": KsdpkOtherForm.BUSINESS_ENTITY,
                "background": "Pelaku usaha mikro sulit mengakses kredit perbankan.",
                "purpose": "Subsidi bunga dari APBD dan penyaluran kredit oleh Bank Kalbar.",
                "plan_reference": "RPJMD Kota Singkawang, penguatan UMKM",
                **NO_DPRD,
            },
            affairs=["2.17"],
            services=["umkm"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{signed10.year}/021",
                    initiating_opd=SKW_KUMDAG,
                    executing_opd=SKW_KUMDAG,
                ),
                P("bank_kalbar", signatory_position="Pemimpin Cabang Singkawang"),
            ],
            documents=[
                Doc(
                    D.FEASIBILITY_STUDY,
                    "Kajian Skema Subsidi Bunga Kredit Mikro",
                    status=FINAL,
                    signed_on=signed10 - dt.timedelta(days=90),
                ),
                Doc(
                    D.KB,
                    "Kesepakatan Bersama Penguatan Akses Pembiayaan Usaha Mikro",
                    key="kb",
                    signed_on=workday(signed10 - dt.timedelta(days=35)),
                    place="Singkawang",
                    start=workday(signed10 - dt.timedelta(days=35)),
                    end=add_years(workday(signed10 - dt.timedelta(days=35)), 5)
                    - dt.timedelta(days=1),
                    numbers={
                        SINGKAWANG: N(skw(11, signed10.year), "", WALIKOTA_SKW),
                        "bank_kalbar": N(
                            f"0087/DIR/KB/{signed10.year}", "", "Direktur Utama Bank Kalbar"
                        ),
                    },
                ),
                Doc(
                    D.PKS,
                    "PKS Penyaluran Kredit Usaha Mikro Berbunga Ringan",
                    parent="kb",
                    signed_on=signed10,
                    place="Singkawang",
                    start=start10,
                    end=end10,
                    notice_days=90,
                    opd=(SINGKAWANG, SKW_KUMDAG),
                    numbers={
                        SINGKAWANG: N(skw(19, signed10.year), "", WALIKOTA_SKW),
                        "bank_kalbar": N(
                            f"0112/SKW/PKS/{signed10.year}",
                            "",
                            "Pemimpin Cabang Singkawang",
                            poa=True,
                        ),
                    },
                ),
            ],
            financing=[
                Money(
                    FinancingSource.APBD,
                    500_000_000,
                    SINGKAWANG,
                    start10.year,
                    "Subsidi bunga tahun pertama",
                ),
                Money(
                    FinancingSource.THIRD_PARTY,
                    15_000_000_000,
                    year=start10.year,
                    note="Plafon kredit Bank Kalbar",
                ),
            ],
        )
    )

    # rejected — KSDPK asset proposal that the TKKSD did not recommend.
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Pemanfaatan Lahan Pantai Pasir Panjang untuk Pembangunan Resort Terpadu",
            kind=K.KSDPK,
            stage=S.REJECTED,
            fields={
                "ksdpk_kind": KsdpkKind.ASSET_MANAGEMENT,
                "background": "Prakarsa pengembangan resort di lahan milik daerah.",
                "purpose": "Kerja sama pemanfaatan lahan pantai selama 30 tahun.",
                "plan_reference": "RIPPARDA Kota Singkawang",
            },
            affairs=["3.26"],
            services=["pariwisata"],
            parties=[
                P(SINGKAWANG, register_number=f"KS.SKW/{y - 1}/U-040", initiating_opd=SKW_PARPORA),
                P("resort", signatory_position="Direktur Utama"),
            ],
            documents=[
                Doc(D.KAK, "KAK Pemanfaatan Lahan Pantai", status=FINAL, signed_on=ago(330)),
                Doc(
                    D.FEASIBILITY_STUDY,
                    "Studi Kelayakan Resort Terpadu",
                    status=FINAL,
                    signed_on=ago(300),
                ),
                Doc(
                    D.TKKSD_MINUTES,
                    "Notulen TKKSD: tidak direkomendasikan (akses publik ke pantai tertutup)",
                    status=FINAL,
                    signed_on=ago(270),
                    place="Singkawang",
                ),
            ],
            path=["prepare", "reject"],
            acts={
                "reject": Act(
                    actor="sekda.singkawang",
                    reason="TKKSD tidak merekomendasikan: pemanfaatan lahan 30 tahun menutup "
                    "akses publik ke pantai dan tidak sesuai RIPPARDA.",
                )
            },
        )
    )

    # cancelled — offer to a non-adjacent city in another province, declined.
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Promosi Investasi dan Pariwisata Bersama Kota Singkawang dan Kota Batam",
            kind=K.KSDD,
            stage=S.CANCELLED,
            fields={
                **VOLUNTARY,
                "background": "Batam merupakan pintu masuk wisatawan mancanegara.",
                "purpose": "Paket promosi bersama bagi wisatawan dari Singapura dan Malaysia.",
                "plan_reference": "RIPPARDA Kota Singkawang",
            },
            affairs=["3.26", "2.18"],
            services=["pariwisata", "penanaman-modal"],
            parties=[
                P(SINGKAWANG, register_number=f"KS.SKW/{y - 1}/U-022", initiating_opd=SKW_PARPORA),
                P(BATAM),
            ],
            documents=[
                Doc(
                    D.OFFER_LETTER,
                    "Surat Penawaran Wali Kota Singkawang kepada Wali Kota Batam",
                    signed_on=ago(400),
                    place="Singkawang",
                ),
                Doc(
                    D.REPLY_LETTER,
                    "Surat Jawaban Pemerintah Kota Batam: belum dapat menindaklanjuti",
                    signed_on=ago(340),
                    place="Batam",
                ),
            ],
            path=["prepare", "offer", "cancel"],
            acts={
                "cancel": Act(
                    actor="sekda.singkawang",
                    reason="Pemerintah Kota Batam menyatakan belum dapat menindaklanjuti "
                    "penawaran (surat jawaban); penawaran tidak dilanjutkan.",
                )
            },
        )
    )

    # in_force — KSDD wajib with Bengkayang: flood control on the shared river.
    kb14, pks14 = ago(700), ago(610)
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Penanganan Banjir dan Normalisasi Sungai di Wilayah Perbatasan Kota "
            "Singkawang dan Kabupaten Bengkayang",
            kind=K.KSDD,
            stage=S.IN_FORCE,
            fields={
                **ONE_PROVINCE_FORM,
                "background": "Banjir di hilir Kota Singkawang dipengaruhi kondisi hulu "
                "sungai di wilayah Kabupaten Bengkayang.",
                "purpose": "Normalisasi alur, kolam retensi dan sistem peringatan dini.",
                "plan_reference": "RPJMD kedua daerah, pengendalian banjir",
                **NO_DPRD,
            },
            affairs=["1.03", "1.05"],
            services=["penanganan-banjir", "penanggulangan-bencana"],
            parties=[
                P(
                    SINGKAWANG,
                    signatory_position=WALIKOTA_SKW,
                    register_number=f"KS.SKW/{kb14.year}/013",
                    initiating_opd=SKW_PUPR,
                    executing_opd=SKW_PUPR,
                ),
                P(
                    BENGKAYANG,
                    signatory_position=BUPATI_BKY,
                    register_number=f"PEM.BKY/{kb14.year}/008",
                    initiating_opd=BKY_PEM,
                    executing_opd=BKY_PUPR,
                ),
            ],
            documents=[
                Doc(
                    D.KB,
                    "Kesepakatan Bersama Penanganan Banjir Wilayah Perbatasan",
                    key="kb",
                    signed_on=kb14,
                    place="Singkawang",
                    start=kb14,
                    end=add_years(kb14, 5) - dt.timedelta(days=1),
                    numbers={
                        SINGKAWANG: N(skw(26, kb14.year), "", WALIKOTA_SKW),
                        BENGKAYANG: N(bky(13, kb14.year), "", BUPATI_BKY),
                    },
                ),
                Doc(
                    D.PKS,
                    "PKS Normalisasi Sungai dan Sistem Peringatan Dini Banjir",
                    parent="kb",
                    signed_on=pks14,
                    place="Bengkayang",
                    start=pks14,
                    end=add_years(pks14, 3) - dt.timedelta(days=1),
                    opd=(SINGKAWANG, SKW_PUPR),
                    numbers={
                        SINGKAWANG: N(
                            skw(30, pks14.year), "", "Kepala Dinas PUPR Kota Singkawang", poa=True
                        ),
                        BENGKAYANG: N(
                            bky(17, pks14.year),
                            "",
                            "Kepala Dinas PUPR Kabupaten Bengkayang",
                            poa=True,
                        ),
                    },
                ),
                # §12: the executing OPD's internal report of the last period, to the Wali
                # Kota through the TKKSD; the current period's is due at its end.
                Doc(
                    D.IMPLEMENTATION_REPORT,
                    "Laporan Pelaksanaan Tahunan Normalisasi Sungai kepada Wali Kota (TKKSD)",
                    status=FINAL,
                    signed_on=ago(250),
                    opd=(SINGKAWANG, SKW_PUPR),
                    addressee=ReportAddressee.REGIONAL_HEAD,
                    letter="600/112/PUPR",
                    sent_on=ago(248),
                ),
            ],
            financing=[
                Money(
                    FinancingSource.APBD,
                    3_400_000_000,
                    SINGKAWANG,
                    pks14.year,
                    "Normalisasi alur dan kolam retensi",
                ),
                Money(
                    FinancingSource.APBD,
                    1_150_000_000,
                    BENGKAYANG,
                    pks14.year,
                    "Pembebasan lahan dan penguatan tebing hulu",
                ),
                Money(
                    FinancingSource.APBN,
                    5_000_000_000,
                    year=pks14.year + 1,
                    note="Dana kerja sama wajib dari pemerintah pusat (PP 28/2018 Pasal 12)",
                ),
            ],
        )
    )

    # in_force — KSDPK with an organisation without legal personality (a tourism group).
    pks15 = ago(300)
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Pengelolaan Daya Tarik Wisata Bukit Bougenville oleh Kelompok Sadar Wisata",
            kind=K.KSDPK,
            stage=S.IN_FORCE,
            fields={
                "ksdpk_kind": KsdpkKind.OTHER,
                "background": "Objek wisata milik daerah dikelola swadaya oleh masyarakat.",
                "purpose": "Memberi dasar hukum pengelolaan dan pembagian hasil.",
                "plan_reference": "RIPPARDA Kota Singkawang",
                **NO_DPRD,
            },
            affairs=["3.26"],
            services=["pariwisata"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{pks15.year}/015",
                    initiating_opd=SKW_PARPORA,
                    executing_opd=SKW_PARPORA,
                ),
                P("pokdarwis", signatory_position="Ketua Pokdarwis"),
            ],
            documents=[
                Doc(
                    D.FEASIBILITY_STUDY,
                    "Kajian Pengelolaan DTW Bukit Bougenville",
                    status=FINAL,
                    signed_on=pks15 - dt.timedelta(days=60),
                ),
                Doc(
                    D.KB,
                    "Kesepakatan Bersama Pengembangan Daya Tarik Wisata Bukit Bougenville",
                    key="kb",
                    signed_on=workday(pks15 - dt.timedelta(days=21)),
                    place="Singkawang",
                    start=workday(pks15 - dt.timedelta(days=21)),
                    end=add_years(workday(pks15 - dt.timedelta(days=21)), 5) - dt.timedelta(days=1),
                    numbers={
                        SINGKAWANG: N(skw(20, pks15.year), "", WALIKOTA_SKW),
                        "pokdarwis": N(f"01/POKDARWIS-BB/{pks15.year}", "", "Ketua Pokdarwis"),
                    },
                ),
                Doc(
                    D.PKS,
                    "PKS Pengelolaan DTW Bukit Bougenville",
                    parent="kb",
                    signed_on=pks15,
                    place="Singkawang",
                    start=pks15,
                    end=add_years(pks15, 2) - dt.timedelta(days=1),
                    opd=(SINGKAWANG, SKW_PARPORA),
                    numbers={
                        SINGKAWANG: N(
                            skw(24, pks15.year),
                            "",
                            "Kepala Dinas Pariwisata Pemuda dan Olahraga",
                            poa=True,
                        ),
                        "pokdarwis": N(f"03/POKDARWIS-BB/{pks15.year}", "", "Ketua Pokdarwis"),
                    },
                ),
            ],
        )
    )

    # --- Kalbar's records with other regencies/cities (province oversight) ---

    # in_force — KSDD wajib form (b): Kalbar with Pontianak, Kubu Raya and Mempawah.
    kb16, pks16 = ago(900), ago(820)
    records.append(
        Record(
            tenant=KALBAR,
            title="Penyelenggaraan Sistem Penyediaan Air Minum Regional Pontianak, Kubu Raya "
            "dan Mempawah",
            kind=K.KSDD,
            stage=S.IN_FORCE,
            fields={
                **PROVINCE_FORM,
                "background": "Sumber air baku Sungai Kapuas mengalami intrusi air laut pada "
                "musim kemarau; kebutuhan air minum tiga daerah yang berbatasan melebihi "
                "kapasitas masing-masing.",
                "purpose": "Membangun dan mengoperasikan SPAM regional lintas kabupaten/kota.",
                "plan_reference": "RPJMD Provinsi Kalimantan Barat, SPAM regional",
                **NO_DPRD,
            },
            affairs=["1.03"],
            services=["air-bersih"],
            parties=[
                P(
                    KALBAR,
                    signatory_position=GUBERNUR,
                    register_number=f"BPOD/KSD/{kb16.year}/012",
                    initiating_opd=KB_PUPR,
                    executing_opd=KB_PUPR,
                ),
                P(
                    PONTIANAK,
                    signatory_position=WALIKOTA_PTK,
                    register_number=f"KS.PTK/{kb16.year}/005",
                    executing_opd=PTK_PUPR,
                ),
                P(KUBU_RAYA, signatory_position="Bupati Kubu Raya"),
                P(MEMPAWAH, signatory_position="Bupati Mempawah"),
            ],
            documents=[
                Doc(
                    D.KB,
                    "Kesepakatan Bersama SPAM Regional Pontianak–Kubu Raya–Mempawah",
                    key="kb",
                    signed_on=kb16,
                    place="Pontianak",
                    start=kb16,
                    end=add_years(kb16, 5) - dt.timedelta(days=1),
                    numbers={
                        KALBAR: N(kalbar(21, kb16.year), "", GUBERNUR),
                        PONTIANAK: N(ptk(8, kb16.year), "", WALIKOTA_PTK),
                        KUBU_RAYA: N(f"180/{kb16.year}/KR-07", "", "Bupati Kubu Raya"),
                        MEMPAWAH: N(f"180/05/Pem/{kb16.year}", "", "Bupati Mempawah"),
                    },
                ),
                Doc(
                    D.PKS,
                    "PKS Operasional SPAM Regional dan Tarif Curah",
                    parent="kb",
                    signed_on=pks16,
                    place="Pontianak",
                    start=pks16,
                    end=add_years(pks16, 4) - dt.timedelta(days=1),
                    opd=(KALBAR, KB_PUPR),
                    numbers={
                        KALBAR: N(
                            kalbar(33, pks16.year), "", "Kepala Dinas PUPR Provinsi", poa=True
                        ),
                        PONTIANAK: N(
                            ptk(11, pks16.year), "", "Kepala Dinas PUPR Kota Pontianak", poa=True
                        ),
                        KUBU_RAYA: N(f"180/{pks16.year}/KR-12", "", "Kepala Dinas PUPR", poa=True),
                        MEMPAWAH: N(f"180/09/Pem/{pks16.year}", "", "Kepala Dinas PUPR", poa=True),
                    },
                ),
            ],
            financing=[
                Money(
                    FinancingSource.APBD,
                    12_500_000_000,
                    KALBAR,
                    pks16.year,
                    "Instalasi pengolahan dan pipa transmisi",
                ),
                Money(
                    FinancingSource.APBD,
                    2_250_000_000,
                    PONTIANAK,
                    pks16.year,
                    "Jaringan distribusi Kota Pontianak",
                ),
                Money(
                    FinancingSource.APBN,
                    45_000_000_000,
                    year=pks16.year,
                    note="Kementerian PU, program SPAM regional",
                ),
            ],
        )
    )

    # pks_signed — KSDD sukarela: Kalbar with Pontianak on the Kapuas waterfront.
    kb17, pks17 = ago(260), ago(9)
    start17 = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    records.append(
        Record(
            tenant=KALBAR,
            title="Penataan Kawasan Tepian Sungai Kapuas Kota Pontianak",
            kind=K.KSDD,
            stage=S.PKS_SIGNED,
            fields={
                **VOLUNTARY,
                "background": "Kawasan tepian Kapuas merupakan ruang publik dan destinasi "
                "wisata ibu kota provinsi.",
                "purpose": "Penataan waterfront tahap lanjutan dan pengelolaan bersama.",
                "plan_reference": "RPJMD Provinsi Kalimantan Barat; RPJMD Kota Pontianak",
                **NO_DPRD,
            },
            affairs=["1.03", "1.04", "3.26"],
            services=["tata-ruang", "pariwisata"],
            parties=[
                P(
                    KALBAR,
                    signatory_position=GUBERNUR,
                    register_number=f"BPOD/KSD/{kb17.year}/018",
                    initiating_opd=KB_PUPR,
                    executing_opd=KB_PUPR,
                ),
                P(
                    PONTIANAK,
                    signatory_position=WALIKOTA_PTK,
                    register_number=f"KS.PTK/{kb17.year}/011",
                    initiating_opd=PTK_KS,
                    executing_opd=PTK_PUPR,
                ),
            ],
            documents=[
                Doc(
                    D.KB,
                    "Kesepakatan Bersama Penataan Kawasan Tepian Sungai Kapuas",
                    key="kb",
                    signed_on=kb17,
                    place="Pontianak",
                    start=kb17,
                    end=add_years(kb17, 5) - dt.timedelta(days=1),
                    numbers={
                        KALBAR: N(kalbar(40, kb17.year), "", GUBERNUR),
                        PONTIANAK: N(ptk(15, kb17.year), "", WALIKOTA_PTK),
                    },
                ),
                Doc(
                    D.PKS,
                    "PKS Penataan Waterfront Tahap III",
                    parent="kb",
                    signed_on=pks17,
                    place="Pontianak",
                    start=start17,
                    end=add_years(start17, 2) - dt.timedelta(days=1),
                    opd=(PONTIANAK, PTK_PUPR),
                    numbers={
                        KALBAR: N(
                            kalbar(61, pks17.year), "", "Kepala Dinas PUPR Provinsi", poa=True
                        ),
                        PONTIANAK: N(
                            ptk(23, pks17.year), "", "Kepala Dinas PUPR Kota Pontianak", poa=True
                        ),
                    },
                ),
            ],
            financing=[
                Money(
                    FinancingSource.APBD,
                    8_750_000_000,
                    KALBAR,
                    start17.year,
                    "Konstruksi turap dan jalur pejalan kaki",
                ),
                Money(
                    FinancingSource.APBD,
                    1_500_000_000,
                    PONTIANAK,
                    start17.year,
                    "Penerangan, taman dan pengelolaan",
                ),
            ],
        )
    )

    # preparation — KSDD outside the plan, justified as support of a PSN (Pasal 4(3)(b)).
    records.append(
        Record(
            tenant=KALBAR,
            title="Dukungan Infrastruktur Kawasan Pelabuhan Kijing Kabupaten Mempawah",
            kind=K.KSDD,
            stage=S.PREPARATION,
            fields={
                **PROVINCE_FORM,
                "background": "Pelabuhan Kijing adalah proyek strategis nasional; akses "
                "jalan dan air baku kawasan belum tersedia.",
                "purpose": "Membagi peran provinsi dan kabupaten dalam akses jalan, air baku "
                "dan tata ruang kawasan.",
                "in_plan": False,
                "out_of_plan_reason": OutOfPlanReason.NATIONAL_STRATEGIC,
            },
            affairs=["1.03", "2.15"],
            services=["infrastruktur", "transportasi"],
            parties=[
                P(
                    KALBAR,
                    register_number=f"BPOD/KSD/{y}/U-007",
                    initiating_opd=KB_BAPPEDA,
                    executing_opd=KB_PUPR,
                ),
                P(MEMPAWAH),
            ],
            documents=[
                Doc(
                    D.KAK,
                    "KAK Dukungan Infrastruktur Kawasan Pelabuhan Kijing",
                    status=FINAL,
                    signed_on=ago(45),
                    opd=(KALBAR, KB_BAPPEDA),
                ),
            ],
        )
    )

    # kb_drafting — KSDD wajib registered by Pontianak with Kubu Raya (no province party).
    records.append(
        Record(
            tenant=PONTIANAK,
            title="Layanan Angkutan Umum Massal Trans Pontianak–Kubu Raya",
            kind=K.KSDD,
            stage=S.KB_DRAFTING,
            fields={
                **ONE_PROVINCE_FORM,
                "background": "Perjalanan komuter harian Kubu Raya–Pontianak terus "
                "meningkat dan membebani ruas jalan perbatasan.",
                "purpose": "Trayek bus lintas batas dengan subsidi bersama.",
                "plan_reference": "RPJMD Kota Pontianak, transportasi publik",
            },
            affairs=["2.15"],
            services=["transportasi"],
            parties=[
                P(
                    PONTIANAK,
                    register_number=f"KS.PTK/{y}/U-004",
                    initiating_opd=PTK_DISHUB,
                    executing_opd=PTK_DISHUB,
                ),
                P(KUBU_RAYA),
            ],
            documents=[
                Doc(
                    D.OFFER_LETTER,
                    "Surat Penawaran Wali Kota Pontianak kepada Bupati Kubu Raya",
                    signed_on=ago(90),
                    place="Pontianak",
                ),
                Doc(
                    D.REPLY_LETTER,
                    "Surat Jawaban Bupati Kubu Raya: menerima penawaran",
                    signed_on=ago(60),
                    place="Sungai Raya",
                ),
                Doc(D.KB, "Rancangan Kesepakatan Bersama Trans Pontianak–Kubu Raya", status=DRAFT),
            ],
        )
    )

    # in_force, registered mid-way (issue 7): an old KSDPK entered from the archive with only
    # its signed contract; the KB, the feasibility study, the offer and the rest are not on
    # file, so the record shows itself "belum lengkap" with what is missing.
    pks9 = ago(400)
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Pengelolaan Pujasera Pasar Hongkong Singkawang",
            kind=K.KSDPK,
            stage=S.IN_FORCE,
            registration_reason=(
                "Perjanjian lama dari arsip Bagian Kerja Sama; KB, studi kelayakan dan surat "
                "penawaran belum ditemukan dan sedang ditelusuri di Dinas terkait."
            ),
            fields={
                "ksdpk_kind": KsdpkKind.ASSET_MANAGEMENT,
                "background": "Pujasera di lahan Pemerintah Kota dikelola pihak ketiga.",
                "purpose": "Pengelolaan pujasera dengan bagi hasil sewa lapak.",
            },
            affairs=["2.17"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{pks9.year}/021",
                    initiating_opd=SKW_KUMDAG,
                    executing_opd=SKW_KUMDAG,
                ),
                P("kuliner", signatory_position="Direktur Utama"),
            ],
            documents=[
                Doc(
                    D.PKS,
                    "Perjanjian Kerja Sama Pengelolaan Pujasera Pasar Hongkong",
                    signed_on=pks9,
                    place="Singkawang",
                    start=pks9,
                    end=add_years(pks9, 4) - dt.timedelta(days=1),
                    opd=(SINGKAWANG, SKW_KUMDAG),
                    numbers={
                        SINGKAWANG: N(skw(21, pks9.year), "", WALIKOTA_SKW),
                        "kuliner": N(f"017/GKK/{pks9.year}", "", "Direktur Utama"),
                    },
                    override_reason=(
                        "KB tidak ditemukan di arsip; perjanjian didaftarkan apa adanya."
                    ),
                ),
            ],
        )
    )
    return records


def _plan(background: str, targets: str, obj: str, scope: str) -> dict[str, str]:
    return {"background": background, "targets": targets, "object_description": obj, "scope": scope}


# Content of the cooperation plans of the foreign cases past the plan stage (by partner key).
PLAN_CONTENT: dict[str, dict[str, str]] = {
    "meizhou": _plan(
        "",
        "Dua kunjungan delegasi budaya per tahun, 20 penerima beasiswa bahasa, promosi Cap Go "
        "Meh di Meizhou.",
        "Hubungan kota kembar di bidang kebudayaan, pendidikan dan pariwisata.",
        "",
    ),
    "undp": _plan(
        "Kebakaran lahan gambut berulang setiap musim kemarau di Kalimantan Barat.",
        "Berkurangnya titik panas di kawasan gambut prioritas dan terbentuknya 30 desa peduli api.",
        "Pencegahan kebakaran hutan dan lahan gambut berbasis masyarakat.",
        "Pemetaan gambut, pembasahan kembali, penguatan masyarakat peduli api.",
    ),
    "sibu": _plan(
        "Singkawang dan Sibu sama-sama kota perdagangan dengan komunitas Tionghoa.",
        "Misi dagang tahunan dan 40 pelajar dalam pertukaran.",
        "Hubungan kota kembar di bidang perdagangan dan pendidikan.",
        "Misi dagang, pameran produk UMKM, pertukaran pelajar.",
    ),
    "hainan": _plan(
        "Kalimantan Barat dan Hainan memiliki potensi bahari dan pertanian tropis.",
        "Paket wisata bahari bersama dan alih teknologi budidaya tanaman tropis.",
        "Hubungan provinsi kembar di bidang pariwisata, perikanan dan pertanian.",
        "Promosi wisata, pelatihan perikanan budidaya, riset pertanian tropis.",
    ),
    "giz": _plan(
        "Kawasan pesisir Singkawang rawan rob dan banjir.",
        "Rencana aksi adaptasi iklim kota dan sistem peringatan dini banjir pesisir.",
        "Adaptasi perubahan iklim kawasan pesisir.",
        "Kajian kerentanan, rencana aksi, infrastruktur hijau percontohan.",
    ),
    "wwf": _plan(
        "Kawasan Heart of Borneo di Kalimantan Barat menghadapi tekanan alih fungsi lahan.",
        "Rencana pengelolaan lanskap terpadu dan penguatan tiga kawasan lindung.",
        "Konservasi lanskap Heart of Borneo pada tingkat provinsi.",
        "Perencanaan tata ruang berbasis lanskap, ekowisata, penguatan masyarakat adat.",
    ),
    "kitakyushu": _plan(
        "Pontianak membutuhkan sistem pengelolaan air limbah domestik terpusat.",
        "Rencana induk air limbah dan 50 tenaga teknis terlatih.",
        "Alih teknologi pengelolaan air limbah domestik dan persampahan.",
        "Pelatihan, studi banding, proyek percontohan IPAL komunal.",
    ),
    "koica": _plan(
        "Hasil tangkapan nelayan Sedau kehilangan nilai karena rantai dingin belum memadai.",
        "Gudang beku 200 ton dan pabrik es di Pelabuhan Perikanan Sedau.",
        "Modernisasi rantai dingin perikanan.",
        "Pembangunan fasilitas, pelatihan pengelola, pendampingan koperasi nelayan.",
    ),
    "sarawak": _plan(
        "",
        "Meningkatnya perdagangan lintas batas dan kunjungan wisatawan antarwilayah.",
        "Hubungan provinsi kembar di bidang perdagangan, pariwisata, pendidikan dan kesehatan.",
        "Forum perdagangan, promosi wisata, beasiswa, layanan kesehatan perbatasan.",
    ),
}
PLAN_CONTENT = {k: {n: t for n, t in v.items() if t} for k, v in PLAN_CONTENT.items()}
# APBD funding of the plans that name no other source (amount in Rupiah, note).
PLAN_MONEY: dict[str, tuple[int, str]] = {
    "sibu": (350_000_000, "Misi dagang dan pertukaran pelajar"),
    "hainan": (600_000_000, "Promosi wisata dan pelatihan"),
    "wwf": (750_000_000, "Pendampingan perencanaan lanskap"),
    "kitakyushu": (500_000_000, "Pelatihan dan studi banding"),
    "sarawak": (900_000_000, "Forum perdagangan dan promosi"),
}


def _foreign_records(today: dt.date) -> list[Record]:
    """Invented KSDPL/KSDLL cases, one in each stage of the foreign pathway (§6.1)."""

    def ago(days: int) -> dt.date:
        return workday(today - dt.timedelta(days=days))

    y = today.year

    def plan(title: str, days: int) -> Doc:
        # The implementation period is part of the plan (PP 28/2018 Pasal 30(3)).
        start = dt.date(ago(days).year + 1, 1, 1)
        return Doc(
            D.COOPERATION_PLAN,
            title,
            status=FINAL,
            signed_on=ago(days),
            start=start,
            end=add_years(start, 3) - dt.timedelta(days=1),
        )

    def loi(
        title: str,
        days: int,
        own: str,
        own_number: str,
        own_pos: str,
        partner: str,
        partner_pos: str,
    ) -> Doc:
        signed = ago(days)
        return Doc(
            D.LOI,
            title,
            signed_on=signed,
            numbers={own: N(own_number, "", own_pos), partner: N("", "", partner_pos)},
        )

    records: list[Record] = []

    def add(
        tenant: str,
        title: str,
        kind: str,
        stage: str,
        partner: str,
        fields: dict,
        affairs: list[str],
        services: list[str],
        documents: list[Doc],
        financing: list[Money] | None = None,
        own: P | None = None,
        partner_pos: str = "",
    ) -> None:
        # A plan sent to the DPRD states background, purpose, targets, object, scope and
        # funding (PP 28/2018 Pasal 30(3)): the content below fills what `fields` leaves out.
        content = PLAN_CONTENT.get(partner, {})
        money = financing or []
        if not money and partner in PLAN_MONEY:
            amount, note = PLAN_MONEY[partner]
            money = [Money(FinancingSource.APBD, amount, tenant, y + 1, note)]
        records.append(
            Record(
                tenant=tenant,
                title=title,
                kind=kind,
                stage=stage,
                fields={"in_plan": True, **content, **fields},
                parties=[own or P(tenant), P(partner, signatory_position=partner_pos)],
                affairs=affairs,
                services=services,
                documents=documents,
                financing=money,
            )
        )

    # The objects and the requirements of PP 28/2018 Pasal 23(2), 27 (§3.3), confirmed on the
    # case before the letter of intent; a KSDPL also rests on equal status and closer peoples.
    pasal_27 = {
        "foreign_no_representative_office": True,
        "foreign_no_interference": True,
        "foreign_consistent_with_plans": True,
    }
    ksdpl_27 = {
        **pasal_27,
        "foreign_objects": [ForeignObject.CULTURE, ForeignObject.PROMOTION],
        "ksdpl_equal_status": True,
        "ksdpl_people_ties": True,
    }
    sister_city = {"ksdpl_form": KsdplForm.SISTER_CITY, **ksdpl_27}
    sister_province = {"ksdpl_form": KsdplForm.SISTER_PROVINCE, **ksdpl_27}
    continuation = {
        "ksdll_basis": KsdllBasis.CONTINUATION,
        "foreign_objects": [ForeignObject.CAPACITY],
        **pasal_27,
    }
    approval = {
        "ksdll_basis": KsdllBasis.CENTRAL_APPROVAL,
        "foreign_objects": [ForeignObject.CAPACITY],
        **pasal_27,
    }

    # initiative
    add(
        SINGKAWANG,
        "Kota Kembar Singkawang–Miri",
        K.KSDPL,
        S.INITIATIVE,
        "miri",
        {
            **sister_city,
            "background": "Kedua kota memiliki komunitas Tionghoa Hakka dan "
            "potensi wisata pesisir.",
            "purpose": "Menjajaki hubungan kota kembar.",
        },
        ["3.26", "2.22"],
        ["pariwisata", "kebudayaan"],
        [],
        own=P(SINGKAWANG, register_number=f"KS.SKW/{y}/LN-03", initiating_opd=SKW_KS),
    )
    # exploration
    add(
        KALBAR,
        "Provinsi Kembar Kalimantan Barat–Guangxi",
        K.KSDPL,
        S.EXPLORATION,
        "guangxi",
        {
            **sister_province,
            "purpose": "Penjajakan kerja sama perdagangan hasil pertanian dan pendidikan vokasi.",
        },
        ["3.27", "3.30"],
        ["perdagangan"],
        [
            Doc(
                D.OTHER,
                "Laporan Hasil Penjajakan Kunjungan Delegasi",
                status=FINAL,
                signed_on=ago(35),
            )
        ],
    )
    # loi_consultation
    add(
        SINGKAWANG,
        "Kajian Budaya Hakka dan Keramik Singkawang bersama UNIMAS",
        K.KSDLL,
        S.LOI_CONSULTATION,
        "unimas",
        {
            **approval,
            "purpose": "Penelitian bersama dan pertukaran peneliti; alih "
            "pengetahuan kepada SDM Indonesia (PP 28/2018 Pasal 27).",
        },
        ["2.22"],
        ["kebudayaan"],
        [
            Doc(
                D.OTHER,
                "Surat Konsultasi kepada Menteri Dalam Negeri dan Menteri Luar Negeri",
                status=SIGNED,
                signed_on=ago(25),
                place="Singkawang",
            )
        ],
    )
    # loi_signed — Pontianak only (no Singkawang party).
    add(
        PONTIANAK,
        "Kota Kembar Pontianak–Kuching Selatan",
        K.KSDPL,
        S.LOI_SIGNED,
        "mbks",
        {
            **sister_city,
            "purpose": "Pertukaran budaya, promosi kota tepian sungai, dan "
            "pengelolaan kawasan waterfront.",
        },
        ["3.26", "2.22"],
        ["pariwisata", "kebudayaan"],
        [
            loi(
                "Letter of Intent Pontianak–Kuching South",
                50,
                PONTIANAK,
                ptk(30, ago(50).year),
                WALIKOTA_PTK,
                "mbks",
                "Mayor of Kuching South",
            )
        ],
        own=P(PONTIANAK, register_number=f"KS.PTK/{ago(50).year}/LN-01", initiating_opd=PTK_KS),
        partner_pos="Mayor of Kuching South",
    )
    # plan_drafting
    add(
        SINGKAWANG,
        "Pengelolaan Sampah Berbasis 3R dengan Dukungan JICA",
        K.KSDLL,
        S.PLAN_DRAFTING,
        "jica",
        {
            **continuation,
            "purpose": "Penerusan kerja sama teknik Pemerintah Indonesia–Jepang "
            "di bidang persampahan.",
        },
        ["2.11"],
        ["persampahan"],
        [
            loi(
                "Pernyataan Kehendak Singkawang–JICA",
                80,
                SINGKAWANG,
                skw(34, ago(80).year),
                WALIKOTA_SKW,
                "jica",
                "Chief Representative, JICA Indonesia Office",
            ),
            Doc(D.COOPERATION_PLAN, "Rancangan Rencana Kerja Sama 3R", status=DRAFT),
        ],
        own=P(
            SINGKAWANG,
            register_number=f"KS.SKW/{y}/LN-02",
            initiating_opd=SKW_DLH,
            executing_opd=SKW_DLH,
        ),
    )
    # awaiting_dprd (foreign) — Singkawang–Meizhou sister city: plan sent to the DPRD.
    add(
        SINGKAWANG,
        "Kota Kembar Singkawang–Meizhou",
        K.KSDPL,
        S.AWAITING_DPRD,
        "meizhou",
        {
            **sister_city,
            "background": "Sebagian besar warga Tionghoa Singkawang berasal "
            "dari daerah Hakka di sekitar Meizhou, Guangdong.",
            "purpose": "Pertukaran budaya, pendidikan dan promosi pariwisata.",
            "scope": "Pertukaran seni budaya, beasiswa bahasa, promosi Cap Go Meh.",
        },
        ["2.22", "3.26", "1.01"],
        ["kebudayaan", "pariwisata"],
        [
            loi(
                "Pernyataan Kehendak Kota Kembar Singkawang–Meizhou",
                240,
                SINGKAWANG,
                skw(12, ago(240).year),
                WALIKOTA_SKW,
                "meizhou",
                "Mayor of Meizhou",
            ),
            plan("Rencana Kerja Sama Kota Kembar Singkawang–Meizhou", 70),
            Doc(
                D.DPRD_REQUEST,
                "Surat Wali Kota kepada DPRD: permohonan persetujuan rencana "
                "kerja sama kota kembar",
                signed_on=ago(21),
                place="Singkawang",
            ),
        ],
        [Money(FinancingSource.APBD, 450_000_000, SINGKAWANG, y + 1, "Pertukaran delegasi budaya")],
        own=P(
            SINGKAWANG,
            register_number=f"KS.SKW/{ago(240).year}/LN-01",
            initiating_opd=SKW_KS,
            executing_opd=SKW_PARPORA,
        ),
        partner_pos="Mayor of Meizhou",
    )
    # awaiting_minister
    add(
        KALBAR,
        "Pencegahan Kebakaran Hutan dan Lahan Gambut bersama UNDP",
        K.KSDLL,
        S.AWAITING_MINISTER,
        "undp",
        {
            **continuation,
            "purpose": "Penerusan program pemerintah pusat–UNDP tentang pengelolaan gambut.",
        },
        ["2.11", "3.28"],
        ["lingkungan-hidup", "penanggulangan-bencana"],
        [
            plan("Rencana Kerja Sama Pencegahan Karhutla", 160),
            Doc(
                D.DPRD_APPROVAL,
                "Keputusan DPRD Provinsi: persetujuan rencana kerja sama",
                signed_on=ago(100),
            ),
            Doc(
                D.OTHER,
                "Surat Gubernur kepada Menteri Dalam Negeri: penyampaian rencana",
                signed_on=ago(85),
            ),
        ],
        [Money(FinancingSource.GRANT, 6_300_000_000, year=y + 1, note="Hibah UNDP")],
        own=P(
            KALBAR,
            register_number=f"BPOD/LN/{y}/004",
            initiating_opd=KB_DLHK,
            executing_opd=KB_DLHK,
        ),
    )
    # plan_revision
    add(
        SINGKAWANG,
        "Kota Kembar Singkawang–Sibu",
        K.KSDPL,
        S.PLAN_REVISION,
        "sibu",
        {**sister_city, "purpose": "Kerja sama perdagangan dan pertukaran pelajar."},
        ["3.30", "1.01"],
        ["perdagangan", "pendidikan"],
        [
            plan("Rencana Kerja Sama Singkawang–Sibu", 300),
            Doc(D.DPRD_APPROVAL, "Persetujuan DPRD Kota Singkawang", signed_on=ago(240)),
            Doc(
                D.MINISTER_CONSIDERATION,
                "Pertimbangan Menteri Dalam Negeri: rencana perlu diperbaiki (sumber pendanaan "
                "dan jangka waktu)",
                signed_on=ago(120),
            ),
        ],
        own=P(
            SINGKAWANG, register_number=f"KS.SKW/{ago(300).year}/LN-04", initiating_opd=SKW_KUMDAG
        ),
    )
    # text_drafting
    add(
        KALBAR,
        "Provinsi Kembar Kalimantan Barat–Hainan",
        K.KSDPL,
        S.TEXT_DRAFTING,
        "hainan",
        {**sister_province, "purpose": "Pariwisata bahari, perikanan dan pertanian tropis."},
        ["3.26", "3.25", "3.27"],
        ["pariwisata", "perikanan"],
        [
            plan("Rencana Kerja Sama Kalimantan Barat–Hainan", 330),
            Doc(D.DPRD_APPROVAL, "Persetujuan DPRD Provinsi Kalimantan Barat", signed_on=ago(280)),
            Doc(
                D.MINISTER_CONSIDERATION,
                "Pertimbangan Menteri: dapat disusun naskah",
                signed_on=ago(150),
            ),
            Doc(D.FOREIGN_TEXT, "Rancangan Naskah Kerja Sama Provinsi Kembar", status=DRAFT),
        ],
    )
    # awaiting_text_approval
    add(
        SINGKAWANG,
        "Kota Tangguh Iklim: Adaptasi Perubahan Iklim Kawasan Pesisir Singkawang",
        K.KSDLL,
        S.AWAITING_TEXT_APPROVAL,
        "giz",
        {
            **continuation,
            "purpose": "Penerusan program Indonesia–Jerman tentang kota tangguh iklim.",
        },
        ["2.11", "1.03"],
        ["lingkungan-hidup", "penanganan-banjir"],
        [
            plan("Rencana Kerja Sama Kota Tangguh Iklim", 400),
            Doc(D.DPRD_APPROVAL, "Persetujuan DPRD Kota Singkawang", signed_on=ago(350)),
            Doc(
                D.MINISTER_CONSIDERATION,
                "Pertimbangan Menteri: dapat disusun naskah",
                signed_on=ago(220),
            ),
            Doc(
                D.FOREIGN_TEXT,
                "Rancangan Naskah Kerja Sama Singkawang–GIZ",
                status=FINAL,
                signed_on=ago(60),
            ),
        ],
        [Money(FinancingSource.GRANT, 3_800_000_000, year=y + 1, note="Hibah GIZ (BMZ)")],
        own=P(
            SINGKAWANG,
            register_number=f"KS.SKW/{ago(400).year}/LN-05",
            initiating_opd=SKW_BAPPEDA,
            executing_opd=SKW_DLH,
        ),
    )
    # foreign_negotiation
    add(
        KALBAR,
        "Konservasi Lanskap Heart of Borneo di Kalimantan Barat",
        K.KSDLL,
        S.FOREIGN_NEGOTIATION,
        "wwf",
        {**continuation, "purpose": "Penerusan kerja sama Heart of Borneo pada tingkat provinsi."},
        ["3.28", "2.11"],
        ["lingkungan-hidup", "daerah-aliran-sungai"],
        [
            plan("Rencana Kerja Sama Heart of Borneo", 420),
            Doc(D.DPRD_APPROVAL, "Persetujuan DPRD Provinsi", signed_on=ago(380)),
            Doc(D.MINISTER_CONSIDERATION, "Pertimbangan Menteri", signed_on=ago(300)),
            Doc(
                D.MINISTER_TEXT_APPROVAL,
                "Persetujuan Menteri atas Rancangan Naskah",
                signed_on=ago(90),
            ),
        ],
        own=P(KALBAR, register_number=f"BPOD/LN/{ago(420).year}/002", executing_opd=KB_DLHK),
    )
    # confirmation_received — Pontianak only.
    add(
        PONTIANAK,
        "Kerja Sama Kota Pontianak–Kitakyushu: Pengelolaan Limbah dan Sanitasi",
        K.KSDPL,
        S.CONFIRMATION_RECEIVED,
        "kitakyushu",
        {
            "ksdpl_form": KsdplForm.OTHER,
            **ksdpl_27,
            # Science and technology: transferred to Indonesian staff (PP 28/2018 Pasal 27).
            "foreign_objects": [ForeignObject.SCIENCE_TECHNOLOGY, ForeignObject.CAPACITY],
            "foreign_technology_transfer": True,
            "ksdpl_complementary": True,
            "purpose": "Alih teknologi pengelolaan air limbah domestik dan persampahan.",
        },
        ["1.03", "2.11"],
        ["sanitasi", "persampahan"],
        [
            plan("Rencana Kerja Sama Pontianak–Kitakyushu", 500),
            Doc(D.DPRD_APPROVAL, "Persetujuan DPRD Kota Pontianak", signed_on=ago(450)),
            Doc(D.MINISTER_CONSIDERATION, "Pertimbangan Menteri", signed_on=ago(380)),
            Doc(
                D.MINISTER_TEXT_APPROVAL,
                "Persetujuan Menteri atas Rancangan Naskah",
                signed_on=ago(200),
            ),
            Doc(
                D.CONFIRMATION_LETTER,
                "Surat Konfirmasi Menteri Luar Negeri melalui Menteri Dalam Negeri",
                signed_on=ago(14),
            ),
        ],
        own=P(
            PONTIANAK,
            register_number=f"KS.PTK/{ago(500).year}/LN-02",
            initiating_opd=PTK_DLH,
            executing_opd=PTK_DLH,
        ),
    )
    # text_signed — starts next month.
    signed_ts = ago(6)
    start_ts = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    add(
        SINGKAWANG,
        "Modernisasi Rantai Dingin Perikanan Sedau bersama KOICA",
        K.KSDLL,
        S.TEXT_SIGNED,
        "koica",
        {
            **continuation,
            "purpose": "Penerusan program hibah Indonesia–Korea untuk rantai dingin perikanan.",
        },
        ["3.25"],
        ["perikanan"],
        [
            plan("Rencana Kerja Sama Rantai Dingin", 520),
            Doc(D.DPRD_APPROVAL, "Persetujuan DPRD Kota Singkawang", signed_on=ago(470)),
            Doc(D.CONFIRMATION_LETTER, "Surat Konfirmasi", signed_on=ago(40)),
            Doc(
                D.FOREIGN_TEXT,
                "Record of Discussions / Naskah Kerja Sama Singkawang–KOICA",
                signed_on=signed_ts,
                place="Singkawang",
                start=start_ts,
                end=add_years(start_ts, 3) - dt.timedelta(days=1),
                numbers={
                    SINGKAWANG: N(skw(40, signed_ts.year), "", WALIKOTA_SKW),
                    "koica": N("", "", "Country Director, KOICA Indonesia"),
                },
            ),
        ],
        [
            Money(
                FinancingSource.GRANT,
                9_600_000_000,
                year=start_ts.year,
                note="Hibah KOICA (cold storage dan pabrik es)",
            ),
            Money(
                FinancingSource.APBD,
                750_000_000,
                SINGKAWANG,
                start_ts.year,
                "Lahan, listrik dan operasional",
            ),
        ],
        own=P(
            SINGKAWANG,
            register_number=f"KS.SKW/{ago(520).year}/LN-06",
            initiating_opd=SKW_DKPP,
            executing_opd=SKW_DKPP,
        ),
    )
    # in_force — Kalbar–Sarawak sister province.
    signed_sw = ago(540)
    add(
        KALBAR,
        "Provinsi Kembar Kalimantan Barat–Sarawak",
        K.KSDPL,
        S.IN_FORCE,
        "sarawak",
        {
            **sister_province,
            "background": "Kalimantan Barat dan Sarawak berbatasan darat "
            "dan memiliki PLBN Entikong, Aruk dan Badau.",
            "purpose": "Perdagangan lintas batas, pariwisata, pendidikan dan kesehatan.",
        },
        ["3.30", "3.26", "1.02"],
        ["perdagangan", "pariwisata", "kesehatan"],
        [
            plan("Rencana Kerja Sama Kalimantan Barat–Sarawak", 900),
            Doc(D.DPRD_APPROVAL, "Persetujuan DPRD Provinsi", signed_on=ago(850)),
            Doc(D.CONFIRMATION_LETTER, "Surat Konfirmasi", signed_on=ago(560)),
            Doc(
                D.FOREIGN_TEXT,
                "Memorandum of Understanding Kalimantan Barat–Sarawak",
                signed_on=signed_sw,
                place="Kuching",
                start=signed_sw,
                end=add_years(signed_sw, 5) - dt.timedelta(days=1),
                numbers={
                    KALBAR: N(kalbar(8, signed_sw.year), "", GUBERNUR),
                    "sarawak": N("", "", "Premier of Sarawak"),
                },
            ),
            # PP 28/2018 Pasal 43(1) (§12): the report of the last period went to the Minister;
            # the current period's report to the Minister is due at its end.
            Doc(
                D.IMPLEMENTATION_REPORT,
                "Laporan Pelaksanaan kepada Menteri Dalam Negeri",
                status=FINAL,
                signed_on=ago(180),
                addressee=ReportAddressee.MINISTER,
                letter=f"000.9/{ago(180).year}/BPOD",
                sent_on=ago(178),
            ),
            # The internal report of the same period (§12), sent to the governor as regional
            # head through the TKKSD.
            Doc(
                D.MONEV_REPORT,
                "Laporan Monitoring dan Evaluasi Internal Provinsi Kembar kepada TKKSD",
                status=FINAL,
                signed_on=ago(200),
                addressee=ReportAddressee.REGIONAL_HEAD,
            ),
        ],
        own=P(
            KALBAR,
            signatory_position=GUBERNUR,
            register_number=f"BPOD/LN/{signed_sw.year}/001",
            initiating_opd=KB_BPOD,
            executing_opd=KB_BPOD,
        ),
        partner_pos="Premier of Sarawak",
    )
    return records


def _sinergi_records(today: dt.date) -> list[Record]:
    """Invented sinergi cases with central bodies (§3.5, §6.2)."""

    def ago(days: int) -> dt.date:
        return workday(today - dt.timedelta(days=days))

    y = today.year
    records = [
        Record(
            tenant=SINGKAWANG,
            title="Sinergi Penanganan Kawasan Permukiman Kumuh Kelurahan Pasiran",
            kind=K.SINERGI,
            stage=S.PROPOSAL,
            fields={"purpose": "Penanganan kawasan kumuh dengan program pusat dan daerah."},
            affairs=["1.04"],
            parties=[
                P(SINGKAWANG, register_number=f"KS.SKW/{y}/SN-02", initiating_opd=SKW_PERKIM),
                P("kemenpkp"),
            ],
            documents=[
                Doc(
                    D.KAK,
                    "KAK Penanganan Kawasan Kumuh Pasiran",
                    status=DRAFT,
                    opd=(SINGKAWANG, SKW_PERKIM),
                )
            ],
        ),
        Record(
            tenant=SINGKAWANG,
            title="Sinergi Pengendalian Banjir Sungai Singkawang dengan Balai Wilayah Sungai",
            kind=K.SINERGI,
            stage=S.TKKSD_REVIEW,
            fields={
                "purpose": "Pembagian peran pusat (tanggul, normalisasi sungai utama) dan "
                "daerah (drainase kota, pembebasan lahan)."
            },
            affairs=["1.03"],
            services=["penanganan-banjir"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{y}/SN-01",
                    initiating_opd=SKW_PUPR,
                    executing_opd=SKW_PUPR,
                ),
                P("bws", signatory_position="Kepala Balai"),
            ],
            documents=[
                Doc(
                    D.KAK,
                    "KAK Pengendalian Banjir Sungai Singkawang",
                    status=FINAL,
                    signed_on=ago(40),
                    opd=(SINGKAWANG, SKW_PUPR),
                ),
                Doc(
                    D.OFFER_LETTER,
                    "Surat Wali Kota kepada Kepala BWS Kalimantan I",
                    signed_on=ago(30),
                ),
            ],
        ),
        Record(
            tenant=SINGKAWANG,
            title="Sinergi Penguatan Festival Cap Go Meh Singkawang dalam Kharisma Event Nusantara",
            kind=K.SINERGI,
            stage=S.NK_DRAFTING,
            fields={"purpose": "Dukungan promosi nasional dan standar penyelenggaraan event."},
            affairs=["3.26"],
            services=["pariwisata"],
            parties=[
                P(
                    SINGKAWANG,
                    register_number=f"KS.SKW/{y}/SN-03",
                    initiating_opd=SKW_PARPORA,
                    executing_opd=SKW_PARPORA,
                ),
                P("kemenpar", signatory_position="Deputi Bidang Industri dan Investasi"),
            ],
            documents=[
                Doc(D.KAK, "KAK Penguatan Festival Cap Go Meh", status=FINAL, signed_on=ago(100)),
                Doc(
                    D.TKKSD_MINUTES,
                    "Notulen TKKSD: kajian sinergi",
                    status=FINAL,
                    signed_on=ago(70),
                    place="Singkawang",
                ),
                Doc(D.NK, "Rancangan Nota Kesepakatan", status=DRAFT, key="nk"),
                Doc(D.RK, "Rancangan Rencana Kerja", status=DRAFT, parent="nk"),
            ],
        ),
    ]
    signed_bps = ago(15)
    start_bps = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    records.append(
        Record(
            tenant=SINGKAWANG,
            title="Sinergi Satu Data Kota Singkawang dengan Badan Pusat Statistik",
            kind=K.SINERGI,
            stage=S.NK_SIGNED,
            fields={"purpose": "Pembinaan statistik sektoral dan portal Satu Data."},
            affairs=["2.20"],
            services=["komunikasi-informatika"],
            parties=[
                P(
                    SINGKAWANG,
                    signatory_position=WALIKOTA_SKW,
                    register_number=f"KS.SKW/{signed_bps.year}/SN-04",
                    initiating_opd=SKW_KOMINFO,
                    executing_opd=SKW_KOMINFO,
                ),
                P("bps", signatory_position="Kepala BPS Kota Singkawang"),
            ],
            documents=[
                Doc(
                    D.NK,
                    "Nota Kesepakatan Satu Data Kota Singkawang",
                    key="nk",
                    signed_on=signed_bps,
                    place="Singkawang",
                    start=start_bps,
                    end=add_years(start_bps, 3) - dt.timedelta(days=1),
                    numbers={
                        SINGKAWANG: N(skw(38, signed_bps.year), "", WALIKOTA_SKW),
                        "bps": N(
                            f"B-112/61720/HM.110/{signed_bps.year}",
                            "",
                            "Kepala BPS Kota Singkawang",
                        ),
                    },
                ),
                Doc(
                    D.RK, "Rencana Kerja Satu Data", status=FINAL, parent="nk", signed_on=signed_bps
                ),
            ],
        )
    )
    signed_bnpb = ago(420)
    records.append(
        Record(
            tenant=KALBAR,
            title="Sinergi Penanggulangan Kebakaran Hutan dan Lahan Provinsi Kalimantan Barat",
            kind=K.SINERGI,
            stage=S.IN_FORCE,
            fields={
                "purpose": "Pembagian peran siaga darurat karhutla, water bombing dan "
                "patroli terpadu."
            },
            affairs=["1.05"],
            services=["penanggulangan-bencana"],
            parties=[
                P(
                    KALBAR,
                    signatory_position=GUBERNUR,
                    register_number=f"BPOD/SN/{signed_bnpb.year}/003",
                    initiating_opd=KB_BPBD,
                    executing_opd=KB_BPBD,
                ),
                P("bnpb", signatory_position="Kepala BNPB"),
            ],
            documents=[
                Doc(
                    D.NK,
                    "Nota Kesepakatan Penanggulangan Karhutla",
                    key="nk",
                    signed_on=signed_bnpb,
                    place="Jakarta",
                    start=signed_bnpb,
                    end=add_years(signed_bnpb, 3) - dt.timedelta(days=1),
                    numbers={
                        KALBAR: N(kalbar(15, signed_bnpb.year), "", GUBERNUR),
                        "bnpb": N(f"12/BNPB/NK/{signed_bnpb.year}", "", "Kepala BNPB"),
                    },
                ),
                Doc(
                    D.RK,
                    "Rencana Kerja Penanggulangan Karhutla",
                    status=FINAL,
                    parent="nk",
                    signed_on=signed_bnpb,
                ),
            ],
            financing=[
                Money(
                    FinancingSource.APBN,
                    25_000_000_000,
                    year=signed_bnpb.year,
                    note="Dana siap pakai BNPB (water bombing)",
                ),
                Money(
                    FinancingSource.APBD,
                    4_200_000_000,
                    KALBAR,
                    signed_bnpb.year,
                    "Satgas dan posko siaga darurat",
                ),
            ],
        )
    )
    return records


def _asset_record(today: dt.date) -> Record:
    """A long asset-use term, over the 60-month cap with its legal basis recorded (§9 item 14)."""
    signed = workday(today - dt.timedelta(days=480))
    start = signed + dt.timedelta(days=14)
    return Record(
        tenant=SINGKAWANG,
        title="Kerja Sama Pemanfaatan Lahan untuk Pembangkit Listrik Tenaga Surya Atap Gedung "
        "Pemerintah",
        kind=K.KSDPK,
        stage=S.IN_FORCE,
        fields={
            "ksdpk_kind": KsdpkKind.ASSET_MANAGEMENT,
            "background": "Atap gedung pemerintah kota belum dimanfaatkan.",
            "purpose": "Pemasangan PLTS atap oleh badan usaha; daerah memperoleh kontribusi "
            "tetap dan tarif listrik lebih rendah.",
            "plan_reference": "RPJMD Kota Singkawang, energi baru terbarukan",
            **NO_DPRD,
        },
        affairs=["3.29"],
        override_reason="Pemanfaatan aset atap gedung kota; izin ketenagalistrikan diurus badan "
        "usaha pada Pemerintah Provinsi.",
        services=["energi"],
        parties=[
            P(
                SINGKAWANG,
                register_number=f"KS.SKW/{signed.year}/008",
                initiating_opd=SKW_BKD,
                executing_opd=SKW_PERKIM,
            ),
            P("surya", signatory_position="Direktur Utama"),
        ],
        documents=[
            Doc(
                D.FEASIBILITY_STUDY,
                "Studi Kelayakan PLTS Atap",
                status=FINAL,
                signed_on=signed - dt.timedelta(days=150),
            ),
            Doc(
                D.KB,
                "Kesepakatan Bersama Pemanfaatan Atap Gedung Pemerintah untuk PLTS",
                key="kb",
                signed_on=workday(signed - dt.timedelta(days=30)),
                place="Singkawang",
                start=workday(signed - dt.timedelta(days=30)),
                end=add_years(start, 20) - dt.timedelta(days=1),
                numbers={
                    SINGKAWANG: N(skw(12, signed.year), "", WALIKOTA_SKW),
                    "surya": N(f"KB-004/SEB/{signed.year}", "", "Direktur Utama"),
                },
                override_reason=(
                    "Kerja sama pemanfaatan barang milik daerah: jangka waktu paling lama 30 "
                    "tahun (PP 27/2014 Pasal 33(1)(k)); Kesepakatan Bersama mengikuti jangka "
                    "waktu KSP 20 tahun."
                ),
            ),
            Doc(
                D.PKS,
                "Perjanjian Kerja Sama Pemanfaatan (KSP) Atap Gedung untuk PLTS",
                parent="kb",
                signed_on=signed,
                place="Singkawang",
                start=start,
                end=add_years(start, 20) - dt.timedelta(days=1),
                opd=(SINGKAWANG, SKW_PERKIM),
                numbers={
                    SINGKAWANG: N(skw(16, signed.year), "", WALIKOTA_SKW),
                    "surya": N(f"PKS-011/SEB/{signed.year}", "", "Direktur Utama"),
                },
                override_reason=(
                    "Kerja sama pemanfaatan barang milik daerah: jangka waktu paling lama 30 "
                    "tahun (PP 27/2014 Pasal 33(1)(k)); 20 tahun sesuai umur ekonomis panel "
                    "surya dalam studi kelayakan."
                ),
            ),
        ],
        financing=[
            Money(
                FinancingSource.THIRD_PARTY,
                18_500_000_000,
                year=start.year,
                note="Investasi PLTS oleh mitra",
            ),
        ],
    )


def build(today: dt.date) -> Demo:
    records = [
        *_story_records(today),
        *_domestic_records(today),
        _asset_record(today),
        *_foreign_records(today),
        *_sinergi_records(today),
    ]
    return Demo(tenants=TENANTS, opds=OPDS, users=USERS, partners=PARTNERS, records=records)
