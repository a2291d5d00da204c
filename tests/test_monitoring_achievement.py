"""An indicator's achievement (issue 10; KERJASAMA_DAERAH.md §12), with every expected value
computed by hand in the comments — never by the code's own helpers.

The lower-is-better convention (polaritas negatif) is the formula of PermenPANRB 8/2021
(Sistem Manajemen Kinerja PNS, Lampiran: capaian IKI "kondisi khusus"):
capaian = (1 + (1 − realisasi ÷ target)) × 100 %.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kerjasama.monitoring.achievement import (
    Baseline,
    Indicator,
    Period,
    Realisation,
    Target,
    TargetVersion,
    VerifiedRealisations,
    achievement_compare,
    achievement_compute,
    achievement_summarise,
)
from kerjasama.monitoring.enums import (
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

PKS = dt.date(2020, 1, 1)
VALUE, BLANK, NA = (
    RealisationState.VALUE,
    RealisationState.BLANK,
    RealisationState.NOT_APPLICABLE,
)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def indicator(
    *,
    measure: Measure = Measure.NUMBER,
    direction: Direction = Direction.HIGHER_IS_BETTER,
    period_rule: PeriodRule = PeriodRule.SUM,
    reporter_rule: ReporterRule = ReporterRule.SUM,
    frequency: Frequency = Frequency.ANNUAL,
    targets: dict[Period, str] | None = None,
    versions: tuple[TargetVersion, ...] | None = None,
    baseline: Baseline | None = None,
    scale_max: int | None = None,
) -> Indicator:
    if versions is None:
        versions = (
            (TargetVersion(PKS, tuple(Target(p, D(v)) for p, v in targets.items()), "PKS 1/2020"),)
            if targets
            else ()
        )
    return Indicator(
        code="test.indicator",
        name="Test",
        unit="unit",
        measure=measure,
        direction=direction,
        period_rule=period_rule,
        reporter_rule=reporter_rule,
        frequency=frequency,
        baseline=baseline,
        target_versions=versions,
        scale_max=scale_max,
    )


def verified(
    period: Period,
    reporter: str,
    value: str | None = None,
    *,
    state: RealisationState = VALUE,
    denominator: str | None = None,
    reason: str = "",
    verification: Verification = Verification.VERIFIED,
) -> Realisation:
    return Realisation(
        period=period,
        reporter=reporter,
        state=state,
        value=None if value is None else D(value),
        denominator=None if denominator is None else D(denominator),
        not_applicable_reason=reason,
        verification=verification,
        verified_by="sekretariat.singkawang" if verification == Verification.VERIFIED else "",
        reference=f"{period}/{reporter}",
    )


def year_of(ind: Indicator, *realisations: Realisation, year: int = 2020):
    return achievement_compute(ind, VerifiedRealisations.from_records(realisations), year)


Y = Period(2020)
Q1, Q2, Q3, Q4 = (Period(2020, q) for q in (1, 2, 3, 4))


# ------------------------------------------------------------------------------------------
# Targets: zero, missing, equal to baseline, changed by an addendum
# ------------------------------------------------------------------------------------------


def test_zero_target_has_no_percentage_but_says_whether_it_was_met():
    # Higher is better, target 0, realisation 5: 5 ÷ 0 is undefined; 5 ≥ 0, so met.
    higher = year_of(indicator(targets={Y: "0"}), verified(Y, "A", "5")).year_figure
    # Lower is better (e.g. zero households flooded), target 0, realisation 3: 3 > 0, not met.
    lower_ind = indicator(direction=Direction.LOWER_IS_BETTER, targets={Y: "0"})
    lower = year_of(lower_ind, verified(Y, "A", "3")).year_figure
    lower_zero = year_of(lower_ind, verified(Y, "A", "0")).year_figure

    assert (higher.achievement, higher.reason, higher.met) == (None, Undefined.ZERO_TARGET, True)
    assert (lower.achievement, lower.reason, lower.met) == (None, Undefined.ZERO_TARGET, False)
    assert (lower_zero.achievement, lower_zero.met) == (None, True)
    assert "the target is zero" in lower.explanation.formula()


def test_missing_target_is_listed_not_counted():
    without = year_of(indicator(), verified(Y, "A", "40")).year_figure
    with_target = year_of(indicator(targets={Y: "50"}), verified(Y, "A", "40")).year_figure

    summary = achievement_summarise([without, with_target])

    # 40 ÷ 50 × 100 = 80
    assert (without.value, without.achievement, without.reason) == (
        D(40),
        None,
        Undefined.NO_TARGET,
    )
    assert summary.counted == (with_target,)
    assert summary.not_counted == (without,)
    assert with_target.achievement == D("80.00")


def test_target_equal_to_baseline_is_computed_as_usual_with_a_note():
    # Baseline 40 (2019), target 40: the target is to keep the level. 38 ÷ 40 × 100 = 95.
    ind = indicator(targets={Y: "40"}, baseline=Baseline(D(40), 2019))

    figure = year_of(ind, verified(Y, "A", "38")).year_figure

    assert figure.achievement == D("95.00")
    assert figure.met is False
    assert Note.TARGET_EQUALS_BASELINE in figure.explanation.notes


def test_target_changed_by_an_addendum_keeps_the_ended_periods_targets():
    # PKS (from 1 Jan 2020): 100 a quarter, 400 for the year. Addendum I (from 1 Jul 2020):
    # Q3 and Q4 150, the year 500; it also lists Q2 = 999, but Q2 ended on 30 Jun, before the
    # addendum, so Q2 keeps 100. Realisation 100 every quarter:
    #   Q1 100 ÷ 100 = 100 %, Q2 100 ÷ 100 = 100 %, Q3 100 ÷ 150 = 66.67 %, Q4 66.67 %,
    #   year 400 ÷ 500 = 80 %.
    pks = TargetVersion(
        PKS,
        (
            Target(Q1, D(100)),
            Target(Q2, D(100)),
            Target(Q3, D(100)),
            Target(Q4, D(100)),
            Target(Y, D(400)),
        ),
        "PKS 1/2020",
    )
    addendum = TargetVersion(
        dt.date(2020, 7, 1),
        (Target(Q2, D(999)), Target(Q3, D(150)), Target(Q4, D(150)), Target(Y, D(500))),
        "Adendum I",
    )
    ind = indicator(frequency=Frequency.QUARTERLY, versions=(addendum, pks))

    result = year_of(ind, *(verified(q, "A", "100") for q in (Q1, Q2, Q3, Q4)))

    assert [f.target for f in result.periods] == [D(100), D(100), D(150), D(150)]
    assert [f.achievement for f in result.periods] == [
        D("100.00"),
        D("100.00"),
        D("66.67"),
        D("66.67"),
    ]
    assert (result.year_figure.target, result.year_figure.achievement) == (D(500), D("80.00"))
    assert [f.target_version.source for f in result.periods] == [
        "PKS 1/2020",
        "PKS 1/2020",
        "Adendum I",
        "Adendum I",
    ]
    # The year before the addendum is untouched: 2019 has no target in either version.
    assert year_of(ind, verified(Period(2019, 1), "A", "5"), year=2019).year_figure.reason == (
        Undefined.NO_TARGET
    )


def test_yearly_target_derived_from_quarterly_targets_when_not_set():
    # No yearly target; quarters 100, 100, 150, 150, sum rule → 500. Realised 100 × 4 = 400
    # → 400 ÷ 500 = 80 %.
    ind = indicator(
        frequency=Frequency.QUARTERLY, targets={Q1: "100", Q2: "100", Q3: "150", Q4: "150"}
    )

    figure = year_of(ind, *(verified(q, "A", "100") for q in (Q1, Q2, Q3, Q4))).year_figure

    assert (figure.target, figure.achievement) == (D(500), D("80.00"))
    assert Note.TARGET_DERIVED in figure.explanation.notes


# ------------------------------------------------------------------------------------------
# Direction
# ------------------------------------------------------------------------------------------


def test_law_lower_is_better_uses_the_negative_polarity_convention():
    """§12 (evaluation) — the Indonesian performance-reporting convention for an indicator whose
    lower value is better (PermenPANRB 8/2021 Lampiran, capaian IKI "kondisi khusus"):
    capaian = (1 + (1 − realisasi ÷ target)) × 100 %. The regulation's own example: target 7
    months, realisation 6.5 months → 107 %."""
    ind = indicator(direction=Direction.LOWER_IS_BETTER, targets={Y: "7"})

    example = year_of(ind, verified(Y, "A", "6.5")).year_figure
    # 6.5 ÷ 7 = 0.928571…; 1 + (1 − 0.928571…) = 1.071428… → 107.14 %
    assert example.achievement == D("107.14")
    assert example.met is True
    # The regulation's second example: target 8, realisation 9 → 1 + (1 − 1.125) = 0.875 → 87.5 %
    late = indicator(direction=Direction.LOWER_IS_BETTER, targets={Y: "8"})
    assert year_of(late, verified(Y, "A", "9")).year_figure.achievement == D("87.50")
    assert "negative polarity" in example.explanation.formula()


def test_lower_is_better_far_above_target_goes_below_zero_with_a_note():
    # Target 10, realisation 25: 1 + (1 − 2.5) = −0.5 → −50 %; the convention has no floor.
    ind = indicator(direction=Direction.LOWER_IS_BETTER, targets={Y: "10"})

    figure = year_of(ind, verified(Y, "A", "25")).year_figure

    assert figure.achievement == D("-50.00")
    assert Note.BELOW_ZERO in figure.explanation.notes
    # A quarter below zero does not make the year so: quarters target 10, Q1 25 (−50 %),
    # Q2–Q4 1 each; the year sums 28 of a target 40 → 1 + (1 − 0.7) = 130 %.
    quarterly = indicator(
        direction=Direction.LOWER_IS_BETTER,
        frequency=Frequency.QUARTERLY,
        targets={Q1: "10", Q2: "10", Q3: "10", Q4: "10", Y: "40"},
    )
    result = year_of(
        quarterly,
        *(
            verified(q, "A", v)
            for q, v in zip((Q1, Q2, Q3, Q4), ["25", "1", "1", "1"], strict=True)
        ),
    )
    assert result.periods[0].achievement == D("-50.00")
    assert result.year_figure.achievement == D("130.00")
    assert Note.BELOW_ZERO not in result.year_figure.explanation.notes


# ------------------------------------------------------------------------------------------
# Across periods: cumulative (latest) against per period (sum); missing periods
# ------------------------------------------------------------------------------------------


def test_cumulative_takes_the_latest_never_the_sum_of_its_updates():
    # Running totals of houses connected, reported each quarter: 10, 25, 40, 60. Target 80.
    # Cumulative (latest): the year is 60 → 60 ÷ 80 = 75 %.
    # Per period (sum) the same numbers would be 10 + 25 + 40 + 60 = 135 → 168.75 %.
    reports = [
        verified(q, "A", v) for q, v in zip((Q1, Q2, Q3, Q4), ["10", "25", "40", "60"], strict=True)
    ]
    latest = indicator(
        frequency=Frequency.QUARTERLY, period_rule=PeriodRule.LATEST, targets={Y: "80"}
    )
    per_period = indicator(frequency=Frequency.QUARTERLY, targets={Y: "80"})

    cumulative = year_of(latest, *reports).year_figure
    summed = year_of(per_period, *reports).year_figure

    assert (cumulative.value, cumulative.achievement) == (D(60), D("75.00"))
    assert (summed.value, summed.achievement) == (D(135), D("168.75"))
    assert "never summed" in cumulative.explanation.formula()


def test_max_and_average_across_periods():
    # Quarters 4, 10, 6, 8. Max = 10; average = 28 ÷ 4 = 7. Target 8:
    # max 10 ÷ 8 = 125 %, average 7 ÷ 8 = 87.5 %.
    reports = [
        verified(q, "A", v) for q, v in zip((Q1, Q2, Q3, Q4), ["4", "10", "6", "8"], strict=True)
    ]
    highest = indicator(frequency=Frequency.QUARTERLY, period_rule=PeriodRule.MAX, targets={Y: "8"})
    mean = indicator(
        frequency=Frequency.QUARTERLY,
        period_rule=PeriodRule.AVERAGE,
        reporter_rule=ReporterRule.AVERAGE,
        targets={Y: "8"},
    )

    assert year_of(highest, *reports).year_figure.achievement == D("125.00")
    assert year_of(mean, *reports).year_figure.value == D(7)
    assert year_of(mean, *reports).year_figure.achievement == D("87.50")


def test_missing_periods_are_listed_and_the_year_uses_the_others():
    # Q1 100, Q2 150, Q3 nothing reported, Q4 blank. The value so far is 250, but two quarters
    # are not a year: provisional through Q2, with no verdict against the target of 500
    # (issue 10, QA: a year with periods unreported is not scored as complete).
    ind = indicator(frequency=Frequency.QUARTERLY, targets={Y: "500"})

    result = year_of(
        ind, verified(Q1, "A", "100"), verified(Q2, "A", "150"), verified(Q4, "A", state=BLANK)
    )

    assert result.missing_periods == (Q3, Q4)
    figure = result.year_figure
    assert (figure.value, figure.target, figure.achievement, figure.met) == (
        D(250),
        D(500),
        None,
        None,
    )
    assert (figure.provisional, figure.through, figure.reason) == (
        True,
        Q2,
        Undefined.PROVISIONAL,
    )
    assert Note.MISSING_PERIODS in result.year_figure.explanation.notes
    # Q1 and Q2 have values but no quarterly target was set: the year's target counts them in
    # the year's figure (they are not "listed, not counted"); Q3 and Q4 have no value.
    assert [f.reason for f in result.periods] == [
        Undefined.YEAR_TARGET,
        Undefined.YEAR_TARGET,
        Undefined.NO_VALUE,
        Undefined.NO_VALUE,
    ]


def test_no_value_in_any_period():
    figure = year_of(indicator(frequency=Frequency.QUARTERLY, targets={Y: "5"})).year_figure

    assert (figure.value, figure.achievement, figure.reason) == (None, None, Undefined.NO_VALUE)


# ------------------------------------------------------------------------------------------
# Across reporters; three states; only verified values
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "value", "achievement"),
    [
        # A 120, B 80, target 150:
        (ReporterRule.SUM, D(200), D("133.33")),  # 200 ÷ 150 = 1.3333… → 133.33 %
        (ReporterRule.MAX, D(120), D("80.00")),  # 120 ÷ 150 = 0.8 → 80 %
        (ReporterRule.AVERAGE, D(100), D("66.67")),  # (120 + 80) ÷ 2 = 100; 100 ÷ 150 → 66.67 %
    ],
)
def test_several_reporters(rule, value, achievement):
    ind = indicator(reporter_rule=rule, targets={Y: "150"})

    figure = year_of(ind, verified(Y, "Kota Singkawang", "120"), verified(Y, "Provinsi", "80"))

    assert (figure.year_figure.value, figure.year_figure.achievement) == (value, achievement)


def test_not_applicable_zero_and_blank_are_three_different_things():
    average = indicator(reporter_rule=ReporterRule.AVERAGE, targets={Y: "100"})
    # Zero is a number: (0 + 50) ÷ 2 = 25 → 25 %.
    zero = year_of(average, verified(Y, "A", "0"), verified(Y, "B", "50")).year_figure
    # Not applicable is left out with its reason: the average of B alone, 50 → 50 %.
    not_applicable = year_of(
        average, verified(Y, "A", state=NA, reason="no PDAM network"), verified(Y, "B", "50")
    ).year_figure
    # Blank (not reported) is left out and said so: 50 → 50 %.
    blank = year_of(average, verified(Y, "A", state=BLANK), verified(Y, "B", "50")).year_figure
    all_na = year_of(
        average,
        verified(Y, "A", state=NA, reason="dry season"),
        verified(Y, "B", state=NA, reason="dry season"),
    ).year_figure
    all_blank = year_of(average, verified(Y, "A", state=BLANK)).year_figure
    only_zero = year_of(average, verified(Y, "A", "0")).year_figure

    assert (zero.value, zero.achievement) == (D(25), D("25.00"))
    assert (not_applicable.value, not_applicable.achievement) == (D(50), D("50.00"))
    assert Note.SOME_NOT_APPLICABLE in not_applicable.explanation.notes
    assert [r.not_applicable_reason for r in not_applicable.explanation.left_out] == [
        "no PDAM network"
    ]
    assert (blank.value, blank.achievement) == (D(50), D("50.00"))
    assert Note.BLANK_REPORTS in blank.explanation.notes
    assert (all_na.value, all_na.reason) == (None, Undefined.NOT_APPLICABLE)
    assert (all_blank.value, all_blank.reason) == (None, Undefined.NO_VALUE)
    # Zero alone is a realisation of 0: 0 ÷ 100 = 0 %, not "no value".
    assert (only_zero.value, only_zero.achievement, only_zero.reason) == (D(0), D("0.00"), None)


def test_all_periods_not_applicable():
    ind = indicator(frequency=Frequency.QUARTERLY, targets={Y: "5"})

    figure = year_of(
        ind, *(verified(q, "A", state=NA, reason="no flood season") for q in (Q1, Q2, Q3, Q4))
    ).year_figure

    assert (figure.value, figure.reason) == (None, Undefined.NOT_APPLICABLE)


def test_unverified_values_never_count():
    ind = indicator(targets={Y: "100"})
    submitted = verified(Y, "B", "70", verification=Verification.SUBMITTED)
    returned = verified(Y, "C", "30", verification=Verification.RETURNED)

    figure = year_of(ind, verified(Y, "A", "50"), submitted, returned).year_figure

    # Only A's 50 counts: 50 ÷ 100 = 50 %.
    assert (figure.value, figure.achievement) == (D(50), D("50.00"))
    assert [r.reporter for r in figure.explanation.inputs] == ["A"]
    with pytest.raises(ValueError, match="only verified"):
        VerifiedRealisations((submitted,))
    with pytest.raises(ValueError, match="who verified"):
        VerifiedRealisations(
            (Realisation(Y, "A", VALUE, D(1), verification=Verification.VERIFIED),)
        )
    with pytest.raises(TypeError):
        achievement_compute(ind, (verified(Y, "A", "50"),), 2020)  # type: ignore[arg-type]


def test_values_are_decimals_never_float_or_text():
    with pytest.raises(TypeError, match="Decimal"):
        Realisation(Y, "A", VALUE, 1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Decimal"):
        Realisation(Y, "A", VALUE, "N/A")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Decimal"):
        Target(Y, 10)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="reason"):
        Realisation(Y, "A", NA)
    with pytest.raises(ValueError, match="zero is a value"):
        Realisation(Y, "A", VALUE)


# ------------------------------------------------------------------------------------------
# Percentages: pooled numerators and denominators, never averaged percentages
# ------------------------------------------------------------------------------------------


def test_percentages_pool_numerators_and_denominators_never_average_percentages():
    # Non-revenue water, lower is better, target 10 %.
    # Kota: 30 m³ lost of 100 m³ supplied (30 %); Provinsi: 10 of 400 (2.5 %).
    # Pooled: (30 + 10) ÷ (100 + 400) = 40 ÷ 500 = 8 % → achievement 1 + (1 − 8/10) = 120 %.
    # Averaging the percentages would give (30 + 2.5) ÷ 2 = 16.25 % → 37.5 %: wrong.
    ind = indicator(
        measure=Measure.PERCENTAGE, direction=Direction.LOWER_IS_BETTER, targets={Y: "10"}
    )

    figure = year_of(
        ind,
        verified(Y, "Kota", "30", denominator="100"),
        verified(Y, "Provinsi", "10", denominator="400"),
    ).year_figure

    assert (figure.numerator, figure.denominator) == (D(40), D(500))
    assert figure.value == D("8.00")
    assert figure.achievement == D("120.00")
    assert figure.value != D("16.25")


def test_percentages_pool_across_periods_too():
    # Q1 50 of 200 (25 %), Q2 10 of 800 (1.25 %): the half year is 60 ÷ 1000 = 6 %, not the
    # average 13.125 % (provisional: Q3 and Q4 unreported). With Q3 40 of 500 (8 %) and Q4 0 of
    # 500 (0 %) the year is 100 ÷ 2000 = 5 %, not the average 8.5625 %. Higher is better,
    # target 12 % → 5 ÷ 12 × 100 = 41.666… = 41.67 %.
    ind = indicator(measure=Measure.PERCENTAGE, frequency=Frequency.QUARTERLY, targets={Y: "12"})
    half = [verified(Q1, "A", "50", denominator="200"), verified(Q2, "A", "10", denominator="800")]
    rest = [verified(Q3, "A", "40", denominator="500"), verified(Q4, "A", "0", denominator="500")]

    half_year = year_of(ind, *half).year_figure
    figure = year_of(ind, *half, *rest).year_figure

    assert (half_year.value, half_year.achievement, half_year.provisional) == (
        D("6.00"),
        None,
        True,
    )
    assert (figure.value, figure.achievement) == (D("5.00"), D("41.67"))


def test_a_percentage_cannot_be_averaged_and_needs_a_denominator():
    with pytest.raises(ValueError, match="pools"):
        indicator(measure=Measure.PERCENTAGE, reporter_rule=ReporterRule.AVERAGE)
    with pytest.raises(ValueError, match="never averaged"):
        indicator(measure=Measure.PERCENTAGE, period_rule=PeriodRule.AVERAGE)
    with pytest.raises(ValueError, match="denominator must be above zero"):
        year_of(indicator(measure=Measure.PERCENTAGE), verified(Y, "A", "1", denominator="0"))


# ------------------------------------------------------------------------------------------
# Yes/no and qualitative scales
# ------------------------------------------------------------------------------------------


def test_yes_no_is_achieved_or_not():
    ind = indicator(
        measure=Measure.YES_NO,
        period_rule=PeriodRule.LATEST,
        reporter_rule=ReporterRule.MAX,
        targets={Y: "1"},
    )

    yes = year_of(ind, verified(Y, "A", "1")).year_figure
    no = year_of(ind, verified(Y, "A", "0")).year_figure

    assert (yes.achievement, yes.met) == (D(100), True)
    assert (no.achievement, no.met) == (D(0), False)
    with pytest.raises(ValueError, match="yes/no"):
        year_of(ind, verified(Y, "A", "2"))


def test_qualitative_scale_is_met_when_the_level_reaches_the_target():
    ind = indicator(
        measure=Measure.SCALE,
        period_rule=PeriodRule.LATEST,
        reporter_rule=ReporterRule.MAX,
        targets={Y: "4"},
        scale_max=5,
    )

    # Levels are not quantities: 3 of a target 4 is not 75 %, it is "not met".
    assert year_of(ind, verified(Y, "A", "3")).year_figure.achievement == D(0)
    assert year_of(ind, verified(Y, "A", "5")).year_figure.met is True
    with pytest.raises(ValueError, match="level 1–5"):
        year_of(ind, verified(Y, "A", "6"))


# ------------------------------------------------------------------------------------------
# The explanation
# ------------------------------------------------------------------------------------------


def test_explanation_lists_inputs_rules_and_formula():
    ind = indicator(frequency=Frequency.QUARTERLY, targets={Y: "1000"})

    result = year_of(
        ind,
        verified(Q1, "Kota Singkawang", "300"),
        verified(Q1, "Provinsi Kalimantan Barat", "200"),
        *(verified(q, "Kota Singkawang", state=NA, reason="pipe works") for q in (Q2, Q3, Q4)),
    )
    explanation = result.year_figure.explanation

    assert [(r.period, r.reporter, r.counted) for r in explanation.inputs] == [
        (Q1, "Kota Singkawang", True),
        (Q1, "Provinsi Kalimantan Barat", True),
        (Q2, "Kota Singkawang", False),
        (Q3, "Kota Singkawang", False),
        (Q4, "Kota Singkawang", False),
    ]
    assert {r.verified_by for r in explanation.counted} == {"sekretariat.singkawang"}
    assert explanation.rules() == [
        "numeric",
        "higher is better (positive polarity)",
        "sum of the reporters",
        "sum of the periods",
    ]
    # 300 + 200 = 500 in Q1; the year 500 of 1,000 → 50 %.
    assert explanation.formula() == (
        "Q1 2020: sum of the reporters' values 300, 200 = 500; sum of the periods 500 = 500; "
        "target 1,000, from PKS 1/2020 (valid from 1 January 2020); "
        "achievement = realisation 500 ÷ target 1,000 × 100 = 50 %"
    )
    # Rendered when read, in the reader's language (the figure was computed in English).
    with translation.override("id"):
        assert explanation.formula().startswith(
            "Triwulan 1 2020: jumlah nilai para pelapor 300, 200 = 500; jumlah periode 500 = 500"
        )
    assert (
        result.periods[0]
        .explanation.formula()
        .startswith("sum of the reporters' values 300, 200 = 500")
    )


def test_explanation_speaks_indonesian():
    ind = indicator(direction=Direction.LOWER_IS_BETTER, targets={Y: "7"})
    figure = year_of(ind, verified(Y, "A", "6.5")).year_figure

    with translation.override("id"):
        formula = figure.explanation.formula()
        rules = figure.explanation.rules()

    assert "capaian" in formula
    assert "6,5" in formula  # Indonesian decimal comma
    assert "polaritas negatif" in rules[1]


# ------------------------------------------------------------------------------------------
# A year against the year before
# ------------------------------------------------------------------------------------------


def test_year_over_year_reads_the_change_in_the_indicators_direction():
    # Households flooded (lower is better), target 500 both years: 2020 had 800, 2021 had 450.
    # Change 450 − 800 = −350: an improvement. Achievements: 2020 1 + (1 − 800/500) = 0.4 →
    # 40 %; 2021 1 + (1 − 450/500) = 1.1 → 110 %; +70 percentage points.
    targets = {Period(2020): "500", Period(2021): "500"}
    flooded = indicator(direction=Direction.LOWER_IS_BETTER, targets=targets)
    y2020 = year_of(flooded, verified(Period(2020), "A", "800")).year_figure
    y2021 = year_of(flooded, verified(Period(2021), "A", "450"), year=2021).year_figure
    # Tourist visits (higher is better): 2020 1,200, 2021 900 — worse.
    visits = indicator(targets=targets)
    v2020 = year_of(visits, verified(Period(2020), "A", "1200")).year_figure
    v2021 = year_of(visits, verified(Period(2021), "A", "900"), year=2021).year_figure
    nothing = year_of(visits, year=2021).year_figure

    better = achievement_compare(flooded, y2020, y2021)
    worse = achievement_compare(visits, v2020, v2021)
    unknown = achievement_compare(visits, v2020, nothing)
    same = achievement_compare(visits, v2020, v2020)

    assert (better.change, better.achievement_change, better.trend) == (
        D(-350),
        D("70.00"),
        Trend.IMPROVED,
    )
    # 900 − 1,200 = −300; 900/500 = 180 %, 1,200/500 = 240 %: −60 points.
    assert (worse.change, worse.achievement_change, worse.trend) == (
        D(-300),
        D("-60.00"),
        Trend.WORSENED,
    )
    assert (unknown.change, unknown.achievement_change, unknown.trend) == (
        None,
        None,
        Trend.UNKNOWN,
    )
    assert same.trend == Trend.UNCHANGED


# ------------------------------------------------------------------------------------------
# Properties
# ------------------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False)
REPORTERS = ["A", "B", "C"]


@st.composite
def quarterly_reports(draw):
    """Verified realisations of up to three reporters over the four quarters of 2020."""
    reports = []
    for quarter in (Q1, Q2, Q3, Q4):
        for reporter in REPORTERS:
            kind = draw(st.sampled_from(["value", "value", "blank", "na", "none"]))
            if kind == "value":
                reports.append(verified(quarter, reporter, str(draw(amounts))))
            elif kind == "blank":
                reports.append(verified(quarter, reporter, state=BLANK))
            elif kind == "na":
                reports.append(verified(quarter, reporter, state=NA, reason="n/a"))
    return reports


RULES = st.sampled_from(
    [(p, r) for p in PeriodRule for r in ReporterRule]  # every combination of a number
)


@given(quarterly_reports(), RULES, st.randoms(use_true_random=False))
def test_property_order_of_entry_does_not_matter(reports, rules, rnd):
    ind = indicator(
        frequency=Frequency.QUARTERLY,
        period_rule=rules[0],
        reporter_rule=rules[1],
        targets={Y: "1000", Q1: "250"},
    )
    shuffled = list(reports)
    rnd.shuffle(shuffled)

    assert year_of(ind, *reports) == year_of(ind, *shuffled)


@given(
    quarterly_reports(),
    amounts,
    st.sampled_from([Q1, Q2, Q3, Q4]),
    st.sampled_from([*REPORTERS, "D"]),
)
def test_property_one_more_verified_value_never_lowers_a_sum_indicator(
    reports, extra, quarter, reporter
):
    """A new verified value — from a reporter who had not reported, or replacing its blank or
    its "not applicable" — never lowers a higher-is-better sum indicator's achievement."""
    ind = indicator(frequency=Frequency.QUARTERLY, targets={Y: "5000"})
    before = year_of(ind, *reports).year_figure
    slot = [r for r in reports if (r.period, r.reporter) == (quarter, reporter)]
    if slot and slot[0].counted:
        reporter = "E"  # the slot holds a value already: another reporter adds one
    others = [r for r in reports if (r.period, r.reporter) != (quarter, reporter)]

    after = year_of(ind, *others, verified(quarter, reporter, str(extra))).year_figure

    # The year's value (provisional while quarters are unreported) never goes down; once
    # complete, neither does the achievement.
    assert after.value is not None
    assert before.value is None or after.value >= before.value
    if before.achievement is not None:
        assert after.achievement is not None
        assert after.achievement >= before.achievement


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6)
        ).filter(lambda nd: nd[0] <= nd[1]),
        min_size=1,
        max_size=5,
    )
)
def test_property_pooled_percentage_lies_between_the_reporters_percentages(pairs):
    ind = indicator(measure=Measure.PERCENTAGE)
    reports = [
        verified(Y, f"R{i}", str(num), denominator=str(den)) for i, (num, den) in enumerate(pairs)
    ]

    figure = year_of(ind, *reports).year_figure

    percentages = [D(num) / D(den) * 100 for num, den in pairs]
    # Rounded to two decimals, so allow half a cent either side.
    assert min(percentages) - D("0.005") <= figure.value <= max(percentages) + D("0.005")


