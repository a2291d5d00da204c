"""An indicator's achievement, computed and explained (issue 10; KERJASAMA_DAERAH.md §12).

Pure computation on frozen dataclasses: nothing here reads the database, so the numbers can be
recomputed by anyone from the inputs listed in their explanation. The models, screens and the
realisation workflow build these dataclasses and call `achievement_compute`.

The rules (docs/ARCHITECTURE.md, "Monitoring: achievement"):

- **Values are `Decimal`**, never float or text (a float or a string raises `TypeError`).
- **A realisation has three states**: a value (zero is a value), blank (not reported) and not
  applicable (with its reason). Only values count; blanks and not-applicables are listed in the
  explanation as left out.
- **Only verified values count.** `achievement_compute` takes a `VerifiedRealisations`, which
  refuses an unverified realisation; `VerifiedRealisations.from_records` is the one way callers
  make it from everything they hold (it keeps the verified ones).
- **Across reporters** (both parties, several OPD) of one period: sum, max or average of the
  reporters with a value. A percentage is always pooled: the numerators are summed and the
  denominators are summed, then divided — never an average of percentages.
- **Across periods** (the quarters of a year): sum, latest, max or average of the periods with a
  value. A cumulative indicator (a running total) takes the latest, never the sum of its
  updates. A percentage pools numerators and denominators for `sum`, takes the latest or the
  highest period otherwise, and cannot be averaged.
- **Achievement**, higher is better: realisation ÷ target × 100. Lower is better (negative
  polarity, *polaritas negatif*): the Indonesian performance-reporting convention

      capaian = (1 + (1 − realisasi ÷ target)) × 100 % = (2 × target − realisasi) ÷ target × 100 %

  PermenPANRB No. 8 Tahun 2021 tentang Sistem Manajemen Kinerja Pegawai Negeri Sipil, Lampiran
  ("formula untuk menghitung capaian IKI dengan kondisi khusus", with the worked example target 7
  months, realisation 6.5 → 107 %; copy read at
  http://online.flipbuilder.com/vajnr/eqrv/files/basic-html/page110.html); regional LKjIP apply
  the same formula as "Rencana − (Realisasi − Rencana) ÷ Rencana × 100 %", e.g. LKjIP Kabupaten
  Maluku Tengah 2021, Bab III.2 (https://fliphtml5.com/qdghn/orip/LKJIP_KAB._MALUKU_TENGAH_TAHUN_2021/94).
  The formula has no floor: a realisation above twice the target gives an achievement below
  zero, shown as computed with a note.
- **Yes/no and qualitative scales** are met or not (100 or 0): yes is 1, no is 0, a scale's
  levels are 1 … `scale_max`; met when the realisation reaches the target in the indicator's
  direction. They take the latest or highest period and the highest reporter.
- **Degenerate cases.** No target: no achievement (`Undefined.NO_TARGET`); the indicator is
  listed, not counted. A zero target: no percentage (`Undefined.ZERO_TARGET`), but `met` says
  whether the realisation reached it. Target equal to baseline: computed as usual (the formula
  does not use the baseline), with a note that the target is to keep the level. A quarter of a
  quarterly indicator without a target of its own in a year that has one (set for the year or
  derived from the quarters) is `Undefined.YEAR_TARGET`: listed with its value and counted in
  the year's figure, not "listed, not counted". Periods without
  a verified value: the year uses the others and lists the missing ones (`missing_periods`,
  `Note.MISSING_PERIODS`). Every reporter not applicable: no value, `Undefined.NOT_APPLICABLE`.
- **Targets change only by an addendum**: each `TargetVersion` holds targets from its
  `valid_from` date. A period takes the target of the newest version in force on the period's
  last day that sets one for it, so a period that ended before an addendum keeps its target.
- Rounding: division results (averages, percentages, achievements) are rounded half-up to two
  decimals for the figure; the achievement is computed from the unrounded value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext

from kerjasama.monitoring.enums import (
    BINARY_MEASURES,
    Direction,
    Frequency,
    Measure,
    Note,
    PeriodRule,
    RealisationState,
    ReporterRule,
    Trend,
    Undefined,
    Verification,
)

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
ZERO = Decimal(0)


def _decimal(value: Any, what: str) -> Decimal:
    """`value` itself when it is a finite Decimal; a float, an int or a string is refused, so
    that no number ever passes through binary floating point or text on its way here."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{what} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"{what} must be a finite number, not {value}")
    return value


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _fmt(value: Decimal | None) -> str:
    """A number as the reader's language writes it ("1.234,5" in Indonesian)."""
    if value is None:
        return "—"
    normal = value.normalize()
    places = max(0, -int(normal.as_tuple().exponent))
    return number_format(normal, decimal_pos=places, force_grouping=True)


