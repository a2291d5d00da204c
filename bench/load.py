"""A bounded load test of the running application on loopback (issue 8, item 6).

    make serve                                   # the app under gunicorn on 127.0.0.1:$(PORT)
    make load USERS=10 DURATION=30               # in another shell; USERS=10,50 runs both
    .venv/bin/python bench/load.py --url http://127.0.0.1:8000 --users 10,50 --duration 30

Each virtual user logs in through the real login form (a CSRF token from the form, one session
per virtual user) as one of the bench personas in turn, then requests pages one after another
with no pause, in the proportions of MIX: the registry's first page, the registry with one filter
or a sort, deeper registry pages (following each page's "next" link, so it works whatever the
pagination), a text search, a case's record (cases found on the registry pages) and the
dashboard. Every response must be a 200 (a redirect to the login page is an error too).

It prints, per page and overall, requests, errors and p50/p95/p99 latency (measured by the
client: from sending the request to the last byte of the body), the requests per second, and
writes the same as JSON to bench/results/load-<vendor>-<users>.json (vendor: the DATABASE_URL of
this shell, as `make serve` uses it, or --vendor).

Bounded: a fixed duration (at most 600 s), at most --max-requests requests, at most 200 users,
and it refuses a host that is not a loopback address unless --allow-remote.

Only the standard library: one thread per virtual user with its own keep-alive connection
(http.client). On a 2-core machine the client takes CPU from the server it measures; the numbers
are therefore a lower bound of what the server does alone (docs/DEPLOYMENT.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import http.client
import ipaddress
import json
import math
import os
import platform
import random
import re
import socket
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

# The personas of bench/data.py (make bench-data) and their known password.
DEFAULT_LOGINS = "bench.surabaya,bench.jatim,bench.pupr.surabaya"
DEFAULT_PASSWORD = "bench-kerjasama"  # noqa: S105 (a bench database's known login)
# Share of each page in the mix, in percent: what a secretariat's working day looks like —
# mostly the registry and records, searches, the dashboard when coming back to the site.
MIX = {
    "registry": 20,
    "registry_filter": 20,
    "registry_page": 10,
    "search": 15,
    "detail": 25,
    "dashboard": 10,
}
SEARCH_TERMS = [
    "pengelolaan",
    "kesehatan",
    "pendidikan",
    "pariwisata",
    "jalan",
    "air minum",
    "sampah",
    "pelatihan",
    "KS",
    "2021",
    "180/05",
    "universitas",
]
SORTS = ["title", "-title", "stage", "-stage", "signed_on", "-signed_on", "ends_on", "-ends_on"]
FILTER_SELECTS = ["kind", "stage", "affair", "year", "opd"]
MAX_USERS, MAX_DURATION, MAX_REQUESTS = 200, 600.0, 1_000_000
# Deeper than this the "next" walk starts again at page 2 (the goal's "page 50").
MAX_DEPTH = 50
GOAL = {"req_per_s": 150, "p99_ms": 300, "errors": 0}
RESULTS_DIR = Path(__file__).resolve().parent / "results"

LOGIN_PATH = "/akun/masuk/"
REGISTRY_PATH = "/kerjasama/"


class LoadError(Exception):
    """The run cannot start (a refused host, a failed login): the message says why."""


# --- HTTP ------------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    location: str
    body: str


class Browser:
    """One virtual user: a keep-alive connection and a cookie jar."""

    def __init__(self, base: urllib.parse.SplitResult, timeout: float) -> None:
        self.base = base
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            host, port = self.base.hostname or "127.0.0.1", self.base.port
            if self.base.scheme == "https":
                self.conn = http.client.HTTPSConnection(host, port, timeout=self.timeout)
            else:
                self.conn = http.client.HTTPConnection(host, port, timeout=self.timeout)
        return self.conn

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Response:
        headers = {
            "Host": self.base.netloc,
            "User-Agent": "kerjasama-load/1 (bench/load.py)",
            "Accept": "text/html",
            "Accept-Language": "id",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            origin = f"{self.base.scheme}://{self.base.netloc}"
            headers["Origin"] = origin
            headers["Referer"] = origin + path
        # A kept-alive connection the server has closed in the meantime fails on first use:
        # one retry on a new connection (every request here is safe to repeat).
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, path, body=body, headers=headers)
                raw = conn.getresponse()
                data = raw.read()
            except (http.client.HTTPException, OSError):
                self.close()
                if attempt == 2:
                    raise
                continue
            for header in raw.headers.get_all("Set-Cookie") or []:
                jar: SimpleCookie = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            if raw.will_close:
                self.close()
            return Response(
                raw.status, raw.getheader("Location", ""), data.decode("utf-8", "replace")
            )
        raise AssertionError("unreachable")  # pragma: no cover

    def login(self, username: str, password: str) -> None:
        page = self.request("GET", LOGIN_PATH)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        if page.status != 200 or not match:
            raise LoadError(f"the login page {LOGIN_PATH} answered {page.status} without a form")
        answer = self.request(
            "POST",
            LOGIN_PATH,
            {"csrfmiddlewaretoken": match.group(1), "username": username, "password": password},
        )
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise LoadError(
                f"logging in as {username!r} failed ({answer.status}): does the user exist with "
                "this password? `make bench-data` creates the bench personas (bench/README.md), "
                "bench/load_users.py creates them on any database."
            )


# --- Pages ------------------------------------------------------------------------------------


def detail_paths(body: str) -> set[str]:
    return set(re.findall(r'href="(/kerjasama/\d+/)"', body))


def next_page(body: str) -> str | None:
    """The "next" link of a page's pagination: the first link after the current page."""
    nav = re.search(r'<nav class="pagination".*?</nav>', body, re.S)
    if not nav:
        return None
    after = nav.group(0).split('class="current"', 1)
    if len(after) < 2:
        return None
    link = re.search(r'href="([^"]+)"', after[1])
    if not link:
        return None
    href = html.unescape(link.group(1))
    return REGISTRY_PATH + href if href.startswith("?") else href


