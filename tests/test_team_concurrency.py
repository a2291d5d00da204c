"""Two clerks appointing holders to one TKKSD seat at once (issue 9): the second waits for the
seat's row lock and is refused with the message, not a database error. On PostgreSQL, where the
lock matters (SQLite serialises every write transaction on its own)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction

from kerjasama.core.exceptions import DomainError
from kerjasama.meetings import services
from kerjasama.meetings.models import Holding
from tests.factories import tkksd_formation

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are tested on PostgreSQL (CI runs the suite there too)",
    ),
]


def test_the_second_appointment_waits_for_the_seat_and_is_refused(world):
    decree, seat, holding = tkksd_formation(world.singkawang)
    Holding.objects.filter(pk=holding.pk).update(ends_on=dt.date(2020, 12, 31))
    results: dict = {}

    def second():
        try:
            results["second"] = services.holding_add(
                actor=world.sec_singkawang,
                seat=seat,
                data={"name": "Kedua", "decree": decree, "starts_on": dt.date(2021, 6, 1)},
            )
        except DomainError as refused:
            results["second"] = refused
        finally:
            connections.close_all()

    with transaction.atomic():
        services.holding_add(
            actor=world.sec_singkawang,
            seat=seat,
            data={"name": "Pertama", "decree": decree, "starts_on": dt.date(2021, 1, 1)},
        )
        thread = threading.Thread(target=second)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive(), "the second appointment must wait for the seat's lock"
    thread.join(timeout=10)

    assert isinstance(results["second"], DomainError)
    assert "Pertama" in " ".join(results["second"].messages)
    assert list(seat.holdings.order_by("starts_on").values_list("name", flat=True)) == [
        "Sumastro",
        "Pertama",
    ]
