"""Charts of monitoring as SVG built on the server (issue 10, item 6): no JavaScript, no chart
library. The geometry is computed here in Decimal; `monitoring/_chart.html` writes the SVG
and, beside it, a table of the same numbers.

Every chart is a horizontal grouped bar chart (labels of any length fit on the left, and every
measure here is ≥ 0): one group of bars per category (a period, an agreement's indicator, a
public service), one bar per series (target / realisation, last year / this year). It prints in
grey: the series differ by pattern (solid, hatched, dotted), not by colour alone; each bar is
labelled with its number, a missing number is written "—". The SVG has `role="img"`, a
`<title>` and a `<desc>` named by `aria-labelledby`, and no `style` attribute (strict CSP):
only presentation attributes.

Edge cases: no value at all (a scale of 0 – 1 and every bar "—"); a zero or missing target (no
bar, "—"); one period only (one group); a value below zero (an achievement under the negative
polarity formula can be) is drawn as an empty bar with its number written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from kerjasama.monitoring.achievement import Figure, _fmt

ZERO = Decimal(0)
TENTH = Decimal("0.1")

WIDTH = Decimal(680)
LABEL_WIDTH = Decimal(200)
PLOT_LEFT = LABEL_WIDTH + 10
PLOT_WIDTH = Decimal(360)
LEGEND_HEIGHT = Decimal(28)
BAR_HEIGHT = Decimal(14)
BAR_GAP = Decimal(3)
GROUP_GAP = Decimal(12)
AXIS_HEIGHT = Decimal(26)
LABEL_CHARS = 32

# Series by pattern (they print in grey): solid dark grey, hatched, dotted.
STYLES = ("solid", "hatch", "dots")


def _q(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def nice_max(value: Decimal) -> Decimal:
    """The axis' end: the smallest 1, 2, 2.5 or 5 × 10ⁿ not below `value` (1 for nothing)."""
    if value <= 0:
        return Decimal(1)
    exponent = value.adjusted()
    for step in (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10)):
        candidate = step.scaleb(exponent)
        if candidate >= value:
            return candidate.normalize()
    return Decimal(10).scaleb(exponent + 1)  # pragma: no cover


@dataclass(frozen=True)
class Series:
    name: str
    style: str

    @property
    def fill_id(self) -> str:
        return self.style


@dataclass(frozen=True)
class Bar:
    series: Series
    value: Decimal | None
    text: str
    x: Decimal
    y: Decimal
    width: Decimal
    height: Decimal
    text_x: Decimal
    text_y: Decimal


@dataclass(frozen=True)
class Category:
    label: str
    short: str
    label_y: Decimal
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    x: Decimal
    text: str


@dataclass(frozen=True)
class Chart:
    """A chart and its table: `table_rows` are (category, [(value, text) per series])."""

    id: str
    title: str
    desc: str
    unit: str
    category_header: str
    series: tuple[Series, ...]
    categories: tuple[Category, ...]
    ticks: tuple[Tick, ...]
    reference: Tick | None
    width: Decimal
    height: Decimal
    plot_left: Decimal
    plot_right: Decimal
    plot_top: Decimal
    plot_bottom: Decimal

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def legend(self) -> list[tuple[Series, Decimal]]:
        return [(s, PLOT_LEFT + Decimal(150) * n) for n, s in enumerate(self.series)]

    @property
    def table_rows(self) -> list[tuple[str, list[tuple[Decimal | None, str]]]]:
        return [(c.label, [(b.value, b.text) for b in c.bars]) for c in self.categories]

    @property
    def values(self) -> list[Decimal]:
        """Every number drawn (for tests: the same as the table's)."""
        return [b.value for c in self.categories for b in c.bars if b.value is not None]


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def bar_chart(
    chart_id: str,
    *,
    title: str,
    desc: str,
    unit: str,
    category_header: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[Decimal | None]]],
    reference: Decimal | None = None,
    reference_text: str = "",
    suffix: str = "",
) -> Chart:
    """A horizontal grouped bar chart: `series` are (name, one value or None per category)."""
    for name, values in series:
        if len(values) != len(categories):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(categories)}")
        for value in values:
            if value is not None and not isinstance(value, Decimal):
                raise TypeError("chart values are Decimal")
    shown = [v for _n, values in series for v in values if v is not None]
    top = nice_max(max([*shown, *([reference] if reference is not None else []), ZERO]))
    scale = PLOT_WIDTH / top
    kinds = tuple(Series(name, STYLES[n % len(STYLES)]) for n, (name, _v) in enumerate(series))
    y = LEGEND_HEIGHT + GROUP_GAP / 2
    made = []
    group_height = len(series) * BAR_HEIGHT + (len(series) - 1) * BAR_GAP
    for index, label in enumerate(categories):
        bars = []
        for n, kind in enumerate(kinds):
            value = series[n][1][index]
            bar_y = y + n * (BAR_HEIGHT + BAR_GAP)
            width = _q(max(value, ZERO) * scale) if value is not None else ZERO
            text = (_fmt(value) + suffix) if value is not None else "—"
            bars.append(
                Bar(
                    series=kind,
                    value=value,
                    text=text,
                    x=PLOT_LEFT,
                    y=bar_y,
                    width=width,
                    height=BAR_HEIGHT,
                    text_x=PLOT_LEFT + width + 4,
                    text_y=bar_y + BAR_HEIGHT - 3,
                )
            )
        made.append(Category(label, _short(label), y + group_height / 2 + 4, tuple(bars)))
        y += group_height + GROUP_GAP
    plot_bottom = y - GROUP_GAP / 2
    ticks = tuple(
        Tick(_q(PLOT_LEFT + PLOT_WIDTH * n / 4), _fmt((top * n / 4).normalize())) for n in range(5)
    )
    ref = (
        Tick(_q(PLOT_LEFT + min(reference, top) * scale), reference_text)
        if reference is not None
        else None
    )
    return Chart(
        id=chart_id,
        title=title,
        desc=desc,
        unit=unit,
        category_header=category_header,
        series=kinds,
        categories=tuple(made),
        ticks=ticks,
        reference=ref,
        width=WIDTH,
        height=plot_bottom + AXIS_HEIGHT,
        plot_left=PLOT_LEFT,
        plot_right=PLOT_LEFT + PLOT_WIDTH,
        plot_top=LEGEND_HEIGHT,
        plot_bottom=plot_bottom,
    )


