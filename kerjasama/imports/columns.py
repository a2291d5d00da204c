"""Which column is which field: proposed from the header texts (issue 11, item 3).

A header is matched after `normalise` (case, line breaks, double spaces and punctuation do not
count) against a list of the variants each field goes by in the registers of Bagian Kerja Sama;
then, for a typo ("Tangal Mulai"), against the same list with a close spelling. A column that
matches nothing is proposed as `IGNORE`.

A mapping is a plain dict, column letter → field name (`Field` value or `IGNORE`), so that it
can be shown, changed by the user, stored and remembered: `remember` turns it into header text
→ field, which `propose_mapping(..., remembered=…)` prefers the next time (per region, later).
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kerjasama.core.exceptions import DomainError

IGNORE = "ignore"
# A header this close to a variant (difflib ratio) is proposed for its field.
TYPO_RATIO = 0.88


class Field(StrEnum):
    """The fields of a register row (KERJASAMA_DAERAH.md §8.1–§8.3)."""

    REGISTER_NUMBER = "register_number"  # §8.1 kode_internal
    DOCUMENT_NUMBER = "document_number"  # §8.3 nomor
    DOCUMENT_KIND = "document_kind"  # §8.3 jenis
    COOPERATION_KIND = "cooperation_kind"  # §8.1 jenis: KSDD, KSDPK, KSDPL, KSDLL, sinergi
    TITLE = "title"  # §8.1 judul / perihal
    PARTNERS = "partners"  # §8.2 nama
    PARTNER_ORIGIN = "partner_origin"  # §8.2 kode_wilayah / negara, as typed
    OPD = "opd"  # §8.1 opd_pemrakarsa / opd_pelaksana
    URUSAN = "urusan"  # §8.1 objek → bidang urusan (§10)
    REQUEST_DATE = "request_date"
    SIGNING_DATE = "signing_date"  # §8.3 tanggal
    START_DATE = "start_date"  # §8.1 tanggal_mulai
    END_DATE = "end_date"  # §8.1 tanggal_berakhir
    DURATION = "duration"  # §8.1 jangka_waktu_bulan
    STATUS = "status"  # §8.1 state, as the register words it
    REMARKS = "remarks"
    NIB = "nib"  # §8.2 identity numbers
    NPWP = "npwp"
    AMOUNT = "amount"  # §8.1 sumber_pendanaan: the cooperation's value in Rupiah


FIELD_LABELS = {
    Field.REGISTER_NUMBER: gettext_lazy("Register number"),
    Field.DOCUMENT_NUMBER: gettext_lazy("Document number"),
    Field.DOCUMENT_KIND: gettext_lazy("Document type"),
    Field.COOPERATION_KIND: gettext_lazy("Type of cooperation"),
    Field.TITLE: gettext_lazy("Title / subject"),
    Field.PARTNERS: gettext_lazy("Partner(s)"),
    Field.PARTNER_ORIGIN: gettext_lazy("Partner's origin"),
    Field.OPD: gettext_lazy("OPD"),
    Field.URUSAN: gettext_lazy("Government affair (urusan)"),
    Field.REQUEST_DATE: gettext_lazy("Request date"),
    Field.SIGNING_DATE: gettext_lazy("Signing date"),
    Field.START_DATE: gettext_lazy("Start date"),
    Field.END_DATE: gettext_lazy("End date"),
    Field.DURATION: gettext_lazy("Term"),
    Field.STATUS: gettext_lazy("Status"),
    Field.REMARKS: gettext_lazy("Remarks"),
    Field.NIB: gettext_lazy("NIB"),
    Field.NPWP: gettext_lazy("NPWP"),
    Field.AMOUNT: gettext_lazy("Value (Rp)"),
}

# The variants, written as they are typed; `normalise` is applied when the table is built.
_VARIANTS: dict[Field, tuple[str, ...]] = {
    Field.REGISTER_NUMBER: (
        "No. Registrasi",
        "Nomor Registrasi",
        "No. Register",
        "Nomor Register",
        "No. Reg",
        "No. Reg.",
        "Nomor Agenda",
        "No. Agenda",
        "Kode Registrasi",
    ),
    Field.DOCUMENT_NUMBER: (
        "Nomor Naskah",
        "No. Naskah",
        "Nomor Dokumen",
        "No. Dokumen",
        "Nomor Naskah Kerja Sama",
        "Nomor Perjanjian",
        "Nomor Kesepakatan",
        "Nomor PKS",
        "Nomor KB",
        "Nomor Surat",
        "No. Surat",
        "Nomor dan Tanggal Naskah",
    ),
    Field.DOCUMENT_KIND: (
        "Jenis Naskah",
        "Jenis Dokumen",
        "Jenis Naskah Kerja Sama",
        "Bentuk Naskah",
        "Jenis",
    ),
    Field.COOPERATION_KIND: (
        "Jenis Kerja Sama",
        "Jenis Kerjasama",
        "Kategori Kerja Sama",
        "Jenis KSD",
        "Klasifikasi Kerja Sama",
    ),
    Field.TITLE: (
        "Judul",
        "Perihal",
        "Judul / Perihal",
        "Judul Perihal",
        "Tentang",
        "Judul Kerja Sama",
        "Judul Naskah",
        "Nama Kerja Sama",
        "Uraian",
        "Uraian Kerja Sama",
        "Materi Kerja Sama",
    ),
    Field.PARTNERS: (
        "Mitra",
        "Mitra Kerja Sama",
        "Mitra Kerjasama",
        "Nama Mitra",
        "Pihak",
        "Para Pihak",
        "Pihak Kedua",
        "Pihak Mitra",
        "Instansi Mitra",
        "Lembaga Mitra",
    ),
    Field.PARTNER_ORIGIN: (
        "Asal Mitra",
        "Asal",
        "Asal Instansi",
        "Asal Daerah Mitra",
        "Daerah Mitra",
        "Alamat Mitra",
        "Negara Mitra",
        "Asal Mitra Kerja Sama",
    ),
    Field.OPD: (
        "Perangkat Daerah",
        "OPD",
        "SKPD",
        "OPD Pelaksana",
        "OPD Pemrakarsa",
        "Perangkat Daerah Pelaksana",
        "Perangkat Daerah Pemrakarsa",
        "Perangkat Daerah Terkait",
        "OPD Terkait",
        "Unit Kerja",
        "Leading Sector",
    ),
    Field.URUSAN: (
        "Bidang Urusan",
        "Urusan",
        "Urusan Pemerintahan",
        "Bidang",
        "Bidang Kerja Sama",
        "Sektor",
    ),
    Field.REQUEST_DATE: (
        "Tanggal Permohonan",
        "Tgl Permohonan",
        "Tgl. Permohonan",
        "Tanggal Surat Permohonan",
        "Tanggal Usulan",
        "Tanggal Pengajuan",
    ),
    Field.SIGNING_DATE: (
        "Tanggal Penandatanganan",
        "Tgl Penandatanganan",
        "Tgl. Penandatanganan",
        "Tanggal Ditandatangani",
        "Tanggal TTD",
        "Tgl TTD",
        "Tanggal Naskah",
        "Tanggal Kesepakatan",
        "Tanggal Perjanjian",
    ),
    Field.START_DATE: (
        "Tanggal Mulai",
        "Tgl Mulai",
        "Tgl. Mulai",
        "Mulai",
        "Mulai Berlaku",
        "Tanggal Mulai Berlaku",
        "Berlaku Mulai",
        "Berlaku Sejak",
        "Tanggal Berlaku",
        "Awal Berlaku",
    ),
    Field.END_DATE: (
        "Tanggal Berakhir",
        "Tgl Berakhir",
        "Tgl. Berakhir",
        "Berakhir",
        "Tanggal Selesai",
        "Selesai",
        "Berlaku Sampai",
        "Berlaku Sampai Dengan",
        "Berlaku s.d.",
        "Akhir Berlaku",
        "Tanggal Akhir",
        "Masa Berakhir",
    ),
    Field.DURATION: (
        "Jangka Waktu",
        "Jangka Waktu Kerja Sama",
        "Jangka Waktu (Tahun)",
        "Jangka Waktu (Bulan)",
        "Masa Berlaku",
        "Lama Kerja Sama",
        "Lama Berlaku",
        "Durasi",
    ),
    Field.STATUS: ("Status", "Status Kerja Sama", "Status Naskah", "Keadaan", "Kondisi"),
    Field.REMARKS: ("Keterangan", "Ket", "Ket.", "Catatan", "Keterangan Lain"),
    Field.NIB: ("NIB", "NIB Mitra", "Nomor Induk Berusaha", "No. NIB"),
    Field.NPWP: ("NPWP", "NPWP Mitra", "Nomor Pokok Wajib Pajak", "No. NPWP"),
    # Not "Anggaran": a register's budget column is not the agreement's value.
    Field.AMOUNT: (
        "Nilai",
        "Nilai (Rp)",
        "Nilai Kerja Sama",
        "Nilai Kerja Sama (Rp)",
        "Nilai Kontrak",
        "Nilai Kontrak (Rp)",
        "Nilai Perjanjian",
    ),
}
# Header texts that name no field but tell that a row is the header ("No.", the running number).
HEADER_ONLY = ("No", "No.", "No Urut", "No. Urut", "Nomor Urut", "Nmr", "#")

_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Lower case, letters and digits only, one space between words: "Judul /\\n Perihal" →
    "judul perihal". Accents are dropped (é → e)."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return _NOT_WORD.sub(" ", text.lower()).strip()


VARIANTS: dict[str, Field] = {
    normalise(variant): field for field, variants in _VARIANTS.items() for variant in variants
}
_HEADER_ONLY = frozenset(normalise(text) for text in HEADER_ONLY)


@functools.lru_cache(maxsize=4096)
def field_of_header(text: str) -> Field | None:
    """The field a header text names, or None. Exact (normalised) variants first, then a
    close spelling of one (for a header of at least 5 letters)."""
    key = normalise(text)
    if not key:
        return None
    if key in VARIANTS:
        return VARIANTS[key]
    # "Jangka Waktu (Tahun)" and "Tanggal Mulai *)" : a trailing unit or mark.
    for suffix in (" tahun", " bulan", " thn", " bln", " dd mm yyyy", " hh bb tttt"):
        if key.endswith(suffix) and key[: -len(suffix)] in VARIANTS:
            return VARIANTS[key[: -len(suffix)]]
    if len(key) < 5:
        return None
    close = difflib.get_close_matches(key, VARIANTS.keys(), n=1, cutoff=TYPO_RATIO)
    return VARIANTS[close[0]] if close else None


def is_header_text(text: str) -> bool:
    """Whether a cell's text is a header of a register: a field's or the running number's."""
    return normalise(text) in _HEADER_ONLY or field_of_header(text) is not None


