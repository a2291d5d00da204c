"""Sentences every deadline shares, whatever rule made it: dates and "met by …"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _


def format_date(value: Any) -> str:
    """A date (or an ISO date string from JSON) in the active language's DATE_FORMAT."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return str(value)
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    return "" if value is None else str(value)


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