def select_options(body: str, name: str) -> list[str]:
    block = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', body, re.S)
    if not block:
        return []
    values = re.findall(r'<option value="([^"]*)"', block.group(1))
    return [html.unescape(v) for v in values if v]


@dataclass
class Catalogue:
    """What the first registry page offers: filter values, case records, the next page."""

    filters: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    first_next: str | None = None

    @classmethod
    def read(cls, body: str) -> Catalogue:
        filters = [f"{REGISTRY_PATH}?sort={urllib.parse.quote(s)}" for s in SORTS]
        filters += [f"{REGISTRY_PATH}?expiring=on", f"{REGISTRY_PATH}?evidence=incomplete"]
        for name in FILTER_SELECTS:
            for value in select_options(body, name)[:40]:
                filters.append(f"{REGISTRY_PATH}?{urllib.parse.urlencode({name: value})}")
        return cls(filters, sorted(detail_paths(body)), next_page(body))


# --- Virtual users ------------------------------------------------------------------------------


@dataclass
class Sample:
    page: str
    path: str
    status: int
    ms: float
    error: str = ""


class Run:
    def __init__(self, args: argparse.Namespace, users: int) -> None:
        self.args = args
        self.users = users
        self.base = urllib.parse.urlsplit(args.url)
        self.samples: list[Sample] = []
        self.lock = threading.Lock()
        self.started = 0  # requests begun in the measured phase
        self.measure_from = 0.0
        self.stop_at = 0.0
        self.failures: list[str] = []
        self.ready = threading.Barrier(users + 1)
        self.go = threading.Event()

    def claim(self) -> bool:
        """May this user begin another measured request?"""
        if time.perf_counter() >= self.stop_at:
            return False
        with self.lock:
            if self.started >= self.args.max_requests:
                return False
            self.started += 1
            return True

    def user(self, index: int, login_slots: threading.Semaphore) -> None:
        rng = random.Random(self.args.seed * 1000 + index)
        browser = Browser(self.base, self.args.timeout)
        logins = self.args.logins
        try:
            with login_slots:
                browser.login(logins[index % len(logins)], self.args.password)
            first = browser.request("GET", REGISTRY_PATH)
            if first.status != 200:
                raise LoadError(f"the registry answered {first.status} after logging in")
            catalogue = Catalogue.read(first.body)
        except Exception as exc:  # any failure here must still reach the barrier below
            with self.lock:
                self.failures.append(f"user {index}: {exc}")
            self.ready.wait()
            return
        self.ready.wait()
        self.go.wait()
        details = list(catalogue.details)
        known = set(details)
        next_href, depth = catalogue.first_next, 2
        pages, weights = list(MIX), list(MIX.values())
        while True:
            measured = time.perf_counter() >= self.measure_from
            if measured and not self.claim():
                break
            page = rng.choices(pages, weights)[0]
            if page == "registry":
                path = REGISTRY_PATH
            elif page == "registry_filter":
                path = rng.choice(catalogue.filters)
            elif page == "registry_page":
                if next_href is None or depth > MAX_DEPTH:
                    next_href, depth = catalogue.first_next, 2
                path = next_href or REGISTRY_PATH
            elif page == "search":
                path = f"{REGISTRY_PATH}?{urllib.parse.urlencode({'q': rng.choice(SEARCH_TERMS)})}"
            elif page == "detail":
                path = rng.choice(details) if details else REGISTRY_PATH
            else:
                path = "/"
            began = time.perf_counter()
            try:
                answer = browser.request("GET", path)
                status, error = answer.status, ""
                if status != 200:
                    error = f"HTTP {status}" + (f" to {answer.location}" if answer.location else "")
            except (OSError, http.client.HTTPException) as exc:
                answer, status, error = None, 0, f"{type(exc).__name__}: {exc}"
            ms = (time.perf_counter() - began) * 1000
            if answer is not None and status == 200 and page.startswith("registry"):
                for found in detail_paths(answer.body):
                    if found not in known and len(known) < 5000:
                        known.add(found)
                        details.append(found)
                if page == "registry_page":
                    next_href, depth = next_page(answer.body), depth + 1
            if measured:
                with self.lock:
                    self.samples.append(Sample(page, path, status, ms, error))
        browser.close()

    def execute(self) -> dict[str, Any]:
        login_slots = threading.Semaphore(4)  # password hashing is CPU-heavy: not all at once
        threads = [
            threading.Thread(target=self.user, args=(i, login_slots), daemon=True)
            for i in range(self.users)
        ]
        for thread in threads:
            thread.start()
        self.ready.wait()
        if self.failures:
            self.go.set()
            raise LoadError("; ".join(self.failures[:3]))
        now = time.perf_counter()
        self.measure_from = now + self.args.warmup
        self.stop_at = self.measure_from + self.args.duration
        started_at = dt.datetime.now(dt.UTC)
        self.go.set()
        for thread in threads:
            thread.join(self.args.warmup + self.args.duration + self.args.timeout + 30)
        elapsed = min(time.perf_counter(), self.stop_at + self.args.timeout) - self.measure_from
        return summarise(self, elapsed, started_at)


