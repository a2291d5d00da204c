"""Writes of the TKKSD (issue 9, item 1): decrees, their seats, the holders of the seats, and
the region's quorum setting. One transaction each, the permission checked here
(`permissions.can_keep_team`), one audit event per row written that names the decree it
rests on as a subject (`concerns`), so the decree's own history lists every change it made."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Opd, Tenant, User
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError, NotPermitted, StaleWrite
from kerjasama.core.uploads import StoredUpload, stored_upload
from kerjasama.meetings import selectors
from kerjasama.meetings.enums import (
    ACTING,
    DecreeKind,
    HoldingCapacity,
    InviteeKind,
    ItemSource,
    MeetingState,
    Presence,
)
from kerjasama.meetings.models import (
    AgendaItem,
    Decree,
    Holding,
    Invitee,
    ItemAbsence,
    Meeting,
    Seat,
)
from kerjasama.meetings.permissions import can_keep_team, can_plan_meetings

DECREE_FIELDS = ["kind", "number", "signed_on", "title", "valid_from", "valid_until", "amends"]
SEAT_FIELDS = ["role", "position", "opd", "order", "valid_from", "valid_until"]
HOLDING_FIELDS = [
    "capacity",
    "name",
    "nip",
    "rank",
    "position",
    "user",
    "decree",
    "letter_number",
    "starts_on",
    "ends_on",
]
ONE_DAY = dt.timedelta(days=1)


def _refuse_unless_keeper(actor: User | None, tenant: Tenant) -> None:
    if not can_keep_team(actor, tenant):
        raise NotPermitted(_("Only the TKKSD secretariat of the region records its team."))


def _created(obj: Any, fields: list[str]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in audit.snapshot(obj, fields).items() if v not in ("", None)}


def _day(value: dt.date | None) -> str:
    return date_format(value, "j F Y") if value else "…"


# --- decrees ---------------------------------------------------------------------------------


def _amended_chain(decree: Decree) -> list[Decree]:
    """`decree` and every decree that amends it (and amends those), locked."""
    chain, frontier = [decree], [decree.pk]
    while frontier:
        later = list(
            Decree.objects.select_for_update()
            .filter(amends_id__in=frontier, kind=DecreeKind.AMENDMENT)
            .order_by("id")
        )
        chain.extend(later)
        frontier = [d.pk for d in later]
    return chain


@transaction.atomic
def decree_create(*, actor: User | None, tenant: Tenant, data: dict[str, Any]) -> Decree:
    """Record a keputusan kepala daerah on the TKKSD (§2.1): a formation, an amendment of an
    earlier decree, or a replacement of one. A replacement ends the earlier decree, the
    decrees amending it, their seats and their holders on the day before it comes into force
    (each end audited, naming the replacement). Only the region's secretariat."""
    _refuse_unless_keeper(actor, tenant)
    decree = Decree(tenant=tenant, created_by=actor, **{k: data.get(k) for k in DECREE_FIELDS})
    decree.number = (decree.number or "").strip()
    decree.title = (decree.title or "").strip()
    decree.valid_until = data.get("valid_until")
    if decree.kind == DecreeKind.FORMATION:
        decree.amends = None
    earlier = decree.amends
    if earlier is not None:
        earlier = Decree.objects.select_for_update().get(pk=earlier.pk)
        if earlier.tenant_id != tenant.pk:
            raise DomainError({"amends": [_("Choose a decree of your own region.")]})
        if decree.valid_from and decree.valid_from <= earlier.valid_from:
            raise DomainError(
                {
                    "valid_from": [
                        _(
                            "An amendment or a replacement comes into force after the decree "
                            "it changes (in force from %(day)s)."
                        )
                        % {"day": _day(earlier.valid_from)}
                    ]
                }
            )
    if Decree.objects.filter(tenant=tenant, number__iexact=decree.number).exists():
        raise DomainError({"number": [_("Your region already has a decree with this number.")]})
    decree.full_clean(validate_constraints=False)
    decree.validate_constraints()
    try:
        with transaction.atomic():
            decree.save()
    except IntegrityError:
        raise DomainError(
            {"number": [_("Your region already has a decree with this number.")]}
        ) from None
    audit.record(
        actor=actor,
        action="tkksd.decree.create",
        obj=decree,
        concerns=[decree, *([earlier] if earlier else [])],
        changes=_created(decree, DECREE_FIELDS),
    )
    if decree.kind == DecreeKind.REPLACEMENT and earlier is not None:
        _end_replaced(actor, earlier, decree)
    return decree


