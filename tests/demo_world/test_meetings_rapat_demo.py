"""The demo's meeting of 14 January 2021 as planned and held (`kerjasama/demo/meeting_rapat.py`,
for the lead to call from `load_demo`): the team of that date (after the amendment of 5 January
2021) invited and attending, the Sekda chairing, number 001/TKKSD/2021. Names by hand from
`kerjasama/demo/team.py`."""

from __future__ import annotations

import datetime as dt

import pytest

from kerjasama.accounts.models import Tenant, User
from kerjasama.agreements.models import Cooperation
from kerjasama.demo.meeting_rapat import load_meeting_rapat
from kerjasama.meetings import selectors

pytestmark = pytest.mark.django_db


def test_the_meeting_of_14_january_2021_is_planned_and_held(demo_world):
    singkawang = Tenant.objects.get(region__code="61.72")
    kb = Cooperation.objects.get(title__startswith="Kesepakatan Bersama antara Pemerintah Provinsi")
    pupr = User.objects.get(username="pupr.singkawang")

    meeting = load_meeting_rapat(
        tenant=singkawang,
        secretariat=User.objects.get(username="sekretariat.singkawang"),
        cooperation=kb,
        officers=[pupr],
    )

    assert meeting.number == "001/TKKSD/2021"
    assert meeting.starts_at == dt.datetime(2021, 1, 14, 2, 0, tzinfo=dt.UTC)  # 09:00 WIB
    assert meeting.chair.name == "Sumastro"
    assert [i.name for i in meeting.invitees.order_by("order")][3:6] == [
        "Dr. Riyanto Widodo, S.T., M.Eng.",
        "Budi Santoso Lim, S.T., M.T.",
        "Hermanto Tjhai, S.Sos., M.Si.",
    ]
    assert meeting.invitees.filter(user=pupr).exists()
    assert meeting.items.filter(cooperation=kb).count() == 1
    quorum = selectors.meeting_quorum(meeting)
    assert (quorum.attending, quorum.seats, quorum.reached) == (8, 8, True)
    assert (
        load_meeting_rapat(tenant=singkawang, secretariat=pupr, cooperation=kb, officers=[])
        == meeting
    )
