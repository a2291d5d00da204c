"""Reads of imports (issue 11): a region's runs, a run's rows, its error report."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from kerjasama.accounts.models import Tenant
from kerjasama.agreements.enums import DocumentKind, Stage
from kerjasama.agreements.models import Cooperation
from kerjasama.imports.columns import FIELD_LABELS, Field, columns_in_order
from kerjasama.imports.models import ImportRow, ImportRun, Outcome, RunState
from kerjasama.imports.services import reason_text, register_of
from kerjasama.imports.table import ROW_KIND_LABELS, RowKind

# A cell beginning with one of these is read as a formula by a spreadsheet (OWASP CSV
# injection): the report writes it with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def runs_of(tenant: Tenant) -> QuerySet[ImportRun]:
    return ImportRun.objects.filter(tenant=tenant).select_related("created_by")


# The words of a row's field diff (`services._diff`: the facts of `current_facts`).
_CHANGED = {
    "title": Field.TITLE,
    "opd": Field.OPD,
    "register_number": Field.REGISTER_NUMBER,
    "affairs": Field.URUSAN,
    "document.signed_on": Field.SIGNING_DATE,
    "document.start_date": Field.START_DATE,
    "document.end_date": Field.END_DATE,
    "document.summary": Field.REMARKS,
    "document.opd": Field.OPD,
}
# What a new row will register, shown beside it in the preview (`values_shown`), in this order.
_NEW_SHOWN = (
    Field.DOCUMENT_KIND,
    Field.DOCUMENT_NUMBER,
    Field.PARTNERS,
    Field.OPD,
    Field.URUSAN,
    Field.SIGNING_DATE,
    Field.START_DATE,
    Field.END_DATE,
    Field.STATUS,
    Field.REMARKS,
)


def _shown(value: Any) -> str:
    if value in (None, "", []):
        return ""
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return formats.date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    return str(value)


def values_shown(row: ImportRow) -> list[tuple[str, str]]:
    """What a new row will register, as read (the walk of issue 11: only its title was shown,
    so its dates, partners and OPD could not be checked before the commit): each field the row
    gives, by its name in the reader's language, dates as dates and types by their names. A
    possible duplicate shows them too, to be held against the case it resembles."""
    if row.outcome not in (Outcome.NEW, Outcome.DUPLICATE):
        return []
    values = row.values or {}
    shown = []
    for field in _NEW_SHOWN:
        value = values.get(str(field))
        if field == Field.DOCUMENT_KIND and value in DocumentKind.values:
            value = str(DocumentKind(value).label)
        text = _shown(value)
        if text:
            shown.append((str(FIELD_LABELS[field]), text))
    return shown


def reasons_shown(row: ImportRow, *, run: ImportRun | None = None) -> list[str]:
    """A row's reasons in the reader's language; for a row that is not data, what it is
    ("Blok judul", "Baris jumlah", "Catatan kaki" …). Once `run` is committed (or undone),
    the notes of the rows it wrote say what it did ("ditambahkan"), not what it will do."""
    if row.outcome == Outcome.NON_DATA:
        kind = str((row.values or {}).get("kind") or "")
        known = {member.value: member for member in RowKind}
        return [str(ROW_KIND_LABELS[known[kind]])] if kind in known else []
    done = run is not None and _written(run, row.outcome, excluded=row.excluded)
    return [reason_text(r, done=done) for r in row.reasons]


def _written(run: ImportRun, outcome: str, *, excluded: bool) -> bool:
    """Whether the committed (or since undone) `run` wrote the row: its notes are then told
    as done."""
    return (
        run.state in (RunState.COMMITTED, RunState.UNDONE)
        and not excluded
        and outcome in (Outcome.NEW, Outcome.UPDATE)
    )


def mapping_shown(run: ImportRun) -> dict[str, Any]:
    """The choices an import was read with, for reading after it was committed: the sheet,
    the header row, each column's field ("— not imported —") and each status's stage."""
    read = run.read or {}
    headers = read.get("headers") or {}
    fields = {field.value for field in Field}
    columns = [
        (
            f"{letter}: {header}",
            str(FIELD_LABELS[Field(run.mapping[letter])])
            if run.mapping.get(letter) in fields
            else _("— not imported —"),
        )
        for letter, header in columns_in_order(headers)
    ]
    stages = dict(Stage.choices)
    statuses = [
        (
            str(status["text"]),
            str(stages.get(run.status_mapping.get(status["key"]) or "", "—")),
        )
        for status in read.get("statuses") or []
    ]
    return {
        "sheet": run.sheet,
        "header_row": run.header_row,
        "columns": columns,
        "statuses": statuses,
    }


def changes_shown(diff: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A row's field diff as the preview shows it: the field's name in the reader's language
    and the values as dates and lists read ("1 Maret 2021", "1.03, 3.26"), not codes."""
    shown = []
    for name, change in diff.items():
        old, new = change  # [before, after] (`services._diff`)
        field = _CHANGED.get(name)
        if name == "document.title":
            label = _("Title of the agreement")
        else:
            label = str(FIELD_LABELS[field]) if field else name
        shown.append((label, _shown(old), _shown(new)))
    return shown


