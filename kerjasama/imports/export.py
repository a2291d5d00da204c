"""Export the registry in the register template (issue 11, item 8).

A row is one agreement of a case (`template.ROW_KINDS`: KB, NK, foreign text, LoI, each PKS,
each addendum), so that a re-import finds it again by its number in the exporting region's
register and the region as party (§8.3 `nomor` per party); a case without any agreement yet
(a proposal, an offer) is one row of the case alone. Only the region's own cases are rows
(`register_rows`): a case it oversees is no agreement of its register. The columns are
`template.COLUMNS`; every value is written so that `reader.read_register` reads it back as it
was (see `tests/test_imports_export*.py`): dates as date cells, the term as a number of months,
codes and numbers as text, the partners one per line, the statuses and types in the
template's texts.

Rows are read in chunks of `CHUNK` cases (a few queries per chunk, whatever its size) and
written as they come: the XLSX by openpyxl's write-only workbook (rows go to a temporary file,
not to memory), the CSV as a generator of lines. Memory stays bounded at 500,000 cases.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import IO, Any

from django.db.models import Exists, OuterRef, QuerySet, Sum
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kerjasama.accounts.models import Opd, Tenant
from kerjasama.agreements.models import (
    Cooperation,
    Document,
    DocumentParty,
    FinancingLine,
    Party,
)
from kerjasama.agreements.selectors import RegistryFilters
from kerjasama.imports import template as t
from kerjasama.imports.columns import Field

CHUNK = 1000


@dataclass(frozen=True, slots=True)
class ExportRow:
    """One row of the template, as the importer reads it back (`values` per field)."""

    cooperation_id: int
    document_id: int | None
    values: dict[str, Any]


def add_months(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


def term_months(start: dt.date | None, end: dt.date | None) -> int | None:
    """The term in whole months when the dates say one: 17/07/2023–16/07/2028 (the day before)
    or –17/07/2028 is 60 months; any other span is no whole number of months (None)."""
    if start is None or end is None or end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month
    for candidate in (months, months + 1):
        if candidate <= 0:
            continue
        ends = add_months(start, candidate)
        if end in (ends, ends - dt.timedelta(days=1)):
            return candidate
    return None


def _lines(items: Iterable[str]) -> str:
    return "\n".join(item for item in items if item)


def register_rows(cases: QuerySet[Cooperation], tenant: Tenant) -> Iterator[ExportRow]:
    """The template's rows of `cases` (in their order) as seen by `tenant`'s region: those of
    its cases only. A region's register holds the agreements it is a party of; a case it only
    reads (a province sees the cases of its regencies and cities) has no number of its in the
    file, and read back into its register it would become a case of the region."""
    region_id = tenant.region_id
    cases = cases.filter(
        Exists(Party.objects.filter(cooperation=OuterRef("pk"), partner__region_id=region_id))
    )
    chunk: list[Cooperation] = []
    for case in cases.iterator(chunk_size=CHUNK):
        chunk.append(case)
        if len(chunk) >= CHUNK:
            yield from _chunk_rows(chunk, region_id)
            chunk = []
    if chunk:
        yield from _chunk_rows(chunk, region_id)


def _chunk_rows(cases: list[Cooperation], region_id: int) -> Iterator[ExportRow]:
    ids = [case.pk for case in cases]
    documents: dict[int, list[Any]] = defaultdict(list)
    for document in (
        Document.objects.filter(cooperation_id__in=ids, kind__in=t.ROW_KINDS)
        .order_by("cooperation_id", "signed_on", "id")
        .values(
            "id",
            "cooperation_id",
            "kind",
            "title",
            "stage",
            "signed_on",
            "start_date",
            "end_date",
            "summary",
            "executing_opd__name",
            "executing_opd__tenant__region_id",
        )
    ):
        documents[document["cooperation_id"]].append(document)
    # The region's own party of each case (prefetched with the partners): its numbers, read by
    # the documents' and the parties' ids (both indexed; a join to the partners' regions cost
    # 0.7 s per chunk at 500,000 cases).
    own_parties = {
        case.pk: party
        for case in cases
        for party in case.parties.all()
        if party.partner.region_id == region_id
    }
    numbers = dict(
        DocumentParty.objects.filter(
            document_id__in=[d["id"] for rows in documents.values() for d in rows],
            party_id__in=[party.pk for party in own_parties.values()],
        ).values_list("document_id", "number")
    )
    affairs: dict[int, list[str]] = defaultdict(list)
    through = Cooperation.affairs.through.objects.filter(cooperation_id__in=ids)
    for case_id, code, name in through.order_by("governmentaffair__code").values_list(
        "cooperation_id", "governmentaffair__code", "governmentaffair__name"
    ):
        affairs[case_id].append(f"{code} {name}")
    opd_ids = {
        opd_id
        for party in own_parties.values()
        for opd_id in (party.executing_opd_id, party.initiating_opd_id)
        if opd_id
    }
    opds = dict(Opd.objects.filter(pk__in=opd_ids).values_list("pk", "name"))
    amounts = dict(
        FinancingLine.objects.filter(cooperation_id__in=ids)
        .values("cooperation_id")
        .annotate(total=Sum("amount"))
        .values_list("cooperation_id", "total")
    )
    for case in cases:
        parties = list(case.parties.all())
        own = own_parties.get(case.pk)
        # By id: without a prefetch, `own` and `parties` are different instances of one row.
        others = [p.partner for p in parties if own is None or p.pk != own.pk]
        case_opd = ""
        if own is not None:
            case_opd = opds.get(own.executing_opd_id or own.initiating_opd_id or 0, "")
        common: dict[str, Any] = {
            Field.COOPERATION_KIND: case.kind,
            Field.REGISTER_NUMBER: own.register_number if own else "",
            Field.PARTNERS: [partner.name for partner in others],
            Field.NIB: _lines(partner.nib for partner in others),
            Field.NPWP: _lines(partner.npwp for partner in others),
            Field.URUSAN: _lines(affairs.get(case.pk, [])),
        }
        case_documents = documents.get(case.pk, [])
        # The case's value once, on its first row (a sum over the rows stays the register's).
        first: dict[str, Any] = {Field.AMOUNT: amounts.get(case.pk)}
        if not case_documents:
            yield ExportRow(
                case.pk,
                None,
                _clean(
                    {
                        **common,
                        **first,
                        Field.TITLE: case.title,
                        Field.OPD: case_opd,
                        Field.STATUS: t.STATUS_TEXTS[case.stage],
                    }
                ),
            )
        for index, document in enumerate(case_documents):
            stage = t.row_stage(document["stage"], case.stage)
            yield ExportRow(
                case.pk,
                document["id"],
                _clean(
                    {
                        **common,
                        **(first if index == 0 else {}),
                        Field.DOCUMENT_NUMBER: numbers.get(document["id"], ""),
                        Field.DOCUMENT_KIND: document["kind"],
                        Field.TITLE: document["title"],
                        # The agreement's own executing OPD when it is one of the region's
                        # (another party's OPD is no OPD of this register).
                        Field.OPD: (
                            document["executing_opd__name"]
                            if document["executing_opd__tenant__region_id"] == region_id
                            else None
                        )
                        or case_opd,
                        Field.SIGNING_DATE: document["signed_on"],
                        Field.START_DATE: document["start_date"],
                        Field.END_DATE: document["end_date"],
                        Field.DURATION: term_months(document["start_date"], document["end_date"]),
                        Field.STATUS: t.STATUS_TEXTS[stage],
                        Field.REMARKS: document["summary"],
                    }
                ),
            )


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    """The fields with a value, text stripped as the importer reads it (an empty one stays
    empty: the importer reads nothing from an empty cell)."""
    kept: dict[str, Any] = {}
    for name, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        if isinstance(value, list):
            value = [item.strip() for item in value if item and item.strip()]
        if value in (None, "", []):
            continue
        kept[str(name)] = value
    return kept


# --- Writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportMeta:
    """What the hidden meta sheet says about an export."""

    region_code: str
    region_name: str
    exported_at: str
    filters: dict[str, Any]
    rows: int = 0

    def items(self) -> list[tuple[str, Any]]:
        return [
            ("template", "Kerjasama register"),
            ("template_version", t.TEMPLATE_VERSION),
            ("region_code", self.region_code),
            ("region", self.region_name),
            ("exported_at", self.exported_at),
            ("filters", json.dumps(self.filters, ensure_ascii=False, sort_keys=True)),
        ]


def export_meta(tenant: Tenant, filters: RegistryFilters | None = None) -> ExportMeta:
    chosen = {
        name: value
        for name, value in asdict(filters or RegistryFilters()).items()
        if value not in (None, "", False)
    }
    return ExportMeta(
        region_code=tenant.region.code,
        region_name=tenant.region.name,
        exported_at=timezone.localtime().replace(microsecond=0).isoformat(),
        filters=chosen,
    )


def file_name(tenant: Tenant, extension: str, on: dt.date | None = None) -> str:
    """ "Register-Kerja-Sama-Kota-Singkawang-2026-12-07.xlsx"."""
    region = slugify(str(tenant.region.name)).title() or tenant.region.code
    day = (on or timezone.localdate()).isoformat()
    return f"Register-Kerja-Sama-{region}-{day}.{extension}"


_WIDTHS = {
    Field.TITLE: 60,
    Field.PARTNERS: 40,
    Field.OPD: 36,
    Field.URUSAN: 36,
    Field.REMARKS: 40,
    Field.STATUS: 28,
    Field.DOCUMENT_NUMBER: 24,
}


def _text(field: str, value: Any) -> str:
    """A value as the template writes it: the types in the template's texts, the partners one
    per line."""
    if field == Field.DOCUMENT_KIND:
        return t.DOCUMENT_KIND_TEXTS[value]
    if field == Field.COOPERATION_KIND:
        return t.COOPERATION_KIND_TEXTS[value]
    if isinstance(value, list | tuple):
        return "\n".join(value)
    return str(value)


def _text_cell(sheet: Any, text: str) -> Any:
    """A text that a spreadsheet program would run as a formula, as a text cell: a shared
    string (never a formula) with Excel's quote prefix (`template.FORMULA_STARTS`)."""
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def xlsx_cells(sheet: Any, values: dict[str, Any], styles: dict[str, Any]) -> list[Any]:
    """One row of cells: dates as date cells, the term a number, everything else text."""
    cells: list[Any] = []
    for field in t.FIELDS:
        value = values.get(field)
        if value is None:
            cells.append(None)
        elif isinstance(value, dt.date):
            cell = WriteOnlyCell(sheet, value=value)  # type: ignore[arg-type]  # a date is one
            cell.number_format = t.XLSX_DATE_FORMAT
            cells.append(cell)
        elif isinstance(value, decimal.Decimal):
            cell = WriteOnlyCell(sheet, value=float(value))
            cell.number_format = t.XLSX_RUPIAH_FORMAT
            cells.append(cell)
        elif isinstance(value, int):
            cells.append(value)
        else:
            text = _text(field, value)
            if t.starts_formula(text):
                cells.append(_text_cell(sheet, text))
            elif "\n" in text:
                cell = WriteOnlyCell(sheet, value=text)
                cell.alignment = styles["wrap"]
                cells.append(cell)
            else:
                cells.append(text)
    return cells


