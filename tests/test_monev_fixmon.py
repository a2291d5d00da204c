"""Issue 10, QA walk (fixmon): the monev forms and the PKS page as their users read them, and
a quarterly indicator with yearly targets. Expected values by hand in the comments."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from kerjasama.monitoring import achievement as calc
from kerjasama.monitoring import services
from kerjasama.monitoring.enums import (
    Direction,
    Frequency,
    Measure,
    PeriodRule,
    RealisationState,
    ReporterRule,
    Undefined,
    Verification,
)
from kerjasama.monitoring.models import IndicatorDefinition, Realisation
from tests.factories import monev_indicator

pytestmark = pytest.mark.django_db

Q = calc.Period


def _floods(targets: tuple[calc.Target, ...]) -> calc.Indicator:
    return calc.Indicator(
        code="banjir.kk_terdampak",
        name="Kepala keluarga terdampak banjir",
        unit="KK",
        measure=Measure.NUMBER,
        direction=Direction.LOWER_IS_BETTER,
        period_rule=PeriodRule.SUM,
        reporter_rule=ReporterRule.SUM,
        frequency=Frequency.QUARTERLY,
        target_versions=(calc.TargetVersion(dt.date(2020, 1, 1), targets, "PKS"),)
        if targets
        else (),
    )


def _verified(period: calc.Period, value: str) -> calc.Realisation:
    return calc.Realisation(
        period=period,
        reporter="Kota Singkawang",
        state=RealisationState.VALUE,
        value=Decimal(value),
        verification=Verification.VERIFIED,
        verified_by="Rina",
    )


def test_quarters_of_a_yearly_target_count_in_the_year_not_listed_as_without_target():
    indicator = _floods((calc.Target(Q(2020), Decimal("1500")),))
    values = calc.VerifiedRealisations(
        tuple(
            _verified(Q(2020, q), v)
            for q, v in zip((1, 2, 3, 4), ("620", "410", "90", "540"), strict=True)
        )
    )

    result = calc.achievement_compute(indicator, values, 2020)

    # Each quarter: its value, no target of its own, counted in the year's figure.
    assert [(f.value, f.target, f.reason) for f in result.periods] == [
        (Decimal(v), None, Undefined.YEAR_TARGET) for v in ("620", "410", "90", "540")
    ]
    # The year: 1.660 against 1.500, lower is better: (2 − 1.660 ÷ 1.500) × 100 = 89,33.
    year = result.year_figure
    assert (year.value, year.target, year.achievement) == (
        Decimal("1660"),
        Decimal("1500"),
        Decimal("89.33"),
    )


def test_quarters_without_any_target_remain_listed_not_counted():
    indicator = _floods(())
    values = calc.VerifiedRealisations((_verified(Q(2020, 1), "620"),))

    result = calc.achievement_compute(indicator, values, 2020)

    assert result.periods[0].reason == Undefined.NO_TARGET
    assert result.year_figure.reason == Undefined.NO_TARGET


def test_the_target_step_names_its_date_in_words_not_iso():
    indicator = _floods((calc.Target(Q(2020), Decimal("1500")),))
    values = calc.VerifiedRealisations((_verified(Q(2020, 1), "620"),))

    formula = calc.achievement_compute(indicator, values, 2020).year_figure.explanation.formula()

    assert "2020-01-01" not in formula
    assert "berlaku sejak 1 Januari 2020" in formula


# --- The forms ----------------------------------------------------------------------------


def _water(world):
    definition = IndicatorDefinition.objects.get(code="air_minum.cakupan_pelayanan")
    return monev_indicator(world, definition=definition, name="", unit="", targets={})


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_a_percentages_numerator_and_denominator_say_what_they_count(client, world):
    indicator = _water(world)
    client.force_login(world.pupr_officer)
    url = reverse(
        "monitoring:realisation_enter", args=[indicator.pk, world.local_party.pk, 2021, 0]
    )

    page = _text(client.get(url).content.decode())

    assert "Pembilang: rumah tangga terlayani" in page
    assert "Penyebut: rumah tangga di wilayah pelayanan" in page
    assert "Satuan: %" not in page  # the numerator is a count of households, not a percentage
    assert "Jumlah, bukan persentase" in page


def test_a_returned_value_is_refilled_in_indonesian_notation_and_reads_back(client, world):
    indicator = monev_indicator(world)
    row = services.realisation_save(
        actor=world.pupr_officer,
        indicator=indicator,
        party=world.local_party,
        year=2021,
        quarter=0,
        data={"state": RealisationState.VALUE, "value": Decimal("33000")},
        submit=True,
    )
    services.realisation_return(actor=world.sec_singkawang, realisation=row, reason="Cek lagi.")
    client.force_login(world.pupr_officer)
    url = reverse(
        "monitoring:realisation_enter", args=[indicator.pk, world.local_party.pk, 2021, 0]
    )

    page = client.get(url).content.decode()

    assert re.search(r'name="value"[^>]*value="33\.000"', page)
    # Submitted again as refilled: thirty-three thousand, not thirty-three.
    client.post(url, {"state": "value", "value": "33.000", "kirim": "1"})
    assert Realisation.objects.get(pk=row.pk).value == Decimal("33000")


def test_the_pks_page_names_the_library_indicator_not_its_raw_code(client, world):
    indicator = _water(world)
    url = reverse("monitoring:pks", args=[world.document.pk])

    client.force_login(world.pupr_officer)
    page = _text(client.get(url).content.decode())
    assert "Indikator pustaka Cakupan pelayanan air minum perpipaan" in page
    assert "air_minum.cakupan_pelayanan" not in page
    assert indicator.code == "air_minum.cakupan_pelayanan"

    # The secretariat, who manages the indicators, still sees the code (small, muted).
    client.force_login(world.sec_singkawang)
    assert "air_minum.cakupan_pelayanan" in client.get(url).content.decode()


def test_a_library_indicator_is_named_in_the_readers_language(client, world):
    _water(world)
    client.force_login(world.pupr_officer)
    client.cookies["django_language"] = "en"

    page = client.get(reverse("monitoring:pks", args=[world.document.pk])).content.decode()

    heading = _text(re.search(r"<h2 id=\"ih-\d+\">(.*?)</h2>", page, re.S).group(1))
    assert heading.strip() == "Piped drinking-water service coverage (%)"