# ------------------------------------------------------------------------------------------
# Inputs
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A reporting period: a year, or a quarter (1–4) of it."""

    year: int
    quarter: int | None = None

    def __post_init__(self) -> None:
        if self.quarter is not None and self.quarter not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1–4, not {self.quarter}")

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.year, self.quarter or 0)

    @property
    def start(self) -> dt.date:
        month = 1 if self.quarter is None else 3 * (self.quarter - 1) + 1
        return dt.date(self.year, month, 1)

    @property
    def end(self) -> dt.date:
        if self.quarter is None or self.quarter == 4:
            return dt.date(self.year, 12, 31)
        return dt.date(self.year, 3 * self.quarter + 1, 1) - dt.timedelta(days=1)

    def __str__(self) -> str:
        if self.quarter is None:
            return str(self.year)
        return gettext("Q%(quarter)s %(year)s") % {"quarter": self.quarter, "year": self.year}


@dataclass(frozen=True)
class Baseline:
    """The level before the cooperation (value and the year it was measured)."""

    value: Decimal
    year: int

    def __post_init__(self) -> None:
        _decimal(self.value, "baseline")


@dataclass(frozen=True)
class Target:
    """The target of one period: a number, a percentage (e.g. 25 for 25 %), a Rupiah amount,
    1/0 for yes/no or a level of the scale. Never negative: the SAKIP ratio assumes it."""

    period: Period
    value: Decimal

    def __post_init__(self) -> None:
        _decimal(self.value, "target")
        if self.value < 0:
            raise ValueError(f"a target cannot be negative ({self.value})")


@dataclass(frozen=True)
class TargetVersion:
    """The targets agreed in one document (the PKS, then each addendum that changes them),
    valid from `valid_from`. `source` names the document for the explanation."""

    valid_from: dt.date
    targets: tuple[Target, ...]
    source: str = ""

    def __post_init__(self) -> None:
        periods = [target.period for target in self.targets]
        if len(periods) != len(set(periods)):
            raise ValueError("a target version sets one target per period")

    def target_for(self, period: Period) -> Target | None:
        for target in self.targets:
            if target.period == period:
                return target
        return None


@dataclass(frozen=True)
class Indicator:
    """An indicator as the computation needs it (the library's definition plus what the PKS
    binds: baseline and target versions)."""

    code: str
    name: str
    unit: str
    measure: Measure
    direction: Direction
    period_rule: PeriodRule
    reporter_rule: ReporterRule
    frequency: Frequency = Frequency.ANNUAL
    baseline: Baseline | None = None
    target_versions: tuple[TargetVersion, ...] = ()
    scale_max: int | None = None

    def __post_init__(self) -> None:
        if self.measure == Measure.PERCENTAGE:
            if self.reporter_rule != ReporterRule.SUM:
                raise ValueError(
                    "a percentage pools its reporters' numerators and denominators: "
                    "its reporter rule is 'sum'"
                )
            if self.period_rule == PeriodRule.AVERAGE:
                raise ValueError("a percentage is never averaged across periods")
        if self.measure in BINARY_MEASURES:
            if self.period_rule not in (PeriodRule.LATEST, PeriodRule.MAX):
                raise ValueError("a yes/no or scale indicator takes the latest or highest period")
            if self.reporter_rule != ReporterRule.MAX:
                raise ValueError("a yes/no or scale indicator takes the highest reporter")
        if self.measure == Measure.SCALE and (self.scale_max is None or self.scale_max < 2):
            raise ValueError("a qualitative scale needs at least two levels (scale_max)")
        dates = [version.valid_from for version in self.target_versions]
        if len(dates) != len(set(dates)):
            raise ValueError("two target versions cannot start on the same day")
        for version in self.target_versions:
            for target in version.targets:
                if target.period.quarter is not None and self.frequency == Frequency.ANNUAL:
                    raise ValueError(f"{self.code}: a yearly indicator has no quarterly target")
                self._check_level(target.value, "target")

    def _check_level(self, value: Decimal, what: str) -> None:
        if self.measure == Measure.YES_NO and value not in (0, 1):
            raise ValueError(f"{what} of a yes/no indicator is 1 (yes) or 0 (no), not {value}")
        if self.measure == Measure.SCALE and (
            value != value.to_integral_value() or not 1 <= value <= (self.scale_max or 0)
        ):
            raise ValueError(f"{what} must be a level 1–{self.scale_max}, not {value}")

    def periods_of(self, year: int) -> tuple[Period, ...]:
        if self.frequency == Frequency.QUARTERLY:
            return tuple(Period(year, quarter) for quarter in (1, 2, 3, 4))
        return (Period(year),)

    def target_for(self, period: Period) -> tuple[Target, TargetVersion] | None:
        """The target of the newest version in force on the period's last day that sets one
        for this period (an addendum changes what it lists; an ended period keeps its own)."""
        in_force = [v for v in self.target_versions if v.valid_from <= period.end]
        for version in sorted(in_force, key=lambda v: v.valid_from, reverse=True):
            target = version.target_for(period)
            if target is not None:
                return target, version
        return None


@dataclass(frozen=True)
class Realisation:
    """What one reporter reported for one period, and its verification.

    `value` is the number (the numerator of a percentage, with `denominator`); `reporter` names
    who reported (a party and its OPD); `reference` identifies the stored row for the page.
    """

    period: Period
    reporter: str
    state: RealisationState
    value: Decimal | None = None
    denominator: Decimal | None = None
    not_applicable_reason: str = ""
    verification: Verification = Verification.DRAFT
    verified_by: str = ""
    verified_at: dt.datetime | None = None
    reference: str = ""

    def __post_init__(self) -> None:
        if self.state == RealisationState.VALUE:
            if self.value is None:
                raise ValueError("a realisation with a value needs the value (zero is a value)")
            _decimal(self.value, "realisation")
            if self.denominator is not None:
                _decimal(self.denominator, "denominator")
        else:
            if self.value is not None or self.denominator is not None:
                raise ValueError(f"a {self.state.label} realisation carries no value")
        if self.state == RealisationState.NOT_APPLICABLE and not self.not_applicable_reason:
            raise ValueError("'not applicable' needs its reason")

    @property
    def counted(self) -> bool:
        return self.state == RealisationState.VALUE


@dataclass(frozen=True)
class VerifiedRealisations:
    """The only input `achievement_compute` accepts: verified realisations, one per period and
    reporter. Make it with `from_records`, which keeps the verified ones of whatever it is
    given; constructing it directly with an unverified one raises."""

    items: tuple[Realisation, ...]

    def __post_init__(self) -> None:
        for item in self.items:
            if item.verification != Verification.VERIFIED:
                raise ValueError("only verified realisations count")
            if not item.verified_by:
                # The explanation names who verified every number it counts.
                raise ValueError("a verified realisation names who verified it")
        keys = [(item.period, item.reporter) for item in self.items]
        if len(keys) != len(set(keys)):
            raise ValueError("one realisation per period and reporter")

    @classmethod
    def from_records(cls, records: Iterable[Realisation]) -> VerifiedRealisations:
        return cls(tuple(r for r in records if r.verification == Verification.VERIFIED))


# ------------------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """One step of the formula in words, rendered in the reader's language by `text()`."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    def text(self) -> str:
        """Rendered now, in the active language: numbers in its notation, a period by its
        name, a nested step by its own text."""
        params = {
            key: _fmt(value)
            if isinstance(value, Decimal) or value is None
            else value.text()
            if isinstance(value, Step)
            else date_format(value, "j F Y")
            if isinstance(value, dt.date)
            else str(value)
            for key, value in self.params
        }
        return _step_texts()[self.code] % params


