"""The registry on the Kalimantan Barat demo (issue 6, items 2 and 3), as its users met it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from kerjasama.accounts.models import User
from kerjasama.agreements import selectors
from kerjasama.agreements.models import Cooperation, DeadlineKind
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.notifications.models import ReminderSent
from kerjasama.notifications.selectors import user_deadlines

pytestmark = pytest.mark.django_db

KALBAR_KB_TITLE = (
    "Kesepakatan Bersama antara Pemerintah Provinsi Kalimantan Barat dan Pemerintah Kota "
    "Singkawang tentang Kerja Sama Penyelenggaraan Urusan Pemerintahan, Pembangunan dan "
    "Kemasyarakatan"
)
UMKM_TITLE = "Penyaluran Kredit Usaha Mikro Berbunga Ringan bagi Pelaku UMKM Kota Singkawang"


def _titles(response) -> list[str]:
    return [c.title for c in response.context["page"].object_list]


def test_demo_expiring_is_the_same_on_dashboard_filter_and_agenda(client, demo_world):
    """The demo's two cases with an agreement ending within 90 days — the Kalbar–Singkawang KB
    (its yearly infrastructure PKS ends in 45 days) and the UMKM micro-credit PKS (60 days) —
    show on the dashboard, under the "Segera berakhir" filter, on the agenda, in the calendar feed
    and in the reminders alike."""
    user = User.objects.get(username="sekretariat.singkawang")
    client.force_login(user)
    today = timezone.localdate()

    board = client.get("/").context["dashboard"]
    listed = client.get("/kerjasama/", {"expiring": "on"})
    lists = selectors.agenda_page(user, today=today, kind=DeadlineKind.EXPIRY)
    agenda = {d.cooperation.title for d in [*lists.overdue.items, *lists.upcoming.items]}

    window_end = today + dt.timedelta(days=90)
    feed = {
        d.cooperation.title
        for d in user_deadlines(user, start=today, end=window_end)
        if d.kind == DeadlineKind.EXPIRY
    }
    reminded = set(
        ReminderSent.objects.filter(
            user=user,
            deadline__kind=DeadlineKind.EXPIRY,
            deadline__status=DeadlineStatus.OPEN,
            deadline__due_on__range=(today, window_end),
        ).values_list("deadline__cooperation__title", flat=True)
    )

    assert {c.title for c in board.expiring} == {KALBAR_KB_TITLE, UMKM_TITLE}
    assert board.expiring_count == 2
    assert set(_titles(listed)) == {KALBAR_KB_TITLE, UMKM_TITLE}
    assert agenda == feed == reminded == {KALBAR_KB_TITLE, UMKM_TITLE}
    assert "berakhir dalam 90 hari" in client.get("/").content.decode()
    kb = next(c for c in board.expiring if c.title == KALBAR_KB_TITLE)
    assert kb.expires_on == today + dt.timedelta(days=45)
    assert Deadline.objects.filter(
        cooperation=kb, kind=DeadlineKind.EXPIRY, status=DeadlineStatus.OPEN, due_on=kb.expires_on
    ).exists()


# --- Item 3: search and the year filter ----------------------------------------------------


@pytest.mark.parametrize("query", ["KS.SKW/2020/014", "2020/014", "ks.skw/2020/014"])
def test_demo_search_finds_the_kb_by_its_register_number(client, demo_world, query):
    client.force_login(User.objects.get(username="sekretariat.singkawang"))

    response = client.get("/kerjasama/", {"q": query})

    assert _titles(response) == [KALBAR_KB_TITLE]


def test_demo_year_2021_finds_the_kb_whose_pks_were_signed_in_2021(client, demo_world):
    client.force_login(User.objects.get(username="sekretariat.kalbar"))

    in_2021 = client.get("/kerjasama/", {"year": "2021"})
    in_2020 = client.get("/kerjasama/", {"year": "2020"})

    kb = Cooperation.objects.get(title=KALBAR_KB_TITLE)
    assert kb.signed_on.year == 2020  # the KB itself was signed in 2020
    assert KALBAR_KB_TITLE in _titles(in_2021)
    assert KALBAR_KB_TITLE in _titles(in_2020)
    # The page says what the filter means.
    assert "Tahun saat salah satu perjanjian kerja sama ditandatangani" in in_2021.content.decode()
