"""The register template: the columns, texts and escaping an exported register uses, so that the
importer reads it back without any mapping (issue 11, item 8).

Every header is a variant `columns.field_of_header` maps to exactly one field; every document
type, type of cooperation and status is a text the importer's readers map back to the same
value (`values.read_document_kind`, `values.read_cooperation_kind`, `values.propose_stage`).
The texts are the template's own and fixed (Indonesian, as registers are kept), not the
interface's translations: a file exported in English reads back the same.

`TEMPLATE_VERSION` is written on the hidden meta sheet; change it whenever a column, a text or
the escaping changes.
"""

from __future__ import annotations

from kerjasama.agreements.enums import TERMINAL_STAGES, CooperationKind, DocumentKind, Stage
from kerjasama.agreements.pathways import PKS_ROAD_CASE_STAGES
from kerjasama.imports.columns import Field

TEMPLATE_VERSION = "1"
META_SHEET = "Meta"
DATA_SHEET = "Register"

# (header text, field), in the order of the sheet. "Jangka Waktu (Bulan)": the cell is a number
# of months, the unit named by the header (`values.header_unit_months`).
COLUMNS: tuple[tuple[str, Field], ...] = (
    ("Jenis Kerja Sama", Field.COOPERATION_KIND),
    ("No. Registrasi", Field.REGISTER_NUMBER),
    ("Nomor Naskah", Field.DOCUMENT_NUMBER),
    ("Jenis Naskah", Field.DOCUMENT_KIND),
    ("Judul / Perihal", Field.TITLE),
    ("Mitra Kerja Sama", Field.PARTNERS),
    ("NIB Mitra", Field.NIB),
    ("NPWP Mitra", Field.NPWP),
    ("Perangkat Daerah", Field.OPD),
    ("Bidang Urusan", Field.URUSAN),
    ("Tanggal Penandatanganan", Field.SIGNING_DATE),
    ("Tanggal Mulai", Field.START_DATE),
    ("Tanggal Berakhir", Field.END_DATE),
    ("Jangka Waktu (Bulan)", Field.DURATION),
    ("Status", Field.STATUS),
    ("Keterangan", Field.REMARKS),
    # The case's value: the sum of its financing lines, on the case's first row only.
    ("Nilai Kerja Sama (Rp)", Field.AMOUNT),
)
HEADERS = tuple(header for header, _field in COLUMNS)
FIELDS = tuple(field for _header, field in COLUMNS)

# The documents a row stands for: the agreements (§3.4, §8.3), each numbered by every party.
ROW_KINDS = (
    DocumentKind.KB,
    DocumentKind.NK,
    DocumentKind.FOREIGN_TEXT,
    DocumentKind.LOI,
    DocumentKind.PKS,
    DocumentKind.ADDENDUM,
)
DOCUMENT_KIND_TEXTS: dict[str, str] = {
    DocumentKind.KB: "Kesepakatan Bersama",
    DocumentKind.PKS: "Perjanjian Kerja Sama",
    DocumentKind.ADDENDUM: "Adendum",
    DocumentKind.NK: "Nota Kesepakatan",
    DocumentKind.LOI: "Letter of Intent",
    DocumentKind.FOREIGN_TEXT: "Naskah Kerja Sama Luar Negeri",
}
COOPERATION_KIND_TEXTS: dict[str, str] = {
    CooperationKind.KSDD: "KSDD",
    CooperationKind.KSDPK: "KSDPK",
    CooperationKind.KSDPL: "KSDPL",
    CooperationKind.KSDLL: "KSDLL",
    CooperationKind.SINERGI: "Sinergi",
}
# One status per stage (§5.2, §6.1, §6.2): the stage's Indonesian name (one exception). `values.STATUS_STAGES`
# includes them, so each is proposed back as its own stage.
STATUS_TEXTS: dict[str, str] = {
    Stage.PROPOSAL: "Usulan",
    Stage.PREPARATION: "Persiapan",
    Stage.OFFER: "Penawaran",
    Stage.KB_DRAFTING: "Penyusunan Kesepakatan Bersama",
    Stage.KB_SIGNED: "Kesepakatan Bersama ditandatangani",
    Stage.AWAITING_DPRD: "Menunggu persetujuan DPRD",
    Stage.PKS_DRAFTING: "Penyusunan Perjanjian Kerja Sama",
    Stage.PKS_SIGNED: "Perjanjian Kerja Sama ditandatangani",
    Stage.INITIATIVE: "Prakarsa",
    Stage.EXPLORATION: "Penjajakan",
    Stage.LOI_CONSULTATION: "Konsultasi sebelum pernyataan kehendak",
    Stage.LOI_SIGNED: "Pernyataan kehendak ditandatangani",
    Stage.PLAN_DRAFTING: "Penyusunan rencana kerja sama",
    Stage.AWAITING_MINISTER: "Menunggu pertimbangan Menteri",
    Stage.PLAN_REVISION: "Perbaikan rencana kerja sama",
    Stage.TEXT_DRAFTING: "Penyusunan naskah kerja sama",
    Stage.AWAITING_TEXT_APPROVAL: "Menunggu persetujuan Menteri atas naskah",
    Stage.FOREIGN_NEGOTIATION: "Pembahasan dengan pihak luar negeri",
    Stage.CONFIRMATION_RECEIVED: "Surat konfirmasi diterima",
    Stage.TEXT_SIGNED: "Naskah kerja sama ditandatangani",
    Stage.TKKSD_REVIEW: "Kajian TKKSD",
    Stage.NK_DRAFTING: "Penyusunan Nota Kesepakatan dan Rencana Kerja",
    Stage.NK_SIGNED: "Nota Kesepakatan ditandatangani",
    Stage.IN_FORCE: "Berlaku",
    # Not "Berakhir", a header text ("Tanggal Berakhir"): a first data row with two more header
    # words would be taken for a second header row (`table.is_sub_header`).
    Stage.ENDED: "Telah berakhir",
    Stage.TAKEN_OVER: "Diambil alih",
    Stage.REJECTED: "Ditolak",
    Stage.CANCELLED: "Dibatalkan",
}

