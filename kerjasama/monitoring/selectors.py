"""Reads of monitoring (issue 10): the indicators of a PKS with their targets, realisations and
achievement, and the `/monev/` lists of what a user must report or verify.

**Only verified values count.** `verified_realisations` is the one way from the database to
`achievement.achievement_compute`: it reads only rows whose status is verified (and the
reconciliations recorded over them) and wraps them in `VerifiedRealisations`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Role, User
from kerjasama.agreements.enums import DocumentKind
from kerjasama.agreements.models import Document, Party
from kerjasama.agreements.selectors import cooperation_visible_to
from kerjasama.core.exceptions import NotFound
from kerjasama.monitoring import achievement as calc
from kerjasama.monitoring.enums import (
    Direction,
    Frequency,
    Measure,
    PeriodRule,
    RealisationState,
    ReporterRule,
    Verification,
)
from kerjasama.monitoring.models import (
    Indicator,
    IndicatorDefinition,
    Realisation,
    Reconciliation,
    TargetVersion,
)
from kerjasama.monitoring.permissions import (
    can_read_indicator,
    can_report,
    reporting_parties,
)


def period_of(year: int, quarter: int) -> calc.Period:
    """The computation's period of a stored (year, quarter); quarter 0 is the year."""
    return calc.Period(year, quarter or None)


def _not_found() -> NotFound:
    return NotFound(_("This page was not found."))


def _indicator_rows() -> QuerySet[Indicator]:
    return Indicator.objects.select_related(
        "cooperation",
        "document",
        "definition",
        "responsible_party__partner",
        "responsible_opd",
    )


def pks_for_reader(user: User, pk: int) -> Document:
    """A PKS of a case the user reads; NotFound otherwise (existence is not leaked)."""
    document = (
        Document.objects.filter(
            pk=pk, kind=DocumentKind.PKS, cooperation__in=cooperation_visible_to(user)
        )
        .select_related("cooperation")
        .first()
    )
    if document is None:
        raise _not_found()
    return document


def indicator_for_reader(user: User, pk: int) -> Indicator:
    indicator = _indicator_rows().filter(pk=pk).first()
    if indicator is None or not can_read_indicator(user, indicator):
        raise _not_found()
    return indicator


def realisation_for_reader(user: User, pk: int) -> Realisation:
    realisation = (
        Realisation.objects.select_related("party__partner", "verified_by", "entered_by")
        .filter(pk=pk)
        .first()
    )
    if realisation is None:
        raise _not_found()
    realisation.indicator = indicator_for_reader(user, realisation.indicator_id)
    return realisation


def library_options(query: str = "") -> QuerySet[IndicatorDefinition]:
    """Active library indicators, optionally matching `query` in the code or either name."""
    rows = IndicatorDefinition.objects.filter(active=True)
    if query:
        rows = rows.filter(
            Q(code__icontains=query) | Q(name_id__icontains=query) | Q(name_en__icontains=query)
        )
    return rows.order_by("code")


def addenda_of(document: Document) -> QuerySet[Document]:
    """The addenda of a PKS (the documents that may change its targets)."""
    return Document.objects.filter(
        cooperation_id=document.cooperation_id, kind=DocumentKind.ADDENDUM, parent=document
    ).order_by("signed_on", "id")


# --- Into the computation ------------------------------------------------------------------


def indicator_as_computation(indicator: Indicator) -> calc.Indicator:
    """The computation's `Indicator`: the stored definition, baseline and target versions."""
    versions = []
    for version in indicator.target_versions.all():
        source = (
            version.addendum.title if version.addendum is not None else indicator.document.title
        )
        versions.append(
            calc.TargetVersion(
                valid_from=version.valid_from,
                targets=tuple(
                    calc.Target(period_of(t.year, t.quarter), t.value)
                    for t in version.targets.all()
                ),
                source=source,
            )
        )
    baseline = (
        calc.Baseline(indicator.baseline_value, indicator.baseline_year)
        if indicator.baseline_value is not None and indicator.baseline_year is not None
        else None
    )
    return calc.Indicator(
        code=indicator.code or f"pks.{indicator.pk}",
        name=indicator.name,
        unit=indicator.unit,
        measure=Measure(indicator.measure),
        direction=Direction(indicator.direction),
        period_rule=PeriodRule(indicator.period_rule),
        reporter_rule=ReporterRule(indicator.reporter_rule),
        frequency=Frequency(indicator.frequency),
        baseline=baseline,
        target_versions=tuple(versions),
        scale_max=indicator.scale_max,
    )