def _step_texts() -> dict[str, str]:
    """Every sentence of an explanation (a function, so that gettext runs in the reader's
    language each time)."""
    return {
        "in_period": gettext("%(period)s: %(step)s"),
        "reporters_sum": gettext("sum of the reporters' values %(values)s = %(value)s"),
        "reporters_max": gettext("highest of the reporters' values %(values)s = %(value)s"),
        "reporters_average": gettext("average of the reporters' values %(values)s = %(value)s"),
        "pooled": gettext(
            "numerators %(numerators)s summed = %(numerator)s; denominators %(denominators)s "
            "summed = %(denominator)s; %(numerator)s ÷ %(denominator)s × 100 = %(value)s %%"
        ),
        "periods_sum": gettext("sum of the periods %(values)s = %(value)s"),
        "periods_latest": gettext(
            "latest period with a value (%(period)s) = %(value)s; a cumulative value is "
            "never summed"
        ),
        "periods_max": gettext("highest of the periods %(values)s = %(value)s"),
        "periods_average": gettext("average of the periods %(values)s = %(value)s"),
        "target": gettext("target %(target)s, from %(source)s (valid from %(valid_from)s)"),
        "target_derived": gettext(
            "yearly target derived from the quarters' targets %(values)s by the period rule "
            "= %(target)s"
        ),
        "higher": gettext(
            "achievement = realisation %(value)s ÷ target %(target)s × 100 = %(achievement)s %%"
        ),
        "lower": gettext(
            "achievement (negative polarity, PermenPANRB 8/2021) = (1 + (1 − realisation "
            "%(value)s ÷ target %(target)s)) × 100 = %(achievement)s %%"
        ),
        "binary_met": gettext(
            "realisation %(value)s reaches the target %(target)s: met, achievement 100 %%"
        ),
        "binary_not_met": gettext(
            "realisation %(value)s does not reach the target %(target)s: not met, achievement 0 %%"
        ),
        "zero_target_met": gettext(
            "the target is zero and the realisation %(value)s meets it; no percentage"
        ),
        "zero_target_not_met": gettext(
            "the target is zero and the realisation %(value)s does not meet it; no percentage"
        ),
    }


