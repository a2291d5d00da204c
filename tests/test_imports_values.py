"""Reading cells and headers (issue 11, items 3 and 4): examples written by hand, and properties
with Hypothesis — a date written in any supported format reads back as that date, a term
phrase as its months, a header or a type with random spaces and case as the same field/type."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from kerjasama.agreements.enums import CooperationKind, DocumentKind
from kerjasama.imports.columns import (
    IGNORE,
    Field,
    field_of_header,
    propose_mapping,
    remember,
    validate_mapping,
)
from kerjasama.imports.table import RowClassifier, RowKind
from kerjasama.imports.values import (
    Read,
    read_code,
    read_cooperation_kind,
    read_date,
    read_document_kind,
    read_duration,
    split_partners,
)

ID_MONTHS = [
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
ID_ABBREVIATIONS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
]
EN_ABBREVIATIONS = [
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
]
ID_DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
NUMBER_WORDS = [
    "nol",
    "satu",
    "dua",
    "tiga",
    "empat",
    "lima",
    "enam",
    "tujuh",
    "delapan",
    "sembilan",
    "sepuluh",
    "sebelas",
]


def words(number: int) -> str:
    """An Indonesian number in words, written out here by hand's rules (up to 99)."""
    if number < 12:
        return NUMBER_WORDS[number]
    if number < 20:
        return f"{NUMBER_WORDS[number - 10]} belas"
    tens, ones = divmod(number, 10)
    return f"{NUMBER_WORDS[tens]} puluh" + (f" {NUMBER_WORDS[ones]}" if ones else "")


def formats(date: dt.date) -> list[str]:
    d, m, y = date.day, date.month, date.year
    return [
        f"{d:02d}/{m:02d}/{y}",
        f"{d}/{m}/{y}",
        f"{d}-{EN_ABBREVIATIONS[m - 1]}-{y % 100:02d}",
        f"{d}-{ID_ABBREVIATIONS[m - 1]}-{y % 100:02d}",
        f"{d} {ID_MONTHS[m - 1]} {y}",
        f"{d} {ID_MONTHS[m - 1].upper()} {y}",
        f"{ID_DAYS[date.weekday()]}, {d} {ID_MONTHS[m - 1]} {y}",
    ]


@settings(deadline=None)  # a loaded CI machine: no per-example time limit
@given(st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2029, 12, 31)))
def test_a_date_written_in_every_supported_format_reads_back_as_that_date(date):
    for text in formats(date):
        read = read_date(text, "L5")
        assert (read.value, read.issues) == (date, ()), text


@settings(deadline=None)  # a loaded CI machine: no per-example time limit
@given(st.integers(min_value=0, max_value=30), st.integers(min_value=0, max_value=11))
def test_a_term_phrase_reads_back_as_its_months(years, months):
    phrases = []
    if years and months:
        phrases += [
            f"{years} tahun {months} bulan",
            f"{years} ({words(years)}) tahun {months} ({words(months)}) bulan",
            f"{words(years)} tahun {words(months)} bulan",
        ]
    elif years:
        phrases += [f"{years} tahun", f"{years} ({words(years)}) tahun", f"{words(years)} tahun"]
    elif months:
        phrases += [
            f"{months} bulan",
            f"{months} ({words(months)}) bulan",
            f"{words(months)} bulan",
        ]
    for phrase in phrases:
        read = read_duration(phrase, "N5")
        assert (read.value, read.issues) == (years * 12 + months, ()), phrase


def scrambled(text: str) -> st.SearchStrategy[str]:
    """`text` with each character's case drawn at random and its spaces widened or turned into
    line breaks."""
    return st.lists(
        st.tuples(st.booleans(), st.sampled_from(["", " ", "  ", "\n"])),
        min_size=len(text),
        max_size=len(text),
    ).map(
        lambda draws: "".join(
            (char.upper() if upper else char.lower()) + (extra if char == " " else "")
            for char, (upper, extra) in zip(text, draws, strict=True)
        )
    )


