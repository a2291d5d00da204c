"""Every path works for every person (issue 6): as each demo persona, follow every link reachable
from the dashboard (GET only, same site, bounded) and check each page; then check that the
registry's "next page" and column sorts work and keep the filters.

A normal test with Django's test client (runs in `make test`); the demo is loaded once for the
module (`demo_world`). The registry's page size is lowered to 2 so that every persona has a
next page."""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from kerjasama.accounts.models import User
from kerjasama.agreements import selectors
from kerjasama.agreements.search import search_filter

pytestmark = pytest.mark.django_db

PERSONAS = [
    "sekretariat.singkawang",
    "sekda.singkawang",
    "pupr.singkawang",
    "sekretariat.kalbar",
    "sekretariat.bengkayang",
    "sekretariat.pontianak",
]
MAX_PAGES = 400  # per persona
# Pages of one kind (same path with the numbers taken out, same query keys) visited per
# persona: three document forms tell as much as a hundred (six, until stop 21, made the crawl
# visit a third more pages). Every record page is visited.
PER_KIND = 3
UNCAPPED_KINDS = {("/kerjasama/N/", frozenset()), ("/kerjasama/", frozenset({"cursor"}))}
# Links shown to a persona that answer 403, known and left to their owners; the test fails when
# one is fixed (remove it here) or a new one appears.
# Links a persona is shown but may not follow (none: a page offers only what its reader may do).
KNOWN_REFUSED_LINKS: dict[str, set[str]] = {}
MAX_HTML_BYTES = 200 * 1024
PAGE_SIZE = 2
# Query parameters whose every value need not be crawled: one registry page per filter is
# enough; its sorts and pages are checked by `test_registry_next_page_and_sorts_*` below.
VARIANT_PARAMS = {"sort", "cursor"}