@dataclass(frozen=True)
class Explanation:
    """Everything a displayed number expands to: the realisations it read (counted or left
    out, who reported, who verified), the rules, the target's source and the formula."""

    inputs: tuple[Realisation, ...]
    measure: Measure
    direction: Direction
    period_rule: PeriodRule
    reporter_rule: ReporterRule
    steps: tuple[Step, ...]
    notes: tuple[Note, ...] = ()

    @property
    def counted(self) -> tuple[Realisation, ...]:
        return tuple(r for r in self.inputs if r.counted)

    @property
    def left_out(self) -> tuple[Realisation, ...]:
        return tuple(r for r in self.inputs if not r.counted)

    def rules(self) -> list[str]:
        """The rules applied, as labels in the reader's language."""
        return [
            str(self.measure.label),
            str(self.direction.label),
            str(self.reporter_rule.label),
            str(self.period_rule.label),
        ]

    def formula(self) -> str:
        """The formula in words, step by step."""
        return "; ".join(step.text() for step in self.steps)


@dataclass(frozen=True)
class Figure:
    """One figure of a period or of the year: its value, target, achievement (a percentage, or
    None with `reason`), whether the target was met, and its explanation."""

    period: Period
    value: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    met: bool | None
    reason: Undefined | None
    explanation: Explanation
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    target_version: TargetVersion | None = None
    # A year that is not over, or has periods without a verified value: its figure is the value
    # so far ("sementara"), with no verdict and no comparison (`through`: its last period with
    # a value, None for a yearly indicator or when none has one).
    provisional: bool = False
    through: Period | None = None


