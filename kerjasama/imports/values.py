"""Reading a cell as a careful clerk would (issue 11, item 4).

Each reader takes a cell's value (as openpyxl or the CSV gives it) and the cell's reference, and
returns a `Read`: the value, or None with the reason; never a guess. An empty cell is an empty
`Read` without a reason: whether a field is required is decided later, by the import's rules.
Text is kept as typed (for display); `columns.normalise` is its form for matching.
"""

from __future__ import annotations

import datetime as dt
import decimal
import difflib
import functools
import re
from dataclasses import dataclass
from typing import Any

from kerjasama.agreements.enums import CooperationKind, DocumentKind, Stage
from kerjasama.imports import template
from kerjasama.imports.columns import normalise
from kerjasama.imports.issues import Issue


@dataclass(frozen=True, slots=True)
class Read:
    value: Any = None
    issues: tuple[Issue, ...] = ()


EMPTY = Read()


# The values Excel shows for a formula that failed (openpyxl gives them as text).
EXCEL_ERRORS = frozenset(
    {"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def display(value: Any) -> str:
    """A cell's value as the register shows it, for messages and the preview."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value).strip()


# --- Text ------------------------------------------------------------------------------------


def read_text(value: Any, ref: str) -> Read:
    """Free text (title, OPD, urusan, remarks): as typed, without the spaces around it."""
    if is_empty(value):
        return EMPTY
    return Read(display(value))


# --- Dates -----------------------------------------------------------------------------------

# Indonesian and English month names and the abbreviations registers use (Agt/Agu/Agus, Nop,
# Peb, Sept).
MONTHS: dict[str, int] = {
    **{
        name: number
        for number, names in enumerate(
            (
                ("januari", "january", "jan"),
                ("februari", "pebruari", "february", "feb", "peb"),
                ("maret", "march", "mar"),
                ("april", "apr"),
                ("mei", "may"),
                ("juni", "june", "jun"),
                ("juli", "july", "jul"),
                ("agustus", "august", "agu", "agt", "agus", "aug", "ags"),
                ("september", "sep", "sept"),
                ("oktober", "october", "okt", "oct"),
                ("november", "nopember", "nov", "nop"),
                ("desember", "december", "des", "dec"),
            ),
            start=1,
        )
        for name in names
    }
}
# Monday = 0, as datetime.date.weekday().
WEEKDAYS: dict[str, int] = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
WEEKDAY_NAMES = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")

_WEEKDAY = re.compile(r"^([a-z]+)\s*,?\s+")
_NUMERIC_DMY = re.compile(r"^(\d{1,2})\s*([/.\-])\s*(\d{1,2})\s*\2\s*(\d{4}|\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_TEXT_DMY = re.compile(r"^(\d{1,2})\s*[\-/.\s]\s*([a-z]+)\.?\s*[\-/.\s]\s*(\d{4}|\d{2})$")


def full_year(year: str) -> int:
    """A two-digit year as Excel reads a typed one: 00-29 → 2000s, 30-99 → 1900s."""
    number = int(year)
    if len(year) == 2:
        return 2000 + number if number < 30 else 1900 + number
    return number


def _issue(code: str, ref: str, text: str) -> Read:
    return Read(None, (Issue(code, ref, {"text": text}),))


def parse_date_text(text: str, ref: str) -> Read:
    """ "17/07/2023", "17-07-23", "2023-07-17", "17-Jul-23", "17 Agt 2023", "17 Juli 2023",
    "17 JULI 2023", "Senin, 17 Juli 2023": day before month, always (Indonesian order)."""
    shown = " ".join(text.split())
    work = shown.lower().replace("'", "").replace("’", "").rstrip(".")
    weekday = None
    found = _WEEKDAY.match(work)
    if found and found.group(1) in WEEKDAYS:
        weekday = WEEKDAYS[found.group(1)]
        work = work[found.end() :]
    parts: tuple[int, int, int] | None = None
    if found_numeric := _NUMERIC_DMY.match(work):
        day, _sep, month, year = found_numeric.groups()
        parts = (full_year(year), int(month), int(day))
    elif found_iso := _ISO.match(work):
        parts = (int(found_iso.group(1)), int(found_iso.group(2)), int(found_iso.group(3)))
    elif (found_text := _TEXT_DMY.match(work)) and found_text.group(2) in MONTHS:
        day, month_name, year = found_text.groups()
        parts = (full_year(year), MONTHS[month_name], int(day))
    if parts is None:
        return _issue("date_unreadable", ref, shown)
    try:
        date = dt.date(*parts)
    except ValueError:
        if 1 <= parts[1] <= 12:
            return _issue("date_not_exist", ref, shown)
        return _issue("date_unreadable", ref, shown)
    if weekday is not None and date.weekday() != weekday:
        weekday_name = WEEKDAY_NAMES[weekday]
        issue = Issue(
            "date_weekday", ref, {"date": date.strftime("%d/%m/%Y"), "weekday": weekday_name}
        )
        return Read(date, (issue,))
    return Read(date)


def read_date(value: Any, ref: str) -> Read:
    """A date: a date cell (a serial with a date format, which openpyxl gives as a datetime)
    or text; a bare number is refused, since nothing says it is a date."""
    if is_empty(value):
        return EMPTY
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            return Read(value.date(), (Issue("date_time_kept_day", ref, {"text": display(value)}),))
        return Read(value.date())
    if isinstance(value, dt.date):
        return Read(value)
    if isinstance(value, bool):
        return _issue("date_unreadable", ref, display(value))
    if isinstance(value, int | float):
        return _issue("date_is_number", ref, display(value))
    return parse_date_text(str(value), ref)


# --- Document types --------------------------------------------------------------------------

_KIND_NAMES: dict[DocumentKind, tuple[str, ...]] = {
    DocumentKind.PKS: (
        "perjanjian kerja sama",
        "pks",
        "perjanjian",
        "kontrak",
        "kontrak kerja sama",
        "perjanjian kerja sama daerah",
        "surat perjanjian kerja sama",
        "spks",
    ),
    DocumentKind.KB: (
        "kesepakatan bersama",
        "kb",
        "ksb",
        "kesepakatan bersama kerja sama",
    ),
    DocumentKind.NK: ("nota kesepakatan", "nk"),
    DocumentKind.ADDENDUM: ("adendum", "addendum", "amandemen", "amendemen", "perubahan"),
    DocumentKind.LOI: ("letter of intent", "loi", "pernyataan kehendak"),
    DocumentKind.RK: ("rencana kerja", "rk"),
    DocumentKind.FOREIGN_TEXT: ("naskah kerja sama luar negeri",),
    DocumentKind.POWER_OF_ATTORNEY: ("surat kuasa",),
    DocumentKind.KAK: ("kerangka acuan kerja", "kak"),
}
# Nota Kesepahaman / MoU: the framework agreement, which for a domestic partner is the KB and
# for a foreign one the cooperation text (§3.4, the Yogyakarta portal calls the foreign
# documents LoI and MoU 🟡): read as KB, with a warning that says so.
_MOU_NAMES = (
    "nota kesepahaman",
    "mou",
    "memorandum of understanding",
    "memorandum saling pengertian",
    "memorandum kesepahaman",
)
KIND_NAMES: dict[str, DocumentKind] = {
    name: kind for kind, names in _KIND_NAMES.items() for name in names
}
_ADDENDUM_PREFIXES = ("adendum ", "addendum ", "amandemen ", "amendemen ")
_KIND_SPLIT = re.compile(r"[/()\[\]]")
_LONG_KIND_NAMES = [name for name in KIND_NAMES if len(name) >= 8]


def kind_key(text: str) -> str:
    """The normalised name of a type; "kerjasama" as two words."""
    return normalise(text).replace("kerjasama", "kerja sama")


def _kind_of(key: str) -> DocumentKind | str | None:
    """The kind a normalised name means; "mou" for a Nota Kesepahaman; None when unknown."""
    if key in KIND_NAMES:
        return KIND_NAMES[key]
    if key in _MOU_NAMES:
        return "mou"
    if key.startswith(_ADDENDUM_PREFIXES):
        return DocumentKind.ADDENDUM
    return None


@functools.lru_cache(maxsize=1024)
def kind_of_text(text: str) -> tuple[DocumentKind | None, str]:
    """(kind, issue code or "") for a type as typed; cached: a register repeats a few names."""
    key = kind_key(text)
    found = _kind_of(key)
    if found is None:
        # "Perjanjian Kerja Sama (PKS)", "PKS / Perjanjian Kerja Sama": every part must agree.
        parts = [kind_key(part) for part in _KIND_SPLIT.split(text) if kind_key(part)]
        kinds = {_kind_of(part) for part in parts}
        if len(parts) > 1 and None not in kinds:
            if len(kinds) > 1:
                return None, "kind_ambiguous"
            found = kinds.pop()
    if found is None and len(key) >= 8:
        close = difflib.get_close_matches(key, _LONG_KIND_NAMES, n=1, cutoff=0.85)
        if close:
            return KIND_NAMES[close[0]], "kind_typo"
    if found == "mou":
        return DocumentKind.KB, "kind_mou"
    if isinstance(found, DocumentKind):
        return found, ""
    return None, "kind_unknown"


def read_document_kind(value: Any, ref: str) -> Read:
    """A type of document, spelled out or abbreviated, → `DocumentKind`."""
    if is_empty(value):
        return EMPTY
    text = display(value)
    kind, code = kind_of_text(text)
    if not code:
        return Read(kind)
    params = {"text": " ".join(text.split())}
    if kind is not None:
        params["kind"] = kind.value  # shown as its label in the reader's language
    return Read(kind, (Issue(code, ref, params),))


# --- Types of cooperation -----------------------------------------------------------------

# §1, §3: the five types as registers name them. "Luar negeri" alone is KSDPL or KSDLL (a
# foreign local government or a foreign institution, §3.3): not guessed.
_COOPERATION_NAMES: dict[CooperationKind, tuple[str, ...]] = {
    CooperationKind.KSDD: (
        "ksdd",
        "kerja sama daerah dengan daerah lain",
        "kerja sama dengan daerah lain",
        "kerja sama antar daerah",
        "kerja sama antardaerah",
        "antar daerah",
        "antardaerah",
        "daerah lain",
    ),
    CooperationKind.KSDPK: (
        "ksdpk",
        "kerja sama daerah dengan pihak ketiga",
        "kerja sama dengan pihak ketiga",
        "pihak ketiga",
    ),
    CooperationKind.KSDPL: (
        "ksdpl",
        "kerja sama daerah dengan pemerintah daerah di luar negeri",
        "pemerintah daerah di luar negeri",
        "sister city",
        "sister province",
        "kota kembar",
        "provinsi kembar",
    ),
    CooperationKind.KSDLL: (
        "ksdll",
        "kerja sama daerah dengan lembaga di luar negeri",
        "lembaga di luar negeri",
        "lembaga luar negeri",
    ),
    CooperationKind.SINERGI: (
        "sinergi",
        "sinergi perencanaan dan pelaksanaan pembangunan",
        "kerja sama dengan pemerintah pusat",
        "pemerintah pusat",
    ),
}
COOPERATION_NAMES: dict[str, CooperationKind] = {
    name: kind for kind, names in _COOPERATION_NAMES.items() for name in names
}


_FOREIGN_EITHER = frozenset({"luar negeri", "kerja sama luar negeri", "ln"})


def read_cooperation_kind(value: Any, ref: str) -> Read:
    """A type of cooperation (KSDD, KSDPK, KSDPL, KSDLL, sinergi), abbreviated or spelled out;
    "KSDD (antar daerah)" when both parts agree."""
    if is_empty(value):
        return EMPTY
    text = display(value)
    if kind_key(text) in _FOREIGN_EITHER:
        return Read(None, (Issue("cooperation_ambiguous", ref, {"text": " ".join(text.split())}),))
    kinds = {COOPERATION_NAMES.get(kind_key(text))}
    if None in kinds:
        parts = [kind_key(part) for part in _KIND_SPLIT.split(text) if kind_key(part)]
        kinds = {COOPERATION_NAMES.get(part) for part in parts}
    if len(kinds) == 1 and None not in kinds:
        return Read(kinds.pop())
    code = "cooperation_ambiguous" if len(kinds - {None}) > 1 else "cooperation_unknown"
    return Read(None, (Issue(code, ref, {"text": " ".join(text.split())}),))


# --- Durations -------------------------------------------------------------------------------

_NUMBER_WORDS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
}
_UNITS = {
    "tahun": 12,
    "thn": 12,
    "th": 12,
    "year": 12,
    "years": 12,
    "bulan": 1,
    "bln": 1,
    "bl": 1,
    "month": 1,
    "months": 1,
}
_ONE_UNIT = {"setahun": 12, "sebulan": 1}
_DAY_UNITS = {"hari", "hr", "minggu", "pekan", "days", "day", "weeks", "week"}
_FILLER = {"dan", "selama", "jangka", "waktu", "masa", "berlaku", "lamanya", "kalender"}
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?|[a-z]+|[()]")


def words_to_number(words: list[str]) -> int | None:
    """ "lima" → 5, "dua belas" → 12, "dua puluh lima" → 25; None when not a number."""
    if not words:
        return None
    total = 0
    for word in words:
        if word in _NUMBER_WORDS:
            total += _NUMBER_WORDS[word]
        elif word == "belas":
            total = (total or 1) + 10
        elif word == "puluh":
            total = (total or 1) * 10
        else:
            return None
    return total


def _duration_tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower().replace("kerjasama", "kerja sama"))


def parse_duration_text(text: str, ref: str, *, unit_months: int | None = None) -> Read:
    """ "5 (lima) tahun", "lima tahun", "6 bulan", "2 tahun 6 bulan", "1,5 tahun", "60" (with
    the unit from the header) → months."""
    shown = " ".join(text.split())
    tokens = _duration_tokens(text)
    total = 0.0
    digits: float | None = None  # the number in digits, waiting for its unit
    words: list[str] = []  # the number in words (inside brackets or alone)
    units_seen = 0

    def amount() -> float | str | None:
        spelled = words_to_number(words) if words else None
        if words and spelled is None:
            return "unreadable"
        if digits is not None and spelled is not None and digits != spelled:
            return "conflict"
        return digits if digits is not None else spelled

    for token in tokens:
        if token in ("(", ")"):
            continue
        if token[0].isdigit():
            if digits is not None or words:
                return _issue("duration_unreadable", ref, shown)
            digits = float(token.replace(",", "."))
        elif token in _UNITS or token in _ONE_UNIT:
            number = amount() if token in _UNITS else 1.0
            if token in _ONE_UNIT and (digits is not None or words):
                return _issue("duration_unreadable", ref, shown)
            if number in ("unreadable", "conflict"):
                code = "duration_conflict" if number == "conflict" else "duration_unreadable"
                return _issue(code, ref, shown)
            if number is None:
                return _issue("duration_unreadable", ref, shown)
            assert isinstance(number, float | int)
            total += number * (_UNITS.get(token) or _ONE_UNIT[token])
            digits, words, units_seen = None, [], units_seen + 1
        elif token in _DAY_UNITS:
            return _issue("duration_days", ref, shown)
        elif token in _NUMBER_WORDS or token in ("belas", "puluh"):
            words.append(token)
        elif token in _FILLER:
            continue
        else:
            return _issue("duration_unreadable", ref, shown)
    if digits is not None or words:  # a number left without its unit
        if units_seen or unit_months is None:
            code = "duration_no_unit" if not units_seen else "duration_unreadable"
            return _issue(code, ref, shown)
        number = amount()
        if not isinstance(number, float | int):
            code = "duration_conflict" if number == "conflict" else "duration_unreadable"
            return _issue(code, ref, shown)
        total += number * unit_months
        units_seen += 1
    if not units_seen:
        return _issue("duration_unreadable", ref, shown)
    if not float(total).is_integer():
        return _issue("duration_days", ref, shown)
    return Read(int(total))


def read_duration(value: Any, ref: str, *, unit_months: int | None = None) -> Read:
    """A term in months. `unit_months` is the unit the column's header names ("Jangka Waktu
    (Tahun)" → 12), for cells that hold a bare number."""
    if is_empty(value):
        return EMPTY
    if isinstance(value, (bool, dt.date)):
        return _issue("duration_unreadable", ref, display(value))
    if isinstance(value, int | float):
        if unit_months is None:
            return _issue("duration_no_unit", ref, display(value))
        months = value * unit_months
        if not float(months).is_integer():
            return _issue("duration_days", ref, display(value))
        return Read(int(months))
    return parse_duration_text(str(value), ref, unit_months=unit_months)


def header_unit_months(header: str) -> int | None:
    """12 for a header that says its numbers are years ("Jangka Waktu (Tahun)"), 1 for months."""
    words = normalise(header).split()
    if any(word in ("tahun", "thn", "th") for word in words):
        return 12
    if any(word in ("bulan", "bln") for word in words):
        return 1
    return None


# --- Partners --------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-•*·–]\s*)+")
_LIST_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,2})\s*[.)]\s+")
# The words a partner's name starts with: a list joined with "dan", "&" or "," is split only
# when every piece starts with one (so "Dinas Kebersihan dan Pertamanan" stays one).
PARTNER_PREFIXES = frozenset(
    [
        "pemerintah",
        "pemkab",
        "pemkot",
        "pemprov",
        "pemda",
        "kabupaten",
        "kab",
        "kota",
        "provinsi",
        "prov",
        "pt",
        "cv",
        "pd",
        "perumda",
        "perum",
        "pdam",
        "bumd",
        "bumn",
        "persero",
        "universitas",
        "univ",
        "institut",
        "politeknik",
        "sekolah",
        "yayasan",
        "koperasi",
        "bank",
        "badan",
        "balai",
        "dinas",
        "kementerian",
        "kemenkes",
        "kemendagri",
        "lembaga",
        "rsud",
        "rumah",
        "kantor",
        "pusat",
        "direktorat",
        "polres",
        "polda",
        "kodim",
        "kejaksaan",
        "pengadilan",
        "government",
        "city",
        "county",
        "province",
        "university",
    ]
)
_JOINERS = re.compile(r"\s+(?:dan|&)\s+|\s*,\s+", re.IGNORECASE)


