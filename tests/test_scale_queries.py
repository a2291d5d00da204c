"""Issue 8: the registry, its later pages, the dashboard and the agenda read a number of rows
that does not depend on how many cases the user sees — the same number of queries with 5
cases as with 30 — and the lists are paged instead of capped."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kerjasama.agreements import selectors
from kerjasama.deadlines.models import Deadline
from kerjasama.deadlines.services import deadlines_refresh
from tests.factories import CooperationFactory, DocumentFactory

pytestmark = pytest.mark.django_db


def _cases(n: int) -> None:
    """`n` Singkawang–Bengkayang cases, each with a signed KB ending within two months (an
    upcoming end of term); every third also has a supervision finding's follow-up ten days
    overdue."""
    today = timezone.localdate()
    for i in range(n):
        case = CooperationFactory(title=f"Kerja sama skala {i:02d}", party_codes=("61.72", "61.07"))
        end = today + dt.timedelta(days=20 + i)
        DocumentFactory(cooperation=case, start_date=end - dt.timedelta(days=700), end_date=end)
        deadlines_refresh(case)
        if i % 3 == 0:
            Deadline.objects.create(
                cooperation=case,
                subject_type="agreements.cooperation",
                subject_id=str(case.pk),
                key=f"late:{i}",
                kind="finding_follow_up",
                due_on=today - dt.timedelta(days=10),
                title="Tindak lanjut temuan",
                rule="§12",
                status="open",
            )


def _link(html: str, text: str) -> str:
    match = re.search(r'<a [^>]*href="([^"]*)"[^>]*>\s*' + re.escape(text) + r"\s*</a>", html)
    assert match, f"no link {text!r}"
    return unescape(match.group(1))


def _queries(client, url: str) -> tuple[int, object]:
    """The queries of `url` once the region's cached filter options are there (a first request
    after a write reads them afresh, a bounded number of queries more)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


PAGES = (
    "/kerjasama/",
    "/kerjasama/?sort=title",
    "/kerjasama/?sort=-ends_on&kind=ksdd",
    "/",
    "/agenda/",
)


def test_pages_cost_the_same_queries_with_5_and_with_30_cases(client, world, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "PAGE_SIZE": 10}
    client.force_login(world.sec_singkawang)
    _cases(5)
    few = {url: _queries(client, url)[0] for url in PAGES}

    _cases(25)
    many = {url: _queries(client, url) for url in PAGES}

    assert {url: n for url, (n, _r) in many.items()} == few
    # 30 new cases + the world's `local` one of Singkawang (its `kb` is too).
    assert many["/kerjasama/"][1].context["page"].count == 32
    assert many["/"][1].context["dashboard"].total == 32


def test_page_five_costs_what_page_one_costs_and_the_pages_cover_all(client, world, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "PAGE_SIZE": 3}
    client.force_login(world.sec_singkawang)
    _cases(12)
    first_count, response = _queries(client, "/kerjasama/?sort=title")
    seen = [c.title for c in response.context["page"].object_list]
    counts = []
    while response.context["page"].has_next:
        n, response = _queries(
            client, "/kerjasama/" + _link(response.content.decode(), "Berikutnya")
        )
        counts.append(n)
        seen += [c.title for c in response.context["page"].object_list]
    back_count, back = _queries(
        client, "/kerjasama/" + _link(response.content.decode(), "Sebelumnya")
    )

    # 12 + the world's two: five pages of three, in title order, each row once.
    assert len(counts) == 4
    assert seen == sorted(seen, key=lambda t: t.casefold()) or seen == sorted(seen)
    assert len(seen) == len(set(seen)) == 14
    assert set(counts) == {first_count}
    assert back_count == first_count
    assert [c.title for c in back.context["page"].object_list] == seen[9:12]


def test_unreadable_cursor_starts_at_the_first_page(client, world):
    client.force_login(world.sec_singkawang)

    first = client.get("/kerjasama/")
    odd = client.get("/kerjasama/", {"cursor": "bm90IGEgY3Vyc29y"})
    garbage = client.get("/kerjasama/", {"cursor": "%%%", "sort": "ends_on"})

    assert [c.pk for c in odd.context["page"].object_list] == [
        c.pk for c in first.context["page"].object_list
    ]
    assert garbage.status_code == 200
    assert not odd.context["page"].has_previous


def test_agenda_pages_instead_of_a_cap(client, world):
    client.force_login(world.sec_singkawang)
    _cases(7)
    today = timezone.localdate()

    page = selectors.agenda_page(world.sec_singkawang, today=today, kind="expiry", size=2).upcoming
    upcoming = list(page.items)
    pages = 1
    while page.next_cursor:
        page = selectors.agenda_page(
            world.sec_singkawang,
            today=today,
            kind="expiry",
            size=2,
            cursors={"upcoming": page.next_cursor},
        ).upcoming
        upcoming += page.items
        pages += 1

    # By hand: each of the seven cases ends its KB one day after the one before.
    assert pages == 4
    assert _titles(upcoming) == [f"Kerja sama skala {i:02d}" for i in range(7)]


def _titles(deadlines) -> list[str]:
    return [d.cooperation.title for d in deadlines]


def test_agenda_next_link_shows_the_following_deadlines(client, world, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "AGENDA_PAGE_SIZE": 2}
    client.force_login(world.sec_singkawang)
    _cases(7)

    first = client.get("/agenda/", {"kind": "finding_follow_up"})
    href = _link(first.content.decode(), "Berikutnya")
    second = client.get("/agenda/" + href)
    back = client.get("/agenda/" + _link(second.content.decode(), "Kembali ke awal"))

    # By hand: cases 0, 3 and 6 have a follow-up overdue since the same day (then by id).
    assert _titles(first.context["overdue"]) == ["Kerja sama skala 00", "Kerja sama skala 03"]
    assert _titles(second.context["overdue"]) == ["Kerja sama skala 06"]
    assert _titles(back.context["overdue"]) == _titles(first.context["overdue"])
    assert "kind=finding_follow_up" in href
    assert "overdue=" in href


def test_agenda_lists_the_latest_met_first_and_pages_them(world):
    """The "met" list: deadlines met in the last 90 days, the latest met first, by keyset on
    (date met, id) — read from a partial index, not from every deadline ever met (issue 8)."""
    _cases(7)
    today = timezone.localdate()
    follow_ups = {
        d.cooperation.title: d
        for d in Deadline.objects.filter(kind="finding_follow_up").select_related("cooperation")
    }
    for title, days_ago in (
        ("Kerja sama skala 00", 40),
        ("Kerja sama skala 03", 5),
        ("Kerja sama skala 06", 100),  # met too long ago for the list
    ):
        Deadline.objects.filter(pk=follow_ups[title].pk).update(
            status="met", met_on=today - dt.timedelta(days=days_ago)
        )

    seen, cursor = [], ""
    for _page in range(4):
        page = selectors.agenda_page(
            world.sec_singkawang,
            today=today,
            kind="finding_follow_up",
            size=1,
            cursors={"met": cursor},
        ).met
        seen += _titles(page.items)
        cursor = page.next_cursor
        if not cursor:
            break

    assert seen == ["Kerja sama skala 03", "Kerja sama skala 00"]
