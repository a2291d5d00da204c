"""The region's year at `/monev/<year>/` (issue 10, item 5; KERJASAMA_DAERAH.md §12): the
agreements active, new and ended in the year, the achievement of their indicators by urusan
group, public service and partner type, and the headline indicators the leadership chose, each
this year against the year before.

**Only verified values count**: every figure here comes from `selectors.indicator_achievement`
(which reads `selectors.verified_realisations` only).

**How achievements are put together.** An average of achievements hides what a Sekda needs to
know (one indicator at 300 % and two at 10 % "average" 107 %), and indicators of different
units and directions cannot be added. So a group shows the *distribution* of its indicators'
achievements for the year: how many reached their target (≥ 100 %), how many came close
(80 – < 100 %), how many fell short (< 80 %), and, listed but not counted, those without a
target (or with a zero target) and those without a verified value. An indicator counts in every
group it belongs to (its library urusan / public service, else those of its case).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kerjasama.accounts.models import Role, Tenant, User
from kerjasama.agreements.enums import CooperationKind
from kerjasama.agreements.models import Cooperation, Party
from kerjasama.agreements.selectors import cooperation_visible_to
from kerjasama.core.exceptions import NotFound
from kerjasama.monitoring import achievement as calc
from kerjasama.monitoring.enums import Undefined
from kerjasama.monitoring.models import HeadlineIndicator, Indicator
from kerjasama.monitoring.selectors import indicator_as_computation, verified_realisations
from kerjasama.partners.enums import PartnerKind
from kerjasama.reference.models import AffairGroup, Region

FIRST_YEAR = 2000
HUNDRED = Decimal(100)

# The bands of the distribution (the page explains them).
MET, NEAR, BELOW, NO_TARGET, NO_VALUE = "met", "near", "below", "no_target", "no_value"
BANDS = (MET, NEAR, BELOW, NO_TARGET, NO_VALUE)
COUNTED_BANDS = (MET, NEAR, BELOW)
BAND_LABELS = {
    MET: gettext_lazy("≥ 100 %"),
    NEAR: gettext_lazy("80 – < 100 %"),
    BELOW: gettext_lazy("< 80 %"),
    NO_TARGET: gettext_lazy("no target"),
    NO_VALUE: gettext_lazy("no verified value"),
}
NEAR_FROM = Decimal(80)


def band_of(figure: calc.Figure) -> str:
    """The band of a year's figure: by its achievement; without one, why not."""
    if figure.achievement is not None:
        if figure.achievement >= HUNDRED:
            return MET
        return NEAR if figure.achievement >= NEAR_FROM else BELOW
    if figure.reason in (Undefined.NO_TARGET, Undefined.ZERO_TARGET):
        return NO_TARGET
    return NO_VALUE


# --- Who reads which region's year ----------------------------------------------------------


def can_read_region_year(user: User | None, region: Region) -> bool:
    """A region's own people read its year; province oversight (and the governor's take-over
    authority) also the years of the regencies and cities of its province — the same reach as
    reading their cases (`agreements.selectors.case_access_for`; §12, UU23 Pasal 368(1))."""
    if user is None or not user.is_authenticated or user.tenant is None:
        return False
    own = user.tenant.region_id
    if region.pk == own:
        return True
    return (
        user.has_role(Role.PROVINCE_OVERSIGHT, Role.TAKEOVER_AUTHORITY)
        and user.tenant.region.is_province
        and region.province_id == own
    )


def overseen_regions(user: User, region: Region) -> list[Region]:
    """The regencies and cities whose year the user reads as its province's oversight."""
    if not (
        region.is_province
        and user.tenant is not None
        and user.tenant.region_id == region.pk
        and user.has_role(Role.PROVINCE_OVERSIGHT, Role.TAKEOVER_AUTHORITY)
    ):
        return []
    return list(Region.objects.filter(province=region, retired=False).order_by("name"))