def _numbered_pieces(line: str) -> list[str] | None:
    """ "1. A 2. B" → ["A", "B"] when the numbers run 1, 2, 3 …; else None."""
    found = list(_LIST_NUMBER.finditer(line))
    if len(found) < 2 or found[0].start() != len(line) - len(line.lstrip()):
        return None
    if [int(match.group(1)) for match in found] != list(range(1, len(found) + 1)):
        return None
    ends = [match.start() for match in found[1:]] + [len(line)]
    return [line[match.end() : end].strip() for match, end in zip(found, ends, strict=True)]


def _starts_like_partner(piece: str) -> bool:
    words = normalise(piece).split()
    return bool(words) and words[0] in PARTNER_PREFIXES


def split_partners(text: str) -> list[str]:
    """The partners in one cell (see `_split_partners`)."""
    return list(_split_partners(text))


@functools.lru_cache(maxsize=4096)  # a register names the same partners again and again
def _split_partners(text: str) -> tuple[str, ...]:
    """The partners in one cell: one per line, a numbered list ("1. … 2. …", on lines or in
    one line), separated by ";", or joined by "dan", "&" or "," when every piece starts like
    a partner's name ("Pemerintah Kabupaten …", "PT …", "Kota …")."""
    lines = [_BULLET.sub("", line).strip() for line in re.split(r"[\r\n]+", text)]
    lines = [line for line in lines if line]
    # A numbered list on lines: each line starts with its number.
    numbers = [_LIST_NUMBER.match(line) for line in lines]
    if len(lines) > 1 and all(numbers):
        lines = [
            line[match.end() :].strip() for line, match in zip(lines, numbers, strict=True) if match
        ]
    pieces: list[str] = []
    for line in lines:
        inline = _numbered_pieces(line)
        for part in inline if inline is not None else [line]:
            pieces.extend(piece.strip() for piece in part.split(";"))
    result: list[str] = []
    for piece in filter(None, pieces):
        piece = re.sub(r"^\d{1,2}\s*[.)]\s+", "", piece) if len(lines) == 1 else piece
        joined = [part.strip() for part in _JOINERS.split(piece) if part.strip()]
        if len(joined) > 1 and all(_starts_like_partner(part) for part in joined):
            result.extend(joined)
        else:
            result.append(piece.rstrip(",;").strip())
    return tuple(piece for piece in result if piece)