HEADERS_BY_HAND = [
    ("No. Registrasi", Field.REGISTER_NUMBER),
    ("Nomor Naskah", Field.DOCUMENT_NUMBER),
    ("Jenis Naskah", Field.DOCUMENT_KIND),
    ("Judul / Perihal", Field.TITLE),
    ("Mitra Kerja Sama", Field.PARTNERS),
    ("Asal Mitra", Field.PARTNER_ORIGIN),
    ("Perangkat Daerah", Field.OPD),
    ("Bidang Urusan", Field.URUSAN),
    ("Tanggal Permohonan", Field.REQUEST_DATE),
    ("Tanggal Penandatanganan", Field.SIGNING_DATE),
    ("Tanggal Mulai", Field.START_DATE),
    ("Tanggal Berakhir", Field.END_DATE),
    ("Jangka Waktu", Field.DURATION),
    ("Status", Field.STATUS),
    ("Keterangan", Field.REMARKS),
    ("NIB", Field.NIB),
    ("NPWP", Field.NPWP),
]


@settings(deadline=None)  # a loaded CI machine: no per-example time limit
@given(
    st.sampled_from(HEADERS_BY_HAND).flatmap(
        lambda pair: st.tuples(scrambled(pair[0]), st.just(pair[1]))
    )
)
def test_a_header_with_random_spaces_and_case_maps_to_the_same_field(drawn):
    text, field = drawn
    assert field_of_header(text) == field, repr(text)


KINDS_BY_HAND = [
    ("Perjanjian Kerja Sama", DocumentKind.PKS),
    ("PKS", DocumentKind.PKS),
    ("Kesepakatan Bersama", DocumentKind.KB),
    ("KB", DocumentKind.KB),
    ("Nota Kesepakatan", DocumentKind.NK),
    ("NK", DocumentKind.NK),
    ("Adendum", DocumentKind.ADDENDUM),
    ("Addendum", DocumentKind.ADDENDUM),
]


@settings(deadline=None)  # a loaded CI machine: no per-example time limit
@given(
    st.sampled_from(KINDS_BY_HAND).flatmap(
        lambda pair: st.tuples(scrambled(pair[0]), st.just(pair[1]))
    )
)
def test_a_type_with_random_spaces_and_case_reads_as_the_same_type(drawn):
    text, kind = drawn
    read = read_document_kind(text, "D5")
    assert (read.value, read.issues) == (kind, ()), repr(text)


def test_header_variants_by_hand():
    assert field_of_header("No. Reg") == Field.REGISTER_NUMBER
    assert field_of_header("Tgl. Penandatanganan") == Field.SIGNING_DATE
    assert field_of_header("Jangka Waktu (Tahun)") == Field.DURATION
    assert field_of_header("Tangal Mulai") == Field.START_DATE  # typo
    assert field_of_header("Anggaran (Rp)") is None
    assert field_of_header("No.") is None  # the running number: a header, but no field


def test_a_proposal_gives_a_field_to_its_first_column_only_and_remembers_by_header():
    headers = {"A": "No", "B": "Judul", "C": "Perihal", "D": "Mitra", "E": "Pihak Kedua"}

    mapping = propose_mapping(headers)

    assert mapping == {"A": IGNORE, "B": "title", "C": IGNORE, "D": "partners", "E": "partners"}
    assert remember(headers, mapping) == {
        "no": IGNORE,
        "judul": "title",
        "perihal": IGNORE,
        "mitra": "partners",
        "pihak kedua": "partners",
    }
    assert validate_mapping(mapping) == mapping


def test_dates_by_hand():
    assert read_date("29/02/2024", "J3").value == dt.date(2024, 2, 29)
    assert read_date("29/02/2023", "J3").issues[0].code == "date_not_exist"
    assert read_date("07/17/2023", "J3").issues[0].code == "date_unreadable"  # month 17
    assert read_date("17 Agt 2023", "J3").value == dt.date(2023, 8, 17)
    assert read_date("17-Okt-99", "J3").value == dt.date(1999, 10, 17)
    assert read_date("1 Nopember 2020", "J3").value == dt.date(2020, 11, 1)
    assert read_date("2023-07-17", "J3").value == dt.date(2023, 7, 17)
    assert read_date("17 Juli 2023.", "J3").value == dt.date(2023, 7, 17)
    assert read_date(dt.datetime(2023, 7, 17, 9, 30), "J3").issues[0].code == "date_time_kept_day"
    assert read_date("  ", "J3").value is None
    assert read_date("  ", "J3").issues == ()


def test_terms_by_hand():
    assert read_duration("1,5 tahun", "N3").value == 18
    assert read_duration("setahun", "N3").value == 12
    assert read_duration("60 (enam puluh) bulan", "N3").value == 60
    assert read_duration("Selama 3 (tiga) tahun", "N3").value == 36
    assert read_duration(5, "N3").issues[0].code == "duration_no_unit"
    assert read_duration(5, "N3", unit_months=12).value == 60
    assert read_duration("2,5 bulan", "N3").issues[0].code == "duration_days"
    assert read_duration("seumur hidup", "N3").issues[0].code == "duration_unreadable"