def region_for_year(user: User, region_id: int | None) -> Region:
    """The region whose year the user asks for (its own when `region_id` is None); NotFound
    when the user may not read it (existence is not leaked)."""
    if user.tenant is None:
        raise NotFound(_("This page was not found."))
    if region_id is None:
        return user.tenant.region
    region = Region.objects.filter(pk=region_id).first()
    if region is None or not can_read_region_year(user, region):
        raise NotFound(_("This page was not found."))
    return region


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= timezone.localdate().year + 1:
        raise NotFound(_("This page was not found."))
    return year


def can_choose_headlines(user: User | None, tenant: Tenant | None) -> bool:
    """Choosing a region's headline indicators: its leadership (a Sekda, or a secretariat user
    who also holds the leadership role)."""
    return (
        user is not None
        and user.is_authenticated
        and tenant is not None
        and user.tenant_id == tenant.pk
        and user.has_role(Role.LEADERSHIP)
    )


# --- The agreements of the year -------------------------------------------------------------


def region_cases(user: User, region: Region) -> QuerySet[Cooperation]:
    """The cases the region is a party to that the user reads."""
    return (
        Cooperation.objects.filter(
            pk__in=cooperation_visible_to(user).values("pk"),
            parties__partner__region=region,
        )
        .distinct()
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("partner")),
            "affairs",
            "public_services",
        )
        .order_by("title", "pk")
    )


def _end_of(case: Cooperation) -> dt.date | None:
    ends = [d for d in (case.ends_on, case.terminated_on) if d is not None]
    return min(ends) if ends else None


@dataclass
class CaseLists:
    """The cases active, new (signed in the year) and ended in the year, and the counts by
    type. Active: signed on or before the year's end (or today, in the current year) and not
    ended before the year began. Ended: the end of term or termination fell in the year (up to
    today)."""

    active: list[Cooperation] = field(default_factory=list)
    new: list[Cooperation] = field(default_factory=list)
    ended: list[Cooperation] = field(default_factory=list)

    def by_kind(self) -> list[tuple[str, int, int, int]]:
        rows = []
        for kind in CooperationKind:
            a, n, e = (sum(1 for c in cases if c.kind == kind) for cases in self.lists())
            if a or n or e:
                rows.append((str(kind.label), a, n, e))
        return rows

    def lists(self) -> tuple[list[Cooperation], list[Cooperation], list[Cooperation]]:
        return self.active, self.new, self.ended


def year_cases(cases: Iterable[Cooperation], year: int, today: dt.date | None = None) -> CaseLists:
    today = today or timezone.localdate()
    first, last = dt.date(year, 1, 1), min(dt.date(year, 12, 31), today)
    lists = CaseLists()
    for case in cases:
        signed, end = case.signed_on, _end_of(case)
        if signed is None or signed > last:
            continue
        if end is None or end >= first:
            lists.active.append(case)
        if signed >= first:
            lists.new.append(case)
        if end is not None and first <= end <= last:
            lists.ended.append(case)
    return lists


# --- Indicators and their achievement --------------------------------------------------------


@dataclass
class IndicatorYear:
    """One indicator of the region's cases: its figure of the year and of the year before, and
    how they compare (aware of the direction)."""

    indicator: Indicator
    current: calc.Figure
    previous: calc.Figure
    comparison: calc.Comparison

    @property
    def band(self) -> str:
        return band_of(self.current)

    @property
    def previous_band(self) -> str:
        return band_of(self.previous)


def indicators_of(cases: Iterable[Cooperation]) -> list[Indicator]:
    return list(
        Indicator.objects.filter(cooperation__in=[c.pk for c in cases])
        .select_related(
            "cooperation",
            "document",
            "definition__affair",
            "definition__public_service",
            "responsible_party__partner",
        )
        .prefetch_related("target_versions__targets", "target_versions__addendum")
        .order_by("cooperation__title", "document_id", "id")
    )


Inputs = dict[int, tuple[calc.Indicator, calc.VerifiedRealisations]]


