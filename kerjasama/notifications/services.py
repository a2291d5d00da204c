"""Writes of the notifications app: sending reminders, reading notifications, calendar tokens.

Reminders are sent at most once per deadline, tier, user and channel: the `ReminderSent` row is
inserted first (its unique constraint refuses a second one, even from a concurrent run) and the
message goes out only from the run that inserted it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Role, User
from kerjasama.agreements.models import Cooperation, PartyChangeRequest, Transition
from kerjasama.agreements.selectors import cooperation_visible_to
from kerjasama.core import audit
from kerjasama.core.exceptions import NotPermitted
from kerjasama.core.models import Interface
from kerjasama.deadlines.models import Deadline
from kerjasama.notifications import selectors, texts
from kerjasama.notifications.models import (
    CalendarToken,
    Channel,
    Notification,
    ReminderSent,
)

logger = logging.getLogger(__name__)


@dataclass
class Summary:
    """What one run of `reminders_send` did, counted per (user, channel)."""

    sent_email: int = 0
    sent_app: int = 0
    # Already sent earlier (or by a concurrent run), or no e-mail address for the e-mail channel.
    skipped: int = 0
    # Deadlines whose reminders failed (nothing of theirs was recorded; the next run retries).
    failed: int = 0

    def __add__(self, other: Summary) -> Summary:
        return Summary(
            self.sent_email + other.sent_email,
            self.sent_app + other.sent_app,
            self.skipped + other.skipped,
            self.failed + other.failed,
        )


def site_url(path: str) -> str:
    return str(settings.KERJASAMA["SITE_URL"]).rstrip("/") + path


def reminders_send(*, today: dt.date) -> Summary:
    """Send the reminders due on `today`, by e-mail and in the application.

    For each open deadline and each recipient (`selectors.reminder_recipients`) only the latest
    tier reached on `today` is sent (`selectors.reminder_tier_due`), and only if neither it nor a
    later tier was sent to that user through that channel before. Users without an e-mail
    address get the in-app notification only. One audit event per deadline and tier sent.

    Each deadline is one transaction, its e-mails sent inside it: if sending fails, nothing of
    that deadline is recorded and the next run tries again, while the other deadlines' work is
    kept. Reminders are never a person's act: whichever door started the run, the audit trail
    records the interface "job".
    """
    summary = Summary()
    with audit.interface(Interface.JOB), get_connection() as connection:
        for deadline in selectors.deadlines_to_remind(today=today):
            try:
                with transaction.atomic():
                    summary += _deadline_remind(deadline, today=today, connection=connection)
            except Exception:
                logger.exception("Reminders of deadline %s failed", deadline.pk)
                summary.failed += 1
    return summary


def _deadline_remind(deadline: Deadline, *, today: dt.date, connection: Any) -> Summary:
    summary = Summary()
    cooperation = deadline.cooperation
    # A deadline of no case (a TKKSD action item, issue 9) links to the owner's agenda.
    url = (
        cooperation.get_absolute_url() if cooperation is not None else reverse("agreements:agenda")
    )
    overdue = today > deadline.due_on
    # user id -> the tier due for that user (tiers of expiry depend on the user's region).
    by_tier: dict[int, list[User]] = defaultdict(list)
    for user in selectors.reminder_recipients(deadline, overdue=overdue):
        tiers = selectors.reminder_tiers(
            deadline.kind, user.tenant, notice_days=(deadline.params or {}).get("notice_days")
        )
        tier = selectors.reminder_tier_due(tiers, due_on=deadline.due_on, today=today)
        if tier is not None:
            by_tier[tier].append(user)
    if not by_tier:
        return summary

    # (user, channel) -> the smallest tier already sent: a later reminder already went out.
    latest_sent: dict[tuple[int, str], int] = {}
    for user_id, channel, tier in ReminderSent.objects.filter(
        deadline=deadline, due_on=deadline.due_on
    ).values_list("user_id", "channel", "tier"):
        key = (user_id, channel)
        latest_sent[key] = min(tier, latest_sent.get(key, tier))

    messages: list[EmailMultiAlternatives] = []
    for tier, users in sorted(by_tier.items(), reverse=True):
        # Facts, not sentences: each reader sees them in their own language (`texts`).
        params = texts.reminder_params(deadline, today=today)
        reached: set[int] = set()
        for user in users:
            for channel in (Channel.APP, Channel.EMAIL):
                if channel == Channel.EMAIL and not user.email:
                    summary.skipped += 1
                    continue
                done = latest_sent.get((user.pk, channel))
                if (done is not None and _not_later(tier, done)) or not _claim(
                    deadline, tier, user, channel
                ):
                    summary.skipped += 1
                    continue
                reached.add(user.pk)
                if channel == Channel.APP:
                    with translation.override(user.language_or_default):
                        title = texts.reminder_subject(params)[:300]
                        body = texts.reminder_summary(params)
                    Notification.objects.create(
                        user=user,
                        cooperation=deadline.cooperation,
                        deadline=deadline,
                        kind=texts.REMINDER,
                        params=params,
                        title=title,
                        body=body,
                        url=url,
                    )
                    summary.sent_app += 1
                else:
                    messages.append(_reminder_email(deadline, params, user, connection))
                    summary.sent_email += 1
        if reached:
            audit.record(
                actor=None,
                action="reminder.sent",
                obj=deadline,
                cooperation=deadline.cooperation,
                data={"tier": tier, "recipients": len(reached)},
            )
    if messages:
        connection.send_messages(messages)
    return summary


def _not_later(tier: int, done: int) -> bool:
    """Whether `tier` is the same as, or earlier than, the tier `done` already sent (tiers count
    down to 0, then `OVERDUE_TIER`)."""
    return tier >= done


def _claim(deadline: Deadline, tier: int, user: User, channel: str) -> bool:
    """Insert the `ReminderSent` row; False if another run already did (unique constraint)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                deadline=deadline, due_on=deadline.due_on, tier=tier, user=user, channel=channel
            )
    except IntegrityError:
        return False
    return True


