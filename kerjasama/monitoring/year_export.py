"""The year page's tables as CSV and XLSX (issue 10, item 5): the same figures as the page,
verified values only (they come from `year.year_page`). Text cells are escaped against formula
injection: a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed
with an apostrophe, so that a spreadsheet shows it as text (OWASP "CSV injection"). Numbers
are written as numbers (Decimal), never as text."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kerjasama.monitoring.year import BAND_LABELS, BANDS, GroupRow, YearPage

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | Decimal | None


def plain_number(value: Decimal) -> Decimal:
    """A decimal as the page writes it: no trailing zeros (the database keeps four places, so
    65 is stored 65.0000), never in exponent notation (1660, not 1.66E+3)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def safe_cell(value: Any) -> Cell:
    """A cell as written: numbers as the page writes them, text escaped against formula
    injection."""
    if isinstance(value, Decimal):
        return plain_number(value)
    if value is None or isinstance(value, int):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _distribution_table(title: str, header: str, groups: Sequence[GroupRow], year: int) -> Table:
    return Table(
        title,
        [
            header,
            *[str(BAND_LABELS[b]) for b in BANDS],
            _("counted %(year)s") % {"year": year},
            _("share reaching the target %(year)s (%%)") % {"year": year},
            _("counted %(year)s") % {"year": year - 1},
            _("share reaching the target %(year)s (%%)") % {"year": year - 1},
        ],
        [
            [
                g.label,
                *g.cells(),
                g.counted,
                g.met_share,
                g.previous_counted,
                g.previous_met_share,
            ]
            for g in groups
        ],
    )


def year_tables(page: YearPage) -> list[Table]:
    year, previous = page.year, page.previous_year
    cases = Table(
        _("Agreements"),
        [_("List"), _("Title"), _("Type"), _("Signed on"), _("Ends on")],
        [
            [label, c.title, c.get_kind_display(), c.signed_on, c.ends_on]
            for label, cases in (
                (_("active"), page.cases.active),
                (_("new"), page.cases.new),
                (_("ended"), page.cases.ended),
            )
            for c in cases
        ],
    )
    indicator_rows = [
        [
            # The PKS the indicator is bound to, as the page links it (not the case's title).
            r.indicator.document.title,
            r.indicator.name,
            r.indicator.code,
            r.indicator.unit,
            r.previous.value,
            r.previous.achievement,
            r.current.value,
            r.current.target,
            r.current.achievement,
            str(r.comparison.trend.label),
        ]
        for r in page.indicators
    ]
    by_row = {id(r): row for r, row in zip(page.indicators, indicator_rows, strict=True)}
    indicators = Table(
        _("Indicators"),
        [
            _("Agreement"),
            _("Indicator"),
            _("Code"),
            _("Unit"),
            _("Verified value %(year)s") % {"year": previous},
            _("Achievement %(year)s (%%)") % {"year": previous},
            _("Verified value %(year)s") % {"year": year},
            _("Target %(year)s") % {"year": year},
            _("Achievement %(year)s (%%)") % {"year": year},
            _("Change from the year before"),
        ],
        indicator_rows,
    )
    headlines = Table(
        _("Headline indicators"),
        [_("Headline indicator"), *indicators.headers],
        [[h.choice.definition.name, *by_row[id(r)]] for h in page.headlines for r in h.rows],
    )
    return [
        cases,
        _distribution_table(
            _("By group of government affairs"), _("Group"), page.by_affair_group, year
        ),
        _distribution_table(
            _("By public service"), _("Public service"), page.by_public_service, year
        ),
        _distribution_table(_("By partner type"), _("Partner type"), page.by_partner_type, year),
        headlines,
        indicators,
    ]


def as_csv(tables: Sequence[Table]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    for n, table in enumerate(tables):
        if n:
            writer.writerow([])
        writer.writerow([safe_cell(table.title)])
        writer.writerow([safe_cell(h) for h in table.headers])
        for row in table.rows:
            writer.writerow(["" if (c := safe_cell(v)) is None else c for v in row])
    return out.getvalue()


def as_xlsx(tables: Sequence[Table]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for n, table in enumerate(tables, start=1):
        sheet = book.create_sheet(title=f"{n}. {table.title}"[:31].replace("/", "-"))
        sheet.append([safe_cell(h) for h in table.headers])
        for row in table.rows:
            sheet.append([_xlsx_cell(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_cell(value: Any) -> Any:
    cell = safe_cell(value)
    if isinstance(value, Decimal):
        return cell  # openpyxl writes a Decimal as a number
    if hasattr(value, "isoformat"):
        return value  # a date stays a date
    return cell