@dataclass(frozen=True)
class YearAchievement:
    """The figures of each period of a year and of the year itself. `missing_periods` are the
    periods without a verified value (a not-applicable period is not missing)."""

    indicator: Indicator
    year: int
    periods: tuple[Figure, ...]
    year_figure: Figure
    missing_periods: tuple[Period, ...] = field(default=())


# ------------------------------------------------------------------------------------------
# Computation
# ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Amount:
    value: Decimal  # exact (unrounded)
    numerator: Decimal | None = None
    denominator: Decimal | None = None


def _check_realisation(indicator: Indicator, item: Realisation) -> None:
    if indicator.frequency == Frequency.QUARTERLY and item.period.quarter is None:
        raise ValueError(f"{indicator.code} is reported per quarter, not per year")
    if indicator.frequency == Frequency.ANNUAL and item.period.quarter is not None:
        raise ValueError(f"{indicator.code} is reported per year, not per quarter")
    if not item.counted:
        return
    value = item.value if item.value is not None else ZERO  # a counted one has its value
    if indicator.measure == Measure.PERCENTAGE:
        if item.denominator is None or item.denominator <= 0:
            raise ValueError("a percentage's denominator must be above zero")
        if value < 0:
            raise ValueError("a percentage's numerator cannot be negative")
    elif item.denominator is not None:
        raise ValueError("only a percentage has a denominator")
    indicator._check_level(value, "a realisation")


def _shown(value: Decimal) -> Decimal:
    """A value as a figure shows it: itself when it has at most two decimals, else rounded."""
    return value if value == _round(value) else _round(value)


def _list(values: Sequence[Decimal]) -> str:
    return ", ".join(_fmt(_shown(v)) for v in values)


def _combine_reporters(
    indicator: Indicator, entries: Sequence[Realisation]
) -> tuple[_Amount | None, Undefined | None, list[Note], list[Step]]:
    values = [e for e in entries if e.counted]
    notes: list[Note] = []
    if any(e.state == RealisationState.NOT_APPLICABLE for e in entries):
        notes.append(Note.SOME_NOT_APPLICABLE)
    if any(e.state == RealisationState.BLANK for e in entries):
        notes.append(Note.BLANK_REPORTS)
    if not values:
        if entries and all(e.state == RealisationState.NOT_APPLICABLE for e in entries):
            return None, Undefined.NOT_APPLICABLE, [], []
        return None, Undefined.NO_VALUE, notes, []
    nums = [e.value for e in values if e.value is not None]
    if indicator.measure == Measure.PERCENTAGE:
        dens = [e.denominator for e in values if e.denominator is not None]
        numerator, denominator = sum(nums, ZERO), sum(dens, ZERO)
        amount = _Amount(numerator / denominator * HUNDRED, numerator, denominator)
        step = Step(
            "pooled",
            (
                ("numerators", _list(nums)),
                ("numerator", numerator),
                ("denominators", _list(dens)),
                ("denominator", denominator),
                ("value", _round(amount.value)),
            ),
        )
        return amount, None, notes, [step]
    if indicator.reporter_rule == ReporterRule.SUM:
        value = sum(nums, ZERO)
    elif indicator.reporter_rule == ReporterRule.MAX:
        value = max(nums)
    else:
        value = sum(nums, ZERO) / len(nums)
    step = Step(
        f"reporters_{indicator.reporter_rule.value}",
        (("values", _list(nums)), ("value", _shown(value))),
    )
    return _Amount(value), None, notes, ([step] if len(nums) > 1 else [])


