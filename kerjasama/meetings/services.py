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
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Opd, Tenant, User
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError, NotPermitted
from kerjasama.core.uploads import StoredUpload, stored_upload
from kerjasama.meetings.enums import ACTING, DecreeKind, HoldingCapacity
from kerjasama.meetings.models import Decree, Holding, Seat
from kerjasama.meetings.permissions import can_keep_team

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
