"""`core.derived.batch`: the derived rows of writes made in a batch are refreshed once, at its
end, and come out exactly as when every service refreshes them at once (deadlines, access and
tag rows with their copied columns, the evidence count, the search document)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection

from kerjasama.agreements import lifecycle, services
from kerjasama.agreements.enums import DocumentKind, DocumentStatus, Stage
from kerjasama.agreements.models import CaseAccess, CaseTag, Cooperation
from kerjasama.agreements.pathways import Action, Fact
from kerjasama.core import derived
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.reference.models import GovernmentAffair
from tests.factories import region_partner

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 7)


def _register(world, title: str, *, end: dt.date, expire: bool = False) -> Cooperation:
    """A KSDD of Singkawang and Bengkayang registered in force with its signed PKS, as the
    import registers one: three services, each of which refreshes the derived rows."""
    cooperation = services.cooperation_create(
        actor=world.sec_singkawang,
        data={
            "kind": "ksdd",
            "ksdd_category": "sukarela",
            "title": title,
            "in_plan": True,
            "initiative": "region",
        },
        parties=[
            services.PartyInput(region_partner("61.72")),
            services.PartyInput(region_partner("61.07")),
        ],
        affairs=list(GovernmentAffair.objects.filter(code__in=["1.03", "3.26"])),
        stage=Stage.IN_FORCE,
        own_party={"executing_opd": world.pupr, "register_number": "REG/7"},
        override_reason="Dari register lama",
        registration_reason="Dari register lama",
    )
    services.document_create(
        actor=world.sec_singkawang,
        cooperation=cooperation,
        data={
            "kind": DocumentKind.PKS,
            "status": DocumentStatus.SIGNED,
            "title": title,
            "signed_on": dt.date(2021, 3, 1),
            "start_date": dt.date(2021, 3, 1),
            "end_date": end,
            "executing_opd": world.pupr,
        },
        entries={},
        override_reason="Dari register lama",
    )
    if expire:
        cooperation.refresh_from_db()
        lifecycle.cooperation_transition(
            actor=None,
            cooperation=cooperation,
            action=Action.EXPIRE,
            expected_stage=cooperation.stage,
            facts={Fact.ON: end + dt.timedelta(days=1)},
            today=TODAY,
        )
    return Cooperation.objects.get(pk=cooperation.pk)


def _derived(cooperation: Cooperation) -> dict:
    """Every derived row of the case, without its id."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT title, parties, body FROM agreements_cooperation_fts WHERE rowid = %s",
                [cooperation.pk],
            )
        else:
            cursor.execute(
                "SELECT search_vector::text FROM agreements_cooperation WHERE id = %s",
                [cooperation.pk],
            )
        search = cursor.fetchall()
    return {
        "evidence_missing": cooperation.evidence_missing,
        "signed_on": cooperation.signed_on,
        "ends_on": cooperation.ends_on,
        "deadlines": sorted(
            (re.sub(r":doc:\d+", ":doc", d.key), d.kind, d.due_on, d.status, d.opd_id)
            # Not the rows the services opened and cancelled again within the same writes (a
            # report due while the case was in force, before it ended): a batch never opens them.
            for d in Deadline.objects.filter(cooperation=cooperation).exclude(
                status=DeadlineStatus.CANCELLED
            )
        ),
        "access": sorted(
            (a.region_id, a.via, a.stage, a.evidence_missing, a.due_first, a.expiry_first)
            for a in CaseAccess.objects.filter(cooperation=cooperation)
        ),
        "tags": sorted(
            CaseTag.objects.filter(cooperation=cooperation).values_list("region", "tag")
        ),
        "search": search,
    }


@pytest.mark.parametrize("expire", [False, True], ids=["in-force", "ended-by-its-term"])
def test_a_batch_writes_the_same_derived_rows_as_refreshing_at_once(world, expire):
    end = dt.date(2024, 2, 29) if expire else dt.date(2027, 2, 28)
    at_once = _register(world, "Kerja sama air bersih", end=end, expire=expire)
    with derived.batch():
        batched = _register(world, "Kerja sama air bersih", end=end, expire=expire)
        # Inside the batch nothing derived is written yet …
        assert not CaseAccess.objects.filter(cooperation=batched).exists()
        assert not Deadline.objects.filter(cooperation=batched).exists()
    batched.refresh_from_db()

    # … and at its end the same rows as the case whose services refreshed at once.
    expected, got = _derived(at_once), _derived(batched)
    assert got == expected
    assert not Deadline.objects.filter(cooperation=batched, status=DeadlineStatus.CANCELLED)
    # By hand: both parties read the case, the province oversees it through Singkawang.
    assert {row[:2] for row in got["access"]} == {
        (region_partner("61.72").region_id, "party"),
        (region_partner("61.07").region_id, "party"),
        (region_partner("61").region_id, "oversight"),
    }
    if expire:
        assert got["deadlines"] == [] or all(d[3] != DeadlineStatus.OPEN for d in got["deadlines"])
    else:  # the end of term of the PKS is an open deadline on 28 February 2027
        assert any(d[2] == end and d[3] == DeadlineStatus.OPEN for d in got["deadlines"])
        assert {row[5] for row in got["access"]} == {end}


def test_a_batch_that_fails_leaves_nothing_deferred_behind(world):
    def refused() -> None:
        with derived.batch():
            _register(world, "Kerja sama air bersih", end=dt.date(2027, 2, 28))
            raise RuntimeError("refused")

    with pytest.raises(RuntimeError):
        refused()
    # The next write outside any batch refreshes at once, as always.
    after = _register(world, "Kerja sama air bersih", end=dt.date(2027, 2, 28))
    assert CaseAccess.objects.filter(cooperation=after).count() == 3
    assert derived.defer("access", after.pk, lambda: None) is False


def test_a_discarding_batch_writes_no_derived_row(world):
    with derived.batch(discard=True):
        cooperation = _register(world, "Kerja sama air bersih", end=dt.date(2027, 2, 28))
    assert not CaseAccess.objects.filter(cooperation=cooperation).exists()
    assert not Deadline.objects.filter(cooperation=cooperation).exists()


def test_nested_batches_join_the_outer_one(world):
    with derived.batch():
        with derived.batch():
            cooperation = _register(world, "Kerja sama air bersih", end=dt.date(2027, 2, 28))
        assert not CaseAccess.objects.filter(cooperation=cooperation).exists()
    assert CaseAccess.objects.filter(cooperation=cooperation).count() == 3