def _combine_periods(
    indicator: Indicator, amounts: Sequence[tuple[Period, _Amount]]
) -> tuple[_Amount, Step]:
    """The year's amount from the periods with a value (in period order)."""
    rule = indicator.period_rule
    values = [amount.value for _period, amount in amounts]
    shown = _list(values)
    if rule == PeriodRule.LATEST:
        period, amount = amounts[-1]
        return amount, Step("periods_latest", (("period", period), ("value", _shown(amount.value))))
    if rule == PeriodRule.MAX:
        amount = max((a for _p, a in amounts), key=lambda a: a.value)
        return amount, Step("periods_max", (("values", shown), ("value", _shown(amount.value))))
    if indicator.measure == Measure.PERCENTAGE:  # SUM: pool over the periods
        numerator = sum((a.numerator or ZERO for _p, a in amounts), ZERO)
        denominator = sum((a.denominator or ZERO for _p, a in amounts), ZERO)
        amount = _Amount(numerator / denominator * HUNDRED, numerator, denominator)
        return amount, Step(
            "pooled",
            (
                ("numerators", _list([a.numerator or ZERO for _p, a in amounts])),
                ("numerator", numerator),
                ("denominators", _list([a.denominator or ZERO for _p, a in amounts])),
                ("denominator", denominator),
                ("value", _round(amount.value)),
            ),
        )
    total = sum(values, ZERO)
    value = total if rule == PeriodRule.SUM else total / len(values)
    return _Amount(value), Step(
        f"periods_{rule.value}", (("values", shown), ("value", _shown(value)))
    )


def _achieve(
    indicator: Indicator, value: Decimal, target: Decimal
) -> tuple[Decimal | None, bool, Undefined | None, list[Note], Step]:
    """Achievement of an exact value against a target, by measure and direction."""
    higher = indicator.direction == Direction.HIGHER_IS_BETTER
    met = value >= target if higher else value <= target
    params: tuple[tuple[str, Any], ...] = (("value", _shown(value)), ("target", target))
    if indicator.measure in BINARY_MEASURES:
        achievement = HUNDRED if met else ZERO
        return achievement, met, None, [], Step("binary_met" if met else "binary_not_met", params)
    if target == 0:
        code = "zero_target_met" if met else "zero_target_not_met"
        return None, met, Undefined.ZERO_TARGET, [], Step(code, params)
    ratio = value / target
    exact = ratio * HUNDRED if higher else (1 + (1 - ratio)) * HUNDRED
    achievement = _round(exact)
    notes = [Note.BELOW_ZERO] if achievement < 0 else []
    step = Step("higher" if higher else "lower", (*params, ("achievement", achievement)))
    return achievement, met, None, notes, step


def _target_step(target: Target, version: TargetVersion) -> Step:
    return Step(
        "target",
        (
            ("target", target.value),
            ("source", version.source or "—"),
            ("valid_from", version.valid_from),
        ),
    )


def _year_target(
    indicator: Indicator, year: int
) -> tuple[Decimal | None, TargetVersion | None, list[Note], list[Step]]:
    """The year's own target; else, for a quarterly indicator, one derived from the quarters'
    targets by the period rule (sum needs all four and is not defined for a percentage,
    latest takes the fourth quarter's, max and average those set)."""
    found = indicator.target_for(Period(year))
    if found is not None:
        target, version = found
        return target.value, version, [], [_target_step(target, version)]
    if indicator.frequency != Frequency.QUARTERLY:
        return None, None, [], []
    quarters = [indicator.target_for(Period(year, q)) for q in (1, 2, 3, 4)]
    values = [q[0].value for q in quarters if q is not None]
    rule = indicator.period_rule
    derived: Decimal | None = None
    if rule == PeriodRule.LATEST:
        derived = quarters[3][0].value if quarters[3] is not None else None
    elif rule == PeriodRule.SUM:
        if len(values) == 4 and indicator.measure != Measure.PERCENTAGE:
            derived = sum(values, ZERO)
    elif values and rule == PeriodRule.MAX:
        derived = max(values)
    elif values:
        derived = _round(sum(values, ZERO) / len(values))
    if derived is None:
        return None, None, [], []
    step = Step("target_derived", (("values", _list(values)), ("target", derived)))
    return derived, None, [Note.TARGET_DERIVED], [step]