def _end_replaced(actor: User | None, earlier: Decree, replacement: Decree) -> None:
    """The earlier decree's seats end the day before the replacement comes into force. A
    replacement replaces the team as a whole: named an amendment, it ends the decree that
    amendment (and any amendment of it) changed, and every amendment of that one."""
    last_day = replacement.valid_from - ONE_DAY
    while earlier.kind == DecreeKind.AMENDMENT and earlier.amends_id is not None:
        earlier = Decree.objects.select_for_update().get(pk=earlier.amends_id)
    for old in _amended_chain(earlier):
        if old.valid_until is None or old.valid_until > last_day:
            before = old.valid_until
            old.valid_until = last_day
            old.save(update_fields=["valid_until", "updated_at"])
            audit.record(
                actor=actor,
                action="tkksd.decree.replaced",
                obj=old,
                concerns=[old, replacement],
                changes={"valid_until": [before, last_day]},
                data={"replaced_by": str(replacement)},
            )
        seats = (
            Seat.objects.select_for_update()
            .filter(decree=old)
            .filter(
                Q(valid_until__isnull=True) | Q(valid_until__gt=last_day), valid_from__lte=last_day
            )
        )
        for seat in seats:
            seat.valid_until = last_day
            seat.save(update_fields=["valid_until", "updated_at"])
            for holding in seat.holdings.select_for_update().filter(
                Q(ends_on__isnull=True) | Q(ends_on__gt=last_day), starts_on__lte=last_day
            ):
                _end(actor, holding, last_day, replacement)


def decree_scan_add(*, actor: User | None, decree: Decree, upload: UploadedFile[bytes]) -> Decree:
    """Store the scan of the signed decree (PDF or DOCX, checked by its content), replacing an
    earlier one. Only the region's secretariat. The file is checked and written before the
    transaction, which writes only the row; a refused write removes the file again."""
    _refuse_unless_keeper(actor, decree.tenant)
    with stored_upload(
        upload, storage=Decree.scan.field.storage, folder=f"tkksd/{decree.tenant_id}/{decree.pk}"
    ) as pending:
        return _decree_scan_row(actor=actor, decree=decree, pending=pending)


@transaction.atomic
def _decree_scan_row(*, actor: User | None, decree: Decree, pending: StoredUpload) -> Decree:
    decree = Decree.objects.select_for_update().select_related("tenant").get(pk=decree.pk)
    _refuse_unless_keeper(actor, decree.tenant)
    before = decree.scan_name
    decree.scan = pending.name
    decree.scan_name = pending.original_name
    decree.scan_content_type = pending.checked.content_type
    decree.scan_sha256 = pending.checked.sha256
    decree.save(
        update_fields=["scan", "scan_name", "scan_content_type", "scan_sha256", "updated_at"]
    )
    audit.record(
        actor=actor,
        action="tkksd.decree.scan",
        obj=decree,
        concerns=[decree],
        changes={"scan_name": [before, decree.scan_name]},
        data={"size": pending.checked.size, "sha256": pending.checked.sha256},
    )
    return decree


# --- seats -----------------------------------------------------------------------------------


@transaction.atomic
def seat_add(*, actor: User | None, decree: Decree, data: dict[str, Any]) -> Seat:
    """Add a seat that `decree` defines (a role held by a position, §8.4), in force from the
    decree's first day unless `valid_from` says later. Only the region's secretariat."""
    decree = Decree.objects.select_for_update().select_related("tenant").get(pk=decree.pk)
    _refuse_unless_keeper(actor, decree.tenant)
    seat = Seat(decree=decree, **{k: data.get(k) for k in SEAT_FIELDS if k in data})
    seat.valid_from = data.get("valid_from") or decree.valid_from
    seat.valid_until = data.get("valid_until") or decree.valid_until
    seat.order = data.get("order") or 0
    opd: Opd | None = data.get("opd")
    if opd is not None and opd.tenant_id != decree.tenant_id:
        raise DomainError({"opd": [_("Choose an OPD of your own region.")]})
    if seat.valid_from < decree.valid_from or (
        decree.valid_until is not None and seat.valid_from > decree.valid_until
    ):
        raise DomainError(
            {"valid_from": [_("A seat begins while the decree that defines it is in force.")]}
        )
    seat.full_clean()
    seat.save()
    audit.record(
        actor=actor,
        action="tkksd.seat.add",
        obj=seat,
        concerns=[decree],
        changes=_created(seat, SEAT_FIELDS),
        data={"decree": str(decree)},
    )
    return seat


# --- holders ---------------------------------------------------------------------------------


def _nip_digits(value: str) -> str:
    """A NIP typed as printed ("19700512 199403 1 008") kept as its 18 digits."""
    return re.sub(r"[\s.\-/]", "", value or "")


def _overlapping(holding: Holding) -> Holding | None:
    end = holding.ends_on or dt.date.max
    return (
        Holding.objects.filter(seat_id=holding.seat_id, capacity=holding.capacity)
        .exclude(pk=holding.pk)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=holding.starts_on), starts_on__lte=end)
        .order_by("starts_on")
        .first()
    )


def _overlap_error(other: Holding, field: str = "starts_on") -> DomainError:
    return DomainError(
        {
            field: [
                _(
                    "This seat is already held by %(name)s as %(capacity)s from %(start)s to "
                    "%(end)s: the terms of one seat in the same capacity cannot overlap. End "
                    "that holding first, or choose other dates."
                )
                % {
                    "name": other.name,
                    "capacity": other.get_capacity_display(),
                    "start": _day(other.starts_on),
                    "end": _day(other.ends_on),
                }
            ]
        }
    )


