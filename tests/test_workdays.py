"""Working-day arithmetic (kerjasama.reference.workdays) and the holiday loader.

The pure tests use the real shipped calendar (`hari_libur.csv`), read without the database, so
each expected date below can be checked against a printed 2024/2025 calendar.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kerjasama.reference.workdays import (
    add_working_days,
    add_working_days_db,
    holidays_between,
    is_working_day,
    working_days_between,
)

CSV_PATH = Path(__file__).resolve().parent.parent / "kerjasama/reference/data/hari_libur.csv"


def _shipped_holidays() -> frozenset[dt.date]:
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        return frozenset(dt.date.fromisoformat(row["tanggal"]) for row in csv.DictReader(handle))


HOLIDAYS = _shipped_holidays()
D = dt.date


# --- is_working_day --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(D(2025, 3, 3), True, id="plain Monday"),
        pytest.param(D(2025, 3, 8), False, id="Saturday"),
        pytest.param(D(2025, 3, 9), False, id="Sunday"),
        pytest.param(D(2025, 5, 1), False, id="Hari Buruh, a Thursday"),
        pytest.param(D(2025, 4, 2), False, id="cuti bersama Idulfitri, a Wednesday"),
        pytest.param(D(2024, 12, 26), False, id="cuti bersama Natal 2024"),
        pytest.param(D(2024, 2, 14), False, id="Pemilu 2024 (Keppres)"),
        pytest.param(D(2021, 8, 10), True, id="2021 Tahun Baru Islam moved to 11 Aug"),
        pytest.param(D(2021, 8, 11), False, id="2021 Tahun Baru Islam, moved date"),
        pytest.param(D(2021, 12, 24), True, id="2021 cuti bersama Natal cancelled"),
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day, HOLIDAYS) is expected


# --- add_working_days and working_days_between ------------------------------------------------

# (start, n, expected): the deadline of n working days counted from start (start not counted).
ADD_CASES = [
    # A plain week in March 2025, no holidays.
    pytest.param(D(2025, 3, 3), 1, D(2025, 3, 4), id="week: Mon+1 = Tue"),
    pytest.param(D(2025, 3, 3), 4, D(2025, 3, 7), id="week: Mon+4 = Fri"),
    pytest.param(D(2025, 3, 3), 0, D(2025, 3, 3), id="week: n=0 on a working day is that day"),
    # Weekends.
    pytest.param(D(2025, 3, 7), 1, D(2025, 3, 10), id="weekend: Fri+1 = Mon"),
    pytest.param(D(2025, 3, 8), 1, D(2025, 3, 10), id="weekend: received Sat, day 1 is Mon"),
    pytest.param(D(2025, 3, 9), 1, D(2025, 3, 10), id="weekend: received Sun, day 1 is Mon"),
    pytest.param(D(2025, 3, 8), 0, D(2025, 3, 10), id="weekend: n=0 on Sat is next Mon"),
    pytest.param(D(2025, 3, 7), 5, D(2025, 3, 14), id="weekend: Fri+5 = next Fri"),
    # A national holiday mid-week: Hari Buruh, Thursday 1 May 2025.
    pytest.param(D(2025, 4, 30), 1, D(2025, 5, 2), id="holiday: Wed+1 skips Thu 1 May"),
    pytest.param(D(2025, 5, 1), 0, D(2025, 5, 2), id="holiday: n=0 on 1 May is 2 May"),
    # Maulid, Monday 16 September 2024, after a weekend.
    pytest.param(D(2024, 9, 13), 1, D(2024, 9, 17), id="holiday: Fri+1 skips weekend and Maulid"),
    # Idulfitri 1446 H (2025): cuti bersama Fri 28 Mar (Nyepi), Nyepi Sat 29 Mar, Idulfitri
    # Mon 31 Mar and Tue 1 Apr, cuti bersama Wed 2 to Fri 4 Apr and Mon 7 Apr.
    pytest.param(D(2025, 3, 27), 1, D(2025, 4, 8), id="Lebaran 2025: Thu 27 Mar+1 = Tue 8 Apr"),
    pytest.param(D(2025, 3, 26), 2, D(2025, 4, 8), id="Lebaran 2025: Wed 26 Mar+2 = Tue 8 Apr"),
    pytest.param(D(2025, 4, 1), 1, D(2025, 4, 8), id="Lebaran 2025: received on Idulfitri"),
    # Idulfitri 1445 H (2024): cuti bersama Mon 8, Tue 9 Apr, Idulfitri Wed 10, Thu 11 Apr,
    # cuti bersama Fri 12 and Mon 15 Apr.
    pytest.param(D(2024, 4, 5), 1, D(2024, 4, 16), id="Lebaran 2024: Fri 5 Apr+1 = Tue 16 Apr"),
    # Year end 2024 -> 2025: Natal Wed 25 Dec, cuti bersama Thu 26 Dec, Tahun Baru Wed 1 Jan.
    pytest.param(D(2024, 12, 24), 1, D(2024, 12, 27), id="year end: Tue 24 Dec+1 = Fri 27 Dec"),
    pytest.param(D(2024, 12, 24), 4, D(2025, 1, 2), id="year end: Tue 24 Dec+4 = Thu 2 Jan"),
    # 45 working days (PP 28/2018 Pasal 30(4)): a plan received on Monday 3 March 2025.
    #   March: 4-7 (4), 10-14 (5), 17-21 (5), 24-27 (4) = 18; 28 Mar cuti bersama Nyepi,
    #          31 Mar Idulfitri.
    #   April: 1 Idulfitri, 2-4 and 7 cuti bersama; 8-11 (4), 14-17 (4; 18 Apr Wafat Yesus
    #          Kristus), 21-25 (5), 28-30 (3) = 16, total 34.
    #   May:   1 Hari Buruh; 2 (35), 5-9 (40); 12 Waisak, 13 cuti bersama Waisak; 14-16 (43),
    #          19 (44), 20 (45).
    #   So the DPRD's 45th working day is Tuesday 20 May 2025.
    pytest.param(D(2025, 3, 3), 45, D(2025, 5, 20), id="45 working days from 3 Mar 2025"),
    # 60 working days (PP 12/2017 Pasal 27): findings received on Monday 4 November 2024.
    #   November: 5-8 (4), 11-15 (9), 18-22 (14), 25-26 (16), 27 Pilkada, 28-29 (18).
    #   December: 2-6 (23), 9-13 (28), 16-20 (33), 23-24 (35), 25 Natal, 26 cuti bersama,
    #             27 (36), 30-31 (38).
    #   January:  1 Tahun Baru; 2-3 (40), 6-10 (45), 13-17 (50), 20-24 (55), 27 Isra Mikraj,
    #             28 cuti bersama Imlek, 29 Imlek; 30-31 (57).
    #   February: 3 (58), 4 (59), 5 (60): Wednesday 5 February 2025.
    pytest.param(D(2024, 11, 4), 60, D(2025, 2, 5), id="60 working days from 4 Nov 2024"),
]


@pytest.mark.parametrize(("start", "n", "expected"), ADD_CASES)
def test_add_working_days(start, n, expected):
    assert add_working_days(start, n, HOLIDAYS) == expected


# n = 0 moves to the next working day, so the inverse holds for n >= 1 only.
INVERSE_CASES = [case for case in ADD_CASES if case.values[1] >= 1]


@pytest.mark.parametrize(("start", "n", "expected"), INVERSE_CASES)
def test_working_days_between_inverts_add(start, n, expected):
    assert working_days_between(start, expected, HOLIDAYS) == n


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(D(2025, 3, 3), D(2025, 3, 3), 0, id="same day"),
        pytest.param(D(2025, 3, 7), D(2025, 3, 3), 0, id="end before start"),
        pytest.param(D(2025, 3, 3), D(2025, 3, 10), 5, id="one week: Tue-Fri and Mon"),
        pytest.param(D(2025, 3, 8), D(2025, 3, 9), 0, id="a weekend"),
        pytest.param(D(2025, 3, 27), D(2025, 4, 7), 0, id="the whole Lebaran 2025 break"),
        pytest.param(D(2024, 12, 20), D(2025, 1, 3), 7, id="Christmas and New Year 2024/25"),
        # 2025 has 261 weekdays; 13 holidays and 11 cuti bersama days fall on weekdays.
        pytest.param(D(2024, 12, 31), D(2025, 12, 31), 237, id="the year 2025"),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end, HOLIDAYS) == expected


def test_plain_list_of_holidays_is_accepted():
    assert add_working_days(D(2025, 4, 30), 1, [D(2025, 5, 1)]) == D(2025, 5, 2)
    assert add_working_days(D(2025, 4, 30), 1, ()) == D(2025, 5, 1)


def test_negative_n_is_refused():
    with pytest.raises(ValueError, match="zero or positive"):
        add_working_days(D(2025, 3, 3), -1, HOLIDAYS)


def test_datetime_is_refused():
    moment = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    with pytest.raises(TypeError, match=r"datetime\.date"):
        add_working_days(moment, 1, HOLIDAYS)
    with pytest.raises(TypeError):
        is_working_day(moment, HOLIDAYS)


# --- properties -------------------------------------------------------------------------------

starts = st.dates(min_value=D(2018, 1, 1), max_value=D(2027, 6, 30))
counts = st.integers(min_value=0, max_value=250)


@settings(max_examples=200, deadline=None)
@given(start=starts, n=st.integers(min_value=1, max_value=250))
def test_result_is_a_working_day_after_start(start, n):
    result = add_working_days(start, n, HOLIDAYS)
    assert result > start
    assert is_working_day(result, HOLIDAYS)


@settings(max_examples=200, deadline=None)
@given(start=starts, n=st.integers(min_value=1, max_value=250))
def test_between_counts_back_to_n(start, n):
    assert working_days_between(start, add_working_days(start, n, HOLIDAYS), HOLIDAYS) == n


@settings(max_examples=200, deadline=None)
@given(start=starts, n=counts, m=counts)
def test_monotonic_in_n(start, n, m):
    low, high = sorted((n, m))
    assert add_working_days(start, low, HOLIDAYS) <= add_working_days(start, high, HOLIDAYS)
    if 1 <= low < high:
        assert add_working_days(start, low, HOLIDAYS) < add_working_days(start, high, HOLIDAYS)


@settings(max_examples=100, deadline=None)
@given(start=starts)
def test_zero_is_start_or_the_next_working_day(start):
    result = add_working_days(start, 0, HOLIDAYS)
    assert is_working_day(result, HOLIDAYS)
    assert working_days_between(start, result - dt.timedelta(days=1), HOLIDAYS) == 0
    assert result == start or not is_working_day(start, HOLIDAYS)


# --- the shipped list -------------------------------------------------------------------------


def test_shipped_csv_is_well_formed():
    with CSV_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert set(rows[0]) == {"tanggal", "jenis", "nama", "dasar"}
    dates = [row["tanggal"] for row in rows]
    assert len(dates) == len(set(dates)), "each date appears once"
    assert dates == sorted(dates)
    for row in rows:
        assert row["jenis"] in {"libur_nasional", "cuti_bersama"}
        assert row["nama"]
        assert row["dasar"]
        assert len(row["dasar"]) <= 300
        if row["jenis"] == "cuti_bersama":
            assert D.fromisoformat(row["tanggal"]).weekday() < 5, "cuti bersama is a weekday"
    years = {int(d[:4]) for d in dates}
    assert years == set(range(2018, 2028))


# --- database ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_holidays_load_ships_2018_to_2027():
    from kerjasama.reference.holiday_loader import holidays_load
    from kerjasama.reference.models import Holiday

    Holiday.objects.all().delete()  # the test database comes with reference data loaded
    result = holidays_load()
    assert result.created == Holiday.objects.count() == len(HOLIDAYS)
    assert result.created > 150
    idulfitri = Holiday.objects.get(date=D(2025, 3, 31))
    assert idulfitri.kind == "libur_nasional"
    assert "Idulfitri 1446" in idulfitri.name
    assert idulfitri.source.startswith("SKB")
    natal = Holiday.objects.get(date=D(2024, 12, 26))
    assert natal.kind == "cuti_bersama"
    assert "Natal" in natal.name
    assert Holiday.objects.get(date=D(2025, 8, 18)).kind == "cuti_bersama"
    assert not Holiday.objects.filter(date=D(2021, 12, 24)).exists(), "cancelled in 2021"
    assert not Holiday.objects.filter(date=D(2020, 12, 28)).exists(), "cancelled in 2020"


@pytest.mark.django_db
def test_holidays_load_twice_creates_nothing():
    from kerjasama.reference.holiday_loader import holidays_load
    from kerjasama.reference.models import Holiday

    Holiday.objects.all().delete()
    first = holidays_load()
    second = holidays_load()
    assert second.created == 0
    assert second.unchanged == first.created
    assert second.messages == []


@pytest.mark.django_db
def test_holidays_load_leaves_admin_edits_alone():
    from kerjasama.reference.holiday_loader import holidays_load
    from kerjasama.reference.models import Holiday

    holidays_load()
    Holiday.objects.filter(date=D(2025, 3, 31)).update(
        name="Idulfitri (dikoreksi admin)", kind="cuti_bersama", source="Koreksi admin"
    )
    Holiday.objects.create(date=D(2027, 3, 10), name="Idulfitri 1448 H", kind="libur_nasional")
    result = holidays_load()
    assert result.created == 0
    edited = Holiday.objects.get(date=D(2025, 3, 31))
    assert (edited.name, edited.kind, edited.source) == (
        "Idulfitri (dikoreksi admin)",
        "cuti_bersama",
        "Koreksi admin",
    )
    assert Holiday.objects.filter(date=D(2027, 3, 10)).exists()
    assert any("2025-03-31" in message for message in result.messages)


@pytest.mark.django_db
def test_holidays_load_rejects_a_bad_file(tmp_path):
    from kerjasama.reference.holiday_loader import holidays_load
    from kerjasama.reference.models import Holiday
    from kerjasama.reference.services import ReferenceDataError

    Holiday.objects.all().delete()
    bad = tmp_path / "libur.csv"
    bad.write_text(
        "tanggal,jenis,nama,dasar\n2025-01-01,libur_nasional,Tahun Baru,SKB\n"
        "2025-01-02,libur,Salah,SKB\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError, match="unknown kind"):
        holidays_load(path=bad)
    assert not Holiday.objects.exists(), "nothing is loaded from a bad file"


@pytest.mark.django_db
def test_db_helpers_match_the_pure_functions():
    from kerjasama.reference.holiday_loader import holidays_load

    holidays_load()
    assert holidays_between(D(2024, 12, 25), D(2025, 1, 1)) == {
        D(2024, 12, 25),
        D(2024, 12, 26),
        D(2025, 1, 1),
    }
    assert add_working_days_db(D(2025, 3, 3), 45) == D(2025, 5, 20)
    assert add_working_days_db(D(2024, 11, 4), 60) == D(2025, 2, 5)
    assert add_working_days_db(D(2025, 3, 8), 0) == D(2025, 3, 10)


@pytest.mark.django_db
def test_db_helper_widens_its_window_for_long_runs_of_holidays():
    from kerjasama.reference.models import Holiday

    # 150 days off in a row: far beyond the first window (n*2 + 60 = 62 days for n = 1).
    first = D(2030, 1, 2)
    Holiday.objects.bulk_create(
        Holiday(date=first + dt.timedelta(days=i), name="Uji", kind="cuti_bersama")
        for i in range(150)
    )
    # The first day after the run is Saturday 1 June 2030, so day 1 is Monday 3 June.
    expected = D(2030, 6, 3)
    assert add_working_days_db(D(2030, 1, 1), 1) == expected