def propose_mapping(
    headers: Mapping[str, str], *, remembered: Mapping[str, str] | None = None
) -> dict[str, str]:
    """column letter → field name (or `IGNORE`) for `headers` (column letter → header text).

    A header remembered from an earlier file (normalised text → field) wins; otherwise the
    variants decide. A field goes to the first column that names it (a second column naming
    it again is ignored, except partners and remarks, whose cells are joined).
    """
    remembered = {normalise(text): field for text, field in (remembered or {}).items()}
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column, text in headers.items():
        key = normalise(text or "")
        field: str | None = remembered.get(key) if key else None
        if field is None:
            found = field_of_header(text or "")
            field = found.value if found else IGNORE
        if field != IGNORE and field in taken and field not in JOINED_FIELDS:
            field = IGNORE
        taken.add(field)
        mapping[column] = field
    return mapping


# Fields of which several columns may be mapped: their values are put together.
JOINED_FIELDS = frozenset({Field.PARTNERS.value, Field.REMARKS.value})


def validate_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """A caller's mapping, checked: known fields, each at most once (partners, remarks more)."""
    known = {field.value for field in Field} | {IGNORE}
    errors = []
    seen: dict[str, str] = {}
    for column, field in mapping.items():
        if field not in known:
            errors.append(
                _("Column %(column)s: “%(field)s” is not a field of the import.")
                % {"column": column, "field": field}
            )
        elif field != IGNORE and field in seen and field not in JOINED_FIELDS:
            errors.append(
                _("Columns %(first)s and %(second)s are both mapped to %(field)s; keep one.")
                % {"first": seen[field], "second": column, "field": FIELD_LABELS[Field(field)]}
            )
        else:
            seen.setdefault(field, column)
    if errors:
        raise DomainError(errors)
    return dict(mapping)


def remember(headers: Mapping[str, str], mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping as header text → field, to propose it again for the next file."""
    return {
        normalise(headers[column]): field
        for column, field in mapping.items()
        if headers.get(column) and normalise(headers[column])
    }


def header_matches(texts: Iterable[str], known: frozenset[str] = frozenset()) -> int:
    """How many of `texts` are header texts of a register (or, normalised, in `known`: the
    headers of a mapping remembered from an earlier file)."""
    return sum(1 for text in texts if is_header_text(text) or normalise(text) in known)


def columns_in_order(headers: Mapping[str, str]) -> list[tuple[str, str]]:
    """A sheet's (column letter, header text) pairs in the sheet's order: A … Z, AA …"""
    return sorted(headers.items(), key=lambda item: (len(item[0]), item[0]))