def _save_holding(holding: Holding, update_fields: list[str] | None = None) -> None:
    other = _overlapping(holding)
    if other is not None:
        raise _overlap_error(other, "ends_on" if update_fields else "starts_on")
    try:
        with transaction.atomic():
            holding.save(update_fields=update_fields)
    except IntegrityError:
        # The database's own guard (migration 0002): another write got in between.
        other = _overlapping(holding)
        if other is None:
            raise
        raise _overlap_error(other) from None


@transaction.atomic
def holding_add(
    *, actor: User | None, seat: Seat, data: dict[str, Any], replace_current: bool = False
) -> Holding:
    """Appoint a person to a seat from `starts_on`: definitively on a decree, or as Plt/Plh on
    a letter, beside the definitive holder. A term that overlaps another of the same seat in
    the same capacity is refused; with `replace_current` the holder in that capacity on
    `starts_on` is ended the day before first (an amendment that changes a member: the end
    names the new holder's decree). Only the region's secretariat."""
    # The seat's row is the lock that serialises appointments to it.
    seat = Seat.objects.select_for_update().select_related("decree__tenant").get(pk=seat.pk)
    tenant = seat.decree.tenant
    _refuse_unless_keeper(actor, tenant)
    holding = Holding(seat=seat, **{k: data.get(k) for k in HOLDING_FIELDS if k in data})
    holding.capacity = holding.capacity or HoldingCapacity.DEFINITIVE
    holding.name = (holding.name or "").strip()
    holding.nip = _nip_digits(holding.nip or "")
    holding.letter_number = (holding.letter_number or "").strip()
    errors: dict[str, list[str]] = {}
    if holding.nip and not re.fullmatch(r"\d{18}", holding.nip):
        errors["nip"] = [_("A NIP has 18 digits.")]
    if holding.capacity in ACTING:
        if not holding.letter_number:
            errors["letter_number"] = [_("A Plt or Plh rests on a letter: write its number.")]
    elif holding.decree is None:
        errors["decree"] = [_("A definitive holder rests on a decree: choose it.")]
    if holding.decree is not None and holding.decree.tenant_id != tenant.pk:
        errors["decree"] = [_("Choose a decree of your own region.")]
    if holding.user is not None and holding.user.tenant_id != tenant.pk:
        errors["user"] = [_("Choose a user of your own region.")]
    start = holding.starts_on
    if start is not None and (
        start < seat.valid_from or (seat.valid_until is not None and start > seat.valid_until)
    ):
        errors["starts_on"] = [
            _("The seat is in force from %(start)s to %(end)s: the holding begins within it.")
            % {"start": _day(seat.valid_from), "end": _day(seat.valid_until)}
        ]
    if errors:
        raise DomainError(errors)
    holding.full_clean()
    if holding.ends_on is None and seat.valid_until is not None:
        holding.ends_on = seat.valid_until
    if replace_current and start is not None:
        current = (
            Holding.objects.select_for_update()
            .filter(seat=seat, capacity=holding.capacity, starts_on__lt=start)
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start))
            .first()
        )
        if current is not None:
            _end(actor, current, start - ONE_DAY, holding.decree)
    _save_holding(holding)
    audit.record(
        actor=actor,
        action="tkksd.holding.add",
        obj=holding,
        concerns=[seat.decree, *([holding.decree] if holding.decree else [])],
        changes=_created(holding, HOLDING_FIELDS),
        data={
            "seat": str(seat),
            "rests_on": str(holding.decree) if holding.decree else holding.letter_number,
        },
    )
    return holding


def _end(actor: User | None, holding: Holding, ends_on: dt.date, by: Decree | None) -> None:
    before = holding.ends_on
    holding.ends_on = ends_on
    holding.ended_by = by
    _save_holding(holding, update_fields=["ends_on", "ended_by", "updated_at"])
    audit.record(
        actor=actor,
        action="tkksd.holding.end",
        obj=holding,
        concerns=[
            holding.seat.decree,
            *([holding.decree] if holding.decree else []),
            *([by] if by else []),
        ],
        changes={"ends_on": [before, ends_on]},
        data={"seat": str(holding.seat), "ended_by": str(by) if by else ""},
    )


@transaction.atomic
def holding_end(
    *, actor: User | None, holding: Holding, ends_on: dt.date, decree: Decree | None = None
) -> Holding:
    """End a holding on `ends_on` (its last day), optionally naming the decree that ends it.
    Only the region's secretariat."""
    Seat.objects.select_for_update().filter(pk=holding.seat_id).first()
    holding = Holding.objects.select_related("seat__decree__tenant", "decree").get(pk=holding.pk)
    tenant = holding.seat.decree.tenant
    _refuse_unless_keeper(actor, tenant)
    if ends_on < holding.starts_on:
        raise DomainError(
            {
                "ends_on": [
                    _("A holding cannot end before it begins (%(start)s).")
                    % {"start": _day(holding.starts_on)}
                ]
            }
        )
    if decree is not None and decree.tenant_id != tenant.pk:
        raise DomainError({"decree": [_("Choose a decree of your own region.")]})
    _end(actor, holding, ends_on, decree)
    return holding


