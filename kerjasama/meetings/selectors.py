"""Reads of the TKKSD: the composition on a date and the decrees' history (issue 9, item 1).

The composition is always asked for a date (`team_on(tenant, day)`): the invitations,
attendance lists, quorum and signature blocks of a meeting read the team as it stood on the
meeting's day, never "the current members"."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Tenant, User
from kerjasama.core.exceptions import NotFound
from kerjasama.meetings.enums import QUORUM_ROLES, HoldingCapacity, TeamRole
from kerjasama.meetings.models import Decree, Holding, Seat
from kerjasama.meetings.permissions import can_read_team

ROLE_ORDER = {role: index for index, role in enumerate(TeamRole.values)}


@dataclass
class SeatOnDate:
    """A seat in force on the day and who held it: the definitive holder (or none: vacant)
    and any acting one (Plt/Plh) beside them."""

    seat: Seat
    definitive: Holding | None
    acting: list[Holding] = field(default_factory=list)

    @property
    def counts_for_quorum(self) -> bool:
        return self.seat.role in QUORUM_ROLES


@dataclass
class Quorum:
    """How many of the team's seats must be present: `needed` of `seats`."""

    needed: int
    seats: int
    percent: int | None  # None: a simple majority


@dataclass
class Composition:
    tenant: Tenant
    day: dt.date
    decrees: list[Decree]
    seats: list[SeatOnDate]
    quorum: Quorum

    def holders(self, role: str) -> list[Holding]:
        """The definitive holders of the seats of `role` on the day, in the decree's order."""
        return [row.definitive for row in self.seats if row.seat.role == role and row.definitive]

    @property
    def team(self) -> list[SeatOnDate]:
        return [row for row in self.seats if row.counts_for_quorum]

    @property
    def secretariat(self) -> list[SeatOnDate]:
        return [row for row in self.seats if not row.counts_for_quorum]


def quorum_needed(*, seats: int, percent: int | None) -> int:
    """The quorum of `seats` seats: a simple majority (more than half) by default; with the
    region's setting, that percentage of the seats rounded up (❓ §2.1: the composition rules
    are not known, so the rule is a setting)."""
    if seats <= 0:
        return 0
    if percent is None:
        return seats // 2 + 1
    return max(1, math.ceil(seats * percent / 100))


def _in_force(prefix: str, day: dt.date) -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day})
    )


def team_on(tenant: Tenant, day: dt.date) -> Composition:
    """The TKKSD of `tenant` on `day`: the seats in force (their own term and their decree's
    covering the day) and who held each on that day, with the quorum of that day."""
    held = Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day))
    seats = list(
        Seat.objects.filter(_in_force("", day), _in_force("decree__", day), decree__tenant=tenant)
        .select_related("decree", "opd")
        .prefetch_related(
            Prefetch(
                "holdings",
                queryset=Holding.objects.filter(held).select_related("decree", "user"),
                to_attr="held_on_day",
            )
        )
    )
    seats.sort(key=lambda s: (ROLE_ORDER.get(s.role, 99), s.order, s.pk))
    rows = []
    for seat in seats:
        holdings: list[Holding] = seat.held_on_day
        definitive = next((h for h in holdings if h.capacity == HoldingCapacity.DEFINITIVE), None)
        rows.append(SeatOnDate(seat, definitive, [h for h in holdings if h.acting]))
    decrees = list(Decree.objects.filter(_in_force("", day), tenant=tenant))
    counted = sum(1 for row in rows if row.counts_for_quorum)
    percent = tenant.tkksd_quorum_percent
    return Composition(
        tenant=tenant,
        day=day,
        decrees=decrees,
        seats=rows,
        quorum=Quorum(quorum_needed(seats=counted, percent=percent), counted, percent),
    )


@dataclass
class DecreeChanges:
    """What a decree did to the team: the seats it defined, the holders it appointed, the
    holders it ended and, for a replacement, the decree it ended."""

    decree: Decree
    seats: list[Seat]
    started: list[Holding]
    ended: list[Holding]


def decree_history(tenant: Tenant) -> list[DecreeChanges]:
    """The region's decrees in the order they came into force, each with what it changed."""
    decrees = list(
        Decree.objects.filter(tenant=tenant)
        .select_related("amends")
        .prefetch_related(
            Prefetch("seats", queryset=Seat.objects.select_related("opd")),
            Prefetch("holdings", queryset=Holding.objects.select_related("seat")),
            Prefetch("ended_holdings", queryset=Holding.objects.select_related("seat")),
        )
        .order_by("valid_from", "signed_on", "id")
    )
    return [
        DecreeChanges(
            decree=d,
            seats=list(d.seats.all()),
            started=list(d.holdings.all()),
            ended=list(d.ended_holdings.all()),
        )
        for d in decrees
    ]


def decree_for_reader(user: User, pk: int) -> Decree:
    """A decree of the reader's own region; any other is not found (404: a region's team is
    not another's business)."""
    decree = Decree.objects.select_related("tenant", "amends").filter(pk=pk).first()
    if decree is None or not can_read_team(user, decree.tenant):
        raise NotFound(_("This decree was not found."))
    return decree


def seat_for_reader(user: User, pk: int) -> Seat:
    seat = Seat.objects.select_related("decree__tenant", "opd").filter(pk=pk).first()
    if seat is None or not can_read_team(user, seat.decree.tenant):
        raise NotFound(_("This seat was not found."))
    return seat


def holding_for_reader(user: User, pk: int) -> Holding:
    holding = Holding.objects.select_related("seat__decree__tenant", "decree").filter(pk=pk).first()
    if holding is None or not can_read_team(user, holding.seat.decree.tenant):
        raise NotFound(_("This holder was not found."))
    return holding


def seats_open_for_holders(decree: Decree) -> list[Seat]:
    """The seats a decree may appoint holders to: its own and those of the region's decrees in
    force on its first day (an amendment changes the holders of the seats it finds)."""
    day = decree.valid_from
    seats = list(
        Seat.objects.filter(decree__tenant_id=decree.tenant_id)
        .filter(Q(decree=decree) | (_in_force("", day) & _in_force("decree__", day)))
        .select_related("decree")
    )
    seats.sort(key=lambda s: (ROLE_ORDER.get(s.role, 99), s.order, s.pk))
    return seats


def decrees_to_amend(tenant: Tenant) -> list[Decree]:
    """The decrees a new amendment or replacement may name."""
    return list(Decree.objects.filter(tenant=tenant).order_by("-valid_from", "-id"))