@given(amounts, amounts.filter(lambda t: t > 0))
def test_property_met_exactly_when_achievement_reaches_100(value, target):
    higher = indicator(targets={Y: str(target)})
    lower = indicator(direction=Direction.LOWER_IS_BETTER, targets={Y: str(target)})

    up = year_of(higher, verified(Y, "A", str(value))).year_figure
    down = year_of(lower, verified(Y, "A", str(value))).year_figure

    # Achievement is rounded to cents, so compare against the unrounded condition.
    assert up.met == (value >= target)
    assert down.met == (value <= target)
    assert (up.achievement >= 100) == (value / target * 100 >= D("99.995"))
    assert (down.achievement >= 100) == ((2 - value / target) * 100 >= D("99.995"))


@given(amounts, amounts, amounts.filter(lambda t: t > 0))
def test_property_lower_is_better_never_rewards_a_higher_realisation(a, b, target):
    ind = indicator(direction=Direction.LOWER_IS_BETTER, targets={Y: str(target)})
    low, high = sorted([a, b])

    at_low = year_of(ind, verified(Y, "A", str(low))).year_figure.achievement
    at_high = year_of(ind, verified(Y, "A", str(high))).year_figure.achievement

    assert at_low >= at_high


@given(quarterly_reports())
def test_property_a_sum_year_is_the_sum_of_its_quarters(reports):
    ind = indicator(frequency=Frequency.QUARTERLY, targets={Y: "1000"})

    result = year_of(ind, *reports)

    # Each quarter sums its reporters' values; the year sums the quarters that have one.
    by_hand = {
        q: [r.value for r in reports if r.period == q and r.value is not None]
        for q in (Q1, Q2, Q3, Q4)
    }
    quarters = [sum(values, D(0)) for values in by_hand.values() if values]
    assert result.year_figure.value == (sum(quarters, D(0)) if quarters else None)
    assert [f.value for f in result.periods] == [
        sum(v, D(0)) if v else None for v in by_hand.values()
    ]