def _reporter(row: Realisation) -> str:
    return str(row.party.partner)


def _who(user: User | None) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def _as_computed(row: Realisation) -> calc.Realisation:
    return calc.Realisation(
        period=period_of(row.year, row.quarter),
        reporter=_reporter(row),
        state=RealisationState(row.state),
        value=row.value,
        denominator=row.denominator,
        not_applicable_reason=row.not_applicable_reason,
        verification=Verification(row.status),
        verified_by=_who(row.verified_by) if row.status == Verification.VERIFIED else "",
        verified_at=row.verified_at,
        reference=str(row.pk),
    )


def verified_realisations(indicator: Indicator) -> calc.VerifiedRealisations:
    """The only input of the achievement: the indicator's verified rows, each period of several
    reporters replaced by its reconciliation when one is recorded (the chosen party's verified
    value, or the agreed value as one reporter "agreed value"). Unverified rows are never read."""
    rows = list(
        indicator.realisations.filter(status=Verification.VERIFIED).select_related(
            "party__partner", "verified_by"
        )
    )
    by_period: dict[tuple[int, int], list[Realisation]] = {}
    for row in rows:
        by_period.setdefault((row.year, row.quarter), []).append(row)
    items: list[calc.Realisation] = []
    reconciliations = {
        (r.year, r.quarter): r
        for r in indicator.reconciliations.select_related("by", "chosen_party__partner")
    }
    for key, entries in by_period.items():
        reconciliation = reconciliations.get(key)
        if reconciliation is None:
            items.extend(_as_computed(row) for row in entries)
            continue
        if reconciliation.chosen_party_id is not None:
            chosen = [row for row in entries if row.party_id == reconciliation.chosen_party_id]
            # The chosen value no longer verified (returned since): the reconciliation waits.
            items.extend(_as_computed(row) for row in (chosen or entries))
            continue
        items.append(
            calc.Realisation(
                period=period_of(*key),
                reporter=_("agreed value (reconciliation)"),
                state=RealisationState.VALUE,
                value=reconciliation.agreed_value,
                denominator=reconciliation.agreed_denominator,
                verification=Verification.VERIFIED,
                verified_by=_who(reconciliation.by),
                verified_at=reconciliation.at,
                reference=f"reconciliation:{reconciliation.pk}",
            )
        )
    return calc.VerifiedRealisations.from_records(items)


def indicator_achievement(indicator: Indicator, year: int) -> calc.YearAchievement:
    """The achievement of `year`, from verified values only."""
    return calc.achievement_compute(
        indicator_as_computation(indicator),
        verified_realisations(indicator),
        year,
        as_of=timezone.localdate(),
    )


# --- The indicators page of a PKS ---------------------------------------------------------


@dataclass
class PeriodRow:
    """One period of an indicator on its page: every reporting party's realisation (or None),
    the difference when two parties reported values, the reconciliation, and the figure."""

    period: calc.Period
    year: int
    quarter: int
    cells: list[tuple[Party, Realisation | None, bool]]  # (party, row, user may enter)
    difference: Decimal | None = None
    reconciliation: Reconciliation | None = None
    needs_reconciliation: bool = False
    figure: calc.Figure | None = None
    target: Decimal | None = None
    is_year: bool = False  # the year's row of a quarterly indicator (no cells of its own)


@dataclass
class IndicatorPanel:
    indicator: Indicator
    versions: list[TargetVersion]
    years: list[int]
    rows: list[PeriodRow] = field(default_factory=list)
    year_figures: list[calc.Figure] = field(default_factory=list)


def indicator_years(indicator: Indicator, today: dt.date | None = None) -> list[int]:
    """The years an indicator is reported for: the PKS's term (its start to its effective end),
    not beyond the current year; else the years of its targets and realisations."""
    today = today or timezone.localdate()
    document = indicator.document
    start = document.start_date or document.signed_on
    end = document.effective_end() or today
    years: set[int] = set()
    if start is not None:
        years |= set(range(start.year, min(end, today).year + 1))
    years |= {t for t in _target_years(indicator)}
    years |= set(indicator.realisations.values_list("year", flat=True))
    return sorted(y for y in years if y <= today.year)