def _reminder_email(
    deadline: Deadline, params: dict[str, Any], user: User, connection: Any
) -> EmailMultiAlternatives:
    """The reminder e-mail, in the recipient's language (their preference, else the site's)."""
    cooperation = deadline.cooperation
    path = (
        cooperation.get_absolute_url() if cooperation is not None else reverse("agreements:agenda")
    )
    language = user.language_or_default
    with translation.override(language):
        context = {
            "language": language,
            "recipient": user,
            "cooperation": cooperation,
            "deadline": deadline,
            "what": deadline.label,
            "rule": deadline.rule_label,
            "due_on": deadline.due_on,
            "summary": texts.reminder_summary(params),
            "url": site_url(path),
            "notifications_url": site_url(reverse("notifications:list")),
        }
        subject = " ".join(f"[Kerjasama] {texts.reminder_subject(params)}".split())[:300]
        context["subject"] = subject
        text = render_to_string("notifications/email/reminder.txt", context)
        html = render_to_string("notifications/email/reminder.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[user.email], connection=connection
    )
    message.attach_alternative(html, "text/html")
    return message


@transaction.atomic
def proposal_notify(*, cooperation: Cooperation, actor: User) -> int:
    """Tell the secretariat of the officer's region that an OPD proposed a cooperation: an
    in-app notification each (in the caller's transaction, so a registration that rolls back
    leaves none), and an e-mail to those with an address once the registration is committed.
    Returns how many were notified."""
    recipients = selectors.proposal_recipients(actor)
    if not recipients:
        return 0
    params = texts.proposal_params(cooperation, actor)
    context = {
        "cooperation": cooperation,
        "actor": actor,
        "actor_name": params["who"],
        "opd": params["opd"],
        "params": params,
        "url": site_url(cooperation.get_absolute_url()),
        "notifications_url": site_url(reverse("notifications:list")),
    }
    # Facts, not sentences: each reader sees them in their own language (`texts`); the stored
    # title and body (Indonesian) are only the fallback.
    with translation.override("id"):
        title = texts.proposal_subject(params)[:300]
        body = texts.proposal_summary(params)
    Notification.objects.bulk_create(
        Notification(
            user=user,
            cooperation=cooperation,
            kind=texts.PROPOSAL,
            params=params,
            title=title,
            body=body,
            url=cooperation.get_absolute_url(),
        )
        for user in recipients
    )
    audit.record(
        actor=actor,
        action="proposal.notified",
        obj=cooperation,
        cooperation=cooperation,
        data={"recipients": len(recipients)},
    )
    with_address = [user for user in recipients if user.email]
    if with_address:
        transaction.on_commit(lambda: _proposal_emails_send(context, with_address))
    return len(recipients)


def _proposal_emails_send(context: dict[str, Any], recipients: list[User]) -> None:
    """After the registration is committed; a failing mail server does not undo it (the
    in-app notifications are already there)."""
    try:
        with get_connection() as connection:
            messages = []
            for user in recipients:
                with translation.override(user.language_or_default):
                    subject = "[Kerjasama] " + texts.proposal_subject(context["params"])
                    personal = {
                        **context,
                        "recipient": user,
                        "subject": subject,
                        "summary": texts.proposal_summary(context["params"]),
                    }
                    text = render_to_string("notifications/email/proposal.txt", personal)
                    html = render_to_string("notifications/email/proposal.html", personal)
                message = EmailMultiAlternatives(
                    subject=subject, body=text, to=[user.email], connection=connection
                )
                message.attach_alternative(html, "text/html")
                messages.append(message)
            connection.send_messages(messages)
    except Exception:
        logger.exception("E-mails about proposal %s failed", context["cooperation"].pk)