def read_partners(value: Any, ref: str) -> Read:
    """The partners named in a cell, each as typed."""
    if is_empty(value):
        return EMPTY
    return Read(split_partners(display(value)))


# --- Codes and numbers -----------------------------------------------------------------------

# Excel keeps 15 significant digits: a number of 16 digits or more has lost its last ones.
EXCEL_DIGITS = 15
_SCIENTIFIC = re.compile(r"^\d(?:[.,]\d+)?e\+?\d+$", re.IGNORECASE)
# Digits the identifiers have (partners.identifiers): a shorter number lost leading zeros.
CODE_DIGITS = {"nib": (13,), "npwp": (15, 16)}


def read_code(value: Any, ref: str, *, field: str = "") -> Read:
    """A code or number (NIB, NPWP, a document or register number) as text, exactly as shown.

    A number Excel has rounded (16 digits or more) or shortened ("1.23457E+12") is not taken:
    the cell is read as empty with a warning to type it again as text. A date in such a cell
    is Excel's reading of a number like "5/12/2020"; it is shown back as typed, day first.
    """
    if is_empty(value):
        return EMPTY
    if isinstance(value, bool):
        return Read(display(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            text = repr(value)
            if "e" in text.lower():
                return Read(None, (Issue("number_scientific", ref, {"text": display(value)}),))
            return Read(display(value))
        digits = str(abs(int(value)))
        if len(digits) > EXCEL_DIGITS:
            return Read(None, (Issue("number_precision_lost", ref, {}),))
        expected = CODE_DIGITS.get(field)
        if expected and len(digits) < min(expected):
            issue = Issue(
                "number_leading_zero",
                ref,
                {"text": digits, "digits": len(digits), "expected": min(expected)},
            )
            return Read(digits, (issue,))
        return Read(digits)
    if isinstance(value, dt.datetime | dt.date):
        return Read(display(value))
    text = str(value).strip()
    if _SCIENTIFIC.match(text):
        return Read(None, (Issue("number_scientific", ref, {"text": text}),))
    return Read(text)


# --- Amounts ---------------------------------------------------------------------------------

_AMOUNT_PREFIX = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")  # 1.250.000 or 1.250.000,50
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")  # 1,250,000.50
_PLAIN_AMOUNT = re.compile(r"^\d+(?:[.,]\d{1,2})?$")  # 1250000, 1250000,50, 1250000.5


def read_amount(value: Any, ref: str) -> Read:
    """An amount in Rupiah → Decimal: a number cell, or text as typed ("Rp 1.250.000,00",
    "1.250.000", "1250000,50", "1,250,000.50"): a dot before three digits groups thousands,
    as Indonesian writes them. Anything else is not guessed."""
    if is_empty(value):
        return EMPTY
    if isinstance(value, bool | dt.date):
        return _issue("amount_unreadable", ref, display(value))
    if isinstance(value, int | float):
        return Read(decimal.Decimal(repr(value) if isinstance(value, float) else value))
    shown = " ".join(str(value).split())
    # "Rp. 500.000,-": the dash and the comma after the whole Rupiah say "no cents".
    text = _AMOUNT_PREFIX.sub("", shown.replace(" ", "")).rstrip("-").rstrip(",").rstrip(".")
    if _THOUSANDS_DOT.match(text):
        number = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS_COMMA.match(text):
        number = text.replace(",", "")
    elif _PLAIN_AMOUNT.match(text):
        number = text.replace(",", ".")
    else:
        return _issue("amount_unreadable", ref, shown)
    return Read(decimal.Decimal(number))


# --- Statuses --------------------------------------------------------------------------------

# A status as registers word it → the lifecycle stage it most likely means (§5.2, §6.1, §6.2).
# Only a proposal: the user confirms the mapping. Words that fit several stages ("dalam
# proses", "draft", "ditandatangani": which document? which step?) propose none.
STATUS_STAGES: dict[str, Stage] = {
    "berlaku": Stage.IN_FORCE,
    "masih berlaku": Stage.IN_FORCE,
    "aktif": Stage.IN_FORCE,
    "masih aktif": Stage.IN_FORCE,
    "berjalan": Stage.IN_FORCE,
    "sedang berjalan": Stage.IN_FORCE,
    "masih berjalan": Stage.IN_FORCE,
    "pelaksanaan": Stage.IN_FORCE,
    "dalam pelaksanaan": Stage.IN_FORCE,
    "habis": Stage.ENDED,
    "habis masa berlaku": Stage.ENDED,
    "habis masa berlakunya": Stage.ENDED,
    "berakhir": Stage.ENDED,
    "sudah berakhir": Stage.ENDED,
    "telah berakhir": Stage.ENDED,
    "selesai": Stage.ENDED,
    "tidak berlaku": Stage.ENDED,
    "tidak berlaku lagi": Stage.ENDED,
    "tidak aktif": Stage.ENDED,
    "kadaluarsa": Stage.ENDED,
    "kedaluwarsa": Stage.ENDED,
    "kadaluwarsa": Stage.ENDED,
    "expired": Stage.ENDED,
    "batal": Stage.CANCELLED,
    "dibatalkan": Stage.CANCELLED,
    "ditolak": Stage.REJECTED,
    "diambil alih": Stage.TAKEN_OVER,
    "usulan": Stage.PROPOSAL,
    "diusulkan": Stage.PROPOSAL,
    "persiapan": Stage.PREPARATION,
    "penawaran": Stage.OFFER,
    "menunggu persetujuan dprd": Stage.AWAITING_DPRD,
}


def status_key(text: str) -> str:
    """A status's form for matching: "Masih  BERLAKU" → "masih berlaku"."""
    return normalise(text).replace("kerjasama", "kerja sama")


# The statuses an exported register writes (`template.STATUS_TEXTS`, one per stage): each is
# proposed back as the stage it was exported at (issue 11, item 8).
STATUS_STAGES.update(
    {status_key(text): Stage(stage) for stage, text in template.STATUS_TEXTS.items()}
)


def propose_stage(text: str) -> Stage | None:
    """The stage a status probably means, or None (left for the user to choose)."""
    return STATUS_STAGES.get(status_key(text))


def read_status(value: Any, ref: str) -> Read:
    """A status as typed; its stage comes from the status mapping (`reader.StatusProposal`)."""
    return read_text(value, ref)