# --- the quorum setting ----------------------------------------------------------------------


@transaction.atomic
def team_quorum_set(*, actor: User | None, tenant: Tenant, percent: int | None) -> Tenant:
    """Set the region's TKKSD quorum (❓ §2.1, a configurable default): None for a simple
    majority of the seats, else a percentage of them. Only the region's secretariat."""
    tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
    _refuse_unless_keeper(actor, tenant)
    if percent is not None and not 1 <= percent <= 100:
        raise DomainError(
            {"tkksd_quorum_percent": [_("Write a percentage from 1 to 100, or leave it empty.")]}
        )
    before = tenant.tkksd_quorum_percent
    if before == percent:
        return tenant  # nothing changes, nothing is written
    tenant.tkksd_quorum_percent = percent
    tenant.save(update_fields=["tkksd_quorum_percent", "updated_at"])
    audit.record(
        actor=actor,
        action="tkksd.quorum.set",
        obj=tenant,
        changes={"tkksd_quorum_percent": [before, percent]},
    )
    return tenant


# --- Meetings (issue 9 items 2, 3): planned and held --------------------------------------------

MEETING_FIELDS = ["kind", "title", "starts_at", "ends_at", "place", "online_link", "chair"]
ITEM_FIELDS = ["title", "closed", "public_title", "cooperation", "document"]
INVITEE_FIELDS = ["kind", "name", "position", "institution", "user", "opd", "partner"]
ATTENDANCE_FIELDS = ["presence", "delegate_name", "delegate_position", "delegation_letter"]


def _refuse_unless_planner(actor: User | None, tenant: Tenant) -> None:
    if not can_plan_meetings(actor, tenant):
        raise NotPermitted(
            _("Only the TKKSD secretariat of the region plans and holds its meetings.")
        )


def _locked_meeting(meeting: Meeting) -> Meeting:
    # Only the meeting's row is locked (PostgreSQL refuses FOR UPDATE on the nullable side of
    # the outer join to the chair).
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("tenant__region", "chair__seat")
        .get(pk=meeting.pk)
    )


def _refuse_unless_planned(meeting: Meeting) -> None:
    if meeting.state != MeetingState.PLANNED:
        raise DomainError(
            _("The meeting is %(state)s: its plan and agenda change only while it is planned.")
            % {"state": meeting.get_state_display().lower()}
        )


def _refuse_unless_held(meeting: Meeting) -> None:
    if meeting.state != MeetingState.HELD:
        raise DomainError(
            _("Attendance is recorded once the meeting is held and until its minutes are final.")
        )


def _meeting_starts(
    tenant: Tenant, day: dt.date, start: dt.time, end: dt.time | None
) -> tuple[dt.datetime, dt.datetime | None]:
    """The aware start and end of a meeting whose date and times were typed in its region's
    zone (WIB/WITA/WIT): 09:00 WIB is 02:00 UTC, 09:00 WITA 01:00 UTC."""
    zone = selectors.region_zone(tenant).zone
    starts = dt.datetime.combine(day, start, tzinfo=zone)
    ends = dt.datetime.combine(day, end, tzinfo=zone) if end is not None else None
    return starts, ends


def _meeting_values(meeting: Meeting, data: dict[str, Any]) -> None:
    """Put the typed plan on `meeting` (not saved), refusing what is wrong with one message per
    field."""
    errors: dict[str, list[str]] = {}
    day, start, end = data.get("date"), data.get("start_time"), data.get("end_time")
    meeting.kind = data.get("kind") or meeting.kind
    meeting.title = (data.get("title") or "").strip()
    meeting.place = (data.get("place") or "").strip()
    meeting.online_link = (data.get("online_link") or "").strip()
    if day is None:
        errors["date"] = [_("Write the date of the meeting.")]
    if start is None:
        errors["start_time"] = [_("Write the time the meeting starts.")]
    if start is not None and end is not None and end <= start:
        errors["end_time"] = [_("The end time must be after the start time.")]
    if not meeting.place and not meeting.online_link:
        errors["place"] = [_("Write the place of the meeting, or its online link, or both.")]
    if not meeting.title:
        errors["title"] = [_("Write the title of the meeting.")]
    if errors:
        raise DomainError(errors)
    assert day is not None
    assert start is not None
    meeting.starts_at, meeting.ends_at = _meeting_starts(meeting.tenant, day, start, end)
    chair: Holding | None = data.get("chair")
    if chair is None:
        chair = selectors.chair_default(meeting.tenant, day)
    elif chair.pk not in {h.pk for h in selectors.chair_options(meeting.tenant, day)}:
        raise DomainError(
            {
                "chair": [
                    _(
                        "%(name)s did not hold a seat of the team on %(day)s: the chair is "
                        "chosen from the team on the meeting's date."
                    )
                    % {"name": chair.name, "day": _day(day)}
                ]
            }
        )
    meeting.chair = chair


