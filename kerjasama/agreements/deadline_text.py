"""The sentences that name a deadline, rendered when shown, in the reader's language.

A `Deadline` stores facts (its kind and `params`: a document's title, a period's dates, the
date of a finding …), not a sentence: the same row is read in Indonesian and in English, on a
screen, in an e-mail and in a calendar feed. Everything that shows a deadline goes through
`deadline_label` / `deadline_rule` (via `Deadline.label` and `Deadline.rule_label`), so there is
one way to get a deadline's text.

This module imports no model: `agreements.models` and `notifications` both use it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kerjasama.agreements.reporting import duty_of

# Kinds, as in `agreements.models.DeadlineKind` (not imported: no model imports here).
DPRD_DECISION = "dprd_decision"
EXPIRY = "expiry"
FINDING_FOLLOW_UP = "finding_follow_up"
REPORT = "report"


def format_date(value: Any) -> str:
    """A date (or an ISO date string from JSON) in the active language's DATE_FORMAT."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return "" if value is None else str(value)


def deadline_label(kind: str, params: dict | None, fallback: str = "") -> str:
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
    except KeyError:
        pass
    return fallback


def deadline_rule(kind: str, params: dict | None, fallback: str = "") -> str:
    """The rule the deadline comes from, with its legal source."""
    p = params or {}
    if kind == DPRD_DECISION:
        return _("45 working days from receipt (PP 28/2018 Pasal 30(4))")
    if kind == EXPIRY:
        return _("End of the agreed term (with its addenda)")
    if kind == FINDING_FOLLOW_UP:
        return _("60 working days from receipt (PP 12/2017 Pasal 27)")
    if kind == REPORT and "start" in p:
        return duty_of(p).rule()
    return fallback


def met_text(document_title: str | None, met_on: Any) -> str:
    """ "Met by <document> (<date>)", or "Met on <date>" when no document is named."""
    if document_title and met_on:
        return _("Met by %(document)s (%(date)s)") % {
            "document": document_title,
            "date": format_date(met_on),
        }
    if document_title:
        return _("Met by %(document)s") % {"document": document_title}
    if met_on:
        return _("Met on %(date)s") % {"date": format_date(met_on)}
    return _("Met")