def _target_years(indicator: Indicator) -> Iterable[int]:
    for version in indicator.target_versions.all():
        for target in version.targets.all():
            yield target.year


def realisation_difference(indicator: Indicator, rows: list[Realisation]) -> Decimal | None:
    values = [r for r in rows if r.state == RealisationState.VALUE and r.value is not None]
    if len(values) != 2:
        return None
    first, second = values
    if indicator.measure == Measure.PERCENTAGE:
        if not first.denominator or not second.denominator:
            return None
        return calc._round(
            (first.value / first.denominator - second.value / second.denominator) * 100  # type: ignore[operator]
        )
    return first.value - second.value  # type: ignore[operator]


def indicator_panel(user: User, indicator: Indicator, years: list[int]) -> IndicatorPanel:
    """Everything the indicators page shows of one indicator for `years`."""
    versions = list(
        indicator.target_versions.select_related("addendum", "created_by").prefetch_related(
            "targets"
        )
    )
    panel = IndicatorPanel(indicator=indicator, versions=versions, years=years)
    parties = reporting_parties(indicator)
    rows = {
        (r.party_id, r.year, r.quarter): r
        for r in indicator.realisations.select_related(
            "party__partner", "entered_by", "verified_by"
        ).prefetch_related("evidence", Prefetch("steps"))
    }
    reconciliations = {
        (r.year, r.quarter): r
        for r in indicator.reconciliations.select_related("by", "chosen_party__partner")
    }
    computation = indicator_as_computation(indicator)
    verified = verified_realisations(indicator)
    may = {party.pk: can_report(user, indicator, party) for party in parties}
    today = timezone.localdate()
    for year in years:
        result = calc.achievement_compute(computation, verified, year, as_of=today)
        for figure in result.periods:
            quarter = figure.period.quarter or 0
            # A period is reported once it has ended (its reporting window opens the day after).
            ended = figure.period.end < today
            cells = [(p, rows.get((p.pk, year, quarter)), may[p.pk] and ended) for p in parties]
            reported = [cell[1] for cell in cells if cell[1] is not None]
            verified_values = [
                r
                for r in reported
                if r.status == Verification.VERIFIED and r.state == RealisationState.VALUE
            ]
            panel.rows.append(
                PeriodRow(
                    period=figure.period,
                    year=year,
                    quarter=quarter,
                    cells=cells,
                    difference=realisation_difference(indicator, reported)
                    if len(parties) > 1
                    else None,
                    reconciliation=reconciliations.get((year, quarter)),
                    needs_reconciliation=len(verified_values) > 1,
                    figure=figure,
                    target=figure.target,
                )
            )
        if indicator.frequency == Frequency.QUARTERLY:
            panel.year_figures.append(result.year_figure)
            # The year's row after its quarters: a yearly target is counted there.
            panel.rows.append(
                PeriodRow(
                    period=result.year_figure.period,
                    year=year,
                    quarter=0,
                    cells=[],
                    figure=result.year_figure,
                    target=result.year_figure.target,
                    is_year=True,
                )
            )
    return panel


def pks_indicators(document: Document) -> list[Indicator]:
    return list(
        _indicator_rows()
        .filter(document=document)
        .prefetch_related("target_versions__targets", "target_versions__addendum")
    )


# --- /monev/ ---------------------------------------------------------------------------------


@dataclass
class ToReport:
    indicator: Indicator
    party: Party
    period: calc.Period
    year: int
    quarter: int
    due_on: dt.date
    realisation: Realisation | None


def reporting_due_on(period: calc.Period) -> dt.date:
    """The last day of a period's reporting window (§12 ❓, the region's setting)."""
    days = int(settings.KERJASAMA.get("MONEV_REPORTING_DAYS", 90))
    return period.end + dt.timedelta(days=days)