# --- Formula injection ------------------------------------------------------------------------
#
# A spreadsheet program may run a cell that starts with one of these as a formula (CSV
# injection, OWASP). XLSX: such a cell is written as a text cell (a shared string, never a
# formula) with Excel's quote prefix, so its value is the text itself. CSV has no cell types:
# the text gets a leading apostrophe, which `csv_unescape` (the importer's CSV reader) takes off
# again. A text that already starts with an apostrophe followed by one of these (or by another
# apostrophe) gets one more, so that the escape is reversible for every text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def starts_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def csv_escape(text: str) -> str:
    """The text as a CSV cell that no spreadsheet runs: "=1+2" → "'=1+2"."""
    if starts_formula(text) or (text.startswith(_QUOTE) and _escaped(text)):
        return _QUOTE + text
    return text


def csv_unescape(text: str) -> str:
    """The inverse of `csv_escape`: "'=1+2" → "=1+2"; any other text unchanged."""
    return text[1:] if _escaped(text) else text


def _escaped(text: str) -> bool:
    return text.startswith(_QUOTE) and text[1:2] != "" and text[1] in (*FORMULA_STARTS, _QUOTE)


# The CSV: UTF-8 with a BOM (Excel then opens it as UTF-8) and ";" between cells, the separator
# Excel writes and reads in an Indonesian locale (the decimal comma) and the one
# `files.sniff_delimiter` tries first; dates as dd/mm/yyyy.
CSV_DELIMITER = ";"
CSV_DATE_FORMAT = "%d/%m/%Y"
XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_RUPIAH_FORMAT = '"Rp"\\ #,##0.00'
# An amount in the CSV: digits, a decimal comma and two decimals ("1250000000,00").
CSV_DECIMAL = ","


def row_stage(document_stage: str, case_stage: str) -> str:
    """The stage a row of an agreement stands at, as the export writes its status and the
    import compares it: the agreement's own (a PKS walks its own road, issue 7), else the
    case's — and the case's when the PKS is a draft of a case that has not reached the PKS's
    road yet (a case at its proposal with the PKS filed early: the walk of issue 11 found the
    row "Usulan" on the case and "Penyusunan PKS" on its agreement)."""
    before_the_road = case_stage not in _PKS_ROAD_AND_AFTER
    if document_stage == Stage.PKS_DRAFTING and before_the_road:
        return case_stage
    return document_stage or case_stage


# The case's stages from which a PKS's own stage is the one a row shows (`row_stage`): the road
# of the PKS and the ends.
_PKS_ROAD_AND_AFTER = PKS_ROAD_CASE_STAGES | TERMINAL_STAGES