def _invite_composition(meeting: Meeting, day: dt.date) -> int:
    """One invitee row per seat of the team on `day` with the person holding it then (and any
    Plt/Plh beside them), name and position kept as invited."""
    order = 0
    for order, (seat, holding) in enumerate(selectors.composition_invitees(meeting.tenant, day), 1):
        Invitee.objects.create(
            meeting=meeting,
            kind=InviteeKind.SEAT,
            seat=seat,
            holding=holding,
            user=holding.user,
            opd=seat.opd,
            name=holding.name,
            position=holding.position or seat.position,
            institution=str(meeting.tenant.region.display_name),
            order=order,
        )
    return order


@transaction.atomic
def meeting_create(*, actor: User | None, tenant: Tenant, data: dict[str, Any]) -> Meeting:
    """Plan a TKKSD meeting: kind, title, date and times typed in the region's zone, place or
    online link, chair (default: the ketua's holder on that date). The seats of the team on
    that date are invited, one row each with the person then holding it. Only the region's
    secretariat."""
    _refuse_unless_planner(actor, tenant)
    meeting = Meeting(tenant=tenant, created_by=actor)
    _meeting_values(meeting, data)
    meeting.full_clean()
    meeting.save()
    invited = _invite_composition(meeting, selectors.meeting_day(meeting))
    audit.record(
        actor=actor,
        action="tkksd.meeting.create",
        obj=meeting,
        concerns=[meeting],
        changes=_created(meeting, MEETING_FIELDS),
        data={"invited_from_the_team": invited},
    )
    return meeting


