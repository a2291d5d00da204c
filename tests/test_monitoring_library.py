"""The library of common indicators (issue 10): shipped, loaded with the reference data,
idempotent, retiring (never deleting) codes a newer list lacks, and every entry a valid input
of the achievement computation."""

from __future__ import annotations

import csv
import datetime as dt
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction
from django.utils import translation

from kerjasama.monitoring.achievement import (
    Period,
    Realisation,
    Target,
    TargetVersion,
    VerifiedRealisations,
    achievement_compute,
)
from kerjasama.monitoring.enums import (
    Direction,
    Measure,
    PeriodRule,
    RealisationState,
    ReporterRule,
    Verification,
)
from kerjasama.monitoring.library import (
    INDICATORS_CSV,
    indicator_from_definition,
    indicators_load,
)
from kerjasama.monitoring.models import IndicatorDefinition
from kerjasama.reference.loading import ReferenceDataError
from kerjasama.reference.services import reference_load_all

pytestmark = pytest.mark.django_db

# The indicators the issue names, by the codes the library gives them (stable: agreements,
# regions and years compare through them).
NAMED_BY_THE_ISSUE = {
    "air_minum.sambungan_baru": ("number", "higher", "sum"),
    "air_minum.volume_disalurkan": ("number", "higher", "sum"),
    "air_minum.kehilangan_air": ("percentage", "lower", "sum"),
    "banjir.kejadian_ditangani": ("number", "higher", "sum"),
    "banjir.kk_terdampak": ("number", "lower", "sum"),
    "banjir.luas_genangan": ("number", "lower", "max"),
    "pariwisata.kunjungan_nusantara": ("number", "higher", "sum"),
    "pariwisata.kunjungan_mancanegara": ("number", "higher", "sum"),
    "jalan.dibangun": ("number", "higher", "sum"),
    "batas.pilar_dipasang": ("number", "higher", "sum"),
}


def _rows() -> list[dict[str, str]]:
    with INDICATORS_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_library_is_loaded_with_the_reference_data(reference):
    # conftest loads the reference data once per test database; the library comes with it.
    active = IndicatorDefinition.objects.filter(active=True)

    assert 20 <= active.count() <= 40
    assert active.count() == len(_rows())
    for code, (measure, direction, period_rule) in NAMED_BY_THE_ISSUE.items():
        definition = active.get(code=code)
        assert (definition.measure, definition.direction, definition.period_rule) == (
            measure,
            direction,
            period_rule,
        ), code
    water = active.get(code="air_minum.sambungan_baru")
    assert water.public_service.slug == "air-bersih"
    assert water.affair.code == "1.03"
    assert set(active.values_list("measure", flat=True)) == {m.value for m in Measure}


def test_names_and_units_in_the_readers_language(reference):
    nrw = IndicatorDefinition.objects.get(code="air_minum.kehilangan_air")

    with translation.override("id"):
        indonesian = (nrw.name, nrw.unit)
    with translation.override("en"):
        english = (nrw.name, nrw.unit)

    assert indonesian == ("Tingkat kehilangan air (air tak berekening/NRW)", "%")
    assert english == ("Non-revenue water", "%")


def test_load_twice_changes_nothing(reference):
    result = indicators_load()

    assert (result.created, result.updated, result.retired) == (0, 0, 0)
    assert result.unchanged == len(_rows())