def _figure(
    indicator: Indicator,
    period: Period,
    amount: _Amount | None,
    reason: Undefined | None,
    inputs: tuple[Realisation, ...],
    steps: list[Step],
    notes: list[Note],
    target: Decimal | None,
    version: TargetVersion | None,
) -> Figure:
    achievement: Decimal | None = None
    met: bool | None = None
    if amount is not None:
        if target is None:
            reason = Undefined.NO_TARGET
        else:
            achievement, met, reason, more, step = _achieve(indicator, amount.value, target)
            notes = [*notes, *more]
            steps = [*steps, step]
    if (
        target is not None
        and indicator.baseline is not None
        and target == indicator.baseline.value
        and indicator.measure not in BINARY_MEASURES
    ):
        notes = [*notes, Note.TARGET_EQUALS_BASELINE]
    value: Decimal | None = None
    if amount is not None:
        value = _shown(amount.value)
        if indicator.measure == Measure.PERCENTAGE:
            value = _round(amount.value)
    return Figure(
        period=period,
        value=value,
        target=target,
        achievement=achievement,
        met=met,
        reason=reason,
        explanation=Explanation(
            inputs=inputs,
            measure=indicator.measure,
            direction=indicator.direction,
            period_rule=indicator.period_rule,
            reporter_rule=indicator.reporter_rule,
            steps=tuple(steps),
            notes=tuple(dict.fromkeys(notes)),
        ),
        numerator=amount.numerator if amount else None,
        denominator=amount.denominator if amount else None,
        target_version=version,
    )


_VERDICT_STEPS = (
    "higher",
    "lower",
    "binary_met",
    "binary_not_met",
    "zero_target_met",
    "zero_target_not_met",
)


def _provisional(figure: Figure, through: Period | None) -> Figure:
    """The year's figure as the value so far: no achievement, no met/not met (its verdict steps
    and notes dropped), the target kept for reference."""
    return replace(
        figure,
        achievement=None,
        met=None,
        reason=Undefined.PROVISIONAL
        if figure.achievement is not None or figure.met is not None
        else figure.reason,
        provisional=True,
        through=through,
        explanation=replace(
            figure.explanation,
            steps=tuple(s for s in figure.explanation.steps if s.code not in _VERDICT_STEPS),
            notes=tuple(n for n in figure.explanation.notes if n != Note.BELOW_ZERO),
        ),
    )


def achievement_compute(
    indicator: Indicator,
    realisations: VerifiedRealisations,
    year: int,
    as_of: dt.date | None = None,
) -> YearAchievement:
    """The figures of `year`: one per period (per quarter for a quarterly indicator) and one for
    the year (for a yearly indicator, the same figure). Realisations of other years are
    ignored; the order they come in does not matter.

    The year's figure is provisional (the value so far, no verdict) when the year is not over
    on `as_of` (the screens pass today) or when some of its periods have no verified value: a
    sum of two quarters is not a year's result (issue 10, QA: the running year)."""
    not_over = as_of is not None and Period(year).end >= as_of
    if not isinstance(realisations, VerifiedRealisations):
        raise TypeError("achievement counts only VerifiedRealisations.from_records(...)")
    periods = indicator.periods_of(year)
    by_period: dict[Period, list[Realisation]] = {period: [] for period in periods}
    for item in realisations.items:
        if item.period.year != year:
            continue
        _check_realisation(indicator, item)
        by_period[item.period].append(item)
    figures: list[Figure] = []
    amounts: list[tuple[Period, _Amount]] = []
    missing: list[Period] = []
    reasons: list[Undefined | None] = []
    for period in periods:
        entries = tuple(sorted(by_period[period], key=lambda r: r.reporter))
        amount, reason, notes, steps = _combine_reporters(indicator, entries)
        found = indicator.target_for(period)
        target, version = (found[0].value, found[1]) if found else (None, None)
        if found:
            steps = [*steps, _target_step(*found)]
        figures.append(
            _figure(indicator, period, amount, reason, entries, steps, notes, target, version)
        )
        reasons.append(reason)
        if amount is not None:
            amounts.append((period, amount))
        elif reason == Undefined.NO_VALUE:
            missing.append(period)
    if indicator.frequency == Frequency.ANNUAL:
        year_only = figures[0]
        if not_over:
            year_only = _provisional(year_only, None)
            figures = [year_only]
        return YearAchievement(indicator, year, tuple(figures), year_only, tuple(missing))
    inputs = tuple(item for figure in figures for item in figure.explanation.inputs)
    target, version, notes, steps = _year_target(indicator, year)
    if target is not None:
        # A quarter without a target of its own, in a year with one: its value counts in the
        # year's figure, so it is not "listed, not counted".
        figures = [
            replace(figure, reason=Undefined.YEAR_TARGET)
            if figure.reason == Undefined.NO_TARGET
            else figure
            for figure in figures
        ]
    # How each period's value was made from its reporters, so that the year's number expands
    # down to the realisations.
    period_steps = [
        Step("in_period", (("period", figure.period), ("step", step)))
        for figure in figures
        for step in figure.explanation.steps
        if step.code.startswith("reporters_") or step.code == "pooled"
    ]
    if missing and amounts:
        notes = [*notes, Note.MISSING_PERIODS]
    if Undefined.NOT_APPLICABLE in reasons:
        notes = [*notes, Note.SOME_NOT_APPLICABLE]
    # What the periods left out concerns the year too; their own targets' notes do not.
    carried = (Note.SOME_NOT_APPLICABLE, Note.BLANK_REPORTS)
    for figure in figures:
        notes += [n for n in figure.explanation.notes if n in carried]
    year_amount: _Amount | None = None
    year_reason: Undefined | None = None
    if amounts:
        year_amount, step = _combine_periods(indicator, amounts)
        steps = [*period_steps, step, *steps]
    elif all(r == Undefined.NOT_APPLICABLE for r in reasons):
        year_reason = Undefined.NOT_APPLICABLE
    else:
        year_reason = Undefined.NO_VALUE
    year_figure = _figure(
        indicator, Period(year), year_amount, year_reason, inputs, steps, notes, target, version
    )
    if not_over or (missing and amounts):
        year_figure = _provisional(year_figure, amounts[-1][0] if amounts else None)
    return YearAchievement(indicator, year, tuple(figures), year_figure, tuple(missing))