def computation_inputs(indicators: Iterable[Indicator]) -> Inputs:
    """Each indicator's computation and its verified realisations (the database read once,
    whatever the years computed from them)."""
    return {i.pk: (indicator_as_computation(i), verified_realisations(i)) for i in indicators}


def indicator_years(
    indicators: Iterable[Indicator], year: int, inputs: Inputs | None = None
) -> list[IndicatorYear]:
    indicators = list(indicators)
    inputs = inputs if inputs is not None else computation_inputs(indicators)
    rows = []
    today = timezone.localdate()
    for indicator in indicators:
        computation, verified = inputs[indicator.pk]
        current = calc.achievement_compute(computation, verified, year, as_of=today).year_figure
        before = calc.achievement_compute(computation, verified, year - 1, as_of=today)
        previous = before.year_figure
        comparison = calc.achievement_compare(computation, previous, current)
        rows.append(IndicatorYear(indicator, current, previous, comparison))
    return rows


@dataclass
class GroupRow:
    """The distribution of one group's indicators in a year (and the year before)."""

    key: str
    label: str
    counts: dict[str, int]
    previous: dict[str, int]

    @property
    def counted(self) -> int:
        return sum(self.counts[b] for b in COUNTED_BANDS)

    @property
    def previous_counted(self) -> int:
        return sum(self.previous[b] for b in COUNTED_BANDS)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def met_share(self) -> Decimal | None:
        return _share(self.counts[MET], self.counted)

    @property
    def previous_met_share(self) -> Decimal | None:
        return _share(self.previous[MET], self.previous_counted)

    def cells(self) -> list[int]:
        return [self.counts[b] for b in BANDS]


