"""A meeting's name on screen, in the reader's language (issue 9, run 11 item 1).

`minutes.meeting_label` writes the name papers and the audit trail keep ("Rapat TKKSD No.
001/TKKSD/2021 tanggal 14 Januari 2021", Indonesian, stored as filed). Screens build the name
at display time from the structured facts (number, ISO date) through gettext — "TKKSD meeting
No. 001/TKKSD/2021 of 14 January 2021" in English — and fall back to the stored label for old
rows that lack them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext


def meeting_name(number: str | None, day: dt.date) -> str:
    """The meeting's name in the active language, its date localized."""
    when = date_format(day, "j F Y")
    if number:
        return gettext("TKKSD meeting No. %(number)s of %(day)s") % {"number": number, "day": when}
    return gettext("TKKSD meeting of %(day)s") % {"day": when}


def parse_day(value: Any) -> dt.date | None:
    """An ISO date as stored in JSON ("2021-01-14"); None when absent or malformed."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def name_from_facts(
    facts: dict[str, Any] | None, *, date_key: str, number_key: str, fallback: str
) -> str:
    """The name from stored facts (`Transition.data["source"]`, a deadline's params); the
    stored label when the date is missing."""
    day = parse_day((facts or {}).get(date_key))
    if day is None:
        return fallback
    return meeting_name((facts or {}).get(number_key) or None, day)
