"""The library of common indicators: loading the shipped list (`data/indikator_umum.csv`, its
sources in `data/README.md`) and turning a definition into the computation's `Indicator`.

The loader is idempotent and runs with `load_reference` (registered in `MonitoringConfig.ready`)
and alone as `load_indicators`. It upserts by code; a code missing from the file is made
inactive, never deleted, since indicators bound to agreements will point to it.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from kerjasama.monitoring.achievement import Baseline, Indicator, TargetVersion
from kerjasama.monitoring.enums import Direction, Frequency, Measure, PeriodRule, ReporterRule
from kerjasama.monitoring.models import IndicatorDefinition
from kerjasama.reference.loading import LoadResult, ReferenceDataError, _read_csv
from kerjasama.reference.models import GovernmentAffair, PublicService

INDICATORS_CSV = Path(__file__).resolve().parent / "data" / "indikator_umum.csv"

COLUMNS = {
    "kode",
    "nama_id",
    "nama_en",
    "satuan_id",
    "satuan_en",
    "ukuran",
    "arah",
    "aturan_periode",
    "aturan_pelapor",
    "frekuensi",
    "skala",
    "layanan",
    "urusan",
    "sumber",
}


def _choice(row: dict[str, str], column: str, choices: type, line: int, name: str) -> str:
    value = row[column]
    if value not in {choice.value for choice in choices}:  # type: ignore[attr-defined]
        raise ReferenceDataError(f"{name} line {line}: unknown {column} {value!r}")
    return value


@transaction.atomic
def indicators_load(*, path: Path = INDICATORS_CSV) -> LoadResult:
    """Upsert the shipped indicator definitions by code; retire (deactivate) missing codes."""
    rows = _read_csv(path, COLUMNS)
    services = {service.slug: service for service in PublicService.objects.all()}
    affairs = {affair.code: affair for affair in GovernmentAffair.objects.all()}
    existing = {d.code: d for d in IndicatorDefinition.objects.all()}
    result = LoadResult()
    seen: set[str] = set()
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        code = row["kode"]
        if code in seen:
            raise ReferenceDataError(f"{path.name} line {line}: {code} is listed twice")
        seen.add(code)
        if row["layanan"] and row["layanan"] not in services:
            raise ReferenceDataError(f"{path.name} line {line}: unknown service {row['layanan']!r}")
        if row["urusan"] and row["urusan"] not in affairs:
            raise ReferenceDataError(f"{path.name} line {line}: unknown urusan {row['urusan']!r}")
        wanted = {
            "name_id": row["nama_id"],
            "name_en": row["nama_en"],
            "unit_id": row["satuan_id"],
            "unit_en": row["satuan_en"],
            "measure": _choice(row, "ukuran", Measure, line, path.name),
            "direction": _choice(row, "arah", Direction, line, path.name),
            "period_rule": _choice(row, "aturan_periode", PeriodRule, line, path.name),
            "reporter_rule": _choice(row, "aturan_pelapor", ReporterRule, line, path.name),
            "frequency": _choice(row, "frekuensi", Frequency, line, path.name),
            "scale_max": int(row["skala"]) if row["skala"] else None,
            "public_service": services.get(row["layanan"]),
            "affair": affairs.get(row["urusan"]),
            "source": row["sumber"],
            "active": True,
        }
        definition = existing.get(code) or IndicatorDefinition(code=code)
        changed = [name for name, value in wanted.items() if getattr(definition, name) != value]
        if definition.pk and not changed:
            result.unchanged += 1
            continue
        for name in changed:
            setattr(definition, name, wanted[name])
        try:
            # The model's constraints (a pooled percentage, binary rules, scale levels) and the
            # code's pattern, checked before the database would refuse the row.
            definition.full_clean(validate_unique=False)
        except ValidationError as error:
            raise ReferenceDataError(f"{path.name} line {line} ({code}): {error}") from None
        if definition.pk:
            definition.save(update_fields=changed)
            result.updated += 1
        else:
            definition.save()
            result.created += 1
    to_retire = [d.pk for code, d in existing.items() if code not in seen and d.active]
    result.retired = IndicatorDefinition.objects.filter(pk__in=to_retire).update(active=False)
    return result


def indicator_from_definition(
    definition: IndicatorDefinition,
    *,
    baseline: Baseline | None = None,
    target_versions: tuple[TargetVersion, ...] = (),
) -> Indicator:
    """The computation's `Indicator` of a library definition, with the baseline and targets a
    PKS binds (next increment: the PKS indicator model calls this)."""
    return Indicator(
        code=definition.code,
        name=definition.name,
        unit=definition.unit,
        measure=Measure(definition.measure),
        direction=Direction(definition.direction),
        period_rule=PeriodRule(definition.period_rule),
        reporter_rule=ReporterRule(definition.reporter_rule),
        frequency=Frequency(definition.frequency),
        baseline=baseline,
        target_versions=target_versions,
        scale_max=definition.scale_max,
    )