def test_newer_list_updates_adds_and_retires_never_deletes(reference, tmp_path):
    rows = _rows()
    kept = [r for r in rows if r["kode"] != "jalan.jembatan_dibangun"]
    kept[0] = {**kept[0], "nama_en": "Households newly connected (renamed)"}
    kept.append({**rows[1], "kode": "air_minum.hidran_umum", "nama_en": "Public hydrants"})

    result = indicators_load(path=_write(tmp_path / "newer.csv", kept))

    assert (result.created, result.updated, result.retired) == (1, 1, 1)
    bridges = IndicatorDefinition.objects.get(code="jalan.jembatan_dibangun")
    assert bridges.active is False
    assert IndicatorDefinition.objects.get(code=kept[0]["kode"]).name_en.endswith("(renamed)")
    # Loading the shipped list again brings the retired code back.
    indicators_load()
    bridges.refresh_from_db()
    assert bridges.active is True


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"ukuran": "persen"}, "unknown ukuran"),
        ({"layanan": "no-such-service"}, "unknown service"),
        ({"kode": "Bad Code"}, "group.name"),
        # A percentage averaged across reporters breaks the pooling rule: refused.
        ({"ukuran": "percentage", "aturan_pelapor": "average"}, "pools"),
    ],
)
def test_a_bad_file_is_refused_whole(reference, tmp_path, change, message):
    rows = _rows()
    rows[-1] = {**rows[-1], **change}
    before = list(IndicatorDefinition.objects.values_list("code", "name_en", "active"))

    with translation.override("en"), pytest.raises(ReferenceDataError, match=message):
        indicators_load(path=_write(tmp_path / "bad.csv", rows))

    assert list(IndicatorDefinition.objects.values_list("code", "name_en", "active")) == before


def test_the_database_keeps_the_pooling_rule(reference):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorDefinition.objects.create(
            code="test.average_percentage",
            name_id="x",
            name_en="x",
            unit_id="%",
            unit_en="%",
            measure=Measure.PERCENTAGE,
            direction=Direction.HIGHER_IS_BETTER,
            period_rule=PeriodRule.SUM,
            reporter_rule=ReporterRule.AVERAGE,
            frequency="annual",
        )


def test_load_indicators_command(reference, tmp_path):
    call_command("load_indicators")
    with pytest.raises(CommandError, match="no such file"):
        call_command("load_indicators", file=tmp_path / "missing.csv")


def test_load_reference_reports_the_library(reference):
    results = reference_load_all()

    assert results["indicators"].unchanged == len(_rows())


def test_every_definition_is_a_valid_indicator_and_computes(reference):
    for definition in IndicatorDefinition.objects.all():
        target = D(1) if definition.measure in ("yes_no", "scale") else D(10)
        period = Period(2021) if definition.frequency == "annual" else Period(2021, 1)
        indicator = indicator_from_definition(
            definition,
            target_versions=(
                TargetVersion(dt.date(2021, 1, 1), (Target(Period(2021), target),), "PKS"),
            ),
        )
        realisation = Realisation(
            period,
            "A",
            RealisationState.VALUE,
            D(1),
            denominator=D(4) if definition.measure == "percentage" else None,
            verification=Verification.VERIFIED,
            verified_by="sekretariat.singkawang",
        )

        # A quarterly one has Q2–Q4 not applicable: the year is complete (a year with periods
        # unreported is only provisional, issue 10 QA) and its value is Q1's.
        rest = [
            Realisation(
                Period(2021, q),
                "A",
                RealisationState.NOT_APPLICABLE,
                not_applicable_reason="no activity",
                verification=Verification.VERIFIED,
                verified_by="sekretariat.singkawang",
            )
            for q in ((2, 3, 4) if period.quarter else ())
        ]

        year = achievement_compute(
            indicator, VerifiedRealisations.from_records([realisation, *rest]), 2021
        ).year_figure

        # 1 of a target 10 is 10 %; a percentage 1 ÷ 4 = 25 % of 10 % is 250 %; lower is
        # better: 1 + (1 − 0.1) = 190 %, 1 + (1 − 2.5) = −50 %; yes (1) of yes is met.
        expected = {
            ("number", "higher"): D("10.00"),
            ("rupiah", "higher"): D("10.00"),
            ("number", "lower"): D("190.00"),
            ("percentage", "higher"): D("250.00"),
            ("percentage", "lower"): D("-50.00"),
            ("yes_no", "higher"): D(100),
            ("scale", "higher"): D(100),
        }[(definition.measure, definition.direction)]
        assert year.achievement == expected, definition.code