@dataclass(frozen=True)
class Summary:
    """A set of figures (e.g. every indicator of a PKS for a year): those counted, with an
    achievement, and those listed but not counted, with their reason."""

    counted: tuple[Figure, ...]
    not_counted: tuple[Figure, ...]

    @property
    def met(self) -> int:
        return sum(1 for figure in self.counted if figure.met)


def achievement_summarise(figures: Iterable[Figure]) -> Summary:
    """Indicators without a target (or without a defined achievement) are listed, not counted."""
    figures = tuple(figures)
    return Summary(
        counted=tuple(f for f in figures if f.achievement is not None),
        not_counted=tuple(f for f in figures if f.achievement is None),
    )


@dataclass(frozen=True)
class Comparison:
    """A year's figure against the year before ("what did 2021 achieve over 2020?").

    `change` is the difference of the values (percentage points for a percentage),
    `achievement_change` that of the achievements (percentage points); `trend` reads the
    change in the indicator's direction: a lower value is an improvement when lower is better.
    Either is None when a year has no value (or no achievement)."""

    previous: Figure
    current: Figure
    change: Decimal | None
    achievement_change: Decimal | None
    trend: Trend


def achievement_compare(indicator: Indicator, previous: Figure, current: Figure) -> Comparison:
    """Compare two figures of one indicator (normally two years' `year_figure`)."""
    change: Decimal | None = None
    trend = Trend.UNKNOWN
    if previous.provisional or current.provisional:
        # A year not complete is not compared with a whole year (issue 10, QA).
        return Comparison(previous, current, None, None, Trend.INCOMPLETE)
    if previous.value is not None and current.value is not None:
        change = current.value - previous.value
        better = change if indicator.direction == Direction.HIGHER_IS_BETTER else -change
        trend = Trend.IMPROVED if better > 0 else Trend.WORSENED if better < 0 else Trend.UNCHANGED
    achievement_change = (
        current.achievement - previous.achievement
        if current.achievement is not None and previous.achievement is not None
        else None
    )
    return Comparison(previous, current, change, achievement_change, trend)