def notification_mark_read(*, user: User, notification: Notification) -> bool:
    """Mark `notification` (of `user`) read. Returns False, writing nothing, if it already was."""
    if user is None or notification.user_id != user.pk:
        raise NotPermitted(_("A user reads only their own notifications."))
    with transaction.atomic():
        now = timezone.now()
        changed = Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=now
        )
        if not changed:
            return False
        notification.read_at = now
        audit.record(
            actor=user,
            action="notification.read",
            obj=notification,
            changes={"read_at": [None, now]},
        )
    return True


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of `user` read; returns how many were."""
    with transaction.atomic():
        count = Notification.objects.filter(user=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        if count:
            audit.record(
                actor=user, action="notification.read_all", obj=user, data={"count": count}
            )
    return count


def calendar_token_create(*, user: User) -> CalendarToken:
    """A new secret for the user's calendar feed; the previous one, if any, stops working."""
    with transaction.atomic():
        revoked = _revoke_active(user)
        token = CalendarToken.objects.create(user=user)
        audit.record(
            actor=user, action="calendar_token.create", obj=token, data={"revoked": revoked}
        )
    return token


def calendar_token_revoke(*, user: User) -> bool:
    """Stop the user's calendar feed. Returns False, writing nothing, if there was none."""
    with transaction.atomic():
        active = list(CalendarToken.objects.filter(user=user, revoked_at__isnull=True))
        if not _revoke_active(user):
            return False
        active[0].refresh_from_db(fields=["revoked_at"])
        audit.record(
            actor=user,
            action="calendar_token.revoke",
            obj=active[0],
            changes={"revoked_at": [None, active[0].revoked_at]},
        )
    return True


def _revoke_active(user: User) -> int:
    return CalendarToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def _party_change_notify(
    sender: Any, *, request: PartyChangeRequest, event: str, **kwargs: Any
) -> None:
    """In-app notifications to the secretariats of both regions when a region is asked to leave
    a cooperation, and when it answers (issue 6/15). Connected in `apps.ready` to
    `agreements.signals.party_change`: `agreements` does not import this app."""
    cooperation = request.cooperation
    regions = {request.party_region_id, request.requested_by_tenant.region_id}
    recipients = User.objects.filter(
        is_active=True,
        tenant__region_id__in=regions,
        tenant__active=True,
        role_grants__role=Role.SECRETARIAT,
    ).distinct()
    params = texts.party_change_params(request, event)
    with translation.override("id"):  # the stored fallback; readers see `texts`' rendering
        title = texts.party_change_subject(params)
        body = texts.party_change_summary(params)
    notes = []
    for user in recipients:
        sees = _sees(user, cooperation)  # a region that has left no longer does
        notes.append(
            Notification(
                user=user,
                cooperation=cooperation if sees else None,
                kind=texts.PARTY_CHANGE,
                params=params,
                title=title[:300],
                body=body,
                url=cooperation.get_absolute_url() if sees else "",
            )
        )
    Notification.objects.bulk_create(notes)


def _sees(user: User, cooperation: Cooperation) -> bool:
    return cooperation_visible_to(user).filter(pk=cooperation.pk).exists()


def _take_over_notify(transition: Transition) -> None:
    """In-app notifications to the secretariats of every party region when their kerja sama
    wajib is taken over (§6.6; issue 7): who took over, which party did not perform, when.
    Connected in `apps.ready` to `agreements.signals.cooperation_taken_over`, inside the
    transition's transaction (a refused or rolled-back step leaves none)."""
    cooperation = transition.cooperation
    regions = {
        p.partner.region_id
        for p in cooperation.parties.select_related("partner")
        if p.partner.region_id
    }
    recipients = User.objects.filter(
        is_active=True,
        tenant__region_id__in=regions,
        tenant__active=True,
        role_grants__role=Role.SECRETARIAT,
    ).distinct()
    params = texts.take_over_params(transition)
    with translation.override("id"):  # the stored fallback; readers see `texts`' rendering
        title = texts.take_over_subject(params)
        body = texts.take_over_summary(params)
    Notification.objects.bulk_create(
        Notification(
            user=user,
            cooperation=cooperation,
            kind=texts.TAKE_OVER,
            params=params,
            title=title[:300],
            body=body,
            url=cooperation.get_absolute_url(),
        )
        for user in recipients
    )
