"""`{% load rapat %}`: a meeting's date and time in its region's zone, and whether the
navigation offers the meetings to the reader."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from kerjasama.accounts.models import User
from kerjasama.meetings.models import Holding, Meeting
from kerjasama.meetings.permissions import can_read_meetings
from kerjasama.meetings.selectors import holding_label, meeting_local, region_zone

register = template.Library()


# The values are naive on purpose: an aware datetime would be turned into the server's zone by
# the template (`date` expects local time); these are already the region's wall-clock time.
@register.filter
def starts_local(meeting: Meeting) -> dt.datetime:
    """The start in the region's zone (WIB/WITA/WIT), as its wall-clock time."""
    return meeting_local(meeting)[0].replace(tzinfo=None)


@register.filter
def ends_local(meeting: Meeting) -> dt.datetime | None:
    end = meeting_local(meeting)[1]
    return end.replace(tzinfo=None) if end is not None else None


@register.filter
def zone(meeting: Meeting) -> str:
    """ "WIB", "WITA" or "WIT"."""
    return meeting_local(meeting)[2]


@register.filter
def in_zone_of(value: dt.datetime | None, meeting: Meeting) -> str:
    """A moment of the meeting's record (made final, reopened) as its region's wall-clock time
    with the zone: "7 Desember 2026 15:47 WIB" (the walk of issue 9 found them without)."""
    if value is None:
        return ""
    zone = region_zone(meeting.tenant)
    local = timezone.localtime(value, zone.zone).replace(tzinfo=None)
    return f"{date_format(local, 'j F Y H:i')} {zone.abbreviation}"


@register.filter
def chair_label(holding: Holding | None) -> str:
    return holding_label(holding) if holding is not None else ""


@register.filter
def reads_meetings(user: User) -> bool:
    """True when the navigation offers "Rapat TKKSD" (`permissions.can_read_meetings`)."""
    tenant = getattr(user, "tenant", None)
    return tenant is not None and can_read_meetings(user, tenant)
