"""Reads of the TKKSD: the composition on a date and the decrees' history (issue 9, item 1).

The composition is always asked for a date (`team_on(tenant, day)`): the invitations,
attendance lists, quorum and signature blocks of a meeting read the team as it stood on the
meeting's day, never "the current members"."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Tenant, User
from kerjasama.agreements.enums import DocumentKind, DocumentStatus
from kerjasama.agreements.models import CaseOpd, Cooperation, Document
from kerjasama.agreements.pathways import PATHWAYS
from kerjasama.agreements.pathways import TKKSD as TKKSD_CHECK
from kerjasama.core.exceptions import NotFound
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.meetings import proposals as proposal_sources
from kerjasama.meetings.enums import (
    ATTENDING,
    QUORUM_ROLES,
    ActionStatus,
    HoldingCapacity,
    ItemSource,
    MeetingState,
    OutcomeKind,
    TeamRole,
)
from kerjasama.meetings.models import (
    ActionItem,
    AgendaItem,
    Decree,
    Holding,
    Invitee,
    Meeting,
    Seat,
)
from kerjasama.meetings.permissions import (
    can_read_meeting,
    can_read_meetings,
    can_read_team,
    reads_all_meetings,
)
from kerjasama.reference.timezones import RegionTimeZone

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


# --- Meetings (issue 9 items 2, 3, 6) ---------------------------------------------------------


def region_zone(tenant: Tenant) -> RegionTimeZone:
    """The region's time zone (WIB/WITA/WIT): a meeting's date and time are typed and shown in
    it, whatever the server's zone."""
    return tenant.region.time_zone


def meeting_local(meeting: Meeting) -> tuple[dt.datetime, dt.datetime | None, str]:
    """The meeting's start and end in its region's zone, and the zone's abbreviation."""
    zone = region_zone(meeting.tenant)
    end = timezone.localtime(meeting.ends_at, zone.zone) if meeting.ends_at else None
    return timezone.localtime(meeting.starts_at, zone.zone), end, zone.abbreviation


def meeting_day(meeting: Meeting) -> dt.date:
    """The meeting's date in its region: the date whose composition it reads."""
    return meeting_local(meeting)[0].date()


def chair_options(tenant: Tenant, day: dt.date) -> list[Holding]:
    """Who may chair a meeting on `day`: the holders of the team's seats on that date (the
    ketua's first; an acting Plt/Plh beside a holder listed as such)."""
    options: list[Holding] = []
    for row in team_on(tenant, day).team:
        if row.definitive is not None:
            options.append(row.definitive)
        options.extend(row.acting)
    return options


def chair_default(tenant: Tenant, day: dt.date) -> Holding | None:
    """The ketua's holder on `day`; the acting one when the seat has no definitive holder."""
    for row in team_on(tenant, day).team:
        if row.seat.role == TeamRole.CHAIR:
            return row.definitive or (row.acting[0] if row.acting else None)
    return None


def holding_label(holding: Holding) -> str:
    """ "Ketua — Sumastro", "Ketua — Budi (Plh)": a holder as a chair's choice shows it."""
    label = f"{holding.seat.get_role_display()} — {holding.name}"
    if holding.acting:
        label += f" ({holding.capacity.capitalize()})"  # Plt, Plh: as letters write them
    return label


def meetings_visible_to(user: User) -> QuerySet[Meeting]:
    """The meetings `user` may read (`permissions.can_read_meeting`, as one query): every one of
    the region for its secretariat, leadership and members; for an OPD officer those it is
    invited to or with an item about a case its OPD is involved in; none of another region."""
    tenant = user.tenant
    if tenant is None or not can_read_meetings(user, tenant):
        return Meeting.objects.none()
    own = Meeting.objects.filter(tenant=tenant)
    if reads_all_meetings(user, tenant):
        return own
    invited = Invitee.objects.filter(Q(user=user) | Q(holding__user=user)).values("meeting_id")
    condition = Q(pk__in=invited)
    if user.opd_id is not None:
        involved = CaseOpd.objects.filter(opd_id=user.opd_id).values("cooperation_id")
        about = AgendaItem.objects.filter(cooperation_id__in=involved).values("meeting_id")
        condition |= Q(pk__in=about)
    return own.filter(condition)