def rows_of(run: ImportRun, *, outcome: str = "") -> QuerySet[ImportRow]:
    rows = run.rows.select_related("cooperation")
    return rows.filter(outcome=outcome) if outcome else rows


def rows_to_write(run: ImportRun) -> int:
    """The rows the commit would write: new and update, not excluded."""
    return run.rows.filter(excluded=False, outcome__in=[Outcome.NEW, Outcome.UPDATE]).count()


def resembled_cases(run: ImportRun, rows: Iterable[ImportRow]) -> dict[int, Cooperation]:
    """The case each possible duplicate among `rows` resembles (by row number), for the user to
    check before saying what the row is: one query, only the region's own cases."""
    wanted = {
        row.number: reason["params"]["case"]
        for row in rows
        if row.outcome == Outcome.DUPLICATE
        for reason in row.reasons
        if reason.get("code") == "duplicate" and "case" in reason.get("params", {})
    }
    if not wanted:
        return {}
    cases = Cooperation.objects.filter(
        pk__in=set(wanted.values()), parties__partner__region=run.tenant.region
    ).distinct()
    by_pk = {case.pk: case for case in cases}
    return {number: by_pk[pk] for number, pk in wanted.items() if pk in by_pk}


def decidable(run: ImportRun) -> bool:
    """Whether the preview has rows to say something of: possible duplicates, or rows whose
    possible duplicate the user has already answered for (`services.run_decide`)."""
    return run.rows.filter(Q(outcome=Outcome.DUPLICATE) | ~Q(decision="")).exists()


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def error_report(run: ImportRun) -> bytes:
    """The header and every data row of the sheet as read, with three columns beside each: the
    row's number in the file (which the reasons' cells name, "F12"), its outcome, and its
    reasons in the active language (empty when it has none)."""
    read = register_of(run)
    reasons = {
        number: "; ".join(
            reason_text(r, done=_written(run, outcome, excluded=excluded)) for r in stored
        )
        for number, stored, outcome, excluded in run.rows.exclude(reasons=[]).values_list(
            "number", "reasons", "outcome", "excluded"
        )
    }
    outcomes = {
        number: str(Outcome(outcome).label) + (f" ({_('excluded')})" if excluded else "")
        for number, outcome, excluded in run.rows.values_list("number", "outcome", "excluded")
    }
    header = next((r for r in read.rows if r.kind == RowKind.HEADER), None)
    width = max(
        (len(r.cells) for r in read.rows if r.kind in (RowKind.DATA, RowKind.HEADER)), default=0
    )
    if header is not None:
        width = max(width, len(header.cells))
    book = Workbook()
    sheet = book.create_sheet((read.sheet or "Register")[:31], 0)
    book.remove(book.worksheets[1])
    top = list(header.cells) if header is not None else []
    top += [None] * (width - len(top))
    sheet.append([_safe(v) for v in top] + [_("Row in the file"), _("Outcome"), _("Reason")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in read.rows:
        if row.kind != RowKind.DATA:
            continue
        cells = [c.date() if isinstance(c, dt.datetime) and not c.time() else c for c in row.cells]
        cells += [None] * (width - len(cells))
        sheet.append(
            [_safe(v) for v in cells]
            + [row.number, outcomes.get(row.number), reasons.get(row.number)]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
