"""Registry sorting as an Indonesian reader expects it (issue 6, fresh-eyes walk M2, M3):
"Tahap" in the order of the pathway, and records without a date last in both directions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CooperationFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [c.title for c in response.context["page"].object_list]


# --- M2: "Tahap" follows the pathway -------------------------------------------------------

# A KSDD's pathway (§5.2, PP 28/2018 Pasal 6(1)) stated by hand: proposal, KB drafting,
# DPRD approval, PKS signed, in force, ended; a cancelled case comes after the ones that ran.
PATHWAY = [
    ("proposal", "Tahapjalur 1 usulan"),
    ("kb_drafting", "Tahapjalur 2 penyusunan KB"),
    ("awaiting_dprd", "Tahapjalur 3 menunggu DPRD"),
    ("pks_signed", "Tahapjalur 4 PKS ditandatangani"),
    ("in_force", "Tahapjalur 5 berlaku"),
    ("ended", "Tahapjalur 6 berakhir"),
    ("cancelled", "Tahapjalur 7 dibatalkan"),
]


def test_sorting_by_stage_follows_the_pathway_not_the_stage_codes(client, world):
    for stage, title in reversed(PATHWAY):
        CooperationFactory(title=title, stage=stage, party_codes=("61.72", "61.07"))
    client.force_login(world.sec_singkawang)

    ascending = client.get("/kerjasama/", {"q": "Tahapjalur", "sort": "stage"})
    descending = client.get("/kerjasama/", {"q": "Tahapjalur", "sort": "-stage"})

    expected = [title for _, title in PATHWAY]
    assert _titles(ascending) == expected
    assert _titles(descending) == expected[::-1]


def test_sorting_by_stage_keeps_the_query_count(client, world):
    client.force_login(world.sec_singkawang)
    client.get("/kerjasama/?sort=stage")  # the region's filter options, cached from then on
    with CaptureQueriesContext(connection) as few:
        client.get("/kerjasama/?sort=stage")
    for stage, title in PATHWAY * 3:
        CooperationFactory(title=title, stage=stage, party_codes=("61.72", "61.07"))

    client.get("/kerjasama/?sort=stage")  # the options afresh after the writes
    with CaptureQueriesContext(connection) as many:
        response = client.get("/kerjasama/?sort=stage")

    assert len(_titles(response)) > 10
    assert len(many) == len(few)


# --- M3: undated records last --------------------------------------------------------------


def _dated_and_undated(field: str) -> None:
    for title, day in (
        ("Tanggalan tanpa tanggal A", None),
        ("Tanggalan 2027", dt.date(2027, 3, 1)),
        ("Tanggalan tanpa tanggal B", None),
        ("Tanggalan 2026", dt.date(2026, 12, 31)),
        ("Tanggalan 2030", dt.date(2030, 1, 15)),
    ):
        CooperationFactory(title=title, party_codes=("61.72", "61.07"), **{field: day})


@pytest.mark.parametrize("field", ["ends_on", "signed_on"])
def test_records_without_a_date_go_last_in_both_directions(client, world, field):
    _dated_and_undated(field)
    client.force_login(world.sec_singkawang)

    ascending = _titles(client.get("/kerjasama/", {"q": "Tanggalan", "sort": field}))
    descending = _titles(client.get("/kerjasama/", {"q": "Tanggalan", "sort": f"-{field}"}))

    assert ascending[:3] == ["Tanggalan 2026", "Tanggalan 2027", "Tanggalan 2030"]
    assert descending[:3] == ["Tanggalan 2030", "Tanggalan 2027", "Tanggalan 2026"]
    undated = {"Tanggalan tanpa tanggal A", "Tanggalan tanpa tanggal B"}
    assert set(ascending[3:]) == undated
    assert set(descending[3:]) == undated