@given(st.lists(amounts, min_size=1, max_size=3))
def test_property_an_average_of_reporters_lies_between_them(values):
    ind = indicator(reporter_rule=ReporterRule.AVERAGE, targets={Y: "100"})

    figure = year_of(ind, *(verified(Y, f"R{i}", str(v)) for i, v in enumerate(values)))

    assert min(values) - D("0.005") <= figure.year_figure.value <= max(values) + D("0.005")


@given(amounts, amounts.filter(lambda t: t > 0))
def test_property_the_two_polarities_mirror_each_other_around_100(value, target):
    # Higher is better gives 100 × r, lower is better 100 × (2 − r): together 200 (each is
    # rounded to cents, so within a cent).
    up = indicator(targets={Y: str(target)})
    down = indicator(direction=Direction.LOWER_IS_BETTER, targets={Y: str(target)})

    a = year_of(up, verified(Y, "A", str(value))).year_figure.achievement
    b = year_of(down, verified(Y, "A", str(value))).year_figure.achievement

    assert abs(a + b - 200) <= D("0.01")


@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=1000), st.integers(min_value=1, max_value=1000)
        ),
        min_size=1,
        max_size=6,
    ),
    st.randoms(use_true_random=False),
)
def test_property_pooled_percentage_does_not_depend_on_the_order(pairs, rnd):
    ind = indicator(measure=Measure.PERCENTAGE, targets={Y: "50"})
    reports = [
        verified(Y, f"R{i}", str(num), denominator=str(den)) for i, (num, den) in enumerate(pairs)
    ]
    shuffled = list(reports)
    rnd.shuffle(shuffled)

    assert year_of(ind, *reports) == year_of(ind, *shuffled)