@dataclass
class MeetingList:
    upcoming: list[Meeting]
    past: list[Meeting]
    years: list[int]


def meeting_list(user: User, *, year: int | None = None, kind: str = "") -> MeetingList:
    """The meetings `user` reads, upcoming (soonest first) and past (latest first), filtered by
    the year (of the region's calendar) and kind."""
    meetings = list(meetings_visible_to(user).select_related("tenant__region", "chair__seat"))
    years = sorted({meeting_day(m).year for m in meetings}, reverse=True)
    rows = [m for m in meetings if not kind or m.kind == kind]
    if year is not None:
        rows = [m for m in rows if meeting_day(m).year == year]
    now = timezone.now()
    upcoming = sorted(
        (m for m in rows if m.starts_at >= now and m.state == MeetingState.PLANNED),
        key=lambda m: m.starts_at,
    )
    past = [m for m in rows if m not in upcoming]
    return MeetingList(upcoming=upcoming, past=past, years=years)


def meeting_for_reader(user: User, pk: int) -> Meeting:
    """A meeting `user` may read; any other is not found (404: nothing is leaked)."""
    meeting = Meeting.objects.select_related("tenant__region", "chair__seat").filter(pk=pk).first()
    if meeting is None or not can_read_meeting(user, meeting):
        raise NotFound(_("This meeting was not found."))
    return meeting


def meeting_invitees(meeting: Meeting) -> list[Invitee]:
    return list(
        meeting.invitees.select_related("seat", "holding", "user", "opd", "partner").order_by(
            "order", "id"
        )
    )


def meeting_items(meeting: Meeting) -> list[AgendaItem]:
    return list(
        meeting.items.select_related("cooperation", "document", "carried_from__meeting")
        .prefetch_related(
            "absences",
            # What `{% item_outcomes %}` shows of each item, in a fixed number of queries.
            "outcomes__steps__cooperation",
            "outcomes__steps__document",
            "outcomes__action_items__owner_user",
            "outcomes__action_items__owner_opd",
            "outcomes__action_items__cooperation",
            "outcomes__action_items__closed_by",
        )
        .order_by("order", "id")
    )


def composition_invitees(tenant: Tenant, day: dt.date) -> list[tuple[Seat, Holding]]:
    """The invitations a meeting on `day` gets from the team: one row per seat in force with
    the person holding it on that date (definitive, and any Plt/Plh beside them). A vacant seat
    without an acting holder invites nobody."""
    rows: list[tuple[Seat, Holding]] = []
    for row in team_on(tenant, day).seats:
        if row.definitive is not None:
            rows.append((row.seat, row.definitive))
        rows.extend((row.seat, acting) for acting in row.acting)
    return rows


@dataclass
class QuorumState:
    """ "n of m, quorum k": `attending` of the team's `seats` attend, `needed` are required."""

    attending: int
    seats: int
    needed: int
    percent: int | None

    @property
    def reached(self) -> bool:
        return self.seats > 0 and self.attending >= self.needed


def meeting_quorum(
    meeting: Meeting,
    *,
    item: AgendaItem | None = None,
    invitees: list[Invitee] | None = None,
    composition: Composition | None = None,
) -> QuorumState:
    """The quorum of the meeting (or of one of its items) from the composition in force on its
    date and the region's setting (❓ §2.1): the seats that count (`QUORUM_ROLES`) of which a
    holder — definitive or an acting Plt/Plh — is present or represented (`ATTENDING`); for an
    item, without the members marked absent from it (`ItemAbsence`)."""
    composition = composition or team_on(meeting.tenant, meeting_day(meeting))
    invitees = invitees if invitees is not None else meeting_invitees(meeting)
    absent: set[int] = set()
    if item is not None:
        absent = {a.invitee_id for a in item.absences.all()}
    attending_seats = {
        inv.seat_id
        for inv in invitees
        if inv.seat_id is not None and inv.presence in ATTENDING and inv.pk not in absent
    }
    team = [row.seat.pk for row in composition.team]
    return QuorumState(
        attending=sum(1 for seat in team if seat in attending_seats),
        seats=composition.quorum.seats,
        needed=composition.quorum.needed,
        percent=composition.quorum.percent,
    )