def test_partners_by_hand():
    assert split_partners("PT A & PT B") == ["PT A", "PT B"]
    assert split_partners("Kab. Sambas, Kab. Bengkayang") == ["Kab. Sambas", "Kab. Bengkayang"]
    assert split_partners("PT Jaya, Tbk") == ["PT Jaya, Tbk"]
    assert split_partners("Badan Pengelola Air dan Limbah") == ["Badan Pengelola Air dan Limbah"]
    assert split_partners("Kota Pontianak\n\n") == ["Kota Pontianak"]


def test_codes_are_text_as_shown():
    assert read_code("180/05/KS-Pem/2021", "C3").value == "180/05/KS-Pem/2021"
    assert read_code(119, "C3").value == "119"
    assert read_code(1.5e16, "G3").issues[0].code == "number_precision_lost"
    assert read_code(9.12000123456789e15, "G3").value is None
    assert read_code("9,12E+15", "G3").issues[0].code == "number_scientific"
    assert read_code(dt.datetime(2020, 12, 5), "C3").value == "05/12/2020"


PREFIXES = ["Pemerintah Kabupaten", "Kota", "PT", "Universitas", "Kab.", "Perumda"]
NAME_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)


@settings(deadline=None)  # a loaded CI machine: no per-example time limit
@given(
    st.lists(
        st.tuples(st.sampled_from(PREFIXES), st.lists(NAME_WORDS, min_size=1, max_size=3)),
        min_size=1,
        max_size=5,
    ),
    st.sampled_from(["lines", "numbered lines", "numbered inline", "semicolons"]),
)
def test_partners_written_as_a_list_read_back_as_that_list(parts, style):
    names = [" ".join([prefix, *(word.capitalize() for word in words)]) for prefix, words in parts]
    if style == "lines":
        text = "\n".join(names)
    elif style == "numbered lines":
        text = "\n".join(f"{i}. {name}" for i, name in enumerate(names, 1))
    elif style == "numbered inline":
        text = " ".join(f"{i}. {name}" for i, name in enumerate(names, 1))
    else:
        text = "; ".join(names)

    assert split_partners(text) == names, text


def test_a_signature_block_may_start_with_atas_nama():
    classifier = RowClassifier()
    assert classifier.classify([1, "1/2023", "Air bersih"]) == RowKind.DATA

    assert classifier.classify([None, None, "a.n. WALI KOTA SINGKAWANG"]) == RowKind.SIGNATURE
    assert classifier.classify([None, None, "Sekretaris Daerah,"]) == RowKind.SIGNATURE
    assert classifier.classify([None, None, "SUMARNO"]) == RowKind.SIGNATURE


def test_types_of_cooperation_by_hand():
    """§1 and §3: KSDD with another region, KSDPK with a third party, KSDPL with a foreign
    local government, KSDLL with a foreign institution, sinergi with the central government."""
    expected = {
        "KSDD": CooperationKind.KSDD,
        "Kerja Sama Antar Daerah": CooperationKind.KSDD,
        "KSDD (Kerja Sama Daerah dengan Daerah Lain)": CooperationKind.KSDD,
        "ksdpk": CooperationKind.KSDPK,
        "Pihak  Ketiga": CooperationKind.KSDPK,
        "Sister City": CooperationKind.KSDPL,
        "KSDLL": CooperationKind.KSDLL,
        "Sinergi": CooperationKind.SINERGI,
    }
    for text, kind in expected.items():
        assert read_cooperation_kind(text, "D3") == Read(kind), text
    assert [i.code for i in read_cooperation_kind("Luar Negeri", "D3").issues] == [
        "cooperation_ambiguous"
    ]
    assert [i.code for i in read_cooperation_kind("KSDD / KSDPK", "D3").issues] == [
        "cooperation_ambiguous"
    ]
    assert read_cooperation_kind("Hibah", "D3").issues[0].message == (
        "D3: “Hibah” bukan jenis kerja sama yang dikenal (KSDD, KSDPK, KSDPL, KSDLL, sinergi)"
    )
    assert field_of_header("Jenis Kerja Sama") == Field.COOPERATION_KIND
