"""The file check: is this upload a register we may open (issue 11, item 1)?

Everything here reads bytes, never a parsed workbook: the kind of file from its first bytes and
its zip directory, the sizes every part declares (a zip bomb is refused before anything is
inflated), each sheet's declared size (100,000 rows are refused before openpyxl opens the
sheet), an encrypted workbook from its OLE signature, and a CSV's encoding and separator.
The bounds are settings (`KERJASAMA_IMPORT`, ❓ defaults): an upload's bytes are held in memory
once (at most `MAX_BYTES`), and nothing larger is ever built from them.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from lxml import etree

from kerjasama.imports.issues import FileRefused

XLSX = "xlsx"
CSV = "csv"

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
# Parts smaller than this may pack as well as they like (an empty sheet packs 100 times).
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_PARTS = 5_000
# Bytes of a sheet's XML read to find its <dimension>: it comes right after <sheetPr>.
DIMENSION_HEAD_BYTES = 64 * 1024
# Rows of title block, notes and signature a sheet may have beyond the data-row bound before the
# declared size alone refuses it (the data rows are counted again as they are read).
NON_DATA_ALLOWANCE = 1_000
XML_PART_MAX_BYTES = 4 * 1024 * 1024  # workbook.xml and its relationships

_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?[A-Z]*(\d+)\"")
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True, slots=True)
class SheetPart:
    """A worksheet as the workbook lists it: its name, its part in the zip, its declared rows."""

    name: str
    part: str
    visible: bool
    declared_rows: int | None


@dataclass(frozen=True)
class CheckedFile:
    """An accepted register file. `data` is the upload's bytes (bounded by `MAX_BYTES`)."""

    name: str
    kind: str  # XLSX or CSV
    size: int
    sha256: str
    data: bytes = field(repr=False)
    sheets: tuple[SheetPart, ...] = ()
    encoding: str = ""  # CSV
    delimiter: str = ""  # CSV


def limits() -> dict[str, int]:
    return dict(settings.KERJASAMA_IMPORT)


def _refuse_kind(what: str) -> FileRefused:
    return FileRefused(
        "wrong_kind",
        _(
            "This file is %(what)s, not an Excel workbook (.xlsx) or a CSV file, whatever its "
            "name says. Open it and save it as an Excel workbook (.xlsx)."
        )
        % {"what": what},
    )


def _refuse_bomb() -> FileRefused:
    return FileRefused(
        "zip_bomb",
        _(
            "This file was refused: it unpacks to far more than its size (a zip bomb) and "
            "could stall the server."
        ),
    )


def refuse_rows(rows: int | None, limit: int) -> FileRefused:
    """The refusal of a file with too many rows: `rows` as declared or counted on the bytes,
    None when the data rows were counted as they streamed and passed the limit."""
    if rows is None:
        return FileRefused(
            "too_many_rows",
            _(
                "The sheet has more than %(limit)s data rows, the most that can be imported at "
                "once. Split the register into several files (e.g. one per year)."
            )
            % {"limit": number_format(limit, force_grouping=True)},
        )
    return FileRefused(
        "too_many_rows",
        _(
            "The sheet has %(rows)s rows; at most %(limit)s rows can be imported at once. "
            "Split the register into several files (e.g. one per year)."
        )
        % {
            "rows": number_format(rows, force_grouping=True),
            "limit": number_format(limit, force_grouping=True),
        },
    )


def _read_input(file: bytes | str | Path | IO[bytes], limit: int) -> tuple[bytes, str]:
    """The bytes (at most `limit` + 1 of them) and the file name of `file`."""
    if isinstance(file, bytes):
        return file[: limit + 1], ""
    if isinstance(file, str | Path):
        path = Path(file)
        with path.open("rb") as handle:
            return handle.read(limit + 1), path.name
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(limit + 1)
    return data, Path(str(getattr(file, "name", "") or "")).name


