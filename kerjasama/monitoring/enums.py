"""The vocabularies of monitoring and evaluation (KERJASAMA_DAERAH.md §12; issue 10).

Every value here is stored in the database (the indicator library, later the indicators bound to
a PKS) and read by the pure computation in `monitoring.achievement`, which imports nothing from
the database. Labels are shown on the pages, so they go through gettext.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    """What kind of quantity an indicator is measured in."""

    NUMBER = "number", _("numeric")
    # Kept as numerator and denominator (e.g. litres lost / litres produced), never as a bare
    # percentage: percentages of several reporters or periods are pooled, never averaged.
    PERCENTAGE = "percentage", _("percentage (numerator and denominator)")
    RUPIAH = "rupiah", _("Rupiah")
    YES_NO = "yes_no", _("yes/no")
    SCALE = "scale", _("qualitative scale")


# Measures whose achievement is "met or not" (100 or 0): their values are levels, not
# quantities, so a ratio of realisation to target means nothing.
BINARY_MEASURES = frozenset({Measure.YES_NO, Measure.SCALE})


class Direction(models.TextChoices):
    """Which way is better: the indicator's polarity (polaritas) in SAKIP/LKjIP practice."""

    HIGHER_IS_BETTER = "higher", _("higher is better (positive polarity)")
    LOWER_IS_BETTER = "lower", _("lower is better (negative polarity)")


class PeriodRule(models.TextChoices):
    """How the values of the periods of a year make the year's value."""

    SUM = "sum", _("sum of the periods")
    # A cumulative indicator (a running total, a stock, a rate over the year so far): its value
    # is its latest report, never the sum of its updates.
    LATEST = "latest", _("latest period (cumulative)")
    MAX = "max", _("highest period")
    AVERAGE = "average", _("average of the periods")


class ReporterRule(models.TextChoices):
    """How the values of several reporters (both parties, several OPD) of one period combine.
    Percentages always pool numerators and denominators (`SUM`)."""

    SUM = "sum", _("sum of the reporters")
    MAX = "max", _("highest reporter")
    AVERAGE = "average", _("average of the reporters")


class Frequency(models.TextChoices):
    """How often an indicator is reported: once a year, or per quarter."""

    ANNUAL = "annual", _("yearly")
    QUARTERLY = "quarterly", _("quarterly")


class RealisationState(models.TextChoices):
    """Three different things, never confused: a number (zero is a number), nothing reported
    yet, and "does not apply this period" with its reason."""

    VALUE = "value", _("value")
    BLANK = "blank", _("blank (not reported)")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class Verification(models.TextChoices):
    """A realisation's verification by the secretariat. Only verified values count anywhere."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    VERIFIED = "verified", _("verified")


class Undefined(models.TextChoices):
    """Why a figure has no achievement (the page shows the reason instead of a number)."""

    NO_TARGET = "no_target", _("no target set for this period: listed, not counted")
    ZERO_TARGET = (
        "zero_target",
        _(
            "the target is zero: a percentage of zero is undefined; the page says whether the "
            "target was met"
        ),
    )
    NO_VALUE = "no_value", _("no verified realisation for this period")
    NOT_APPLICABLE = "not_applicable", _("every reporter marked this period not applicable")
    # A quarter of a quarterly indicator whose target is set for the year (or derived from the
    # other quarters): its value is listed and counted in the year's figure, nothing is wrong.
    YEAR_TARGET = "year_target", _("yearly target: counted in the year's row")
    # The year is not over, or some of its periods have no verified value: the value so far.
    PROVISIONAL = "provisional", _("provisional: the year is not complete, no verdict yet")


class Note(models.TextChoices):
    """Facts about a figure that do not prevent it but that a reader must see beside it."""

    TARGET_EQUALS_BASELINE = (
        "target_equals_baseline",
        _("the target equals the baseline: the target is to keep the baseline level"),
    )
    MISSING_PERIODS = (
        "missing_periods",
        _("some periods have no verified realisation: the year's value uses the others"),
    )
    SOME_NOT_APPLICABLE = (
        "some_not_applicable",
        _("some reports are marked not applicable and are left out"),
    )
    BLANK_REPORTS = "blank_reports", _("some reporters have not reported and are left out")
    BELOW_ZERO = (
        "below_zero",
        _(
            "the realisation is more than twice the target of a lower-is-better indicator: the "
            "convention's formula gives an achievement below zero, shown as computed"
        ),
    )
    TARGET_DERIVED = (
        "target_derived",
        _(
            "no yearly target was set: the year's target is derived from the quarters' targets by "
            "the period rule"
        ),
    )


class Trend(models.TextChoices):
    """A figure against the same figure a year before, in the indicator's direction."""

    IMPROVED = "improved", _("improved")
    UNCHANGED = "unchanged", _("unchanged")
    WORSENED = "worsened", _("worsened")
    UNKNOWN = "unknown", _("cannot be compared: a year has no value")
    INCOMPLETE = "incomplete", _("cannot be compared yet: the year is not complete")