@dataclass(frozen=True)
class Proposal:
    """Something the system proposes for a meeting's agenda, with why (`reason`). `key` names
    it for taking it (`services.agenda_proposal_take`)."""

    key: str
    source: str
    title: str
    reason: str
    cooperation: Cooperation | None = None
    document: Document | None = None
    deadline: Deadline | None = None
    action_item: ActionItem | None = None
    carried_from: AgendaItem | None = None
    # Called with the new agenda item when the proposal is taken (`meetings.proposals`).
    on_take: Callable[[AgendaItem], None] | None = None

    @property
    def source_label(self) -> str:
        return str(ItemSource(self.source).label)


def _review_stages() -> dict[str, set[str]]:
    """Per kind of cooperation, the stages from which a step needs the TKKSD's review and
    recommendation (`pathways.TKKSD`, the `TKKSD_MINUTES` document): e.g. a domestic case in
    preparation (its offer), a sinergi case in `tkksd_review`."""
    stages: dict[str, set[str]] = {}
    for kind, steps in PATHWAYS.items():
        for step in steps:
            if any(check.code == TKKSD_CHECK.code for check in step.checks):
                stages.setdefault(kind, set()).update(step.sources)
    return stages


def agenda_proposals(meeting: Meeting) -> list[Proposal]:
    """What the system proposes for the agenda of `meeting` (issue 9 item 2), each with its
    reason, leaving out what this meeting's agenda already took:

    - cases of the region awaiting the TKKSD's review or recommendation: at a stage whose next
      step needs the TKKSD minutes (`_review_stages`) and without them on file; and draft
      agreements (KB, PKS, addendum) of the region's cases, which the team reviews (§2.1 🟡);
    - the region's open deadlines of its cases due on or before the meeting's date;
    - open action items of the region's earlier meetings;
    - items adjourned at the region's earlier meetings and not yet carried to a later one."""
    tenant = meeting.tenant
    day = meeting_day(meeting)
    taken = list(meeting.items.all())
    taken_review = {
        (i.cooperation_id, i.document_id) for i in taken if i.source == ItemSource.REVIEW
    }
    taken_deadlines = {i.deadline_id for i in taken if i.deadline_id}
    taken_actions = {i.action_item_id for i in taken if i.action_item_id}
    proposals: list[Proposal] = []
    own = Cooperation.objects.filter(parties__partner__region_id=tenant.region_id).distinct()

    review_q = Q()
    for kind, stages in _review_stages().items():
        review_q |= Q(kind=kind, stage__in=stages)
    awaiting = (
        own.filter(review_q)
        .exclude(documents__kind=DocumentKind.TKKSD_MINUTES)
        .order_by("title", "pk")
    )
    for case in awaiting:
        if (case.pk, None) in taken_review:
            continue
        proposals.append(
            Proposal(
                key=f"review-{case.pk}",
                source=ItemSource.REVIEW,
                title=case.title,
                reason=_(
                    "At the stage “%(stage)s”: its next step needs the TKKSD's review and "
                    "recommendation, which is not on file yet."
                )
                % {"stage": case.get_stage_display()},
                cooperation=case,
            )
        )
    drafts = (
        Document.objects.filter(
            cooperation__in=own,
            kind__in=(DocumentKind.KB, DocumentKind.PKS, DocumentKind.ADDENDUM),
            status=DocumentStatus.DRAFT,
        )
        .select_related("cooperation")
        .order_by("cooperation__title", "pk")
    )
    for document in drafts:
        if (document.cooperation_id, document.pk) in taken_review:
            continue
        proposals.append(
            Proposal(
                key=f"draft-{document.pk}",
                source=ItemSource.REVIEW,
                title=f"{document.title} — {document.cooperation.title}",
                reason=_("A draft %(kind)s: the TKKSD reviews draft agreements (§2.1).")
                % {"kind": document.get_kind_display()},
                cooperation=document.cooperation,
                document=document,
            )
        )
    deadlines = (
        Deadline.objects.filter(cooperation__in=own, status=DeadlineStatus.OPEN, due_on__lte=day)
        .select_related("cooperation")
        .order_by("due_on", "pk")
    )
    # A case already on the agenda, or proposed for its review, is not proposed again for one
    # of its deadlines; the item is the case (its title), the deadline's wording is the reason:
    # an undangan lists cases, not reminders (the walk of issue 9).
    discussed = {i.cooperation_id for i in taken if i.cooperation_id} | {
        p.cooperation.pk for p in proposals if p.cooperation is not None and p.document is None
    }
    for deadline in deadlines:
        if deadline.pk in taken_deadlines or deadline.cooperation_id in discussed:
            continue
        proposals.append(
            Proposal(
                key=f"deadline-{deadline.pk}",
                source=ItemSource.DEADLINE,
                title=deadline.cooperation.title if deadline.cooperation else deadline.label,
                reason=_("Due on %(day)s, before the meeting: %(what)s.")
                % {"day": date_format(deadline.due_on, "j F Y"), "what": deadline.label},
                cooperation=deadline.cooperation,
                document=None,
                deadline=deadline,
            )
        )
    actions = (
        ActionItem.objects.filter(meeting__tenant=tenant, status=ActionStatus.OPEN)
        .exclude(meeting=meeting)
        .select_related("meeting", "cooperation", "owner_opd", "owner_user")
        .order_by("due_on", "pk")
    )
    for action in actions:
        if action.pk in taken_actions:
            continue
        owner = action.owner_opd or action.owner_user
        proposals.append(
            Proposal(
                key=f"action-{action.pk}",
                source=ItemSource.ACTION_ITEM,
                title=action.title,
                reason=_(
                    "Open action item of the meeting “%(meeting)s” for %(owner)s, due on %(day)s."
                )
                % {
                    "meeting": action.meeting.title,
                    "owner": owner,
                    "day": date_format(action.due_on, "j F Y"),
                },
                cooperation=action.cooperation,
                action_item=action,
            )
        )
    adjourned = (
        AgendaItem.objects.filter(
            meeting__tenant=tenant, outcomes__kind=OutcomeKind.ADJOURNED, carried_to__isnull=True
        )
        .exclude(meeting=meeting)
        .select_related("meeting", "cooperation", "document")
        .distinct()
        .order_by("meeting__starts_at", "order", "pk")
    )
    on_agenda = {(i.cooperation_id, i.document_id) for i in taken if i.cooperation_id}
    for item in adjourned:
        if item.cooperation_id and (item.cooperation_id, item.document_id) in on_agenda:
            continue  # its case is discussed at this meeting already (run 11 item 5)
        proposals.append(
            Proposal(
                key=f"adjourned-{item.pk}",
                source=ItemSource.ADJOURNED,
                title=item.title,
                reason=_("Adjourned at the meeting “%(meeting)s”.")
                % {"meeting": item.meeting.title},
                cooperation=item.cooperation,
                document=item.document,
                carried_from=item,
            )
        )
    # The sources of the apps above this one (monitoring's evaluations to discuss).
    for source in proposal_sources.registered():
        proposals.extend(source.proposals(meeting, taken))
    return proposals


def meeting_cooperations(tenant: Tenant) -> QuerySet[Cooperation]:
    """The cases an item of the region's meeting may be about: those its region is a party to."""
    return (
        Cooperation.objects.filter(parties__partner__region_id=tenant.region_id)
        .distinct()
        .order_by("title", "pk")
    )


def opd_officers(tenant: Tenant) -> QuerySet[User]:
    """The users of the region's OPDs, whom a meeting may invite."""
    return (
        User.objects.filter(tenant=tenant, opd__isnull=False, is_active=True)
        .select_related("opd")
        .order_by("opd__name", "first_name", "username")
    )