def write_xlsx(rows: Iterable[ExportRow], meta: ExportMeta, out: IO[bytes]) -> int:
    """The register as an XLSX workbook into `out`; the number of rows written."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(t.DATA_SHEET)
    for index, field in enumerate(t.FIELDS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(field, 16)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in t.HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    styles = {"wrap": Alignment(wrap_text=True, vertical="top")}
    count = 0
    for row in rows:
        sheet.append(xlsx_cells(sheet, row.values, styles))
        count += 1
    info = workbook.create_sheet(t.META_SHEET)
    info.sheet_state = "hidden"
    for key, value in [*meta.items(), ("rows", count)]:
        info.append([key, _text_cell(info, value) if isinstance(value, str) else value])
    workbook.save(out)
    return count


def csv_cells(values: dict[str, Any]) -> list[str]:
    cells = []
    for field in t.FIELDS:
        value = values.get(field)
        if value is None:
            text = ""
        elif isinstance(value, dt.date):
            text = value.strftime(t.CSV_DATE_FORMAT)
        elif isinstance(value, decimal.Decimal):
            text = f"{value:.2f}".replace(".", t.CSV_DECIMAL)
        else:
            text = _text(field, value)
        cells.append(t.csv_escape(text))
    return cells


def csv_lines(rows: Iterable[ExportRow]) -> Iterator[str]:
    """The register as CSV text, line by line: a BOM, the header, one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=t.CSV_DELIMITER, lineterminator="\r\n")

    def line(cells: Sequence[str]) -> str:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(cells)
        return buffer.getvalue()

    yield "\ufeff" + line(t.HEADERS)
    for row in rows:
        yield line(csv_cells(row.values))


def write_csv(rows: Iterable[ExportRow], out: IO[bytes]) -> int:
    count = -1
    for text in csv_lines(rows):
        out.write(text.encode("utf-8"))
        count += 1
    return count


def export_to_file(
    cases: QuerySet[Cooperation],
    tenant: Tenant,
    kind: str,
    *,
    filters: RegistryFilters | None = None,
) -> tuple[IO[bytes], int]:
    """The register of `cases` in a temporary file (at its start), and its row count."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller (a FileResponse)
    rows = register_rows(cases, tenant)
    if kind == "xlsx":
        count = write_xlsx(rows, export_meta(tenant, filters), out)
    else:
        count = write_csv(rows, out)
    out.seek(0)
    return out, count
