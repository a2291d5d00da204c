"""Reads for reminders, notifications and the calendar feed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Max, Q, QuerySet

from kerjasama.accounts.models import Role, Tenant, User
from kerjasama.agreements.models import DeadlineKind, Party
from kerjasama.agreements.selectors import cooperation_visible_to
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.deadlines.selectors import caseless_for
from kerjasama.notifications.models import OVERDUE_TIER, CalendarToken, Notification


def reminder_recipients(deadline: Deadline, *, overdue: bool) -> list[User]:
    """Who is reminded of `deadline`: active users of the active tenants whose region is a
    party of its cooperation, namely

    - the TKKSD secretariat;
    - OPD officers of the deadline's OPD, or of the executing or initiating OPD of a party;
    - when the deadline has passed, also the leadership (Sekda, regional head).

    Ordered by id; each user once, with their tenant loaded (for `reminder_tiers`).

    A deadline of no case (issue 9: a TKKSD action item) goes to its owners instead
    (`caseless_recipients`).
    """
    if deadline.cooperation_id is None:
        return caseless_recipients(deadline, overdue=overdue)
    parties = list(
        Party.objects.filter(cooperation_id=deadline.cooperation_id or 0).values_list(
            "partner__region_id", "executing_opd_id", "initiating_opd_id"
        )
    )
    region_ids = {region_id for region_id, _e, _i in parties if region_id is not None}
    opd_ids = {opd for _r, *opds in parties for opd in opds if opd is not None}
    if deadline.opd_id:
        opd_ids.add(deadline.opd_id)
    roles = Q(role_grants__role=Role.SECRETARIAT)
    if opd_ids:
        roles |= Q(role_grants__role=Role.OPD_OFFICER, opd_id__in=opd_ids)
    if overdue:
        roles |= Q(role_grants__role=Role.LEADERSHIP)
    ids = User.objects.filter(
        roles,
        is_active=True,
        tenant__active=True,
        tenant__region_id__in=region_ids,
    ).values("pk")
    return list(User.objects.filter(pk__in=ids).select_related("tenant").order_by("pk"))


def caseless_recipients(deadline: Deadline, *, overdue: bool) -> list[User]:
    """Who is reminded of a deadline of no case: the officers of its OPD, the user it names as
    its owner (`params["owner_user"]`), and, once overdue, the leadership of the region it
    names (`params["tenant"]`) — the readers `deadlines.selectors.caseless_for` gives it to."""
    params = deadline.params or {}
    who = Q(pk=params.get("owner_user") or 0)
    if deadline.opd_id:
        who |= Q(role_grants__role=Role.OPD_OFFICER, opd_id=deadline.opd_id)
    if overdue and params.get("tenant"):
        who |= Q(role_grants__role=Role.LEADERSHIP, tenant_id=params["tenant"])
    ids = User.objects.filter(who, is_active=True, tenant__active=True).values("pk")
    return list(User.objects.filter(pk__in=ids).select_related("tenant").order_by("pk"))


def reminder_tiers(
    kind: str, tenant: Tenant | None, *, notice_days: int | None = None
) -> list[int]:
    """The days before the due date on which a deadline of `kind` is reminded, largest first:
    the recipient's own region's setting for expiry, the project setting for the rest. An end
    of term also reminds on the agreement's own notice date (`notice_days` before it; §6.3)."""
    if kind == DeadlineKind.EXPIRY:
        tiers = set(
            tenant.reminder_tiers if tenant is not None else settings.KERJASAMA["REMINDER_DAYS"]
        )
        if notice_days:
            tiers.add(int(notice_days))
        return sorted(tiers, reverse=True)
    return sorted(set(settings.KERJASAMA["REMINDER_DAYS"]), reverse=True)


def reminder_tier_due(tiers: list[int], *, due_on: dt.date, today: dt.date) -> int | None:
    """The latest tier reached on `today`, or None: `OVERDUE_TIER` once the due date has
    passed, otherwise the smallest tier `t` with `due_on - t <= today`.

    Only this tier is sent: a job that did not run for weeks sends one reminder, not several.
    """
    if today > due_on:
        return OVERDUE_TIER
    reached = [t for t in tiers if due_on - dt.timedelta(days=t) <= today]
    return min(reached) if reached else None


