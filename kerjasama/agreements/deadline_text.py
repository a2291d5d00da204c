"""The sentences that name a deadline, rendered when shown, in the reader's language.

A `Deadline` stores facts (its kind and `params`: a document's title, a period's dates, the
date of a finding …), not a sentence: the same row is read in Indonesian and in English, on a
screen, in an e-mail and in a calendar feed. Everything that shows a deadline goes through
`deadline_label` / `deadline_rule` (via `Deadline.label` and `Deadline.rule_label`, through `kerjasama.deadlines.registry`), so there is
one way to get a deadline's text. These are the texts of the agreements' kinds, given to the
`deadlines` registry by `agreements.deadlines.CooperationDeadlines`.

This module imports no model: `agreements.models` uses it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from kerjasama.agreements.enums import Stage
from kerjasama.agreements.reporting import duty_of
from kerjasama.deadlines.texts import format_date

# Kinds, as in `agreements.models.DeadlineKind` (not imported: no model imports here).
DPRD_DECISION = "dprd_decision"
EXPIRY = "expiry"
FINDING_FOLLOW_UP = "finding_follow_up"
REPORT = "report"
STAGE_TIME = "stage_time"


def _stage_name(code: str) -> str:
    try:
        return str(Stage(code).label)
    except ValueError:
        return code


def deadline_label(kind: str, params: dict[str, Any] | None, fallback: str = "") -> str:
    """What is due, e.g. "Implementation report, 1 January 2025 – 31 December 2025".

    `fallback` (the stored title) is returned for rows whose facts are missing."""
    p = params or {}
    try:
        if kind == DPRD_DECISION:
            if p.get("document"):  # the decision on one PKS (§7, issue 7)
                return _("DPRD decision on %(title)s") % {"title": p["document"]}
            return _("DPRD decision on the cooperation plan")
        if kind == EXPIRY:
            return _("End of term: %(title)s") % {"title": p["document"]}
        if kind == FINDING_FOLLOW_UP:
            return _("Follow up the supervision finding of %(date)s") % {
                "date": format_date(p["date"])
            }
        if kind == REPORT:
            # Each reporting duty names its recipient (§12, `agreements.reporting`).
            return duty_of(p).label(format_date(p["start"]), format_date(p["end"]))
        if kind == STAGE_TIME:
            values = {"stage": _stage_name(p["stage"]), "since": format_date(p["since"])}
            if p.get("document"):  # one PKS on its own road (issue 7)
                text = (
                    _("Time limit of the stage “%(stage)s” for %(document)s (since %(since)s)")
                    if p.get("limit")
                    else _("No movement on %(document)s at the stage “%(stage)s” since %(since)s")
                )
                return text % {**values, "document": p["document"]}
            text = (
                _("Time limit of the stage “%(stage)s” (since %(since)s)")
                if p.get("limit")
                else _("No movement at the stage “%(stage)s” since %(since)s")
            )
            return text % values
    except KeyError:
        pass
    return fallback


def deadline_rule(kind: str, params: dict[str, Any] | None, fallback: str = "") -> str:
    """The rule the deadline comes from, with its legal source."""
    p = params or {}
    # The numbers are the settings' (issue 7): stored in `params` when the deadline was computed,
    # else the current setting.
    if kind == DPRD_DECISION:
        days = p.get("days") or settings.KERJASAMA["DPRD_WORKING_DAYS"].get("ksdpl")
        if p.get("foreign", True):
            return _("%(days)s working days from receipt (PP 28/2018 Pasal 30(4))") % {"days": days}
        return _("%(days)s working days from receipt (configured, §5.5)") % {"days": days}
    if kind == EXPIRY:
        return _("End of the agreed term (with its addenda)")
    if kind == FINDING_FOLLOW_UP:
        days = p.get("days") or settings.KERJASAMA["FINDING_WORKING_DAYS"]
        return _("%(days)s working days from receipt (PP 12/2017 Pasal 27)") % {"days": days}
    if kind == STAGE_TIME and "days" in p:
        if p.get("limit"):
            text = (
                _("%(days)s working days at this stage (configured time limit, §5.5)")
                if p.get("unit") == "working"
                else _("%(days)s days at this stage (configured time limit, §5.5)")
            )
        else:
            text = _("Reminder after %(days)s days without movement (configurable, §5.5)")
        return text % {"days": p["days"]}
    if kind == REPORT and "start" in p:
        return duty_of(p).rule()
    return fallback