def _missing(count: int) -> str:
    if not count:
        return ""
    return " " + _("%(count)s bars have no verified value or no target and are marked “—”.") % {
        "count": count
    }


# --- The charts of the pages ---------------------------------------------------------------------


def target_realisation_chart(
    chart_id: str, name: str, unit: str, figures: Sequence[Figure]
) -> Chart:
    """Target against realisation over periods for one indicator (the PKS page, and the year
    page for headline indicators); only verified values are realisations."""
    categories = [str(f.period) for f in figures]
    targets = [f.target for f in figures]
    values = [f.value for f in figures]
    missing = sum(1 for v in [*targets, *values] if v is None)
    return bar_chart(
        chart_id,
        title=_("%(name)s: target and verified realisation per period") % {"name": name},
        desc=_(
            "Horizontal bars, one pair per period from %(first)s to %(last)s: the target "
            "(solid) and the verified realisation (hatched), in %(unit)s. The table gives the "
            "same numbers."
        )
        % {
            "first": categories[0] if categories else "—",
            "last": categories[-1] if categories else "—",
            "unit": unit,
        }
        + _missing(missing),
        unit=unit,
        category_header=_("Period"),
        categories=categories,
        series=[(_("Target"), targets), (_("Verified realisation"), values)],
    )


def achievement_chart(
    chart_id: str, rows: Sequence[tuple[str, Decimal | None]], year: int
) -> Chart:
    """The achievement of each agreement's indicators in a year, against the 100 % line."""
    missing = sum(1 for _label, v in rows if v is None)
    return bar_chart(
        chart_id,
        title=_("Achievement per agreement and indicator, %(year)s") % {"year": year},
        desc=_(
            "Horizontal bars, one per indicator of each agreement: its achievement in "
            "%(year)s in per cent, with a dashed line at 100 %% (target reached). The table "
            "gives the same numbers."
        )
        % {"year": year}
        + _missing(missing),
        unit="%",
        category_header=_("Agreement — indicator"),
        categories=[label for label, _v in rows],
        series=[(_("Achievement %(year)s") % {"year": year}, [v for _l, v in rows])],
        reference=Decimal(100),
        reference_text="100 %",
        suffix=" %",
    )


def year_over_year_chart(
    chart_id: str,
    *,
    title: str,
    what: str,
    unit: str,
    category_header: str,
    rows: Sequence[tuple[str, Decimal | None, Decimal | None]],
    year: int,
    suffix: str = "",
) -> Chart:
    """Last year against this year for each category (`rows`: label, last year, this year)."""
    missing = sum(1 for _l, a, b in rows for v in (a, b) if v is None)
    return bar_chart(
        chart_id,
        title=title,
        desc=_(
            "Horizontal bars, one pair per %(what)s: %(previous)s (solid) and %(year)s "
            "(hatched), in %(unit)s. The table gives the same numbers."
        )
        % {"what": what, "previous": year - 1, "year": year, "unit": unit}
        + _missing(missing),
        unit=unit,
        category_header=category_header,
        categories=[label for label, _a, _b in rows],
        series=[(str(year - 1), [a for _l, a, _b in rows]), (str(year), [b for _l, _a, b in rows])],
        suffix=suffix,
    )
