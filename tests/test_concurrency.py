"""Two people acting on the same record at once: exactly one succeeds (PostgreSQL row lock).

SQLite serialises every write transaction on its own, so the test runs where the lock matters:
on PostgreSQL, in CI's second run (`DATABASE_URL=postgres://…`)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction

from kerjasama.agreements import lifecycle
from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Cooperation, Transition
from tests.factories import CooperationFactory, DocumentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks are tested on PostgreSQL (CI runs the suite there too)",
    ),
]
TODAY = dt.date(2026, 11, 2)


def _in_thread(results: dict, name: str, **kwargs) -> threading.Thread:
    """Run one transition on its own thread, hence its own database connection."""

    def run():
        try:
            results[name] = lifecycle.cooperation_transition(today=TODAY, **kwargs)
        except lifecycle.TransitionRefused as refused:
            results[name] = refused
        finally:
            connections.close_all()

    return threading.Thread(target=run, name=name)


def test_second_user_waits_for_the_lock_then_is_refused_on_fresh_data(world):
    record = CooperationFactory(stage=Stage.PREPARATION, party_codes=("61", "61.72"))
    results: dict = {}

    with transaction.atomic():
        first = lifecycle.cooperation_transition(
            actor=world.sec_singkawang,
            cooperation=record,
            action="reject",
            expected_stage=Stage.PREPARATION,
            facts={"on": TODAY, "reason": "Tidak layak"},
            today=TODAY,
        )
        # The second clerk clicks "offer" on the page loaded before the rejection.
        DocumentFactory(cooperation=record, kind="tkksd_minutes")
        DocumentFactory(cooperation=record, kind="offer_letter")
        second = _in_thread(
            results,
            "second",
            actor=world.sekda,
            cooperation=Cooperation.objects.get(pk=record.pk),
            action="offer",
            expected_stage=Stage.PREPARATION,
            facts={"on": TODAY},
        )
        second.start()
        second.join(timeout=1.0)
        assert second.is_alive(), "the second transition must wait for the row lock"
    second.join(timeout=10)

    record.refresh_from_db()
    assert first.to_stage == Stage.REJECTED
    assert isinstance(results["second"], lifecycle.TransitionRefused)
    assert (
        "Someone else moved" in " ".join(results["second"].messages)
        or "orang lain" in " ".join(results["second"].messages).lower()
    )
    assert record.stage == Stage.REJECTED
    assert list(Transition.objects.filter(cooperation=record).values_list("action", flat=True)) == [
        "reject"
    ]


def test_two_users_racing_exactly_one_succeeds(world):
    record = CooperationFactory(stage=Stage.PROPOSAL, party_codes=("61", "61.72"))
    DocumentFactory(cooperation=record, kind="kak")
    results: dict = {}
    start = threading.Barrier(2)

    def racer(name, **kwargs):
        def run():
            start.wait()
            try:
                results[name] = lifecycle.cooperation_transition(today=TODAY, **kwargs)
            except lifecycle.TransitionRefused as refused:
                results[name] = refused
            finally:
                connections.close_all()

        return threading.Thread(target=run)

    threads = [
        racer(
            "prepare",
            actor=world.sec_singkawang,
            cooperation=record,
            action="prepare",
            expected_stage=Stage.PROPOSAL,
            facts={"on": TODAY},
        ),
        racer(
            "reject",
            actor=world.sekda,
            cooperation=record,
            action="reject",
            expected_stage=Stage.PROPOSAL,
            facts={"on": TODAY, "reason": "Tidak layak"},
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    outcomes = {name: isinstance(r, Transition) for name, r in results.items()}
    record.refresh_from_db()
    assert sorted(outcomes.values()) == [False, True]
    winner = next(name for name, ok in outcomes.items() if ok)
    assert record.stage == {"prepare": Stage.PREPARATION, "reject": Stage.REJECTED}[winner]
    assert Transition.objects.filter(cooperation=record).count() == 1