# ------------------------------------------------------------------------------------------
# The running year (issue 10, QA): the value so far, no verdict, no comparison
# ------------------------------------------------------------------------------------------


def flood_indicator() -> Indicator:
    # "Kepala keluarga terdampak banjir": lower is better, summed over the quarters, yearly
    # target 850 in 2026; 2025 all four quarters reported.
    return indicator(
        direction=Direction.LOWER_IS_BETTER,
        frequency=Frequency.QUARTERLY,
        targets={Period(2025): "900", Period(2026): "850"},
    )


def flood_reports() -> list[Realisation]:
    year_2025 = [
        ("2025", q, v) for q, v in zip((1, 2, 3, 4), ["300", "250", "200", "215"], strict=True)
    ]
    year_2026 = [("2026", 1, "270"), ("2026", 2, "225"), ("2026", 3, "260")]
    return [verified(Period(int(y), q), "A", v) for y, q, v in year_2025 + year_2026]


def test_running_year_is_provisional_with_no_verdict():
    # On 7 December 2026, Q1–Q3 2026 verified: 270 + 225 + 260 = 755, Q4 not over. The old
    # screen read (1 + (1 − 755 ÷ 850)) × 100 = 111.18 % "met"; the year is not over, so the
    # value so far is 755, through Q3, with no achievement and no met/not met.
    verified_all = VerifiedRealisations.from_records(flood_reports())
    today = dt.date(2026, 12, 7)

    figure = achievement_compute(flood_indicator(), verified_all, 2026, as_of=today).year_figure

    assert (figure.value, figure.achievement, figure.met) == (D(755), None, None)
    assert (figure.provisional, figure.through) == (True, Period(2026, 3))
    assert "achievement" not in figure.explanation.formula()


