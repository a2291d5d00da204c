"""Working-day (hari kerja) arithmetic for statutory deadlines.

The regulations count many deadlines in working days: the DPRD decides on a foreign-cooperation
plan within 45 working days (PP 28/2018 Pasal 30(4)); supervision findings are followed up
within 60 working days (PP 12/2017 Pasal 27). A working day is a Monday to Friday that is
neither a national holiday (hari libur nasional) nor a cuti bersama day, as set each year by the
joint decree of the Minister of Religious Affairs, the Minister of Manpower and the Minister of
PANRB (SKB 3 Menteri) and the presidential decrees that declare election days holidays.

The arithmetic functions are pure: the caller passes the holidays as a collection of dates, so
they can be tested without a database and reused for any calendar. `holidays_between` and
`add_working_days_db` read the `Holiday` table (shipped in `data/hari_libur.csv`, editable in
the Django admin).

Counting convention ("paling lama N hari kerja sejak diterima"): the day of receipt is day 0 and
is never counted; day 1 is the first working day *after* it. So a plan received on Monday
3 March 2025 with a 1-working-day deadline is due on Tuesday 4 March, and a deadline of N
working days ends on the N-th working day after receipt, whatever day of the week (or holiday)
the receipt fell on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from kerjasama.reference.models import Holiday

# Monday is 0; Saturday (5) and Sunday (6) are the weekly days off in the civil service.
WEEKEND = frozenset({5, 6})


def _as_set(holidays: Collection[dt.date]) -> Collection[dt.date]:
    """Constant-time membership for whatever collection the caller passes."""
    if isinstance(holidays, set | frozenset):
        return holidays
    return frozenset(holidays)


def _check_date(value: object, name: str) -> None:
    # A datetime is a date, but its calendar day depends on the time zone; make the caller
    # choose (`timezone.localdate()`), rather than silently counting from a UTC day.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(f"{name} must be a datetime.date, not {type(value).__name__}")


def is_working_day(day: dt.date, holidays: Collection[dt.date]) -> bool:
    """True when `day` is Monday–Friday and not in `holidays` (libur nasional or cuti bersama)."""
    _check_date(day, "day")
    return day.weekday() not in WEEKEND and day not in holidays


def add_working_days(start: dt.date, n: int, holidays: Collection[dt.date]) -> dt.date:
    """The date on which a deadline of `n` working days counted from `start` ends.

    - `n >= 1`: the n-th working day *after* `start`; `start` itself is never counted, as in
      "paling lama 45 hari kerja sejak diterima", where day 1 is the first working day after
      the day of receipt. A receipt on a Saturday or a holiday changes nothing: counting still
      begins with the next working day.
    - `n == 0`: `start` if it is a working day, else the next working day, because a deadline
      "on the day of receipt" cannot fall on a day the offices are closed.

    Raises `ValueError` for a negative `n`.
    """
    _check_date(start, "start")
    if n < 0:
        raise ValueError("n must be zero or positive")
    days_off = _as_set(holidays)
    day = start
    if n == 0:
        while not is_working_day(day, days_off):
            day += dt.timedelta(days=1)
        return day
    counted = 0
    while counted < n:
        day += dt.timedelta(days=1)
        if is_working_day(day, days_off):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date, holidays: Collection[dt.date]) -> int:
    """The number of working days in the half-open interval (start, end].

    This is how many working days of a deadline counted from `start` have elapsed on `end`, so
    `working_days_between(s, add_working_days(s, n, h), h) == n` for every `n >= 1`.
    Returns 0 when `end` is on or before `start`.
    """
    _check_date(start, "start")
    _check_date(end, "end")
    days_off = _as_set(holidays)
    count = 0
    day = start + dt.timedelta(days=1)
    while day <= end:
        if is_working_day(day, days_off):
            count += 1
        day += dt.timedelta(days=1)
    return count


def holidays_between(start: dt.date, end: dt.date) -> frozenset[dt.date]:
    """The holiday and cuti bersama dates from the `Holiday` table, `start` and `end` included."""
    _check_date(start, "start")
    _check_date(end, "end")
    return frozenset(
        Holiday.objects.filter(date__gte=start, date__lte=end, observed=True).values_list(
            "date", flat=True
        )
    )


def add_working_days_db(start: dt.date, n: int) -> dt.date:
    """`add_working_days` with the holidays read from the database.

    Loads the holidays from `start` to a horizon that leaves room for weekends and a long run
    of holidays (two calendar days per working day plus 60). If the result still lies beyond
    the horizon (more days off than expected), the horizon doubles and the count is redone, so
    the answer never depends on holidays that were not loaded.
    """
    _check_date(start, "start")
    if n < 0:
        raise ValueError("n must be zero or positive")
    span = n * 2 + 60
    while True:
        horizon = start + dt.timedelta(days=span)
        result = add_working_days(start, n, holidays_between(start, horizon))
        if result <= horizon:
            return result
        span *= 2