def _share(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent, two decimals (None when nothing is counted)."""
    if whole == 0:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


UNCLASSIFIED = "-"


def _groups_affair(row: IndicatorYear) -> list[tuple[str, str]]:
    definition = row.indicator.definition
    affairs = (
        [definition.affair]
        if definition is not None and definition.affair is not None
        else list(row.indicator.cooperation.affairs.all())
    )
    groups = sorted({a.group for a in affairs})
    return [(str(g), str(AffairGroup(g).label)) for g in groups]


def _groups_service(row: IndicatorYear) -> list[tuple[str, str]]:
    definition = row.indicator.definition
    services = (
        [definition.public_service]
        if definition is not None and definition.public_service is not None
        else list(row.indicator.cooperation.public_services.all())
    )
    return sorted({(s.slug, s.name) for s in services}, key=lambda kv: kv[1])


def _groups_partner(row: IndicatorYear, region: Region) -> list[tuple[str, str]]:
    kinds = {
        party.partner.kind
        for party in row.indicator.cooperation.parties.all()
        if party.partner.region_id != region.pk
    }
    return [(kind, str(PartnerKind(kind).label)) for kind in sorted(kinds)]


def _distribution(
    rows: list[IndicatorYear], groups_of: Callable[[IndicatorYear], list[tuple[str, str]]]
) -> list[GroupRow]:
    found: dict[str, GroupRow] = {}
    for row in rows:
        groups = groups_of(row) or [(UNCLASSIFIED, _("(not classified)"))]
        for key, label in groups:
            group = found.setdefault(
                key, GroupRow(key, label, dict.fromkeys(BANDS, 0), dict.fromkeys(BANDS, 0))
            )
            group.counts[row.band] += 1
            group.previous[row.previous_band] += 1
    return sorted(found.values(), key=lambda g: (g.key == UNCLASSIFIED, g.label))


# --- Headline indicators ----------------------------------------------------------------------


@dataclass
class Headline:
    """A headline indicator (a library code) and the region's indicators of that code."""

    choice: HeadlineIndicator
    rows: list[IndicatorYear]


def headlines_of(tenant: Tenant | None) -> list[HeadlineIndicator]:
    if tenant is None:
        return []
    return list(tenant.headline_indicators.select_related("definition").order_by("order", "id"))


def headline_rows(choices: list[HeadlineIndicator], rows: list[IndicatorYear]) -> list[Headline]:
    return [
        Headline(choice, [r for r in rows if r.indicator.code == choice.definition.code])
        for choice in choices
    ]


# --- The page ----------------------------------------------------------------------------------


@dataclass
class YearPage:
    region: Region
    tenant: Tenant | None
    year: int
    cases: CaseLists
    indicators: list[IndicatorYear]
    by_affair_group: list[GroupRow]
    by_public_service: list[GroupRow]
    by_partner_type: list[GroupRow]
    headlines: list[Headline]
    years: list[int]

    @property
    def previous_year(self) -> int:
        return self.year - 1

    @property
    def totals(self) -> GroupRow:
        """Every indicator of the region's cases together."""
        rows = _distribution(self.indicators, lambda r: [("all", _("All indicators"))])
        return (
            rows[0]
            if rows
            else GroupRow("all", _("All indicators"), *[dict.fromkeys(BANDS, 0)] * 2)
        )


def year_page(user: User, region: Region, year: int) -> YearPage:
    """Everything `/monev/<year>/` shows of `region` to `user` (verified values only)."""
    tenant = Tenant.objects.filter(region=region).first()
    cases = list(region_cases(user, region))
    lists = year_cases(cases, year)
    # The indicators of every case active in the year or the year before (a case that ended
    # last year still shows last year's figure), and of any other case of the region that has
    # a target or a verified value in these years (a case whose dates are not on record).
    active = {c.pk for c in (*lists.active, *year_cases(cases, year - 1).active)}
    rows = [
        row
        for row in indicator_years(indicators_of(cases), year)
        if row.indicator.cooperation_id in active
        or any(
            figure.value is not None or figure.target is not None
            for figure in (row.current, row.previous)
        )
    ]
    return YearPage(
        region=region,
        tenant=tenant,
        year=year,
        cases=lists,
        indicators=rows,
        by_affair_group=_distribution(rows, _groups_affair),
        by_public_service=_distribution(rows, _groups_service),
        by_partner_type=_distribution(rows, lambda r: _groups_partner(r, region)),
        headlines=headline_rows(headlines_of(tenant), rows),
        years=year_links(cases),
    )


def year_links(cases: Iterable[Cooperation]) -> list[int]:
    """The years the switcher offers: from the first signing among the cases (at most ten
    years back) to this year, newest first."""
    today = timezone.localdate()
    starts = [c.signed_on.year for c in cases if c.signed_on is not None]
    first = max(min(starts, default=today.year), today.year - 10)
    return list(range(today.year, first - 1, -1))


# --- The dashboard's panel ----------------------------------------------------------------------


@dataclass
class DashboardHeadlines:
    year: int
    headlines: list[Headline]
    current_year_empty: bool  # the last complete year has no verified value: an earlier one


def _has_value(row: IndicatorYear) -> bool:
    return row.current.value is not None


def dashboard_headlines(user: User, today: dt.date | None = None) -> DashboardHeadlines | None:
    """The headline indicators of the user's region for the dashboard: the last complete year
    against the year before (in January 2022 the Sekda compares 2021 with 2020). The current
    year is not: its quarters so far against a full year's target would read as a fall (its
    figures are on the year page). When no headline indicator has a verified value in the last
    complete year, the latest year that has one (at most ten years back) — the panel says
    which years."""
    tenant = user.tenant
    choices = headlines_of(tenant)
    if tenant is None or not choices:
        return None
    today = today or timezone.localdate()
    cases = list(region_cases(user, tenant.region))
    codes = {c.definition.code for c in choices}
    indicators = [i for i in indicators_of(cases) if i.code in codes]
    inputs = computation_inputs(indicators)
    last_complete = today.year - 1
    for year in range(last_complete, last_complete - 11, -1):
        rows = indicator_years(indicators, year, inputs)
        if any(_has_value(r) for r in rows):
            return DashboardHeadlines(year, headline_rows(choices, rows), year != last_complete)
    return DashboardHeadlines(
        last_complete,
        headline_rows(choices, indicator_years(indicators, last_complete, inputs)),
        False,
    )