def _ole_kind(data: bytes) -> str:
    """What an OLE compound file holds, from the stream names of its directory (UTF-16)."""

    def has(name: str) -> bool:
        return name.encode("utf-16-le") in data

    if has("EncryptedPackage") or has("EncryptionInfo"):
        return "encrypted"
    if has("Workbook") or has("Book"):
        return "xls"
    if has("WordDocument"):
        return "doc"
    if has("PowerPoint Document"):
        return "ppt"
    # Excel writes a workbook saved with a password as an OLE file; an OLE file named .xlsx
    # whose streams say nothing else is taken for one.
    return "encrypted"


def _check_ole(data: bytes) -> None:
    kind = _ole_kind(data)
    if kind == "encrypted":
        raise FileRefused(
            "encrypted",
            _(
                "The workbook is protected with a password, so it cannot be read. Open it in "
                "Excel, remove the password (File › Info › Protect Workbook › Encrypt with "
                "Password, empty) and save it without one."
            ),
        )
    names = {
        "xls": _("an old Excel 97-2003 workbook (.xls)"),
        "doc": _("an old Word 97-2003 document (.doc)"),
        "ppt": _("an old PowerPoint 97-2003 presentation (.ppt)"),
    }
    raise _refuse_kind(str(names[kind]))


def _zip_kind(names: set[str], content_types: bytes) -> str | None:
    """None for a workbook; else a description of what this zip is."""
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return None
    if "word/document.xml" in names:
        return str(_("a Word document (.docx)"))
    if "ppt/presentation.xml" in names:
        return str(_("a PowerPoint presentation (.pptx)"))
    if "content.xml" in names and b"opendocument.spreadsheet" in content_types:
        return str(_("a LibreOffice Calc spreadsheet (.ods)"))
    if "content.xml" in names:
        return str(_("a LibreOffice document (.odt)"))
    return str(_("a ZIP archive"))


def _check_sizes(entries: list[zipfile.ZipInfo], bounds: dict[str, int]) -> None:
    """Refuse an archive whose declared sizes are out of bounds: read from the central
    directory, before any part is inflated."""
    if len(entries) > MAX_PARTS:
        raise _refuse_bomb()
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if total > bounds["MAX_UNPACKED_BYTES"]:
        raise _refuse_bomb()
    if total > RATIO_FLOOR_BYTES and total / packed > bounds["MAX_RATIO"]:
        raise _refuse_bomb()
    for entry in entries:
        if entry.file_size > RATIO_FLOOR_BYTES and (
            entry.file_size / max(entry.compress_size, 1) > bounds["MAX_RATIO"]
        ):
            raise _refuse_bomb()


def _read_part(archive: zipfile.ZipFile, name: str, limit: int = XML_PART_MAX_BYTES) -> bytes:
    with archive.open(name) as part:
        data = part.read(limit + 1)
    if len(data) > limit:
        raise _refuse_bomb()
    return data


