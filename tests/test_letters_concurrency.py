"""Two letters numbered at once never get one number (issue 9, item 5): the year's counter row
is read under a row lock (SELECT … FOR UPDATE) inside the write's transaction.

SQLite serialises every write transaction on its own (`transaction_mode: IMMEDIATE`), and its
in-memory test database cannot be shared by two threads' transactions, so the test runs where
the lock matters: on PostgreSQL, in CI's second run (`DATABASE_URL=postgres://…`)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction

from kerjasama.accounts import services
from kerjasama.accounts.models import LetterCounter, Tenant

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are tested on PostgreSQL (CI runs the suite there too)",
    ),
]
DAY = dt.date(2021, 1, 7)


def _take_in_thread(results: dict, tenant: Tenant) -> threading.Thread:
    """Take a number on another thread, hence another connection and transaction."""

    def run():
        try:
            results["second"] = services.letter_number_take(actor=None, tenant=tenant, day=DAY)
        finally:
            connections.close_all()

    return threading.Thread(target=run)


@pytest.mark.parametrize("counter_exists", [False, True], ids=["first-of-year", "later"])
def test_a_second_letter_waits_for_the_first_and_gets_the_next_number(world, counter_exists):
    tenant = world.singkawang
    if counter_exists:
        LetterCounter.objects.create(tenant=tenant, year=2021, last_number=11)
    results: dict = {}
    with transaction.atomic():
        first = services.letter_number_take(actor=None, tenant=tenant, day=DAY)
        second = _take_in_thread(results, Tenant.objects.get(pk=tenant.pk))
        second.start()
        second.join(timeout=1.0)
        assert second.is_alive(), "the second letter must wait for the first one's lock"
    second.join(timeout=10)
    assert not second.is_alive()
    expected = (12, 13) if counter_exists else (1, 2)
    assert first == f"{expected[0]}/2021"
    assert results["second"] == f"{expected[1]}/2021"
    assert LetterCounter.objects.get(tenant=tenant, year=2021).last_number == expected[1]
