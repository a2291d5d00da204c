"""A corpus of messy registers, built here with openpyxl, one per feature a Bagian Kerja Sama's
Excel register has (issue 11). For each, the values expected are written out by hand and
asserted field by field; nothing is written to the database (this increment only reads)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

import pytest
from django.utils import translation
from openpyxl import Workbook

from kerjasama.agreements.enums import DocumentKind, Stage
from kerjasama.core.exceptions import DomainError
from kerjasama.imports.columns import IGNORE
from kerjasama.imports.reader import RegisterRead, read_register
from kerjasama.imports.table import RowKind

# The header of the registers below: A … P.
HEADER = [
    "No.",
    "No. Registrasi",
    "Nomor Naskah",
    "Jenis Naskah",
    "Judul / Perihal",
    "Mitra Kerja Sama",
    "Asal Mitra",
    "Perangkat Daerah",
    "Bidang Urusan",
    "Tanggal Permohonan",
    "Tanggal Penandatanganan",
    "Tanggal Mulai",
    "Tanggal Berakhir",
    "Jangka Waktu",
    "Status",
    "Keterangan",
]
MAPPED = {
    "A": IGNORE,
    "B": "register_number",
    "C": "document_number",
    "D": "document_kind",
    "E": "title",
    "F": "partners",
    "G": "partner_origin",
    "H": "opd",
    "I": "urusan",
    "J": "request_date",
    "K": "signing_date",
    "L": "start_date",
    "M": "end_date",
    "N": "duration",
    "O": "status",
    "P": "remarks",
}


def row(**fields: Any) -> list[Any]:
    """A register row from field letters: row(C="119/12/2023", E="Air bersih")."""
    cells: list[Any] = [None] * 16
    for letter, value in fields.items():
        cells[ord(letter) - ord("A")] = value
    return cells


def workbook(
    rows: Sequence[Sequence[Any]],
    *,
    merges: Sequence[str] = (),
    formats: dict[str, str] | None = None,
    title: str = "Register",
    before: Sequence[tuple[str, Sequence[Sequence[Any]]]] = (),
) -> bytes:
    """An .xlsx whose sheet `title` holds `rows` from A1; `before` are sheets put first."""
    book = Workbook()
    book.remove(book.active)
    for name, other_rows in before:
        other = book.create_sheet(name)
        for cells in other_rows:
            other.append(list(cells))
    sheet = book.create_sheet(title)
    for cells in rows:
        sheet.append(list(cells))
    for cells in merges:
        sheet.merge_cells(cells)
    for ref, number_format in (formats or {}).items():
        sheet[ref].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def kinds(read) -> dict[int, RowKind]:
    return {r.number: r.kind for r in read.rows}


def messages(read, number: int) -> list[str]:
    return [issue.message for issue in read.row(number).issues]


def test_title_block_with_a_merged_title_lies_above_the_header():
    data = workbook(
        [
            ["DAFTAR KERJA SAMA DAERAH PEMERINTAH KOTA SINGKAWANG"],
            ["Bagian Kerja Sama Sekretariat Daerah"],
            [],
            HEADER,
            row(
                A=1,
                B="KS-001",
                C="119/12/2023",
                D="Perjanjian Kerja Sama",
                E="Penyediaan air bersih lintas daerah",
                F="Pemerintah Kabupaten Bengkayang",
                G="Kalimantan Barat",
                H="Dinas PUPR",
                I="Pekerjaan Umum dan Penataan Ruang",
                J="03/01/2023",
                K="17/07/2023",
                L="17/07/2023",
                M="16/07/2028",
                N="5 (lima) tahun",
                O="Berlaku",
                P="Dana APBD",
            ),
        ],
        merges=["A1:P1", "A2:P2"],
    )

    read = read_register(data, name="register.xlsx")

    assert read.sheet == "Register"
    assert read.header_row == 4
    assert kinds(read) == {
        1: RowKind.TITLE,
        2: RowKind.TITLE,
        3: RowKind.BLANK,
        4: RowKind.HEADER,
        5: RowKind.DATA,
    }
    assert read.mapping == MAPPED
    values = read.row(5).values
    assert values["register_number"] == "KS-001"
    assert values["document_number"] == "119/12/2023"
    assert values["document_kind"] == DocumentKind.PKS
    assert values["title"] == "Penyediaan air bersih lintas daerah"
    assert values["partners"] == ["Pemerintah Kabupaten Bengkayang"]
    assert values["partner_origin"] == ["Kalimantan Barat"]
    assert values["opd"] == "Dinas PUPR"
    assert values["urusan"] == "Pekerjaan Umum dan Penataan Ruang"
    assert values["request_date"] == dt.date(2023, 1, 3)
    assert values["signing_date"] == dt.date(2023, 7, 17)
    assert values["start_date"] == dt.date(2023, 7, 17)
    assert values["end_date"] == dt.date(2028, 7, 16)
    assert values["duration"] == 60
    assert values["status"] == "Berlaku"
    assert values["remarks"] == "Dana APBD"
    assert read.row(5).issues == []


def test_section_rows_give_the_rows_below_them_their_year_and_are_not_data():
    data = workbook(
        [
            HEADER,
            ["TAHUN 2022"],
            row(A=1, C="001/2022", E="Pengelolaan sampah"),
            row(A=2, C="002/2022", E="Promosi pariwisata"),
            ["Tahun 2023"],
            row(A=1, C="001/2023", E="Jalan perbatasan"),
        ],
        merges=["A5:P5"],
    )

    read = read_register(data, name="register.xlsx")

    assert kinds(read) == {
        1: RowKind.HEADER,
        2: RowKind.SECTION,
        3: RowKind.DATA,
        4: RowKind.DATA,
        5: RowKind.SECTION,
        6: RowKind.DATA,
    }
    assert [(r.number, r.year) for r in read.data_rows()] == [(3, 2022), (4, 2022), (6, 2023)]
    # The year is context, not a value of any field.
    assert read.row(3).values == {"document_number": "001/2022", "title": "Pengelolaan sampah"}


def test_dates_as_serials_in_two_formats_as_day_month_year_text_and_as_indonesian_text():
    data = workbook(
        [
            HEADER,
            # Excel's serial 45124 is 17 July 2023 (1 Jan 2023 = 44927, + 31+28+31+30+31+30
            # days = 1 July = 45108, + 16).
            row(A=1, E="a", L=45124),
            row(A=2, E="b", L=dt.datetime(2023, 7, 17)),
            row(A=3, E="c", L="17/07/2023"),
            row(A=4, E="d", L="17 Juli 2023"),
            row(A=5, E="e", L="17 JULI 2023"),
            row(A=6, E="f", L="Senin, 17 Juli 2023"),
            row(A=7, E="g", L="17-Jul-23"),
            row(A=8, E="h", L="17 Jul 2023"),
            row(A=9, E="i", L="31 Juni 2023"),
            row(A=10, E="j", L="tujuh belas juli"),
            row(A=11, E="k", L=2023),
            row(A=12, E="l", L="Selasa, 17 Juli 2023"),
        ],
        formats={"L2": "dd/mm/yyyy", "L3": "d mmmm yyyy"},
    )

    read = read_register(data, name="register.xlsx")

    july_17 = dt.date(2023, 7, 17)
    for number in range(2, 10):
        assert read.row(number).values["start_date"] == july_17, number
        assert read.row(number).issues == [], number
    assert "start_date" not in read.row(10).values
    assert messages(read, 10) == ["L10: tanggal “31 Juni 2023” tidak ada"]
    assert "start_date" not in read.row(11).values
    assert messages(read, 11) == [
        "L11: “tujuh belas juli” tidak dapat dibaca sebagai tanggal (tulis mis. 17/07/2023 "
        "atau 17 Juli 2023)"
    ]
    assert "start_date" not in read.row(12).values
    assert read.row(12).issues[0].code == "date_is_number"
    # 17 July 2023 was a Monday: the date is read, the wrong day name is pointed out.
    assert read.row(13).values["start_date"] == july_17
    assert messages(read, 13) == [
        "L13: 17/07/2023 bukan hari Selasa; tanggalnya dibaca, nama harinya diabaikan"
    ]


def test_document_types_spelled_out_and_abbreviated():
    typed = [
        ("Perjanjian Kerja Sama", DocumentKind.PKS, None),
        ("PKS", DocumentKind.PKS, None),
        ("perjanjian  kerjasama", DocumentKind.PKS, None),
        ("Perjanjian Kerja Sama (PKS)", DocumentKind.PKS, None),
        ("Kesepakatan Bersama", DocumentKind.KB, None),
        ("KB", DocumentKind.KB, None),
        ("Nota Kesepakatan", DocumentKind.NK, None),
        ("NK", DocumentKind.NK, None),
        ("Adendum I", DocumentKind.ADDENDUM, None),
        ("Addendum", DocumentKind.ADDENDUM, None),
        ("MoU", DocumentKind.KB, "kind_mou"),
        ("Nota Kesepahaman", DocumentKind.KB, "kind_mou"),
        ("Perjanjian Kerja Samma", DocumentKind.PKS, "kind_typo"),
        ("PKS / KB", None, "kind_ambiguous"),
        ("Surat Edaran", None, "kind_unknown"),
    ]
    data = workbook(
        [HEADER, *[row(A=i, E="x", D=text) for i, (text, _k, _c) in enumerate(typed, 1)]]
    )

    read = read_register(data, name="register.xlsx")

    for number, (text, kind, code) in enumerate(typed, start=2):
        assert read.row(number).values.get("document_kind") == kind, text
        assert [issue.code for issue in read.row(number).issues] == ([code] if code else []), text
    assert messages(read, 12) == [
        "D12: “MoU” dibaca sebagai Kesepakatan Bersama; dengan mitra luar negeri naskah ini "
        "adalah naskah kerja sama"
    ]
    assert messages(read, 15) == [
        "D15: “PKS / KB” menyebut lebih dari satu jenis naskah; pilih satu"
    ]


def test_several_partners_in_one_cell_on_lines_as_numbered_list_and_with_dan():
    data = workbook(
        [
            HEADER,
            row(A=1, E="a", F="Pemerintah Kabupaten Sambas\nPemerintah Kabupaten Bengkayang"),
            row(A=2, E="b", F="1. Pemerintah Kota Pontianak 2. PT Sinar Jaya Abadi"),
            row(A=3, E="c", F="1. Kabupaten Kubu Raya\n2. Kabupaten Mempawah\n3. CV Maju"),
            row(A=4, E="d", F="Kota Pontianak dan Kabupaten Kubu Raya"),
            row(A=5, E="e", F="Dinas Kebersihan dan Pertamanan Kota Pontianak"),
            row(A=6, E="f", F="Universitas Tanjungpura; Politeknik Negeri Pontianak"),
            row(A=7, E="g", F="- PT Air Minum\n- Perumda Air Minum Tirta Khatulistiwa"),
        ]
    )

    read = read_register(data, name="register.xlsx")

    assert read.row(2).values["partners"] == [
        "Pemerintah Kabupaten Sambas",
        "Pemerintah Kabupaten Bengkayang",
    ]
    assert read.row(3).values["partners"] == ["Pemerintah Kota Pontianak", "PT Sinar Jaya Abadi"]
    assert read.row(4).values["partners"] == [
        "Kabupaten Kubu Raya",
        "Kabupaten Mempawah",
        "CV Maju",
    ]
    assert read.row(5).values["partners"] == ["Kota Pontianak", "Kabupaten Kubu Raya"]
    assert read.row(6).values["partners"] == ["Dinas Kebersihan dan Pertamanan Kota Pontianak"]
    assert read.row(7).values["partners"] == [
        "Universitas Tanjungpura",
        "Politeknik Negeri Pontianak",
    ]
    assert read.row(8).values["partners"] == [
        "PT Air Minum",
        "Perumda Air Minum Tirta Khatulistiwa",
    ]


def test_an_opd_merged_down_over_rows_gives_its_name_to_every_row():
    data = workbook(
        [
            HEADER,
            row(A=1, E="Air bersih", H="Dinas PUPR"),
            row(A=2, E="Jalan perbatasan"),
            row(A=3, E="Drainase"),
            row(A=4, E="Promosi wisata", H="Dinas Pariwisata"),
        ],
        merges=["H2:H4"],
    )

    read = read_register(data, name="register.xlsx")

    assert [r.values.get("opd") for r in read.data_rows()] == [
        "Dinas PUPR",
        "Dinas PUPR",
        "Dinas PUPR",
        "Dinas Pariwisata",
    ]
    assert read.row(3).cells[7] == "Dinas PUPR"


def test_typos_mixed_case_and_double_spaces_in_headers_and_cells():
    header = list(HEADER)
    header[4] = "judul/PERIHAL"
    header[11] = "TANGGAL  MULAI"
    header[12] = "Tangal Berakhir"  # sic
    header[7] = "Perangkat\nDaerah"
    data = workbook(
        [
            header,
            row(
                A=1,
                E="Pengelolaan  Air   Bersih",
                H="dinas  pupr",
                L="17/07/2023",
                O="masih  BERLAKU",
            ),
            row(A=2, E="Sampah", H="DINAS PUPR", M="16/07/2028", O="Masih Berlaku"),
        ]
    )

    read = read_register(data, name="register.xlsx")

    assert read.mapping == MAPPED
    # Kept as typed for display.
    assert read.row(2).values["title"] == "Pengelolaan  Air   Bersih"
    assert read.row(2).values["opd"] == "dinas  pupr"
    assert read.row(2).values["start_date"] == dt.date(2023, 7, 17)
    assert read.row(3).values["end_date"] == dt.date(2028, 7, 16)
    # One status, however it was typed, proposed as "in force" for both rows.
    assert [(s.key, s.text, s.stage, s.rows) for s in read.statuses] == [
        ("masih berlaku", "masih  BERLAKU", Stage.IN_FORCE, 2)
    ]


def test_an_excel_error_in_a_cell_is_a_reason_not_a_value():
    data = workbook([HEADER, row(A=1, C="1/2023", E="#N/A", M="#REF!")])

    read = read_register(data, name="register.xlsx")

    assert read.row(2).values == {"document_number": "1/2023"}
    assert messages(read, 2) == [
        "E2: sel menampilkan galat Excel “#N/A” (rumus yang gagal); ketik nilainya sendiri",
        "M2: sel menampilkan galat Excel “#REF!” (rumus yang gagal); ketik nilainya sendiri",
    ]


def test_empty_columns_stay_empty_without_a_reason():
    data = workbook(
        [HEADER, row(A=1, C="1/2023", E="Air bersih"), row(A=2, C="2/2023", E="Sampah")]
    )

    read = read_register(data, name="register.xlsx")

    for r in read.data_rows():
        assert set(r.values) == {"document_number", "title"}
        assert r.issues == []


def test_totals_footnotes_and_a_signature_block_are_not_data():
    data = workbook(
        [
            ["REKAPITULASI KERJA SAMA DAERAH"],
            HEADER,
            [
                "(1)",
                "(2)",
                "(3)",
                "(4)",
                "(5)",
                "(6)",
                "(7)",
                "(8)",
                "(9)",
                "(10)",
                "(11)",
                "(12)",
                "(13)",
                "(14)",
                "(15)",
                "(16)",
            ],
            row(A=1, C="1/2023", E="Air bersih"),
            row(A=2, C="2/2023", E="Sampah"),
            ["JUMLAH", None, None, None, 2],
            [],
            ["Keterangan:"],
            ["*) Naskah belum ditandatangani para pihak"],
            ["Sumber: Bagian Kerja Sama Setda Kota Singkawang"],
            [],
            row(L="Singkawang, 31 Desember 2023"),
            row(L="Kepala Bagian Kerja Sama"),
            [],
            row(L="SUMARNO, S.H."),
            row(L="Pembina (IV/a)"),
            row(L=197001011990031001),
        ]
    )

    read = read_register(data, name="register.xlsx")

    assert kinds(read) == {
        1: RowKind.TITLE,
        2: RowKind.HEADER,
        3: RowKind.COLUMN_NUMBERS,
        4: RowKind.DATA,
        5: RowKind.DATA,
        6: RowKind.TOTALS,
        7: RowKind.BLANK,
        8: RowKind.FOOTNOTE,
        9: RowKind.FOOTNOTE,
        10: RowKind.FOOTNOTE,
        11: RowKind.BLANK,
        12: RowKind.SIGNATURE,
        13: RowKind.SIGNATURE,
        14: RowKind.BLANK,
        15: RowKind.SIGNATURE,
        16: RowKind.SIGNATURE,
        17: RowKind.SIGNATURE,
    }
    assert [r.values["title"] for r in read.data_rows()] == ["Air bersih", "Sampah"]


def test_a_summary_sheet_loses_to_the_register_and_may_be_chosen():
    summary = [["REKAP PER JENIS"], ["No", "Jenis Naskah", "Jumlah"], [1, "PKS", 12], [2, "KB", 4]]
    data = workbook([HEADER, row(A=1, C="1/2023", E="Air bersih")], before=[("Rekap", summary)])

    read = read_register(data, name="register.xlsx")

    assert [s.name for s in read.sheets] == ["Rekap", "Register"]
    assert read.sheet == "Register"
    assert read.row(2).values["title"] == "Air bersih"

    chosen = read_register(data, name="register.xlsx", sheet="Rekap", header_row=2)
    assert chosen.sheet == "Rekap"
    assert chosen.mapping == {"A": IGNORE, "B": "document_kind", "C": IGNORE}
    assert [r.values for r in chosen.data_rows()] == [
        {"document_kind": DocumentKind.PKS},
        {"document_kind": DocumentKind.KB},
    ]


def test_a_sixteen_digit_number_typed_as_a_number_is_not_taken():
    header = [*HEADER[:6], "NIB", "NPWP"]
    data = workbook(
        [
            header,
            [1, None, None, None, "PT A", "PT A", 9120001234567890, "01.234.567.8-701.000"],
            [2, None, None, None, "PT B", "PT B", 1234567890123, 12345678901234],
            [3, None, None, None, "PT C", "PT C", "1.23457E+12", "0123456789012345"],
        ]
    )

    read = read_register(data, name="register.xlsx")

    assert read.mapping["G"] == "nib"
    assert read.mapping["H"] == "npwp"
    assert "nib" not in read.row(2).values
    assert messages(read, 2) == [
        "G2: angka 16 digit atau lebih sudah dibulatkan oleh Excel; ketik ulang sebagai teks"
    ]
    assert read.row(2).values["npwp"] == "01.234.567.8-701.000"
    assert read.row(3).values["nib"] == "1234567890123"
    # An NPWP of 15 digits typed as a number lost its leading zero: kept, and said so.
    assert read.row(3).values["npwp"] == "12345678901234"
    assert [i.code for i in read.row(3).issues] == ["number_leading_zero"]
    assert "nib" not in read.row(4).values
    assert [i.code for i in read.row(4).issues] == ["number_scientific"]
    assert {
        cell: [i.severity for i in found] for cell, found in read.row(4).issues_by_cell().items()
    } == {"G4": ["warning"]}
    assert read.row(4).values["npwp"] == "0123456789012345"


def test_terms_in_words_and_digits_and_with_the_unit_in_the_header():
    header = list(HEADER)
    header[13] = "Jangka Waktu (Tahun)"
    data = workbook(
        [
            header,
            row(A=1, E="a", N="5 (lima) tahun"),
            row(A=2, E="b", N="lima tahun"),
            row(A=3, E="c", N="6 bulan"),
            row(A=4, E="d", N="2 tahun 6 bulan"),
            row(A=5, E="e", N=3),
            row(A=6, E="f", N="5 (enam) tahun"),
            row(A=7, E="g", N="90 hari"),
        ]
    )

    read = read_register(data, name="register.xlsx")

    assert [read.row(n).values.get("duration") for n in range(2, 9)] == [
        60,
        60,
        6,
        30,
        36,
        None,
        None,
    ]
    assert [i.code for i in read.row(7).issues] == ["duration_conflict"]
    assert [i.code for i in read.row(8).issues] == ["duration_days"]


def test_statuses_are_proposed_as_stages_and_unknown_ones_left_for_the_user():
    statuses = [
        "Berlaku",
        "Masih berlaku",
        "Habis",
        "Berakhir",
        "Tidak berlaku",
        "Dalam proses",
        "Draft",
    ]
    data = workbook([HEADER, *[row(A=i, E="x", O=s) for i, s in enumerate(statuses, 1)]])

    read = read_register(data, name="register.xlsx")

    assert read.status_mapping() == {
        "berlaku": "in_force",
        "masih berlaku": "in_force",
        "habis": "ended",
        "berakhir": "ended",
        "tidak berlaku": "ended",
        "dalam proses": None,
        "draft": None,
    }
    assert {s.text: s.stage for s in read.statuses} == {
        "Berlaku": Stage.IN_FORCE,
        "Masih berlaku": Stage.IN_FORCE,
        "Habis": Stage.ENDED,
        "Berakhir": Stage.ENDED,
        "Tidak berlaku": Stage.ENDED,
        "Dalam proses": None,
        "Draft": None,
    }


def test_a_two_row_header_with_a_merged_cell_above_its_columns():
    top = ["No.", "Nomor Naskah", "Judul", "Tanggal", None, "Status"]
    below = [None, None, None, "Mulai", "Berakhir", None]
    data = workbook(
        [top, below, [1, "1/2023", "Air bersih", "17/07/2023", "16/07/2028", "Berlaku"]],
        merges=["D1:E1", "A1:A2", "B1:B2", "C1:C2", "F1:F2"],
    )

    read = read_register(data, name="register.xlsx")

    assert read.headers["D"] == "Tanggal Mulai"
    assert read.headers["E"] == "Tanggal Berakhir"
    assert kinds(read) == {1: RowKind.HEADER, 2: RowKind.HEADER, 3: RowKind.DATA}
    assert read.row(3).values == {
        "document_number": "1/2023",
        "title": "Air bersih",
        "start_date": dt.date(2023, 7, 17),
        "end_date": dt.date(2028, 7, 16),
        "status": "Berlaku",
    }


def test_a_two_row_header_whose_second_row_names_more_fields_than_its_first():
    top = ["No.", "Naskah", None, "Judul", "Tanggal", None]
    below = [None, "Nomor", "Jenis", None, "Mulai", "Berakhir"]
    data = workbook(
        [
            ["DAFTAR NASKAH KERJA SAMA"],
            top,
            below,
            [1, "1/2023", "PKS", "Air bersih", "17/07/2023", "16/07/2028"],
        ],
        merges=["A1:F1", "A2:A3", "B2:C2", "D2:D3", "E2:F2"],
    )

    read = read_register(data, name="register.xlsx")

    assert read.header_row == 2
    assert read.headers == {
        "A": "No.",
        "B": "Nomor Naskah",
        "C": "Jenis Naskah",
        "D": "Judul",
        "E": "Tanggal Mulai",
        "F": "Tanggal Berakhir",
    }
    assert kinds(read) == {1: RowKind.TITLE, 2: RowKind.HEADER, 3: RowKind.HEADER, 4: RowKind.DATA}
    assert read.row(4).values == {
        "document_number": "1/2023",
        "document_kind": DocumentKind.PKS,
        "title": "Air bersih",
        "start_date": dt.date(2023, 7, 17),
        "end_date": dt.date(2028, 7, 16),
    }


def test_the_callers_mapping_and_a_remembered_mapping():
    header = ["No", "Nomor Naskah", "Uraian Singkat", "Pihak Lain"]
    data = workbook([header, [1, "1/2023", "Air bersih", "Kota Pontianak"]])

    # Two header texts only are known: the header row is the caller's choice.
    proposed = read_register(data, name="register.xlsx", header_row=1)
    assert proposed.mapping == {"A": IGNORE, "B": "document_number", "C": IGNORE, "D": IGNORE}

    chosen = read_register(
        data,
        name="register.xlsx",
        header_row=1,
        mapping={"B": "document_number", "C": "title", "D": "partners"},
    )
    assert chosen.row(2).values == {
        "document_number": "1/2023",
        "title": "Air bersih",
        "partners": ["Kota Pontianak"],
    }
    remembered = read_register(
        data,
        name="register.xlsx",
        remembered={"uraian  singkat": "title", "PIHAK LAIN": "partners"},
    )
    assert remembered.mapping == {
        "A": IGNORE,
        "B": "document_number",
        "C": "title",
        "D": "partners",
    }


def test_a_mapping_naming_one_field_twice_is_refused():
    data = workbook([HEADER, row(A=1, E="x")])

    with pytest.raises(DomainError) as refused:
        read_register(data, name="register.xlsx", mapping={"C": "title", "E": "title"})

    assert "Kolom C dan E sama-sama dipetakan ke Judul / perihal; pilih satu." in str(refused.value)


def test_a_csv_register_with_semicolons_in_windows_1252():
    text = (
        "No;Nomor Naskah;Jenis Naskah;Judul / Perihal;Mitra Kerja Sama;Tanggal Mulai;Status\r\n"
        "1;119/12/2023;PKS;Pengelolaan café wisata;Kota Pontianak;17 Pebruari 2023;Berlaku\r\n"
        '2;120/12/2023;KB;"Air bersih; sanitasi";"1. Kab. Sambas 2. PT Jaya";17/02/23;Habis\r\n'
    )
    data = text.encode("cp1252")

    read = read_register(data, name="register.csv")

    assert read.file_kind == "csv"
    assert read.header_row == 1
    assert read.row(2).values == {
        "document_number": "119/12/2023",
        "document_kind": DocumentKind.PKS,
        "title": "Pengelolaan café wisata",
        "partners": ["Kota Pontianak"],
        "start_date": dt.date(2023, 2, 17),
        "status": "Berlaku",
    }
    assert read.row(3).values["title"] == "Air bersih; sanitasi"
    assert read.row(3).values["partners"] == ["Kab. Sambas", "PT Jaya"]
    assert read.row(3).values["start_date"] == dt.date(2023, 2, 17)


def test_a_csv_register_with_commas_in_utf8_with_a_byte_order_mark():
    text = "Nomor Naskah,Judul,Mitra,Tanggal Mulai\n1/2023,Air bersih,Kota Pontianak,17-Agu-2023\n"
    data = b"\xef\xbb\xbf" + text.encode("utf-8")

    read = read_register(data, name="register.csv")

    assert read.headers == {"A": "Nomor Naskah", "B": "Judul", "C": "Mitra", "D": "Tanggal Mulai"}
    assert read.row(2).values == {
        "document_number": "1/2023",
        "title": "Air bersih",
        "partners": ["Kota Pontianak"],
        "start_date": dt.date(2023, 8, 17),
    }


def test_messages_are_rendered_in_the_readers_language():
    data = workbook([HEADER, row(A=1, E="x", L="31 Juni 2023")])
    read = read_register(data, name="register.xlsx")

    with translation.override("en"):
        assert messages(read, 2) == ["L2: the date “31 Juni 2023” does not exist"]
    assert messages(read, 2) == ["L2: tanggal “31 Juni 2023” tidak ada"]


def test_a_read_survives_being_stored_as_json():
    data = workbook(
        [
            ["DAFTAR KERJA SAMA"],
            HEADER,
            ["TAHUN 2023"],
            row(
                A=1,
                C="1/2023",
                D="PKS",
                E="Air  bersih",
                F="1. Kota A 2. PT B",
                L=dt.datetime(2023, 7, 17),
                N="5 tahun",
                O="Berlaku",
            ),
            row(A=2, C="2/2023", D="MoU", L="31 Juni 2023", O="Draft"),
            ["JUMLAH", None, 2],
        ]
    )
    read = read_register(data, name="register.xlsx")

    stored = json.loads(json.dumps(read.as_dict()))
    again = RegisterRead.from_dict(stored)

    assert again == read
    assert again.row(4).values["start_date"] == dt.date(2023, 7, 17)
    assert again.row(5).issues[1].message == "L5: tanggal “31 Juni 2023” tidak ada"


def test_a_register_with_everything_at_once():
    """A register as a Bagian Kerja Sama keeps it, every messy feature in one file; the summary
    sheet comes first."""
    top = [
        "No.",
        "Naskah",
        None,
        "Judul / Perihal",
        "Mitra Kerja Sama",
        "Perangkat  Daerah",
        "Tanggal",
        None,
        "Jangka Waktu",
        "Status",
        "Keterangan",
    ]
    below = [None, "Nomor", "Jenis", None, None, None, "Mulai", "Berakhir", None, None, None]
    rows = [
        ["DAFTAR NASKAH KERJA SAMA DAERAH"],
        ["PEMERINTAH KOTA SINGKAWANG"],
        [],
        top,
        below,
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)", "(11)"],
        ["TAHUN 2022"],
        [
            1,
            "119/05/KS/2022",
            "Kesepakatan Bersama",
            "Pengelolaan  sampah regional",
            "Pemerintah Kabupaten Bengkayang\nPemerintah Kabupaten Sambas",
            "Dinas Lingkungan Hidup",
            dt.datetime(2022, 5, 2),
            "01/05/2027",
            "5 (lima) tahun",
            "Berlaku",
            None,
        ],
        [
            2,
            "120/05/KS/2022",
            "PKS",
            "Angkutan sampah",
            "1. PT Bersih Jaya 2. CV Angkut",
            None,
            "2 Mei 2022",
            "1 Mei 2024",
            "dua tahun",
            "HABIS",
            "*)",
        ],
        ["TAHUN 2023"],
        [
            1,
            "7/KS/2023",
            "MoU",
            "Promosi wisata",
            "Kota Pontianak",
            "Dinas Pariwisata",
            "Senin, 17 Juli 2023",
            "31 Juni 2024",
            "1 tahun",
            "Dalam proses",
            None,
        ],
        ["JUMLAH", None, None, 3],
        [],
        ["Keterangan:"],
        ["*) diperpanjang dengan adendum"],
        [],
        [None, None, None, None, None, None, None, "Singkawang, 31 Desember 2023"],
        [None, None, None, None, None, None, None, "KEPALA BAGIAN KERJA SAMA,"],
        [None, None, None, None, None, None, None, "SUMARNO, S.H."],
        [None, None, None, None, None, None, None, "NIP. 19700101 199003 1 001"],
    ]
    summary = [["REKAP"], ["No", "Tahun", "Jumlah"], [1, 2022, 2], [2, 2023, 1]]
    data = workbook(
        rows,
        merges=[
            "A1:K1",
            "A2:K2",
            "A4:A5",
            "B4:C4",
            "D4:D5",
            "E4:E5",
            "F4:F5",
            "G4:H4",
            "I4:I5",
            "J4:J5",
            "K4:K5",
            "A7:K7",
            "F8:F9",
            "A10:K10",
            "A12:C12",
        ],
        before=[("Rekap", summary)],
    )

    read = read_register(data, name="Register KSD 2022-2023.xlsx")

    assert read.sheet == "Register"
    assert read.header_row == 4
    assert read.headers == {
        "A": "No.",
        "B": "Nomor Naskah",
        "C": "Jenis Naskah",
        "D": "Judul / Perihal",
        "E": "Mitra Kerja Sama",
        "F": "Perangkat  Daerah",
        "G": "Tanggal Mulai",
        "H": "Tanggal Berakhir",
        "I": "Jangka Waktu",
        "J": "Status",
        "K": "Keterangan",
    }
    assert kinds(read) == {
        1: RowKind.TITLE,
        2: RowKind.TITLE,
        3: RowKind.BLANK,
        4: RowKind.HEADER,
        5: RowKind.HEADER,
        6: RowKind.COLUMN_NUMBERS,
        7: RowKind.SECTION,
        8: RowKind.DATA,
        9: RowKind.DATA,
        10: RowKind.SECTION,
        11: RowKind.DATA,
        12: RowKind.TOTALS,
        13: RowKind.BLANK,
        14: RowKind.FOOTNOTE,
        15: RowKind.FOOTNOTE,
        16: RowKind.BLANK,
        17: RowKind.SIGNATURE,
        18: RowKind.SIGNATURE,
        19: RowKind.SIGNATURE,
        20: RowKind.SIGNATURE,
    }
    assert read.row(8).values == {
        "document_number": "119/05/KS/2022",
        "document_kind": DocumentKind.KB,
        "title": "Pengelolaan  sampah regional",
        "partners": ["Pemerintah Kabupaten Bengkayang", "Pemerintah Kabupaten Sambas"],
        "opd": "Dinas Lingkungan Hidup",
        "start_date": dt.date(2022, 5, 2),
        "end_date": dt.date(2027, 5, 1),
        "duration": 60,
        "status": "Berlaku",
    }
    assert read.row(8).year == 2022
    assert read.row(9).values == {
        "document_number": "120/05/KS/2022",
        "document_kind": DocumentKind.PKS,
        "title": "Angkutan sampah",
        "partners": ["PT Bersih Jaya", "CV Angkut"],
        "opd": "Dinas Lingkungan Hidup",  # merged down from row 8
        "start_date": dt.date(2022, 5, 2),
        "end_date": dt.date(2024, 5, 1),
        "duration": 24,
        "status": "HABIS",
        "remarks": "*)",
    }
    assert read.row(11).year == 2023
    assert read.row(11).values == {
        "document_number": "7/KS/2023",
        "document_kind": DocumentKind.KB,
        "title": "Promosi wisata",
        "partners": ["Kota Pontianak"],
        "opd": "Dinas Pariwisata",
        "start_date": dt.date(2023, 7, 17),
        "duration": 12,
        "status": "Dalam proses",
    }
    assert messages(read, 11) == [
        "C11: “MoU” dibaca sebagai Kesepakatan Bersama; dengan mitra luar negeri naskah ini "
        "adalah naskah kerja sama",
        "H11: tanggal “31 Juni 2024” tidak ada",
    ]
    assert read.status_mapping() == {"berlaku": "in_force", "habis": "ended", "dalam proses": None}


def test_a_first_data_row_of_text_under_a_merged_header_stays_data():
    data = workbook(
        [
            ["No.", "Nomor Naskah", "Judul", None, "Mitra"],
            ["1", "1/2023", "Air bersih", "tahap I", "Kota X"],
        ],
        merges=["C1:D1"],
    )

    read = read_register(data, name="register.xlsx")

    assert kinds(read) == {1: RowKind.HEADER, 2: RowKind.DATA}
    assert read.row(2).values == {
        "document_number": "1/2023",
        "title": "Air bersih",
        "partners": ["Kota X"],
    }