def _xml(data: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def _sheet_parts(archive: zipfile.ZipFile, names: set[str]) -> tuple[SheetPart, ...]:
    """The worksheets in the workbook's order, each with its part and declared row count."""
    workbook = _xml(_read_part(archive, "xl/workbook.xml"))
    if str(workbook.tag).startswith("{http://purl.oclc.org/ooxml/"):
        raise FileRefused(
            "strict_ooxml",
            _(
                "The workbook is saved as “Strict Open XML Spreadsheet”, which cannot be read. "
                "Save it as “Excel Workbook (.xlsx)” and upload it again."
            ),
        )
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        rels = _xml(_read_part(archive, "xl/_rels/workbook.xml.rels"))
        for rel in rels.iter(f"{{{_NS_PKG_REL}}}Relationship"):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets[rel.get("Id", "")] = target
    sheets = []
    for sheet in workbook.iter(f"{{{_NS_MAIN}}}sheet"):
        part = targets.get(sheet.get(f"{{{_NS_REL}}}id", ""), "")
        if part not in names or "/worksheets/" not in part:
            continue  # a chart sheet or a dialog sheet: no table
        with archive.open(part) as stream:
            head = stream.read(DIMENSION_HEAD_BYTES)
        found = _DIMENSION.search(head)
        sheets.append(
            SheetPart(
                name=sheet.get("name", ""),
                part=part,
                visible=sheet.get("state", "visible") == "visible",
                declared_rows=int(found.group(1)) if found else None,
            )
        )
    return tuple(sheets)


def _check_no_dtd(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    """Refuse a part with a document type declaration: Excel never writes one, and its entities
    could expand a few bytes into gigabytes ("billion laughs") inside the parser. A DOCTYPE
    comes before the root element, so the head of each part tells."""
    for entry in entries:
        if not entry.filename.endswith((".xml", ".rels")):
            continue
        with archive.open(entry) as part:
            head = part.read(DIMENSION_HEAD_BYTES)
        if b"<!doctype" in head.lower():
            raise FileRefused(
                "xml_dtd",
                _(
                    "The workbook is damaged and cannot be read. Open it in Excel and save it "
                    "again."
                ),
            )


def _check_xlsx(data: bytes, bounds: dict[str, int]) -> tuple[SheetPart, ...]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()  # the central directory only: nothing inflated yet
            _check_sizes(entries, bounds)
            names = {entry.filename for entry in entries}
            content_types = b""
            if "[Content_Types].xml" in names:
                content_types = _read_part(archive, "[Content_Types].xml")
            elif "mimetype" in names:
                content_types = _read_part(archive, "mimetype", 1024)
            what = _zip_kind(names, content_types)
            if what is not None:
                raise _refuse_kind(what)
            _check_no_dtd(archive, entries)
            sheets = _sheet_parts(archive, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError, EOFError) as error:
        raise FileRefused(
            "damaged",
            _("The workbook is damaged and cannot be read. Open it in Excel and save it again."),
        ) from error
    except etree.XMLSyntaxError as error:
        raise FileRefused(
            "damaged",
            _("The workbook is damaged and cannot be read. Open it in Excel and save it again."),
        ) from error
    except NotImplementedError as error:  # a compression method zipfile does not know
        raise _refuse_kind(str(_("a ZIP archive"))) from error
    if not sheets:
        raise FileRefused("no_sheet", _("The workbook has no sheet with cells."))
    allowed = bounds["MAX_ROWS"] + NON_DATA_ALLOWANCE
    for sheet in sheets:
        if sheet.declared_rows is not None and sheet.declared_rows > allowed:
            raise refuse_rows(sheet.declared_rows, bounds["MAX_ROWS"])
    return sheets


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (with or without a byte-order mark), UTF-16 with its mark
    (Excel's "Unicode Text", tab-separated), else Windows-1252, which Excel on Indonesian
    Windows writes for "CSV (Comma delimited)"."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode Text"
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """`;` (Excel with Indonesian regional settings), `,` or a tab: the one that splits the
    first lines into the most rows of one and the same width (quoted fields respected)."""
    lines = [line for line in itertools.islice(io.StringIO(text), 50) if line.strip()]
    best, best_score = ",", (-1, -1)
    for delimiter in (";", ",", "\t"):
        try:
            widths = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:  # a CR inside a field quoted for another separator: not this one
            continue
        wide = [width for width in widths if width > 1]
        if not wide:
            continue
        common = max(set(wide), key=wide.count)
        score = (wide.count(common), common)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _looks_like_text(data: bytes) -> bool:
    head = data[:4096]
    return b"\x00" not in head


def _check_csv(data: bytes, bounds: dict[str, int]) -> tuple[str, str]:
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and not _looks_like_text(data):
        raise _refuse_kind(str(_("a binary file")))
    text, encoding = decode_text(data)
    head = text[:2048].lstrip().lower()
    if head.startswith(("<html", "<!doctype", "<table", "<?xml")):
        raise _refuse_kind(str(_("a web page (HTML) or an XML file")))
    # Counted before a row is parsed (quoted line breaks only make this higher).
    lines = text.count("\n") + 1
    if lines > bounds["MAX_ROWS"] + NON_DATA_ALLOWANCE:
        raise refuse_rows(lines, bounds["MAX_ROWS"])
    return encoding, sniff_delimiter(text)


def _delimited(data: bytes) -> bool:
    """Whether text reads as rows of values: its first line holds a ";", "," or tab and so
    does a second line."""
    lines = [line for line in data[:8192].splitlines() if line.strip()][:2]
    return len(lines) == 2 and all(any(c in line for c in (b";", b",", b"\t")) for line in lines)


def check_file(file: bytes | str | Path | IO[bytes], *, name: str = "") -> CheckedFile:
    """Accept a real .xlsx or a .csv within the bounds, or raise `FileRefused` with a message
    in the user's language that says what the file is and what to do."""
    bounds = limits()
    data, found_name = _read_input(file, bounds["MAX_BYTES"])
    name = name or found_name
    if len(data) > bounds["MAX_BYTES"]:
        raise FileRefused(
            "too_large",
            _("The file is larger than %(limit)s; split the register into several files.")
            % {"limit": filesizeformat(bounds["MAX_BYTES"])},
        )
    if not data:
        raise FileRefused("empty", _("The file is empty."))
    sha256 = hashlib.sha256(data).hexdigest()
    if data.startswith(OLE_SIGNATURE):
        _check_ole(data)
    if data.lstrip()[:5] == b"%PDF-":
        raise _refuse_kind(str(_("a PDF document")))
    if data.startswith(ZIP_SIGNATURE):
        sheets = _check_xlsx(data, bounds)
        return CheckedFile(name, XLSX, len(data), sha256, data, sheets)
    head = data[:2048].lstrip().lower()
    if name.lower().endswith(".csv") or (
        _looks_like_text(data)
        and not head.startswith((b"<html", b"<!doctype", b"<table"))
        and _delimited(data)
    ):
        # The content decides, not the name: rows of values separated by ";", "," or tabs are
        # a CSV file, also when saved under another name (the walk of issue 11).
        encoding, delimiter = _check_csv(data, bounds)
        return CheckedFile(
            name, CSV, len(data), sha256, data, encoding=encoding, delimiter=delimiter
        )
    if _looks_like_text(data):
        what = _("a text file")
        if head.startswith((b"<html", b"<!doctype", b"<table")):
            what = _("a web page (HTML)")
        raise _refuse_kind(str(what))
    raise _refuse_kind(str(_("a file of an unknown kind")))


def csv_rows(checked: CheckedFile) -> Iterator[list[str]]:
    """The rows of an accepted CSV file, as text."""
    text, _encoding = decode_text(checked.data)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=checked.delimiter)


_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*?\bref=\"([A-Z]+)(\d+):([A-Z]+)(\d+)\"")


def merged_ranges(checked: CheckedFile, part: str) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range of the sheet `part`.

    openpyxl's read-only mode does not expose merged cells. Opening the workbook a second time
    without read-only would build every cell of the sheet in memory; instead the sheet's XML is
    inflated once more, in chunks, and only the `<mergeCell ref="…">` elements (after the
    cells, at the end of the part) are picked out: a few percent of openpyxl's streaming
    parse of the same sheet (bench/imports.py measures both).
    """
    ranges: list[tuple[int, int, int, int]] = []
    tail = b""
    with zipfile.ZipFile(io.BytesIO(checked.data)) as archive, archive.open(part) as stream:
        while True:
            chunk = stream.read(1024 * 1024)
            if not chunk:
                break
            buffer = tail + chunk
            cut = buffer.rfind(b"<")  # a tag cut by the chunk's end starts there
            if cut < 0:
                cut = len(buffer)
            for found in _MERGE.finditer(buffer, 0, cut):
                ranges.append(
                    (
                        _column_index(found.group(1)),
                        int(found.group(2)),
                        _column_index(found.group(3)),
                        int(found.group(4)),
                    )
                )
            tail = buffer[cut:]
    for found in _MERGE.finditer(tail):
        ranges.append(
            (
                _column_index(found.group(1)),
                int(found.group(2)),
                _column_index(found.group(3)),
                int(found.group(4)),
            )
        )
    return ranges


def _column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + (letter - 64)
    return index
