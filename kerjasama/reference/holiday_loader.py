"""Loading the shipped list of national holidays and cuti bersama days (`data/hari_libur.csv`).

The government moves days during the year (an SKB amendment, a presidential decree for an
election day), and admins record such changes in the Django admin before a new list ships.
So the loader only *adds* dates that are missing: a date already in the table is never
changed or deleted, whoever wrote it. Loading twice changes nothing. A shipped row that differs
from the table is reported in `LoadResult.messages`, so an admin can compare the two.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction

from kerjasama.reference.loading import DATA_DIR, LoadResult, ReferenceDataError, _read_csv
from kerjasama.reference.models import Holiday, HolidayKind

HOLIDAYS_CSV = DATA_DIR / "hari_libur.csv"

# How many differing dates a message names before it abbreviates.
_MAX_LISTED = 10


def _parse(path: Path) -> list[Holiday]:
    rows = _read_csv(path, {"tanggal", "jenis", "nama", "dasar"})
    kinds = {kind.value for kind in HolidayKind}
    holidays: list[Holiday] = []
    seen: set[dt.date] = set()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        try:
            day = dt.date.fromisoformat(row["tanggal"])
        except ValueError:
            raise ReferenceDataError(
                f"{path.name} line {number}: {row['tanggal']!r} is not a YYYY-MM-DD date"
            ) from None
        if day in seen:
            raise ReferenceDataError(f"{path.name} line {number}: {day} is listed twice")
        if row["jenis"] not in kinds:
            raise ReferenceDataError(f"{path.name} line {number}: unknown kind {row['jenis']!r}")
        if not row["nama"]:
            raise ReferenceDataError(f"{path.name} line {number}: the name is empty")
        seen.add(day)
        holidays.append(Holiday(date=day, name=row["nama"], kind=row["jenis"], source=row["dasar"]))
    return holidays


@transaction.atomic
def holidays_load(*, path: Path = HOLIDAYS_CSV) -> LoadResult:
    """Create the shipped holidays whose dates are not in the table yet; touch nothing else.

    `created` counts the new rows, `unchanged` the shipped dates already present (edited by an
    admin or not). Rows an admin added for dates the list does not ship are left alone too.
    """
    shipped = _parse(path)
    existing = {holiday.date: holiday for holiday in Holiday.objects.all()}
    result = LoadResult()
    missing = [holiday for holiday in shipped if holiday.date not in existing]
    Holiday.objects.bulk_create(missing)
    result.created = len(missing)
    result.unchanged = len(shipped) - len(missing)
    differing = [
        holiday.date
        for holiday in shipped
        if holiday.date in existing
        and (existing[holiday.date].name, existing[holiday.date].kind)
        != (holiday.name, holiday.kind)
    ]
    if differing:
        listed = ", ".join(f"{day:%Y-%m-%d}" for day in differing[:_MAX_LISTED])
        more = f" and {len(differing) - _MAX_LISTED} more" if len(differing) > _MAX_LISTED else ""
        result.messages.append(
            f"{len(differing)} date(s) differ from the shipped list and were kept as edited: "
            f"{listed}{more}"
        )
    return result
