"""SQLite keeps its planner informed (issue 8): the backend runs `PRAGMA optimize` as a
connection closes, so a database filled without `ANALYZE` (migrate never runs it) gets the table
statistics its query plans need. Measured at 50,000 cases without them, a registry page took
0.4–1.5 s and the "expiring" filter 100 s; after one request's close, 30–90 ms."""

from __future__ import annotations

import sqlite3

import pytest
from django.db import connection, connections

from kerjasama.agreements.models import Cooperation
from kerjasama.agreements.selectors import expiring_q
from kerjasama.core.sqlite.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only"),
    pytest.mark.django_db,
]


def test_sqlite_settings_use_the_optimizing_backend():
    assert connection.settings_dict["ENGINE"] == "kerjasama.core.sqlite"
    assert isinstance(connections["default"], DatabaseWrapper)


def _stat_rows(path: str) -> list[tuple[str, str]]:
    raw = sqlite3.connect(path)
    try:
        known = raw.execute(
            "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
        ).fetchone()[0]
        return raw.execute("SELECT tbl, idx FROM sqlite_stat1").fetchall() if known else []
    finally:
        raw.close()


def test_closing_a_connection_analyzes_the_tables_it_queried(tmp_path):
    path = str(tmp_path / "probe.sqlite3")
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": path}, alias="probe")
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE probe (id integer PRIMARY KEY, region integer, v integer)")
        cursor.execute("CREATE INDEX probe_region ON probe (region)")
        cursor.executemany(
            "INSERT INTO probe (region, v) VALUES (%s, %s)", [(i % 50, i) for i in range(5000)]
        )
    assert _stat_rows(path) == []  # nothing analyzed the table yet
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT v FROM probe WHERE region = %s", [7])
        assert len(cursor.fetchall()) == 100
    wrapper.close()
    assert ("probe", "probe_region") in _stat_rows(path)


def test_closing_an_untouched_connection_analyzes_nothing(tmp_path):
    path = str(tmp_path / "quiet.sqlite3")
    wrapper = DatabaseWrapper({**connection.settings_dict, "NAME": path}, alias="quiet")
    with wrapper.cursor() as cursor:
        cursor.execute("CREATE TABLE quiet (id integer PRIMARY KEY, region integer)")
        cursor.execute("CREATE INDEX quiet_region ON quiet (region)")
    wrapper.close()
    assert _stat_rows(path) == []


def test_expiring_probes_the_open_expiry_index():
    """ "Expiring" tests each visible case for an open end-of-term deadline in the window: one
    probe of the partial index `deadline_open_expiry`, not a read of every deadline row of the
    case (80 ms of the registry's expiring filter at 50,000 cases before it)."""
    plan = Cooperation.objects.filter(expiring_q()).explain()
    assert "deadline_open_expiry" in plan