def deadlines_to_remind(*, today: dt.date) -> QuerySet[Deadline]:
    """Open deadlines of cases that may have reached a reminder tier on `today` (overdue ones
    included). The recipients come from the case's parties; a deadline of no case (a TKKSD
    action item, issue 9) names its owners (`caseless_recipients`)."""
    longest = max(
        [0, *settings.KERJASAMA["REMINDER_DAYS"]]
        + [
            max(Tenant(reminder_days=days).reminder_tiers)
            for days in Tenant.objects.filter(active=True)
            .values_list("reminder_days", flat=True)
            .distinct()
        ]
        # An agreement's own notice period may reach further back (§6.3).
        + [
            Deadline.objects.filter(status=DeadlineStatus.OPEN, kind=DeadlineKind.EXPIRY).aggregate(
                longest=Max("document__notice_period_days")
            )["longest"]
            or 0
        ]
    )
    return (
        Deadline.objects.filter(
            # A case's deadline, or one of no case that names its owners (issue 9).
            Q(cooperation__isnull=False) | Q(opd__isnull=False) | Q(params__has_key="owner_user"),
            status=DeadlineStatus.OPEN,
            due_on__lte=today + dt.timedelta(days=longest),
        )
        .select_related("cooperation")
        .order_by("due_on", "pk")
    )


def notification_list(*, user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def notification_opens(notification: Notification, user: User) -> bool:
    """Whether the notification still leads somewhere the user may go: a notice about a
    cooperation the user's region has since left must not open a 404."""
    if not notification.url:
        return False
    if notification.cooperation_id is None:
        return True
    return cooperation_visible_to(user).filter(pk=notification.cooperation_id).exists()


def notifications_mark_openable(notifications: Iterable[Notification], *, user: User) -> None:
    """Set `opens` on each notification of a page (one query for the page)."""
    ids = {n.cooperation_id for n in notifications if n.cooperation_id}
    visible = set(cooperation_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    for n in notifications:
        n.opens = bool(n.url) and (n.cooperation_id is None or n.cooperation_id in visible)


def notification_unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def calendar_token_active(*, user: User) -> CalendarToken | None:
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()


def calendar_token_owner(token: str) -> User | None:
    """The active user whose live calendar token this is, or None."""
    found = (
        CalendarToken.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user__tenant__region")
        .first()
    )
    return found.user if found else None


def user_deadlines(
    user: User, *, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Deadline]:
    """Open deadlines of the cooperations `user` may read, due between `start` and `end`
    (either bound optional), earliest first."""
    deadlines = Deadline.objects.filter(
        Q(cooperation__in=cooperation_visible_to(user).values("pk"))
        # Deadlines of no case that are the user's own (issue 9: a TKKSD action item).
        | caseless_for(
            user_id=user.pk,
            opd_id=user.opd_id if user.has_role(Role.OPD_OFFICER) else None,
            tenant_id=user.tenant_id,
            region_wide=user.has_role(Role.SECRETARIAT, Role.LEADERSHIP),
        ),
        status=DeadlineStatus.OPEN,
    )
    if start is not None:
        deadlines = deadlines.filter(due_on__gte=start)
    if end is not None:
        deadlines = deadlines.filter(due_on__lte=end)
    return deadlines.select_related("cooperation").order_by("due_on", "pk")


def proposal_recipients(actor: User) -> list[User]:
    """Who is told of a proposal an OPD officer registered: the active TKKSD secretariat of the
    officer's own region, who review what its OPDs propose (§5.2)."""
    if actor.tenant_id is None:
        return []
    return list(
        User.objects.filter(
            is_active=True,
            tenant_id=actor.tenant_id,
            tenant__active=True,
            role_grants__role=Role.SECRETARIAT,
        )
        .exclude(pk=actor.pk)
        .distinct()
        .order_by("pk")
    )