@transaction.atomic
def meeting_update(
    *, actor: User | None, meeting: Meeting, data: dict[str, Any], expected_version: int | None
) -> Meeting:
    """Change a planned meeting. A new date re-reads the team's composition for it: the seats'
    invitations are replaced by those of the new date (the invitees typed by hand stay)."""
    meeting = _locked_meeting(meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    _refuse_unless_planned(meeting)
    if expected_version is not None and meeting.version != expected_version:
        raise StaleWrite(
            _(
                "Someone else saved this meeting while you were editing it. Open it again to "
                "see their changes, then make yours."
            )
        )
    before = audit.snapshot(meeting, MEETING_FIELDS)
    old_day = selectors.meeting_day(meeting)
    _meeting_values(meeting, data)
    meeting.full_clean()
    meeting.version += 1
    meeting.save()
    new_day = selectors.meeting_day(meeting)
    reread = 0
    if new_day != old_day:
        meeting.invitees.filter(kind=InviteeKind.SEAT).delete()
        reread = _invite_composition(meeting, new_day)
        # The hand-typed invitees follow the team's rows.
        for offset, invitee in enumerate(
            meeting.invitees.exclude(kind=InviteeKind.SEAT).order_by("order", "id"), 1
        ):
            invitee.order = reread + offset
            invitee.save(update_fields=["order", "updated_at"])
    audit.record(
        actor=actor,
        action="tkksd.meeting.update",
        obj=meeting,
        concerns=[meeting],
        changes=audit.diff(before, audit.snapshot(meeting, MEETING_FIELDS)),
        data={"team_reread_for": new_day} if new_day != old_day else {},
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User | None, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a planned meeting, with the reason (kept in the audit trail)."""
    meeting = _locked_meeting(meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    _refuse_unless_planned(meeting)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError({"reason": [_("Write why the meeting is cancelled.")]})
    meeting.state = MeetingState.CANCELLED
    meeting.version += 1
    meeting.save(update_fields=["state", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="tkksd.meeting.cancel",
        obj=meeting,
        concerns=[meeting],
        changes={"state": [MeetingState.PLANNED, MeetingState.CANCELLED]},
        data={"reason": reason},
    )
    return meeting


@transaction.atomic
def invitee_add(*, actor: User | None, meeting: Meeting, data: dict[str, Any]) -> Invitee:
    """Invite an OPD officer (a user of an OPD of the region), a partner's representative (name,
    position, institution; optionally the `Partner`) or another guest, while the meeting is
    planned or held."""
    meeting = _locked_meeting(meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    if meeting.state not in (MeetingState.PLANNED, MeetingState.HELD):
        _refuse_unless_planned(meeting)
    kind = str(data.get("kind") or "")
    invitee = Invitee(meeting=meeting, kind=kind)
    invitee.name = (data.get("name") or "").strip()
    invitee.position = (data.get("position") or "").strip()
    invitee.institution = (data.get("institution") or "").strip()
    errors: dict[str, list[str]] = {}
    if kind == InviteeKind.OPD_OFFICER:
        user: User | None = data.get("user")
        if user is None or user.tenant_id != meeting.tenant_id or user.opd_id is None:
            errors["user"] = [_("Choose an officer of an OPD of your region.")]
        else:
            if meeting.invitees.filter(user=user).exists():
                errors["user"] = [
                    _("%(name)s is already invited.")
                    % {"name": user.get_full_name() or user.username}
                ]
            invitee.user = user
            invitee.opd = user.opd
            invitee.name = invitee.name or user.get_full_name() or user.username
            invitee.position = invitee.position or user.position
            invitee.institution = invitee.institution or str(user.opd)
    elif kind == InviteeKind.PARTNER:
        partner = data.get("partner")
        invitee.partner = partner
        if partner is not None and not invitee.institution:
            invitee.institution = str(partner)
        if not invitee.institution:
            errors["institution"] = [_("Write the institution the representative comes from.")]
    elif kind != InviteeKind.OTHER:
        errors["kind"] = [
            _("Choose whom to invite: an OPD officer, a partner's representative or another guest.")
        ]
    if not invitee.name and "user" not in errors:
        errors["name"] = [_("Write the name of the person invited.")]
    if errors:
        raise DomainError(errors)
    invitee.order = (meeting.invitees.aggregate(m=Max("order"))["m"] or 0) + 1
    invitee.full_clean()
    invitee.save()
    audit.record(
        actor=actor,
        action="tkksd.invitee.add",
        obj=invitee,
        concerns=[meeting],
        changes=_created(invitee, INVITEE_FIELDS),
        data={"meeting": str(meeting)},
    )
    return invitee


@transaction.atomic
def invitee_remove(*, actor: User | None, invitee: Invitee) -> Meeting:
    """Withdraw an invitation while the meeting is planned."""
    meeting = _locked_meeting(invitee.meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    _refuse_unless_planned(meeting)
    invitee = Invitee.objects.get(pk=invitee.pk, meeting=meeting)
    audit.record(
        actor=actor,
        action="tkksd.invitee.remove",
        obj=meeting,
        concerns=[meeting],
        changes={"invitee": [invitee.name, None]},
        data={"kind": invitee.kind, "position": invitee.position},
    )
    invitee.delete()
    return meeting


# --- the agenda ------------------------------------------------------------------------------


def _frozen_error() -> DomainError:
    return DomainError(
        _(
            "The meeting has been held: its agenda and the order of its items are frozen. "
            "What the meeting decides is recorded in the minutes of each item."
        )
    )


def _refuse_unless_agenda_open(meeting: Meeting) -> None:
    if meeting.state != MeetingState.PLANNED:
        if meeting.state in (MeetingState.HELD, MeetingState.FINAL):
            raise _frozen_error()
        _refuse_unless_planned(meeting)


def _item_values(item: AgendaItem, meeting: Meeting, data: dict[str, Any]) -> None:
    item.title = (data.get("title") or "").strip()
    item.closed = bool(data.get("closed"))
    item.public_title = (data.get("public_title") or "").strip() if item.closed else ""
    item.cooperation = data.get("cooperation")
    item.document = data.get("document")
    errors: dict[str, list[str]] = {}
    if not item.title:
        errors["title"] = [_("Write the title of the item.")]
    if item.closed and not item.public_title:
        errors["public_title"] = [_("A closed item needs a title that those not invited may read.")]
    own = selectors.meeting_cooperations(meeting.tenant)
    if item.cooperation is not None and not own.filter(pk=item.cooperation.pk).exists():
        errors["cooperation"] = [_("Choose a cooperation your region is a party to.")]
    if item.document is not None:
        if item.cooperation is None:
            item.cooperation = item.document.cooperation
        if item.document.cooperation_id != item.cooperation.pk:
            errors["document"] = [_("Choose an agreement of the cooperation chosen.")]
    if errors:
        raise DomainError(errors)


def _concerns(meeting: Meeting, item: AgendaItem) -> list[Model]:
    return [meeting, *([item.cooperation] if item.cooperation is not None else [])]


def _next_order(meeting: Meeting) -> int:
    return (meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1


@transaction.atomic
def agenda_item_add(*, actor: User | None, meeting: Meeting, data: dict[str, Any]) -> AgendaItem:
    """Add an item by hand at the end of a planned meeting's agenda: a title, optionally a case
    (or one of its agreements) of the region, closed (tertutup) with a public title."""
    meeting = _locked_meeting(meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    _refuse_unless_agenda_open(meeting)
    item = AgendaItem(meeting=meeting, source=ItemSource.MANUAL, order=_next_order(meeting))
    _item_values(item, meeting, data)
    item.full_clean()
    item.save()
    audit.record(
        actor=actor,
        action="tkksd.item.add",
        obj=meeting,
        concerns=_concerns(meeting, item),
        changes=_created(item, ITEM_FIELDS),
        data={"item": item.pk, "source": item.source},
    )
    return item


@transaction.atomic
def agenda_item_update(*, actor: User | None, item: AgendaItem, data: dict[str, Any]) -> AgendaItem:
    """Change an item of a planned meeting's agenda."""
    meeting = _locked_meeting(item.meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    _refuse_unless_agenda_open(meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    before = audit.snapshot(item, ITEM_FIELDS)
    _item_values(item, meeting, data)
    item.full_clean()
    item.save()
    audit.record(
        actor=actor,
        action="tkksd.item.update",
        obj=meeting,
        concerns=_concerns(meeting, item),
        changes=audit.diff(before, audit.snapshot(item, ITEM_FIELDS)),
        data={"item": item.pk},
    )
    return item


@transaction.atomic
def agenda_item_remove(*, actor: User | None, item: AgendaItem) -> Meeting:
    """Remove an item from a planned meeting's agenda; the items after it move up."""
    meeting = _locked_meeting(item.meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    _refuse_unless_agenda_open(meeting)
    item = AgendaItem.objects.select_related("cooperation").get(pk=item.pk, meeting=meeting)
    concerns = _concerns(meeting, item)
    title = item.title
    item.delete()
    for order, rest in enumerate(meeting.items.order_by("order", "id"), 1):
        if rest.order != order:
            rest.order = order
            rest.save(update_fields=["order", "updated_at"])
    audit.record(
        actor=actor,
        action="tkksd.item.remove",
        obj=meeting,
        concerns=concerns,
        changes={"item": [title, None]},
    )
    return meeting


@transaction.atomic
def agenda_item_move(*, actor: User | None, item: AgendaItem, up: bool) -> AgendaItem:
    """Move an item one place up or down the agenda of a planned meeting (refused once it is
    held: the order is frozen)."""
    meeting = _locked_meeting(item.meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    _refuse_unless_agenda_open(meeting)
    items = list(meeting.items.order_by("order", "id"))
    index = next(i for i, row in enumerate(items) if row.pk == item.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(items):
        return items[index]  # already first (or last): nothing moves, nothing is written
    items[index], items[other] = items[other], items[index]
    for order, row in enumerate(items, 1):
        if row.order != order:
            row.order = order
            row.save(update_fields=["order", "updated_at"])
    moved = items[other]
    audit.record(
        actor=actor,
        action="tkksd.item.move",
        obj=meeting,
        concerns=[meeting],
        changes={"order": [index + 1, other + 1]},
        data={"item": moved.title},
    )
    return moved


@transaction.atomic
def agenda_proposal_take(*, actor: User | None, meeting: Meeting, key: str) -> AgendaItem:
    """Put one of the system's proposals (`selectors.agenda_proposals`) on the agenda, with its
    source and link; an adjourned item taken is continued by the new one (`carried_from`).
    A proposal already taken is no longer offered, and taking it again is refused."""
    meeting = _locked_meeting(meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    _refuse_unless_agenda_open(meeting)
    proposal = next((p for p in selectors.agenda_proposals(meeting) if p.key == key), None)
    if proposal is None:
        raise DomainError(
            _("This proposal is no longer open (it may be on the agenda already). Look again.")
        )
    item = AgendaItem(
        meeting=meeting,
        order=_next_order(meeting),
        title=proposal.title[:500],
        source=proposal.source,
        cooperation=proposal.cooperation,
        document=proposal.document,
        deadline=proposal.deadline,
        action_item=proposal.action_item,
        carried_from=proposal.carried_from,
    )
    if proposal.carried_from is not None:
        item.closed = proposal.carried_from.closed
        item.public_title = proposal.carried_from.public_title
    item.full_clean()
    item.save()
    if proposal.on_take is not None:
        proposal.on_take(item)
    audit.record(
        actor=actor,
        action="tkksd.item.add",
        obj=meeting,
        concerns=_concerns(meeting, item),
        changes=_created(item, ITEM_FIELDS),
        data={"item": item.pk, "source": item.source, "proposal": key},
    )
    return item


# --- holding it ------------------------------------------------------------------------------


def _next_number(tenant: Tenant, year: int) -> str:
    """The next number of the region's meetings of `year`: "001/TKKSD/2021", "002/…"; each
    year starts at 001. Read under the tenant's row lock (`meeting_hold`)."""
    suffix = f"/TKKSD/{year}"
    used = Meeting.objects.filter(tenant=tenant, number__endswith=suffix).values_list(
        "number", flat=True
    )
    highest = max(
        (int(n.split("/", 1)[0]) for n in used if n.split("/", 1)[0].isdigit()), default=0
    )
    return f"{highest + 1:03d}{suffix}"


@transaction.atomic
def meeting_hold(*, actor: User | None, meeting: Meeting) -> Meeting:
    """Open the meeting: it gets its number (the region's sequence of the meeting's year, under
    a row lock of the region so that two meetings held at once never share one) and its
    agenda order is frozen. A meeting without an agenda item is not held."""
    # The region's row serialises the numbering of its meetings.
    tenant = Tenant.objects.select_for_update().get(pk=meeting.tenant_id)
    meeting = _locked_meeting(meeting)
    _refuse_unless_planner(actor, tenant)
    _refuse_unless_planned(meeting)
    if not meeting.items.exists():
        raise DomainError(_("Add at least one item to the agenda before holding the meeting."))
    day = selectors.meeting_day(meeting)
    today = timezone.localtime(timezone.now(), selectors.region_zone(tenant).zone).date()
    if day > today:
        # Held means it took place: its decisions are dated on its day, which is not yet.
        raise DomainError(
            _("The meeting is on %(day)s: it is opened on its day, not before.")
            % {"day": date_format(day, "j F Y")}
        )
    if meeting.chair_id is None:
        raise DomainError(
            _(
                "The meeting has no chair: record the TKKSD's decree and its holders for the "
                "meeting's date (at TKKSD), then choose the chair."
            )
        )
    meeting.number = _next_number(tenant, selectors.meeting_day(meeting).year)
    meeting.state = MeetingState.HELD
    meeting.held_at = timezone.now()
    meeting.version += 1
    meeting.save(update_fields=["number", "state", "held_at", "version", "updated_at"])
    audit.record(
        actor=actor,
        action="tkksd.meeting.hold",
        obj=meeting,
        concerns=[meeting],
        changes={
            "state": [MeetingState.PLANNED, MeetingState.HELD],
            "number": [None, meeting.number],
        },
    )
    return meeting


@transaction.atomic
def attendance_record(
    *, actor: User | None, meeting: Meeting, rows: dict[int, dict[str, str]]
) -> Meeting:
    """Record the attendance at the opening: for each invitee (by id) hadir, tidak hadir, izin
    or diwakili oleh — the last naming the delegate, the delegate's position and the number of
    the delegation letter. Refused as a whole (nothing saved) when a row is wrong; errors are
    named "<invitee id>-<field>". Only while the meeting is held."""
    meeting = _locked_meeting(meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    _refuse_unless_held(meeting)
    invitees = {i.pk: i for i in meeting.invitees.all()}
    errors: dict[str, list[str]] = {}
    changed: dict[str, list[Any]] = {}
    to_save: list[Invitee] = []
    for pk, row in rows.items():
        invitee = invitees.get(pk)
        if invitee is None:
            raise DomainError(_("Someone in the list is not invited to this meeting."))
        presence = row.get("presence") or ""
        if presence and presence not in Presence.values:
            errors[f"{pk}-presence"] = [_("Choose one of the listed answers.")]
            continue
        values = {
            "presence": presence,
            "delegate_name": (row.get("delegate_name") or "").strip(),
            "delegate_position": (row.get("delegate_position") or "").strip(),
            "delegation_letter": (row.get("delegation_letter") or "").strip(),
        }
        if presence == Presence.REPRESENTED:
            if not values["delegate_name"]:
                errors[f"{pk}-delegate_name"] = [_("Write the name of the delegate.")]
            if not values["delegate_position"]:
                errors[f"{pk}-delegate_position"] = [_("Write the delegate's position.")]
            if not values["delegation_letter"]:
                errors[f"{pk}-delegation_letter"] = [
                    _("Write the number of the delegation letter.")
                ]
        else:
            values.update(delegate_name="", delegate_position="", delegation_letter="")
        before = audit.snapshot(invitee, ATTENDANCE_FIELDS)
        for field, value in values.items():
            setattr(invitee, field, value)
        diff = audit.diff(before, audit.snapshot(invitee, ATTENDANCE_FIELDS))
        if diff:
            changed[invitee.name] = [before.get("presence"), invitee.presence]
            to_save.append(invitee)
    if errors:
        raise DomainError(errors)
    for invitee in to_save:
        invitee.save(update_fields=[*ATTENDANCE_FIELDS, "updated_at"])
    if to_save:
        audit.record(
            actor=actor,
            action="tkksd.attendance.record",
            obj=meeting,
            concerns=[meeting],
            changes=changed,
        )
    return meeting


@transaction.atomic
def item_absences_set(
    *, actor: User | None, item: AgendaItem, invitee_ids: list[int]
) -> AgendaItem:
    """Mark who of those attending the opening was out of the room for an item (left before it,
    or not yet back): the item's quorum counts without them. Replaces the item's list."""
    meeting = _locked_meeting(item.meeting)
    _refuse_unless_planner(actor, meeting.tenant)
    _refuse_unless_held(meeting)
    item = AgendaItem.objects.get(pk=item.pk, meeting=meeting)
    attending = {
        i.pk: i
        for i in meeting.invitees.all()
        if i.presence in (Presence.PRESENT, Presence.REPRESENTED)
    }
    wanted = set(invitee_ids)
    if wanted - set(attending):
        raise DomainError(
            {
                "absent": [
                    _("Only someone attending the meeting can be out of the room for an item.")
                ]
            }
        )
    current = set(item.absences.values_list("invitee_id", flat=True))
    if wanted == current:
        return item
    item.absences.filter(invitee_id__in=current - wanted).delete()
    ItemAbsence.objects.bulk_create(
        ItemAbsence(item=item, invitee_id=pk) for pk in sorted(wanted - current)
    )
    audit.record(
        actor=actor,
        action="tkksd.item.absences",
        obj=meeting,
        concerns=[meeting],
        changes={
            "absent": [
                sorted(attending[pk].name for pk in current),
                sorted(attending[pk].name for pk in wanted),
            ]
        },
        data={"item": item.title},
    )
    return item
