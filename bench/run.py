"""Time the registry, search, dashboard, agenda and a case page (issue 8, item 5).

    make bench [REPEAT=7]                         # SQLite in var/bench/ (BENCH_DATA_DIR)
    DATABASE_URL=postgres://…/kerjasama_bench make bench

or `.venv/bin/python -m bench.run [--repeat 7] [--persona bench.surabaya] [--only search]`.

For each persona of `bench.data` (a city secretariat and a province secretariat with oversight)
it requests every page through Django's test `Client`, logged in with `force_login`, against
the configured database (never a test database), once to warm up and then `--repeat` times,
and reports the medians of:

- `ms`: server time of the request (URL resolution, middleware, view, template, SQL);
- `sql ms`: the time of the request's SQL statements, measured as they run
  (`connection.execute_wrapper`); `ratio` = ms / sql ms;
- `queries`: their number; `KB`: the size of the response body.

Search pages also time today's plain ILIKE search side by side, in the same run
(`ilike ms`: the visible cases whose title, scope, purpose, party names, party numbers or letter
numbers contain every word — count and first page, as the registry's `q` did before full-text
search), and `x` = ilike ms / ms.

The page list is made of URLs (with the filter values found in the data), so it keeps working
when the selectors behind the pages change. The table is printed and written as JSON to
`bench/results/<vendor>-<N>.json`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

if __name__ == "__main__":  # `python -m bench.run`: Django is set up before the models load
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")
    import django

    django.setup()

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from bench.data import CITY_USER, COMMON_WORD, PROVINCE_USER, RARE_WORD, TWO_WORDS
from kerjasama.accounts.models import Opd, User
from kerjasama.agreements.enums import DocumentKind, Stage
from kerjasama.agreements.models import Cooperation, Document, DocumentParty, Party
from kerjasama.agreements.selectors import cooperation_visible_to
from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.models import Partner

RESULTS = Path(__file__).resolve().parent / "results"
PERSONAS = (CITY_USER, PROVINCE_USER)


@dataclass
class Page:
    name: str
    url: str
    group: str  # registry, filter, sort, page, search, dashboard, agenda, detail
    search: str = ""  # the words, for the ILIKE comparison


@dataclass
class Result:
    persona: str
    name: str
    group: str
    url: str
    status: int
    ms: float
    sql_ms: float
    queries: int
    bytes: int
    runs: list[float] = field(default_factory=list)
    ilike_ms: float | None = None
    ilike_sql_ms: float | None = None
    ilike_count: int | None = None

    @property
    def ratio(self) -> float:
        return self.ms / self.sql_ms if self.sql_ms else 0.0


# --- The pages -------------------------------------------------------------------------------


def _url(name: str, args: list[Any] | None = None, **query: Any) -> str:
    url = reverse(name, args=args)
    return f"{url}?{urlencode(query)}" if query else url


def pages_for(user: User) -> list[Page]:
    """Every page timed for `user`, with filter values taken from what the user sees."""
    visible = cooperation_visible_to(user)
    registry = "agreements:list"
    opd = (
        Opd.objects.filter(tenant_id=user.tenant_id)
        .filter(Q(executed_parties__cooperation__in=visible.values("pk")))
        .order_by("id")
        .first()
    )
    # The registry offers the first 300 partners by name: take a third party among them.
    offered = list(
        Partner.objects.filter(parties__cooperation__in=visible.values("pk"))
        .distinct()
        .order_by("name")[:300]
    )
    partner = next((p for p in offered if p.kind == PartnerKind.THIRD_PARTY), None) or (
        offered[0] if offered else None
    )
    case = (
        visible.filter(stage=Stage.IN_FORCE)
        .filter(Exists(Document.objects.filter(cooperation=OuterRef("pk"), kind=DocumentKind.PKS)))
        .order_by("-id")
        .first()
        or visible.order_by("-id").first()
    )
    number = (
        DocumentParty.objects.filter(document__cooperation=case)
        .exclude(number="")
        .values_list("number", flat=True)
        .first()
        if case
        else None
    ) or "180/05/KS-Pem/2021"
    year = timezone.localdate().year - 2
    pages = [Page("registry, first page", _url(registry), "registry")]
    filters: list[tuple[str, dict[str, Any]]] = [
        ("type ksdpk", {"kind": "ksdpk"}),
        ("stage in force", {"stage": Stage.IN_FORCE}),
        ("stage pks drafting", {"stage": Stage.PKS_DRAFTING}),
        ("urusan 1.03", {"affair": "1.03"}),
        ("urusan group 2", {"affair_group": 2}),
        ("year", {"year": year}),
        ("expiring", {"expiring": "on"}),
        ("incomplete", {"evidence": "incomplete"}),
    ]
    if opd is not None:
        filters.append(("OPD", {"opd": opd.pk}))
    if partner is not None:
        filters.append(("partner", {"partner": partner.pk}))
    pages += [Page(f"filter {name}", _url(registry, **query), "filter") for name, query in filters]
    sorts = ["title", "-title", "stage", "-stage", "signed_on", "ends_on", "-ends_on", "kind"]
    pages += [Page(f"sort {s}", _url(registry, sort=s), "sort") for s in sorts]
    pages.append(Page("page 50", _url(registry, page=50), "page"))
    searches = [
        ("common word", COMMON_WORD),
        ("rare word", RARE_WORD),
        ("two words", TWO_WORDS),
        ("document number", number),
    ]
    if partner is not None:
        searches.append(("partner name", partner.name))
    pages += [
        Page(f"search {name}", _url(registry, q=text), "search", search=text)
        for name, text in searches
    ]
    pages.append(Page("dashboard", _url("agreements:dashboard"), "dashboard"))
    pages.append(Page("agenda", _url("agreements:agenda"), "agenda"))
    if case is not None:
        pages.append(Page("case detail", _url("agreements:detail", [case.pk]), "detail"))
    return pages


# --- Today's ILIKE search, the baseline of the search goal -----------------------------------


def ilike_search(user: User, text: str) -> tuple[int, list[int]]:
    """The plain `icontains` search the registry's `q` did before full-text search: every word
    in the title, scope, purpose, a party's name, a party's number of an agreement or a letter's
    number; the count and the first page, newest first."""
    queryset: QuerySet[Cooperation] = cooperation_visible_to(user)
    for word in text.split()[:8]:
        queryset = queryset.filter(
            Q(title__icontains=word)
            | Q(scope__icontains=word)
            | Q(purpose__icontains=word)
            | Q(
                Exists(
                    Party.objects.filter(cooperation=OuterRef("pk"), partner__name__icontains=word)
                )
            )
            | Q(
                Exists(
                    DocumentParty.objects.filter(
                        document__cooperation=OuterRef("pk"), number__icontains=word
                    )
                )
            )
            | Q(Exists(Document.objects.filter(cooperation=OuterRef("pk"), number__icontains=word)))
        )
    count = queryset.count()
    first = list(queryset.order_by("-signed_on", "-id").values_list("pk", flat=True)[:25])
    return count, first


# --- Measuring -------------------------------------------------------------------------------


@dataclass
class _Sql:
    seconds: float = 0.0
    count: int = 0

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


@contextmanager
def _timed_sql() -> Iterator[_Sql]:
    sql = _Sql()
    with connection.execute_wrapper(sql):
        yield sql


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 1) if values else 0.0


def measure(
    client: Client,
    persona: str,
    page: Page,
    repeat: int,
    *,
    warmup: bool = True,
    budget: float = 0,
) -> Result:
    """Time one page: a warm-up request (caches, plans, the OS page cache), then `repeat`
    requests — fewer when `budget` (seconds) would be exceeded at the warm-up's pace, at least
    one (a slow page at 500,000 cases would otherwise take many minutes; `runs` shows how many
    were made)."""
    if warmup:
        started = time.perf_counter()
        client.get(page.url)
        took = time.perf_counter() - started
        if budget and took * repeat > budget:
            repeat = max(1, int(budget / took))
    runs, sql_runs = [], []
    status, size, queries = 0, 0, 0
    for _ in range(repeat):
        with _timed_sql() as sql:
            started = time.perf_counter()
            response = client.get(page.url)
            elapsed = time.perf_counter() - started
        runs.append(elapsed * 1000)
        sql_runs.append(sql.seconds * 1000)
        status, size, queries = response.status_code, len(response.content), sql.count
    result = Result(
        persona=persona,
        name=page.name,
        group=page.group,
        url=page.url,
        status=status,
        ms=_median(runs),
        sql_ms=_median(sql_runs),
        queries=queries,
        bytes=size,
        runs=[round(r, 1) for r in runs],
    )
    if page.search:
        user = User.objects.get(username=persona)
        if warmup:
            ilike_search(user, page.search)
        ilike_runs, ilike_sql = [], []
        for _ in range(repeat):
            with _timed_sql() as sql:
                started = time.perf_counter()
                count, _first = ilike_search(user, page.search)
                elapsed = time.perf_counter() - started
            ilike_runs.append(elapsed * 1000)
            ilike_sql.append(sql.seconds * 1000)
        result.ilike_ms, result.ilike_sql_ms = _median(ilike_runs), _median(ilike_sql)
        result.ilike_count = count
    return result


def _client_settings() -> override_settings:
    """What the test `Client` needs against a production-like configuration: the host name
    `testserver`, no HTTPS redirect, static files without a collectstatic manifest."""
    return override_settings(
        ALLOWED_HOSTS=["testserver"],
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )


def run(
    personas: tuple[str, ...] = PERSONAS,
    *,
    repeat: int = 7,
    only: str = "",
    progress: bool = True,
    warmup: bool = True,
    budget: float = 0,
) -> list[Result]:
    """Measure every page for each persona; `only` keeps the pages whose group or name
    contains it."""
    results = []
    with _client_settings():
        for persona in personas:
            user = User.objects.get(username=persona)
            client = Client()
            client.force_login(user)
            for page in pages_for(user):
                if only and only not in page.group and only not in page.name:
                    continue
                result = measure(client, persona, page, repeat, warmup=warmup, budget=budget)
                results.append(result)
                if progress:
                    print(_row(result), flush=True)
    return results


# --- Output ----------------------------------------------------------------------------------

HEADER = (
    f"{'persona':<16}{'page':<26}{'ms':>9}{'sql ms':>9}{'ratio':>7}{'queries':>8}{'KB':>8}"
    f"{'ilike ms':>10}{'x':>7}"
)


def _row(r: Result) -> str:
    ilike = f"{r.ilike_ms:>10.1f}{r.ilike_ms / r.ms if r.ms else 0:>7.1f}" if r.ilike_ms else ""
    status = "" if r.status == 200 else f"  HTTP {r.status}"
    return (
        f"{r.persona:<16}{r.name[:25]:<26}{r.ms:>9.1f}{r.sql_ms:>9.1f}{r.ratio:>7.2f}"
        f"{r.queries:>8}{r.bytes / 1024:>8.1f}{ilike}{status}"
    )


def table(results: list[Result]) -> str:
    return "\n".join([HEADER, *(_row(r) for r in results)])


def _commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).resolve().parent,
        )
        return out.stdout.strip()
    except OSError:
        return ""


# The server settings that change the plans and the caching (docs/DEPLOYMENT.md).
POSTGRES_SETTINGS = (
    "server_version",
    "shared_buffers",
    "effective_cache_size",
    "random_page_cost",
    "work_mem",
    "jit",
    "max_parallel_workers_per_gather",
)


def _postgres_settings() -> dict[str, str]:
    if connection.vendor != "postgresql":
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)",
            [list(POSTGRES_SETTINGS)],
        )
        return dict(cursor.fetchall())


def write_json(results: list[Result], repeat: int, path: Path | None = None) -> Path:
    n = Cooperation.objects.count()
    path = path or RESULTS / f"{connection.vendor}-{n}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "vendor": connection.vendor,
        "n": n,
        "documents": Document.objects.count(),
        "visible": {
            p: cooperation_visible_to(User.objects.get(username=p)).count()
            for p in {r.persona for r in results}
        },
        "repeat": repeat,
        "at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "cpus": os.cpu_count(),
        # The machine's load when the run ended (1, 5, 15 minutes): a busy machine slows every
        # page; a run for the record wants an idle one.
        "load": [round(x, 2) for x in os.getloadavg()],
        "postgres_settings": _postgres_settings(),
        "results": [{**asdict(r), "ratio": round(r.ratio, 2)} for r in results],
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per page (median)")
    parser.add_argument("--persona", action="append", help=f"default: {', '.join(PERSONAS)}")
    parser.add_argument("--only", default="", help="only pages whose group or name contains it")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/…)")
    parser.add_argument(
        "--budget",
        type=float,
        default=120,
        help="seconds per page at most: fewer repeats for a slow page (0 = no limit)",
    )
    args = parser.parse_args(argv)
    personas = tuple(args.persona or PERSONAS)
    missing = [p for p in personas if not User.objects.filter(username=p).exists()]
    if missing:
        print(f"no user {', '.join(missing)}: run `make bench-data` first", file=sys.stderr)
        return 2
    # Not `setup_test_environment()`: it instruments every template render (a signal and a copy
    # of the context per include, 30–40 ms on a registry page) that a production server never
    # pays. The test `Client` needs only its host name allowed (`_client_settings`).
    logging.getLogger("axes").setLevel(logging.WARNING)  # a line per force_login otherwise
    # WhiteNoise warns that STATIC_ROOT was never collected: the bench serves no static file.
    warnings.filterwarnings("ignore", message="No directory at")
    n = Cooperation.objects.count()
    print(f"bench: {connection.vendor}, N={n:,}, median of {args.repeat}\n{HEADER}")
    results = run(personas, repeat=args.repeat, only=args.only, budget=args.budget)
    path = write_json(results, args.repeat, args.output)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\nwritten to {path} (load average {load} on {os.cpu_count()} CPUs)")
    failed = [r for r in results if r.status != 200]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
