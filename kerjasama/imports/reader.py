"""One entry to read a register: `read_register` (issue 11, item 5).

It checks the file (`files.check_file`), finds the sheet and the header (`table`), proposes or
takes the mapping (`columns`), and reads every row once, streaming: openpyxl in read-only mode
(the first `table.HEADER_SCAN_ROWS` rows of each sheet are read once more to find the header),
the merged ranges from the sheet's XML (`files.merged_ranges`). Nothing is written anywhere: the
result is plain dataclasses that the preview, the matching, the commit and the error report of
the next increments take as they are.

Memory: the file's bytes (at most `MAX_BYTES`) and, per row, its cells and read values — at
most `MAX_ROWS` data rows, refused beyond (before parsing when the sheet declares its size).
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import io
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from kerjasama.agreements.enums import Stage
from kerjasama.core.exceptions import DomainError
from kerjasama.imports import values as v
from kerjasama.imports.columns import (
    IGNORE,
    JOINED_FIELDS,
    Field,
    normalise,
    propose_mapping,
    validate_mapping,
)
from kerjasama.imports.files import (
    CSV,
    CheckedFile,
    SheetPart,
    check_file,
    csv_rows,
    limits,
    merged_ranges,
    refuse_rows,
)
from kerjasama.imports.issues import FileRefused, Issue
from kerjasama.imports.table import (
    HEADER_SCAN_ROWS,
    RowClassifier,
    RowKind,
    find_header,
    header_score,
    header_texts,
    is_sub_header,
    section_year,
)
from kerjasama.imports.template import csv_unescape

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class ReadRow:
    """One row of the sheet: its number, what it is, its cells as read (a merged cell's value
    filled into every data row it covers), and for a data row the values per field and the
    issues per cell. `year` and `section` are the section row above it (context, not a field)."""

    number: int
    kind: RowKind
    cells: tuple[Any, ...]
    values: dict[str, Any] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    year: int | None = None
    section: str = ""

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    def issues_by_cell(self) -> dict[str, list[Issue]]:
        """cell reference ("F12") → its reasons and warnings, for the preview."""
        found: dict[str, list[Issue]] = {}
        for issue in self.issues:
            found.setdefault(issue.cell, []).append(issue)
        return found


@dataclass
class SheetSummary:
    name: str
    visible: bool
    declared_rows: int | None
    header_row: int | None
    header_matches: int


@dataclass
class StatusProposal:
    """A status as the register words it, the stage proposed for it (None: the user chooses)
    and how many rows have it."""

    key: str
    text: str
    stage: Stage | None
    rows: int = 0


@dataclass
class RegisterRead:
    file_name: str
    file_kind: str
    size: int
    sha256: str
    sheets: list[SheetSummary]
    sheet: str
    header_row: int | None
    headers: dict[str, str]
    proposed_mapping: dict[str, str]
    mapping: dict[str, str]
    rows: list[ReadRow]
    statuses: list[StatusProposal]

    def data_rows(self) -> list[ReadRow]:
        return [row for row in self.rows if row.kind == RowKind.DATA]

    def non_data_rows(self) -> list[ReadRow]:
        return [row for row in self.rows if row.kind != RowKind.DATA]

    def row(self, number: int) -> ReadRow:
        return next(row for row in self.rows if row.number == number)

    def status_mapping(self) -> dict[str, str | None]:
        """The proposed status mapping as a plain dict, status (normalised) → stage value or
        None, for the user to confirm or change (and to remember per region)."""
        return {s.key: (s.stage.value if s.stage else None) for s in self.statuses}

    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.kind] = counts.get(row.kind, 0) + 1
        return counts

    def as_dict(self) -> dict[str, Any]:
        """The whole read as JSON-compatible data (dates as {"date": "2023-07-17"}), for the
        background task to store and the preview to load again (`from_dict`)."""
        return {
            "file_name": self.file_name,
            "file_kind": self.file_kind,
            "size": self.size,
            "sha256": self.sha256,
            "sheets": [asdict(sheet) for sheet in self.sheets],
            "sheet": self.sheet,
            "header_row": self.header_row,
            "headers": dict(self.headers),
            "proposed_mapping": dict(self.proposed_mapping),
            "mapping": dict(self.mapping),
            "rows": [
                {
                    "number": row.number,
                    "kind": row.kind.value,
                    "cells": [_plain(value) for value in row.cells],
                    "values": {name: _plain(value) for name, value in row.values.items()},
                    "issues": [issue.as_dict() for issue in row.issues],
                    "year": row.year,
                    "section": row.section,
                }
                for row in self.rows
            ],
            "statuses": [
                {
                    "key": s.key,
                    "text": s.text,
                    "stage": s.stage.value if s.stage else None,
                    "rows": s.rows,
                }
                for s in self.statuses
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RegisterRead:
        return cls(
            file_name=data["file_name"],
            file_kind=data["file_kind"],
            size=data["size"],
            sha256=data["sha256"],
            sheets=[SheetSummary(**sheet) for sheet in data["sheets"]],
            sheet=data["sheet"],
            header_row=data["header_row"],
            headers=dict(data["headers"]),
            proposed_mapping=dict(data["proposed_mapping"]),
            mapping=dict(data["mapping"]),
            rows=[
                ReadRow(
                    number=row["number"],
                    kind=RowKind(row["kind"]),
                    cells=tuple(_unplain(value) for value in row["cells"]),
                    values={name: _unplain(value) for name, value in row["values"].items()},
                    issues=[Issue(i["code"], i["cell"], dict(i["params"])) for i in row["issues"]],
                    year=row["year"],
                    section=row["section"],
                )
                for row in data["rows"]
            ],
            statuses=[
                StatusProposal(
                    s["key"], s["text"], Stage(s["stage"]) if s["stage"] else None, s["rows"]
                )
                for s in data["statuses"]
            ],
        )


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"time": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"seconds": value.total_seconds()}
    if isinstance(value, decimal.Decimal):
        return {"decimal": str(value)}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, str):
        return str(value)  # a DocumentKind as its value
    return value


def _unplain(value: Any) -> Any:
    if isinstance(value, dict):
        if "datetime" in value:
            return dt.datetime.fromisoformat(value["datetime"])
        if "date" in value:
            return dt.date.fromisoformat(value["date"])
        if "time" in value:
            return dt.time.fromisoformat(value["time"])
        if "seconds" in value:
            return dt.timedelta(seconds=value["seconds"])
        if "decimal" in value:
            return decimal.Decimal(value["decimal"])
    if isinstance(value, list):
        return [_unplain(item) for item in value]
    return value


CellReader = Callable[[Any, str], v.Read]


def _reader_for(field_name: str, header: str) -> CellReader:
    match field_name:
        case Field.REGISTER_NUMBER | Field.DOCUMENT_NUMBER | Field.NIB | Field.NPWP:
            return lambda value, ref: v.read_code(value, ref, field=field_name)
        case Field.DOCUMENT_KIND:
            return v.read_document_kind
        case Field.COOPERATION_KIND:
            return v.read_cooperation_kind
        case Field.PARTNERS | Field.PARTNER_ORIGIN:
            return v.read_partners
        case Field.REQUEST_DATE | Field.SIGNING_DATE | Field.START_DATE | Field.END_DATE:
            return v.read_date
        case Field.DURATION:
            unit = v.header_unit_months(header)
            return lambda value, ref: v.read_duration(value, ref, unit_months=unit)
        case Field.STATUS:
            return v.read_status
        case Field.AMOUNT:
            return v.read_amount
    return v.read_text


class _Sheet:
    """The rows of one sheet or CSV file, streamed: `scan()` the first rows, `rows()` all."""

    def __init__(
        self,
        name: str,
        scan: Callable[[], Iterator[tuple[int, Sequence[Any]]]],
        rows: Callable[[], Iterator[tuple[int, Sequence[Any]]]],
        part: SheetPart | None,
    ) -> None:
        self.name, self.scan, self.rows, self.part = name, scan, rows, part


def _stream(worksheet: Any, max_row: int | None) -> Iterator[tuple[int, Sequence[Any]]]:
    return enumerate(worksheet.iter_rows(max_row=max_row, values_only=True), start=1)


def _xlsx_sheets(checked: CheckedFile) -> tuple[list[_Sheet], Callable[[], None]]:
    workbook = load_workbook(io.BytesIO(checked.data), read_only=True, data_only=True)
    parts = {part.name: part for part in checked.sheets}
    sheets = []
    for worksheet in workbook.worksheets:
        # A writer's <dimension> may be wrong: read every row as far as it goes.
        worksheet.reset_dimensions()
        sheets.append(
            _Sheet(
                worksheet.title,
                functools.partial(_stream, worksheet, HEADER_SCAN_ROWS),
                functools.partial(_stream, worksheet, None),
                parts.get(worksheet.title),
            )
        )
    return sheets, workbook.close


def _csv_sheets(checked: CheckedFile) -> list[_Sheet]:
    def stream(max_row: int | None = None) -> Iterator[tuple[int, Sequence[Any]]]:
        for number, row in enumerate(csv_rows(checked), start=1):
            if max_row is not None and number > max_row:
                return
            # A cell the export escaped against formula injection ("'=…") reads as it was.
            yield number, [csv_unescape(cell) if cell.strip() else None for cell in row]

    name = Path(checked.name).stem or "CSV"
    return [_Sheet(name, lambda: stream(HEADER_SCAN_ROWS), stream, None)]


def _no_header_error(sheets: list[SheetSummary]) -> FileRefused:
    return FileRefused(
        "no_header",
        _(
            "No header row of a register was found in the first %(rows)s rows of any sheet "
            "(%(sheets)s). The header names the columns, e.g. “Nomor Naskah”, “Judul / "
            "Perihal”, “Mitra Kerja Sama”, “Tanggal Mulai”; choose the sheet and its header "
            "row yourself, or add the header."
        )
        % {"rows": HEADER_SCAN_ROWS, "sheets": ", ".join(sheet.name for sheet in sheets)},
    )


def _header_past_end(sheet: str, header_row: int, last_row: int) -> FileRefused:
    """The header row the user typed lies below the sheet's last row (the third walk of issue
    11: the run failed with "no header row found in the first 30 rows", which it had not
    looked for)."""
    if last_row == 0:
        message = _(
            "The sheet “%(sheet)s” has no rows, so it has no row %(row)s. Choose another sheet."
        )
    else:
        message = _(
            "The sheet “%(sheet)s” ends at row %(last)s, so it has no row %(row)s. Choose the "
            "row whose cells name the columns (“Nomor Naskah”, “Judul / Perihal” …)."
        )
    return FileRefused(
        "header_past_end", message % {"sheet": sheet, "row": header_row, "last": last_row}
    )


def read_register(
    file: bytes | str | Path | IO[bytes] | CheckedFile,
    *,
    name: str = "",
    sheet: str | None = None,
    header_row: int | None = None,
    mapping: Mapping[str, str] | None = None,
    remembered: Mapping[str, str] | None = None,
) -> RegisterRead:
    """Read a register file. `sheet`, `header_row` and `mapping` (column letter → field) are
    the user's choices; without them they are proposed. `remembered` (header text → field) is
    the mapping remembered from an earlier file of the region. Raises `FileRefused` (a
    `DomainError` with a message in the user's language) for a file that cannot be read."""
    checked = file if isinstance(file, CheckedFile) else check_file(file, name=name)
    close: Callable[[], None] = lambda: None  # noqa: E731
    try:
        if checked.kind == CSV:
            sheets = _csv_sheets(checked)
        else:
            sheets, close = _xlsx_sheets(checked)
        return _read(checked, sheets, sheet, header_row, mapping, remembered)
    except DomainError:
        raise
    except Exception as error:
        # openpyxl and the XML parser raise many kinds on a broken or hostile workbook (bad
        # XML, entity declarations expat refuses, a missing part): refuse it, never crash.
        logger.info("reading a register failed", exc_info=True)
        raise FileRefused(
            "damaged",
            _("The workbook is damaged and cannot be read. Open it in Excel and save it again."),
        ) from error
    finally:
        close()


def _read(
    checked: CheckedFile,
    sheets: list[_Sheet],
    sheet_name: str | None,
    header_row: int | None,
    mapping: Mapping[str, str] | None,
    remembered: Mapping[str, str] | None,
) -> RegisterRead:
    summaries = []
    known = frozenset(normalise(text) for text in (remembered or {}))
    filled = False  # whether any sheet has a cell with something in it (the rows scanned)
    for candidate in sheets:
        scanned = list(candidate.scan())  # at most HEADER_SCAN_ROWS rows
        filled = filled or any(
            cell is not None and str(cell).strip() for _number, cells in scanned for cell in cells
        )
        guess = find_header(iter(scanned), known)
        part = candidate.part
        summaries.append(
            SheetSummary(
                candidate.name,
                part.visible if part else True,
                part.declared_rows if part else None,
                guess.row,
                guess.matches,
            )
        )
    if sheet_name is not None:
        chosen = next((s for s in summaries if s.name == sheet_name), None)
        if chosen is None:
            raise FileRefused(
                "no_sheet",
                _("The workbook has no sheet “%(sheet)s”.") % {"sheet": sheet_name},
            )
    else:
        # The best header wins; a hidden sheet only when no visible one has a header.
        ranked = sorted(
            summaries,
            key=lambda s: (s.header_row is not None, s.visible, s.header_matches),
            reverse=True,
        )
        chosen = ranked[0]
    if header_row is not None and header_row < 1:
        raise FileRefused(
            "no_header", _("The header row is counted from 1, as Excel numbers the rows.")
        )
    detected = header_row is None
    if header_row is None:
        header_row = chosen.header_row
    if header_row is None and not filled:
        raise FileRefused(
            "empty",
            _(
                "The workbook is empty: no sheet (%(sheets)s) has anything in its first "
                "%(rows)s rows. Is it the right file?"
            )
            % {"rows": HEADER_SCAN_ROWS, "sheets": ", ".join(s.name for s in summaries)},
        )
    if header_row is None:
        raise _no_header_error(summaries)
    source = sheets[summaries.index(chosen)]
    merges = merged_ranges(checked, source.part.part) if source.part else []
    two_rows = False
    if detected and _top_of_two_row_header(source, header_row, merges):
        header_row, two_rows = header_row - 1, True
    state = _RowState(header_row, merges, mapping, remembered, two_rows=two_rows)
    rows = [state.read(number, cells) for number, cells in source.rows()]
    if state.headers is None:  # the header row was past the sheet's end
        if detected:
            raise _no_header_error(summaries)
        raise _header_past_end(chosen.name, header_row, len(rows))
    assert state.mapping is not None
    assert state.proposed is not None
    return RegisterRead(
        file_name=checked.name,
        file_kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        sheets=summaries,
        sheet=chosen.name,
        header_row=header_row,
        headers=state.headers,
        proposed_mapping=state.proposed,
        mapping=state.mapping,
        rows=rows,
        statuses=list(state.statuses.values()),
    )


def _top_of_two_row_header(
    source: _Sheet, header_row: int, merges: list[tuple[int, int, int, int]]
) -> bool:
    """Whether the row above the detected header is the header's first row: cells merged from
    it down into the header row or across the header's columns ("Tanggal" over "Mulai |
    Berakhir"), and only text in it."""
    above = header_row - 1
    if above < 1 or not any(
        first_row == above and (last_row >= header_row or last_col > first_col)
        for first_col, first_row, last_col, last_row in merges
    ):
        return False
    return _all_text(next((cells for number, cells in source.scan() if number == above), ()))


class _RowState:
    """What reading the rows of the chosen sheet keeps between rows."""

    def __init__(
        self,
        header_row: int,
        merges: list[tuple[int, int, int, int]],
        mapping: Mapping[str, str] | None,
        remembered: Mapping[str, str] | None,
        *,
        two_rows: bool = False,
    ) -> None:
        self.header_row = header_row
        self.two_rows = two_rows
        self.max_rows = limits()["MAX_ROWS"]
        self.chosen_mapping = validate_mapping(mapping) if mapping is not None else None
        self.remembered = remembered
        self.starts: dict[int, list[tuple[int, int, int, int]]] = {}
        for merge in merges:
            self.starts.setdefault(merge[1], []).append(merge)
        self.active: list[tuple[int, int, Any]] = []  # (column index, last row, value)
        self.header_cells: list[Any] = []
        self.header_wide: list[tuple[int, int]] = []  # (first, last) column index
        self.header_merged = False  # a cell of the header row merged down or across
        self.headers: dict[str, str] | None = None
        self.proposed: dict[str, str] | None = None
        self.mapping: dict[str, str] | None = None
        self.readers: list[tuple[int, str, str, CellReader]] = []
        self.classifier = RowClassifier()
        self.data_count = 0
        self.year: int | None = None
        self.section = ""
        self.statuses: dict[str, StatusProposal] = {}

    def _set_headers(self, texts: dict[str, str]) -> None:
        self.headers = texts
        self.proposed = propose_mapping(texts, remembered=self.remembered)
        self.mapping = self.chosen_mapping if self.chosen_mapping is not None else self.proposed
        self.readers = []
        for letter, field_name in self.mapping.items():
            if field_name == IGNORE:
                continue
            index = _column_index(letter)
            reader = _reader_for(field_name, texts.get(letter, ""))
            self.readers.append((index, letter, field_name, reader))
        first = min((_column_index(letter) for letter in texts), default=0)
        self.classifier = RowClassifier(first)

    def read(self, number: int, raw: Sequence[Any]) -> ReadRow:
        cells = list(raw)
        wide: set[int] = set()
        for first_col, _first_row, last_col, last_row in self.starts.get(number, ()):
            index = first_col - 1
            value = cells[index] if index < len(cells) else None
            if last_row > number:
                self.active.append((index, last_row, value))
            if number == self.header_row and (last_row > number or last_col > first_col):
                self.header_merged = True
            if last_col > first_col:
                wide.add(index)
                if number == self.header_row:
                    self.header_wide.append((index, last_col - 1))
        if self.active:
            self.active = [entry for entry in self.active if entry[1] >= number]
        if number < self.header_row:
            kind = RowKind.TITLE if any(not v.is_empty(value) for value in cells) else RowKind.BLANK
            return ReadRow(number, kind, _trim(cells))
        if number == self.header_row:
            self.header_cells = cells
            self._set_headers(header_texts(cells))
            return ReadRow(number, RowKind.HEADER, _trim(cells))
        if number == self.header_row + 1 and (
            self.two_rows
            or (self.header_merged and is_sub_header(cells))
            or (is_sub_header(cells) and not header_score(cells))
        ):
            top = list(self.header_cells)
            for first, last in self.header_wide:  # "Tanggal" over "Mulai | Berakhir"
                top.extend([None] * (last + 1 - len(top)))
                for index in range(first + 1, last + 1):
                    top[index] = top[first]
            self._set_headers(header_texts(top, cells))
            return ReadRow(number, RowKind.HEADER, _trim(cells))
        kind = self.classifier.classify(cells, wide_cells=frozenset(wide))
        if kind == RowKind.SECTION:
            text = next(str(value).strip() for value in cells if not v.is_empty(value))
            self.section, self.year = text, section_year(text)
            return ReadRow(number, kind, _trim(cells))
        if kind != RowKind.DATA:
            return ReadRow(number, kind, _trim(cells))
        self.data_count += 1
        if self.data_count > self.max_rows:
            raise refuse_rows(None, self.max_rows)
        for index, last_row, value in self.active:  # a merged cell over data rows
            if last_row >= number:
                if index >= len(cells):
                    cells.extend([None] * (index + 1 - len(cells)))
                if v.is_empty(cells[index]):
                    cells[index] = value
        return self._read_values(number, cells)

    def _read_values(self, number: int, cells: list[Any]) -> ReadRow:
        row = ReadRow(number, RowKind.DATA, _trim(cells), year=self.year, section=self.section)
        size = len(cells)
        for index, letter, field_name, reader in self.readers:
            value = cells[index] if index < size else None
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            if isinstance(value, str) and value in v.EXCEL_ERRORS:
                row.issues.append(Issue("excel_error", f"{letter}{number}", {"text": value}))
                continue
            read = reader(value, f"{letter}{number}")
            if read.issues:
                row.issues.extend(read.issues)
            if read.value is None:
                continue
            if field_name in JOINED_FIELDS and field_name in row.values:
                previous = row.values[field_name]
                joined = (
                    previous + read.value
                    if isinstance(previous, list)
                    else f"{previous}\n{read.value}"
                )
                row.values[field_name] = joined
            else:
                row.values[field_name] = read.value
            if field_name == Field.STATUS:
                key = v.status_key(read.value)
                proposal = self.statuses.get(key)
                if proposal is None:
                    proposal = self.statuses[key] = StatusProposal(
                        key, read.value, v.propose_stage(read.value)
                    )
                proposal.rows += 1
        return row


def _all_text(cells: Sequence[Any]) -> bool:
    filled = [value for value in cells if not v.is_empty(value)]
    return bool(filled) and all(isinstance(value, str) for value in filled)


def _column_index(letter: str) -> int:
    index = 0
    for char in letter:
        index = index * 26 + (ord(char) - 64)
    return index - 1


def _trim(cells: Sequence[Any]) -> tuple[Any, ...]:
    end = len(cells)
    while end and v.is_empty(cells[end - 1]):
        end -= 1
    return tuple(cells[:end])


__all__ = [
    "ReadRow",
    "RegisterRead",
    "SheetSummary",
    "StatusProposal",
    "read_register",
]