# --- Results ----------------------------------------------------------------------------------


def percentile(values: list[float], p: float) -> float | None:
    """Nearest-rank percentile of the values (None for none)."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)], 1)


def stats(samples: list[Sample], elapsed: float) -> dict[str, Any]:
    times = [s.ms for s in samples]
    return {
        "requests": len(samples),
        "errors": sum(1 for s in samples if s.error),
        "req_per_s": round(len(samples) / elapsed, 1) if elapsed > 0 else None,
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "p99_ms": percentile(times, 99),
        "max_ms": round(max(times), 1) if times else None,
        "mean_ms": round(sum(times) / len(times), 1) if times else None,
    }


def vendor_of(url: str) -> str:
    return (
        "postgresql" if url.startswith(("postgres://", "postgresql://", "pgsql://")) else "sqlite"
    )


def summarise(run: Run, elapsed: float, started_at: dt.datetime) -> dict[str, Any]:
    args = run.args
    overall = stats(run.samples, elapsed)
    pages = {
        page: stats([s for s in run.samples if s.page == page], elapsed)
        for page in MIX
        if any(s.page == page for s in run.samples)
    }
    errors = [
        {"page": s.page, "path": s.path, "status": s.status, "error": s.error}
        for s in run.samples
        if s.error
    ][:20]
    return {
        "tool": "bench/load.py",
        "format": 1,
        "started_at": started_at.isoformat(timespec="seconds"),
        "url": args.url,
        "vendor": args.vendor,
        "users": run.users,
        "duration_s": args.duration,
        "elapsed_s": round(elapsed, 2),
        "warmup_s": args.warmup,
        "max_requests": args.max_requests,
        "logins": args.logins,
        "mix_percent": MIX,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": platform.platform(),
        },
        **overall,
        "pages": pages,
        "error_samples": errors,
        "goal": GOAL,
        "goal_met": (
            overall["errors"] == GOAL["errors"]
            and (overall["req_per_s"] or 0) >= GOAL["req_per_s"]
            and overall["p99_ms"] is not None
            and overall["p99_ms"] <= GOAL["p99_ms"]
        ),
    }


def table(result: dict[str, Any]) -> str:
    def cell(value: Any) -> str:
        return "—" if value is None else str(value)

    lines = [
        f"{result['users']} users, {result['vendor']}, {result['elapsed_s']} s against "
        f"{result['url']}",
        f"{'page':18s} {'requests':>9s} {'errors':>7s} {'req/s':>7s} {'p50 ms':>8s} "
        f"{'p95 ms':>8s} {'p99 ms':>8s} {'max ms':>8s}",
    ]
    rows = [*result["pages"].items(), ("all", result)]
    for name, row in rows:
        lines.append(
            f"{name:18s} {row['requests']:9d} {row['errors']:7d} {cell(row['req_per_s']):>7s} "
            f"{cell(row['p50_ms']):>8s} {cell(row['p95_ms']):>8s} {cell(row['p99_ms']):>8s} "
            f"{cell(row['max_ms']):>8s}"
        )
    goal = result["goal"]
    lines.append(
        f"goal (PostgreSQL, 500k, 2 cores): ≥ {goal['req_per_s']} req/s, p99 ≤ {goal['p99_ms']} ms, "
        f"no errors — {'met' if result['goal_met'] else 'not met'}"
    )
    for error in result["error_samples"][:5]:
        lines.append(f"  error: {error['page']} {error['path']}: {error['error']}")
    return "\n".join(lines)


# --- Command line -------------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    try:
        infos = socket.getaddrinfo(host, None)
    except socket.gaierror:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0]).is_loopback for info in infos)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="A bounded load test of the running Kerjasama on loopback (bench/load.py)."
    )
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running app")
    parser.add_argument(
        "--users", default="10", help="concurrent virtual users; a list such as 10,50 runs each"
    )
    parser.add_argument("--duration", type=float, default=30.0, help="measured seconds per run")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds first")
    parser.add_argument("--max-requests", type=int, default=100_000, help="per run, at most")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    parser.add_argument("--logins", default=DEFAULT_LOGINS, help="comma-separated usernames")
    parser.add_argument("--password", default=os.environ.get("LOAD_PASSWORD", DEFAULT_PASSWORD))
    parser.add_argument(
        "--vendor",
        default=vendor_of(os.environ.get("DATABASE_URL", "")),
        help="the server's database, for the result's name (default: from DATABASE_URL)",
    )
    parser.add_argument("--out", type=Path, help="JSON file (default bench/results/load-…)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--allow-remote", action="store_true", help="allow a host that is not loopback"
    )
    args = parser.parse_args(argv)
    try:
        args.users = [int(u) for u in str(args.users).split(",") if u.strip()]
    except ValueError:
        parser.error(f"--users must be whole numbers such as 10 or 10,50, not {args.users!r}")
    if not args.users or not all(1 <= u <= MAX_USERS for u in args.users):
        parser.error(f"--users must be between 1 and {MAX_USERS}")
    if not 0 < args.duration <= MAX_DURATION:
        parser.error(f"--duration must be more than 0 and at most {MAX_DURATION:.0f} seconds")
    if not 0 <= args.warmup <= 60:
        parser.error("--warmup must be between 0 and 60 seconds")
    if not 1 <= args.max_requests <= MAX_REQUESTS:
        parser.error(f"--max-requests must be between 1 and {MAX_REQUESTS}")
    if args.out is not None and len(args.users) > 1:
        parser.error("--out names one file: give one --users value with it")
    args.logins = [u.strip() for u in args.logins.split(",") if u.strip()]
    if not args.logins:
        parser.error("--logins names no user")
    base = urllib.parse.urlsplit(args.url)
    if base.scheme not in ("http", "https") or not base.hostname:
        parser.error(
            f"--url must be an http(s) address such as http://127.0.0.1:8000, not {args.url!r}"
        )
    if not args.allow_remote and not is_loopback(base.hostname):
        parser.error(
            f"{base.hostname} is not a loopback address: this load test runs against the local "
            "machine only (--allow-remote to load another host you are responsible for)"
        )
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    failed = False
    for users in args.users:
        try:
            result = Run(args, users).execute()
        except LoadError as exc:
            print(f"load test not run: {exc}", file=sys.stderr)
            return 2
        print(table(result))
        out = args.out or RESULTS_DIR / f"load-{args.vendor}-{users}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"written: {out}")
        failed = failed or result["errors"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