def test_running_year_is_not_compared_with_a_whole_year():
    # 2025: 300 + 250 + 200 + 215 = 965 (complete, target 900: (1 + (1 − 965/900)) × 100 =
    # 92.78 %). 2026 through Q3 = 755: 755 < 965 would read "improved (−210)" — three quarters
    # against four. Not compared: trend "incomplete", no change.
    verified_all = VerifiedRealisations.from_records(flood_reports())
    today = dt.date(2026, 12, 7)
    ind = flood_indicator()
    previous = achievement_compute(ind, verified_all, 2025, as_of=today).year_figure
    current = achievement_compute(ind, verified_all, 2026, as_of=today).year_figure

    comparison = achievement_compare(ind, previous, current)

    assert (previous.provisional, previous.value, previous.achievement) == (
        False,
        D(965),
        D("92.78"),
    )
    assert (comparison.trend, comparison.change, comparison.achievement_change) == (
        Trend.INCOMPLETE,
        None,
        None,
    )


def test_a_yearly_indicator_of_the_running_year_has_no_verdict_before_it_ends():
    # A yearly indicator, target 10, a verified 12 for 2026 entered early: on 7 December 2026
    # the year is not over, so no "met"; on 1 January 2027 it is 12 ÷ 10 = 120 %, met.
    ind = indicator(targets={Period(2026): "10"})
    reports = VerifiedRealisations.from_records([verified(Period(2026), "A", "12")])

    running = achievement_compute(ind, reports, 2026, as_of=dt.date(2026, 12, 7)).year_figure
    over = achievement_compute(ind, reports, 2026, as_of=dt.date(2027, 1, 1)).year_figure

    assert (running.value, running.achievement, running.met, running.provisional) == (
        D(12),
        None,
        None,
        True,
    )
    assert (over.achievement, over.met, over.provisional) == (D("120.00"), True, False)
