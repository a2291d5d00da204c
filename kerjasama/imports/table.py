"""Finding the table in a sheet (issue 11, item 2): the header row, and what every other row is.

A register is a table with things around it: a title block above the header, a row of column
numbers under it ("1 | 2 | 3 …"), section rows ("TAHUN 2023"), blank rows, a totals row, notes
("Keterangan:", "*) …", "Sumber: …") and a signature block ("Singkawang, 31 Desember 2023",
"Kepala Bagian …", "NIP …"). The header is the first row, within the first `HEADER_SCAN_ROWS`,
whose non-empty cells mostly are header texts of a register (`columns.is_header_text`); the
sheet with the best header is proposed (a summary sheet has fewer), and the caller may choose
another. `RowClassifier` tells, row by row as they stream, what a row below the header is.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _
from openpyxl.utils import get_column_letter

from kerjasama.imports.columns import field_of_header, header_matches, is_header_text, normalise
from kerjasama.imports.values import MONTHS, is_empty

HEADER_SCAN_ROWS = 30
# A header row has at least this many header texts, and they are at least half of its cells.
HEADER_MIN_MATCHES = 3
HEADER_MIN_SHARE = 0.5
# Notes and signature lines fill one or two cells.
NOTE_MAX_CELLS = 2


class RowKind(StrEnum):
    DATA = "data"
    TITLE = "title"
    HEADER = "header"
    COLUMN_NUMBERS = "column_numbers"
    BLANK = "blank"
    SECTION = "section"
    TOTALS = "totals"
    FOOTNOTE = "footnote"
    SIGNATURE = "signature"


ROW_KIND_LABELS = {
    RowKind.DATA: _("Data"),
    RowKind.TITLE: _("Title block"),
    RowKind.HEADER: _("Header"),
    RowKind.COLUMN_NUMBERS: _("Column numbers"),
    RowKind.BLANK: _("Blank row"),
    RowKind.SECTION: _("Section"),
    RowKind.TOTALS: _("Totals"),
    RowKind.FOOTNOTE: _("Note"),
    RowKind.SIGNATURE: _("Signature block"),
}


@dataclass
class HeaderGuess:
    """The header row of a sheet (1-based, None when none was found), its header texts per
    column letter and how many of them are known."""

    row: int | None
    matches: int = 0
    headers: dict[str, str] = field(default_factory=dict)


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return str(value)


def header_texts(cells: Sequence[Any], below: Sequence[Any] | None = None) -> dict[str, str]:
    """column letter → header text ("Judul /\\nPerihal" kept as typed). With `below`, a second
    header row: its text follows the text above it ("Tanggal" over "Mulai" → "Tanggal
    Mulai"); the caller has filled a cell merged across columns into each of them."""
    width = max(len(cells), len(below or ()))
    texts = {}
    for index in range(width):
        top = cell_text(cells[index]) if index < len(cells) else ""
        sub = cell_text(below[index]) if below is not None and index < len(below) else ""
        text = top
        if sub and sub != top:
            # "Tanggal" over "Mulai" is "Tanggal Mulai"; "Naskah" over "Nomor" is "Nomor Naskah".
            text = f"{top} {sub}".strip()
            if top and not field_of_header(text) and field_of_header(f"{sub} {top}"):
                text = f"{sub} {top}"
        if text:
            texts[get_column_letter(index + 1)] = text
    return texts


def header_score(cells: Sequence[Any], known: frozenset[str] = frozenset()) -> int:
    """How many header texts the row has, or 0 when it does not look like a header. `known`:
    normalised header texts of a remembered mapping, which count too."""
    texts = [cell_text(value) for value in cells if isinstance(value, str) and value.strip()]
    filled = sum(1 for value in cells if not is_empty(value))
    if not texts:
        return 0
    matches = header_matches(texts, known)
    if matches < HEADER_MIN_MATCHES or matches < HEADER_MIN_SHARE * filled:
        return 0
    return matches


def find_header(
    rows: Iterable[tuple[int, Sequence[Any]]], known: frozenset[str] = frozenset()
) -> HeaderGuess:
    """The first row of `rows` (number, cells) within `HEADER_SCAN_ROWS` that is a header."""
    for number, cells in rows:
        if number > HEADER_SCAN_ROWS:
            break
        score = header_score(cells, known)
        if score:
            return HeaderGuess(number, score, header_texts(cells))
    return HeaderGuess(None)


def is_sub_header(cells: Sequence[Any]) -> bool:
    """A second header row under the first ("Mulai | Berakhir" under a merged "Tanggal"):
    only short texts, most of them header words."""
    texts = [cell_text(value) for value in cells if not is_empty(value)]
    if not texts or any(not isinstance(value, str) for value in cells if not is_empty(value)):
        return False
    known = sum(1 for text in texts if is_header_text(text) or normalise(text) in _SUB_WORDS)
    return known >= max(1, len(texts) / 2)


# Words of a second header row that alone name no field.
_SUB_WORDS = frozenset(
    [
        "mulai",
        "berakhir",
        "selesai",
        "akhir",
        "awal",
        "nomor",
        "tanggal",
        "nama",
        "asal",
        "jenis",
        "permohonan",
        "penandatanganan",
        "tahun",
        "bulan",
    ]
)

_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_SECTION = re.compile(r"^(?:(?:tahun|th|ta|tahun anggaran|periode)\s*)?(?:19|20)\d{2}$")
_TOTALS = ("jumlah", "total", "sub total", "subtotal", "grand total", "jml")
_NOTES = ("keterangan", "ket ", "catatan", "sumber", "note", "nb ", "n b ")
_NOTE_MARK = re.compile(r"^\s*(?:\*+\)?|\(\*+\)|\d\))\s*")
_SIGNATURE_START = (
    "kepala",
    "sekretaris",
    "kabag",
    "kasubag",
    "nip",
    "mengetahui",
    "a n ",
    "an ",
    "plt",
    "plh",
    "pembina",
    "penata",
    "wali kota",
    "walikota",
    "bupati",
    "gubernur",
    "asisten",
    "ttd",
    "dto",
    "disusun oleh",
    "dibuat oleh",
)
_PLACE_DATE = re.compile(r"^[a-z][a-z .'\-]*,\s*(\d{1,2})\s+([a-z]+)\s+(\d{4})$")


def section_year(text: str) -> int | None:
    found = _YEAR.search(text)
    return int(found.group(1)) if found else None


def _is_place_and_date(text: str) -> bool:
    found = _PLACE_DATE.match(" ".join(text.lower().split()))
    return bool(found) and found.group(2) in MONTHS if found else False


def _is_column_numbers(values: list[Any]) -> bool:
    numbers = []
    for value in values:
        if isinstance(value, int | float) and not isinstance(value, bool):
            numbers.append(value)
        elif isinstance(value, str) and value.strip().strip("()").isdigit():  # "1" or "(1)"
            numbers.append(int(value.strip().strip("()")))
        else:
            return False
    return len(numbers) >= 3 and numbers == list(
        range(int(numbers[0]), int(numbers[0]) + len(numbers))
    )


class RowClassifier:
    """What each row below the header is, given the rows in order.

    `first_column` is the table's first column (0-based), where section rows put their one
    cell. The classifier keeps the state notes and signatures need: after "Keterangan:" the
    next one-cell rows are notes; after "Kepala Bagian …" the next short rows are the
    signature's (name, rank, NIP).
    """

    def __init__(self, first_column: int = 0) -> None:
        self.first_column = first_column
        self.state = ""  # "", "notes" or "signature"
        self.seen_data = False

    def classify(
        self, cells: Sequence[Any], *, wide_cells: frozenset[int] = frozenset()
    ) -> RowKind:
        """The kind of a row; `wide_cells` are the columns (0-based) where a cell merged across
        several columns starts."""
        filled = [(index, value) for index, value in enumerate(cells) if not is_empty(value)]
        if not filled:
            return RowKind.BLANK
        first_index, first = filled[0]
        first_text = cell_text(first)
        key = normalise(first_text)
        few = len(filled) <= NOTE_MAX_CELLS
        all_text = all(isinstance(value, str) for _index, value in filled)
        if not self.seen_data and _is_column_numbers([value for _index, value in filled]):
            return RowKind.COLUMN_NUMBERS
        if isinstance(first, str) and (key.startswith(_TOTALS) and (key in _TOTALS or " " in key)):
            return RowKind.TOTALS
        if (
            few
            and all_text
            and (_is_place_and_date(first_text) or f"{key} ".startswith(_SIGNATURE_START))
        ):
            self.state = "signature"
            return RowKind.SIGNATURE
        if few and self.state == "signature":
            return RowKind.SIGNATURE  # the name, the rank, the NIP (also typed as a number)
        if few and all_text:
            if f"{key} ".startswith(_NOTES) or _NOTE_MARK.match(first_text):
                self.state = "notes"
                return RowKind.FOOTNOTE
            if self.state == "notes" and len(filled) == 1:
                return RowKind.FOOTNOTE
        if len(filled) == 1 and isinstance(first, str) and not isinstance(first, dt.date):
            letters = [char for char in first_text if char.isalpha()]
            if (
                _SECTION.match(key)
                or (letters and first_text.upper() == first_text)
                or first_index in wide_cells
                or first_index == self.first_column
            ):
                return RowKind.SECTION
        self.state = ""
        self.seen_data = True
        return RowKind.DATA