def _my_indicators(user: User) -> QuerySet[Indicator]:
    """The indicators the user may report for: its OPD's (as an officer), or, for a
    secretariat, those of its region's parties that have no reporting OPD."""
    tenant = user.tenant
    if tenant is None:
        return Indicator.objects.none()
    region_parties = Party.objects.filter(partner__region_id=tenant.region_id)
    condition = Q()
    if user.has_role(Role.OPD_OFFICER, Role.SECRETARIAT) and user.opd_id:
        condition |= Q(responsible_opd_id=user.opd_id) | Q(
            both_report=True,
            cooperation__parties__in=region_parties.filter(
                Q(executing_opd_id=user.opd_id) | Q(initiating_opd_id=user.opd_id)
            ),
        )
    if user.has_role(Role.SECRETARIAT):
        condition |= Q(responsible_opd__isnull=True, responsible_party__in=region_parties) | Q(
            both_report=True, cooperation__parties__in=region_parties
        )
    if not condition:
        return Indicator.objects.none()
    return _indicator_rows().filter(condition).distinct()


def to_report(user: User, *, year: int | None, today: dt.date | None = None) -> list[ToReport]:
    """The periods whose window has opened (the period ended) that the user reports and has
    not submitted (none yet, a draft, or returned), by due date."""
    today = today or timezone.localdate()
    found: list[ToReport] = []
    for indicator in _my_indicators(user).order_by("cooperation_id", "id"):
        parties = [p for p in reporting_parties(indicator) if can_report(user, indicator, p)]
        if not parties:
            continue
        rows = {(r.party_id, r.year, r.quarter): r for r in indicator.realisations.all()}
        computation = indicator_as_computation(indicator)
        for y in indicator_years(indicator, today):
            if year is not None and y != year:
                continue
            for period in computation.periods_of(y):
                if period.end >= today:
                    continue
                for party in parties:
                    row = rows.get((party.pk, y, period.quarter or 0))
                    if row is not None and row.status in (
                        Verification.SUBMITTED,
                        Verification.VERIFIED,
                    ):
                        continue
                    found.append(
                        ToReport(
                            indicator,
                            party,
                            period,
                            y,
                            period.quarter or 0,
                            reporting_due_on(period),
                            row,
                        )
                    )
    return sorted(found, key=lambda t: (t.due_on, t.indicator.pk, t.party.order))


def to_verify(user: User, *, year: int | None) -> list[Realisation]:
    """Submitted realisations of the user's region's parties (for its secretariat)."""
    tenant = user.tenant
    if tenant is None or not user.has_role(Role.SECRETARIAT):
        return []
    rows = Realisation.objects.filter(
        status=Verification.SUBMITTED, party__partner__region_id=tenant.region_id
    ).select_related(
        "indicator__cooperation",
        "indicator__document",
        "indicator__definition",
        "party__partner",
        "entered_by",
    )
    if year is not None:
        rows = rows.filter(year=year)
    return list(rows.order_by("submitted_at", "id"))


def monev_years(user: User) -> list[int]:
    """The years offered by the filter of /monev/: from the years of the indicators the user
    sees (their PKS's term), up to this year."""
    today = timezone.localdate()
    starts = Document.objects.filter(
        indicators__isnull=False, cooperation__in=cooperation_visible_to(user)
    ).values_list("start_date", flat=True)
    first = min((s.year for s in starts if s is not None), default=today.year)
    return list(range(today.year, first - 1, -1))


def monev_cases(user: User) -> list[Document]:
    """The PKS with indicators among the cases the user reads (the /monev/ list per case)."""
    return list(
        Document.objects.filter(
            kind=DocumentKind.PKS,
            indicators__isnull=False,
            cooperation__in=cooperation_visible_to(user),
        )
        .select_related("cooperation")
        .distinct()
        .order_by("cooperation__title", "id")
    )


def indicator_years_pending(indicator: Indicator, years: list[int], today: dt.date) -> set[int]:
    """The years of `years` with something to do on the indicator: an ended period a reporting
    party has not reported, or a value not verified yet (the PKS page shows them by default
    beside the recent years, so that no open work is hidden by the bounded view)."""
    computation = indicator_as_computation(indicator)
    parties = [party.pk for party in reporting_parties(indicator)]
    rows = {(r.party_id, r.year, r.quarter): r.status for r in indicator.realisations.all()}
    pending: set[int] = set()
    for year in years:
        for period in computation.periods_of(year):
            if period.end >= today:
                continue
            statuses = [rows.get((party, year, period.quarter or 0)) for party in parties]
            if any(status != Verification.VERIFIED for status in statuses):
                pending.add(year)
                break
    return pending
