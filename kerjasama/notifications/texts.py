"""The sentences of notifications and reminder e-mails, rendered from stored facts in the active
language (the reader's on a screen, the recipient's in an e-mail)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kerjasama.agreements.deadline_text import deadline_label, deadline_rule, format_date

REMINDER = "reminder"


def reminder_params(deadline, *, today: dt.date) -> dict[str, Any]:
    """The facts of a reminder of `deadline` sent on `today` (stored with the notification)."""
    return {
        "deadline_kind": deadline.kind,
        "deadline_params": deadline.params,
        "deadline_title": deadline.title,
        "deadline_rule": deadline.rule,
        "cooperation": deadline.cooperation.title,
        "due_on": deadline.due_on.isoformat(),
        "days": (deadline.due_on - today).days,
    }


def _what(p: dict[str, Any]) -> str:
    return deadline_label(
        p.get("deadline_kind", ""), p.get("deadline_params"), p.get("deadline_title", "")
    )


def reminder_rule(p: dict[str, Any]) -> str:
    return deadline_rule(
        p.get("deadline_kind", ""), p.get("deadline_params"), p.get("deadline_rule", "")
    )


def reminder_subject(p: dict[str, Any]) -> str:
    """e.g. "In 30 days: End of term: PKS … — <cooperation>"."""
    days = int(p["days"])
    values = {"days": abs(days), "what": _what(p), "cooperation": p["cooperation"]}
    if days < 0:
        return (
            ngettext(
                "%(days)s day overdue: %(what)s — %(cooperation)s",
                "%(days)s days overdue: %(what)s — %(cooperation)s",
                -days,
            )
            % values
        )
    if days == 0:
        return _("Due today: %(what)s — %(cooperation)s") % values
    return (
        ngettext(
            "In %(days)s day: %(what)s — %(cooperation)s",
            "In %(days)s days: %(what)s — %(cooperation)s",
            days,
        )
        % values
    )


def reminder_summary(p: dict[str, Any]) -> str:
    """One sentence: what is due, for which cooperation, when."""
    days = int(p["days"])
    values = {
        "days": abs(days),
        "what": _what(p),
        "cooperation": p["cooperation"],
        "date": format_date(p["due_on"]),
    }
    if days < 0:
        return (
            ngettext(
                '%(what)s for the cooperation "%(cooperation)s" was due on %(date)s (%(days)s day '
                "ago) and is not yet done.",
                '%(what)s for the cooperation "%(cooperation)s" was due on %(date)s (%(days)s days '
                "ago) and is not yet done.",
                -days,
            )
            % values
        )
    if days == 0:
        return _('%(what)s for the cooperation "%(cooperation)s" is due today, %(date)s.') % values
    return (
        ngettext(
            '%(what)s for the cooperation "%(cooperation)s" is due on %(date)s, in %(days)s day.',
            '%(what)s for the cooperation "%(cooperation)s" is due on %(date)s, in %(days)s days.',
            days,
        )
        % values
    )


def notification_label(notification) -> str:
    if notification.kind == REMINDER and notification.params:
        try:
            return reminder_subject(notification.params)
        except (KeyError, TypeError, ValueError):
            pass
    return notification.title


def notification_text(notification) -> str:
    if notification.kind == REMINDER and notification.params:
        try:
            return reminder_summary(notification.params)
        except (KeyError, TypeError, ValueError):
            pass
    return notification.body