class _Links(HTMLParser):
    """Every `href` of an <a> or <link>, as written (entities decoded by the parser)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "link"):
            for name, value in attrs:
                if name == "href":
                    self.hrefs.append(value if value is not None else "")


def _hrefs(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _malformed(href: str) -> str | None:
    """Why `href` is malformed, or None."""
    if not href.strip():
        return "empty"
    if "??" in href:
        return "??"
    if "&&" in href:
        return "&&"
    if re.search(r"(^|[/=?&])None([/&#]|$)", href):
        return "None"
    return None


@dataclass
class Crawl:
    visited: dict[str, int] = field(default_factory=dict)  # url -> status
    problems: list[str] = field(default_factory=list)
    registry_urls: list[str] = field(default_factory=list)
    skipped_variants: int = 0


def _crawl(client: Client) -> Crawl:
    crawl = Crawl()
    logout = reverse("accounts:logout")
    start = reverse("agreements:dashboard")
    queue = deque([start])
    seen_shapes: set[tuple[str, frozenset]] = set()
    per_kind: dict[tuple[str, frozenset], int] = {}
    seen = {start}

    def follow(url: str, href: str) -> None:
        parts = urlsplit(urljoin(url, href))
        if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
            return  # another site
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if parts.path == logout or parts.path.startswith(("/static/", "/admin/")):
            return
        if local in seen:
            return
        query = parse_qs(parts.query)
        shape = (
            parts.path,
            frozenset((k, tuple(v)) for k, v in query.items() if k not in VARIANT_PARAMS),
        )
        # Every page of the unfiltered registry is followed, so that every record is reached.
        if set(query) != {"cursor"} and VARIANT_PARAMS & set(query) and shape in seen_shapes:
            crawl.skipped_variants += 1
            return
        seen_shapes.add(shape)
        kind = (re.sub(r"\d+", "N", parts.path), frozenset(query))
        if kind not in UNCAPPED_KINDS and per_kind.get(kind, 0) >= PER_KIND:
            crawl.skipped_variants += 1
            return
        per_kind[kind] = per_kind.get(kind, 0) + 1
        seen.add(local)
        queue.append(local)

    while queue and len(crawl.visited) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        crawl.visited[url] = response.status_code
        if response.status_code >= 500:
            crawl.problems.append(f"{url}: {response.status_code}")
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            follow(url, response["Location"])
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue  # a file download or the calendar feed
        body = response.content
        if len(body) >= MAX_HTML_BYTES:
            crawl.problems.append(f"{url}: {len(body)} bytes")
        if urlsplit(url).path == reverse("agreements:list"):
            crawl.registry_urls.append(url)
        for href in _hrefs(body.decode()):
            reason = _malformed(href)
            if reason:
                crawl.problems.append(f"{url}: malformed href {href!r} ({reason})")
            else:
                follow(url, href)
    return crawl


@pytest.fixture
def small_pages(settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "PAGE_SIZE": PAGE_SIZE}


@pytest.mark.parametrize("username", PERSONAS)
def test_every_page_reachable_from_the_dashboard_works(demo_world, small_pages, username):
    client = Client()
    client.force_login(User.objects.get(username=username))

    crawl = _crawl(client)

    assert crawl.problems == []
    assert len(crawl.visited) < MAX_PAGES, "the crawl hit its bound; raise it or narrow it"
    # A link a person is shown leads somewhere they may go (no 403, no 404).
    refused = {u for u, status in crawl.visited.items() if status >= 400}
    assert refused == KNOWN_REFUSED_LINKS.get(username, set())
    # It really went places: the registry, a record, the agenda, the partners.
    paths = {urlsplit(u).path for u in crawl.visited}
    assert {"/", "/kerjasama/", "/agenda/", "/mitra/"} <= paths
    user = User.objects.get(username=username)
    records = {
        f"/kerjasama/{pk}/"
        for pk in selectors.cooperation_visible_to(user).values_list("pk", flat=True)
    }
    assert records
    assert records <= paths
    assert crawl.registry_urls


def _rows(response) -> list:
    return list(response.context["page"].object_list)


def _walk(client, response) -> list:
    """Every row of a registry listing, following its "next" links (keyset pages, issue 8)."""
    rows = _rows(response)
    while response.context["page"].has_next:
        response = client.get("/kerjasama/" + _link(response.content.decode(), "Berikutnya"))
        rows += _rows(response)
    return rows


def _link(html: str, text: str) -> str:
    match = re.search(r'<a [^>]*href="([^"]*)"[^>]*>\s*' + re.escape(text) + r"\s*</a>", html)
    assert match, f"no link {text!r}"
    return match.group(1).replace("&amp;", "&")


SORT_COLUMNS = {
    "Judul": "title",
    "Tahap": "stage",
    "Ditandatangani": "signed_on",
    "Berakhir": "ends_on",
}


@pytest.mark.parametrize("username", PERSONAS)
def test_registry_next_page_and_sorts_work_and_keep_the_filters(demo_world, small_pages, username):
    user = User.objects.get(username=username)
    client = Client()
    client.force_login(user)
    visible = selectors.cooperation_visible_to(user)
    # A search every persona's records answer, and a second filter: the persona's most common
    # type among them.
    q = "Pemerintah"
    found = search_filter(visible, q)
    kinds = list(found.values_list("kind", flat=True))
    kind = max(set(kinds), key=kinds.count)
    expected = set(found.filter(kind=kind).values_list("pk", flat=True))
    assert len(expected) > PAGE_SIZE, f"{username} sees too few {kind} records for a next page"
    filters = {"q": [q], "kind": [kind]}

    first = client.get("/kerjasama/", {"q": q, "kind": kind})
    next_href = _link(first.content.decode(), "Berikutnya")
    second = client.get("/kerjasama/" + next_href)

    assert set(parse_qs(urlsplit(next_href).query)) == {*filters, "cursor"}
    assert {
        k: v for k, v in parse_qs(urlsplit(next_href).query).items() if k != "cursor"
    } == filters
    assert {c.pk for c in _rows(first)}.isdisjoint({c.pk for c in _rows(second)})
    assert len(_rows(second)) > 0

    html = first.content.decode()
    for label, column in SORT_COLUMNS.items():
        href = _link(html, label)
        once = client.get("/kerjasama/" + href)
        twice = client.get("/kerjasama/" + _link(once.content.decode(), label))
        query = parse_qs(urlsplit(href).query)

        order = [c.pk for c in _walk(client, once)]
        reverse_order = [c.pk for c in _walk(client, twice)]

        assert {k: v for k, v in query.items() if k != "sort"} == filters, (column, href)
        assert query["sort"][0].lstrip("-") == column
        assert set(order) == expected
        # The second click reverses the first (ties are broken by id both ways), and the first
        # page shows other rows or another order. Records without the date stay last both ways.
        if column in ("signed_on", "ends_on"):
            dates = [getattr(c, column) for c in _walk(client, once)]
            dated = sum(d is not None for d in dates)
            assert all(d is None for d in dates[dated:]), column
            assert reverse_order[:dated] == order[:dated][::-1], column
            assert reverse_order[dated:] == order[dated:][::-1], column
        else:
            assert reverse_order == order[::-1], column
        assert [c.pk for c in _rows(once)] != [c.pk for c in _rows(twice)], column
        if column in ("signed_on", "ends_on"):  # dates compare alike on every database
            values = [getattr(c, column) for c in _walk(client, once)]
            present = [v for v in values if v is not None]
            assert present == sorted(present, reverse=query["sort"][0].startswith("-")), column
