"""Benchmark: the registry page and search over many cooperations.

    DEBUG=1 DATA_DIR=/tmp/kerjasama-bench .venv/bin/python bench/registry.py [N]

Builds N cooperations (default 20,000) between random Kalimantan Barat regions in a scratch
database (SQLite by default; set DATABASE_URL for PostgreSQL), then times the registry's first
page, a text search, the expiring filter and the dashboard for a secretariat user, and prints
queries per request and peak memory. Not a test: numbers go in the closing note / CHANGELOG.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time
import tracemalloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def build(n: int):
    from kerjasama.accounts.models import Role, RoleGrant, Tenant, User
    from kerjasama.agreements.models import Cooperation, Document, DocumentParty, Party
    from kerjasama.partners.services import partner_for_region
    from kerjasama.reference.models import GovernmentAffair, Region

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    home = Region.objects.get(code="61.72")
    tenant, _ = Tenant.objects.get_or_create(region=home)
    user, created = User.objects.get_or_create(username="bench", defaults={"tenant": tenant})
    if created:
        RoleGrant.objects.create(user=user, role=Role.SECRETARIAT)
    if Cooperation.objects.count() >= n:
        return user
    rng = random.Random(7)
    others = [partner_for_region(r) for r in Region.objects.filter(code__startswith="61.")]
    own = partner_for_region(home)
    affairs = list(GovernmentAffair.objects.all())
    today = dt.date.today()
    with transaction.atomic():
        for i in range(n - Cooperation.objects.count()):
            start = today - dt.timedelta(days=rng.randint(0, 2500))
            end = start + dt.timedelta(days=rng.randint(365, 1825))
            c = Cooperation.objects.create(
                kind="ksdd",
                ksdd_category="sukarela",
                stage="in_force",
                title=f"Kerja sama bidang {rng.choice(affairs).name} {i}",
                signed_on=start,
                ends_on=end,
            )
            c.affairs.set(rng.sample(affairs, 3))
            p1 = Party.objects.create(cooperation=c, partner=own, order=1)
            Party.objects.create(
                cooperation=c, partner=rng.choice([o for o in others if o != own]), order=2
            )
            d = Document.objects.create(
                cooperation=c,
                kind="kb",
                title="KB",
                status="signed",
                signed_on=start,
                start_date=start,
                end_date=end,
            )
            DocumentParty.objects.create(document=d, party=p1, number=f"{i}/KS/{start.year}")
    return user


def timed(client: Client, url: str, repeat: int = 5) -> tuple[float, int]:
    best = float("inf")
    for _ in range(repeat):
        connection.queries_log.clear()  # building the data filled the log's 9,000 slots
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, HTTP_HOST="localhost")
            best = min(best, time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return best, len(queries)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    user = build(n)
    client = Client()
    client.force_login(user)
    tracemalloc.start()
    for label, url in [
        ("registry first page", "/kerjasama/"),
        ("registry sorted by end", "/kerjasama/?sort=ends_on"),
        ("text search", "/kerjasama/?q=Pariwisata"),
        ("expiring filter", "/kerjasama/?expiring=on"),
        ("dashboard", "/"),
    ]:
        seconds, queries = timed(client, url)
        print(f"{label:24s} {seconds * 1000:8.1f} ms  {queries:3d} queries")
    print(
        f"peak traced memory {tracemalloc.get_traced_memory()[1] / 1e6:.1f} MB over {n} records "
        f"on {connection.vendor}"
    )


if __name__ == "__main__":
    main()
