"""The sentences of notifications and reminder e-mails, rendered from stored facts in the active
language (the reader's on a screen, the recipient's in an e-mail)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kerjasama.agreements.enums import CooperationKind
from kerjasama.deadlines import registry
from kerjasama.deadlines.texts import format_date

REMINDER = "reminder"
PROPOSAL = "proposal"
PARTY_CHANGE = "party_change"
TAKE_OVER = "take_over"


def reminder_params(deadline, *, today: dt.date) -> dict[str, Any]:
    """The facts of a reminder of `deadline` sent on `today` (stored with the notification)."""
    return {
        "deadline_kind": deadline.kind,
        "deadline_params": deadline.params,
        "deadline_title": deadline.title,
        "deadline_rule": deadline.rule,
        # "" for a deadline of no case (issue 9: a TKKSD action item).
        "cooperation": deadline.cooperation.title if deadline.cooperation_id else "",
        "due_on": deadline.due_on.isoformat(),
        "days": (deadline.due_on - today).days,
    }


def _what(p: dict[str, Any]) -> str:
    return registry.label(
        p.get("deadline_kind", ""), p.get("deadline_params"), p.get("deadline_title", "")
    )


def reminder_rule(p: dict[str, Any]) -> str:
    return registry.rule(
        p.get("deadline_kind", ""), p.get("deadline_params"), p.get("deadline_rule", "")
    )


def reminder_subject(p: dict[str, Any]) -> str:
    """e.g. "In 30 days: End of term: PKS … — <cooperation>"."""
    days = int(p["days"])
    values = {"days": abs(days), "what": _what(p), "cooperation": p["cooperation"]}
    if not p["cooperation"]:
        return _caseless_subject(days, values)
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
    if not p["cooperation"]:
        return _caseless_summary(days, values)
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


def _caseless_subject(days: int, values: dict[str, Any]) -> str:
    """The subject of a reminder of a deadline of no case (a TKKSD action item)."""
    if days < 0:
        return (
            ngettext("%(days)s day overdue: %(what)s", "%(days)s days overdue: %(what)s", -days)
            % values
        )
    if days == 0:
        return _("Due today: %(what)s") % values
    return ngettext("In %(days)s day: %(what)s", "In %(days)s days: %(what)s", days) % values


def _caseless_summary(days: int, values: dict[str, Any]) -> str:
    if days < 0:
        return (
            ngettext(
                "%(what)s was due on %(date)s (%(days)s day ago) and is not yet done.",
                "%(what)s was due on %(date)s (%(days)s days ago) and is not yet done.",
                -days,
            )
            % values
        )
    if days == 0:
        return _("%(what)s is due today, %(date)s.") % values
    return (
        ngettext(
            "%(what)s is due on %(date)s, in %(days)s day.",
            "%(what)s is due on %(date)s, in %(days)s days.",
            days,
        )
        % values
    )


def proposal_params(cooperation, actor) -> dict[str, Any]:
    """The facts of "an OPD officer registered a proposal" (stored with the notification)."""
    return {
        "who": actor.get_full_name() or actor.username,
        "opd": actor.opd.name if actor.opd_id else "",
        "cooperation": cooperation.title,
        "cooperation_kind": cooperation.kind,
    }


def proposal_subject(p: dict[str, Any]) -> str:
    return _("New proposal to review: %(cooperation)s") % {"cooperation": p["cooperation"]}


def proposal_summary(p: dict[str, Any]) -> str:
    values = {
        "who": p["who"],
        "opd": p.get("opd", ""),
        "cooperation": p["cooperation"],
        "kind": CooperationKind(p["cooperation_kind"]).label,
    }
    if values["opd"]:
        return (
            _(
                "%(who)s (%(opd)s) registered the proposal “%(cooperation)s” (%(kind)s). It "
                "awaits the secretariat's review."
            )
            % values
        )
    return (
        _(
            "%(who)s registered the proposal “%(cooperation)s” (%(kind)s). It awaits the secretariat's review."
        )
        % values
    )


def party_change_params(request, event: str) -> dict[str, Any]:
    """The facts of a request to withdraw a party region, or of its answer (issue 6/15)."""
    return {
        "event": event,
        "region": request.party_name,
        "cooperation": request.cooperation.title,
        "reason": request.reason,
        "answer": request.answer,
    }


def party_change_subject(p: dict[str, Any]) -> str:
    values = {"region": p["region"]}
    if p["event"] == "requested":
        return _("%(region)s is asked to leave a cooperation") % values
    if p["event"] == "accepted":
        return _("%(region)s has left a cooperation") % values
    return _("%(region)s refused to leave a cooperation") % values


def party_change_summary(p: dict[str, Any]) -> str:
    lines = [p["cooperation"]]
    if p.get("reason"):
        lines.append(_("Reason: %(reason)s") % {"reason": p["reason"]})
    if p.get("answer"):
        lines.append(_("Answer: %(answer)s") % {"answer": p["answer"]})
    return "\n".join(lines)


def take_over_params(transition) -> dict[str, Any]:
    """The facts of a take-over of a kerja sama wajib (§6.6; issue 7)."""
    data = transition.data or {}
    return {
        "cooperation": transition.cooperation.title,
        "by": data.get("taken_over_by", ""),
        "failed_party": data.get("failed_party_name", ""),
        "on": transition.on.isoformat(),
    }


def take_over_subject(p: dict[str, Any]) -> str:
    return _("A mandatory cooperation was taken over: %(cooperation)s") % {
        "cooperation": p["cooperation"]
    }


def take_over_summary(p: dict[str, Any]) -> str:
    values = {"party": p["failed_party"], "date": format_date(p["on"])}
    if p.get("by") == "central_government":
        return (
            _(
                "The central government took over the cooperation on %(date)s because "
                "%(party)s did not carry it out (PP 28/2018 Pasal 10)."
            )
            % values
        )
    return (
        _(
            "The governor, as representative of the central government, took over the "
            "cooperation on %(date)s because %(party)s did not carry it out (PP 28/2018 "
            "Pasal 10)."
        )
        % values
    )


# kind → (heading, message), each rendering the stored facts in the active language.
RENDERERS = {
    REMINDER: (reminder_subject, reminder_summary),
    PROPOSAL: (proposal_subject, proposal_summary),
    PARTY_CHANGE: (party_change_subject, party_change_summary),
    TAKE_OVER: (take_over_subject, take_over_summary),
}


def _render(notification, which: int, fallback: str) -> str:
    renderer = RENDERERS.get(notification.kind)
    if renderer and notification.params:
        try:
            return renderer[which](notification.params)
        except (KeyError, TypeError, ValueError):
            pass
    return fallback


def notification_label(notification) -> str:
    return _render(notification, 0, notification.title)


def notification_text(notification) -> str:
    return _render(notification, 1, notification.body)
