"""The logins of the load test (bench/load.py) and a few thousand simple cases, on any database.

    DEBUG=1 DATA_DIR=var/load .venv/bin/python bench/load_users.py --cases 3000
    DATABASE_URL=postgres://…/kerjasama_load DEBUG=1 .venv/bin/python bench/load_users.py

A stopgap for trying the load test on a small database: `make bench-data` (bench/data.py) builds
the realistic national data set with the same personas and password, and is what the measurement
uses. This script creates what is missing, idempotently: the reference data, the tenants Kota
Surabaya (35.78) and Provinsi Jawa Timur (35), the users bench.surabaya (secretariat),
bench.jatim (secretariat and province oversight) and bench.pupr.surabaya (an OPD officer) with the
password of bench/load.py, and cases in force between Surabaya and other regions of Jawa Timur up
to --cases, each with a signed KB carrying a number. Not through the services (no audit trail,
no deadlines): load data only, never on a database that matters.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from kerjasama.accounts.models import Opd, Role, RoleGrant, Tenant, User  # noqa: E402
from kerjasama.agreements.models import Cooperation, Document, DocumentParty, Party  # noqa: E402
from kerjasama.partners.services import partner_for_region  # noqa: E402
from kerjasama.reference.models import GovernmentAffair, Region  # noqa: E402

PASSWORD = "bench-kerjasama"  # noqa: S105 (bench/load.py's default; a load database's login)
TOPICS = ["Pengelolaan sampah", "Pelayanan kesehatan", "Pendidikan vokasi", "Pariwisata",
          "Jalan penghubung", "Air minum", "Pelatihan aparatur", "Kerja sama universitas"]  # fmt: skip


def personas() -> None:
    city, _ = Tenant.objects.get_or_create(region=Region.objects.get(code="35.78"))
    province, _ = Tenant.objects.get_or_create(region=Region.objects.get(code="35"))
    opd, _ = Opd.objects.get_or_create(
        tenant=city, name="Dinas PUPR", defaults={"short_name": "PUPR"}
    )
    for username, tenant, roles, user_opd in (
        ("bench.surabaya", city, [Role.SECRETARIAT], None),
        ("bench.jatim", province, [Role.SECRETARIAT, Role.PROVINCE_OVERSIGHT], None),
        ("bench.pupr.surabaya", city, [Role.OPD_OFFICER], opd),
    ):
        user, _ = User.objects.get_or_create(
            username=username, defaults={"tenant": tenant, "opd": user_opd}
        )
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
        for role in roles:
            RoleGrant.objects.get_or_create(user=user, role=role)


def cases(n: int, seed: int) -> int:
    have = Cooperation.objects.count()
    if have >= n:
        return 0
    rng = random.Random(seed + have)
    own = partner_for_region(Region.objects.get(code="35.78"))
    others = [
        partner_for_region(r)
        for r in Region.objects.filter(code__startswith="35.").exclude(code="35.78")
    ]
    affairs = list(GovernmentAffair.objects.all())
    today = dt.date.today()
    with transaction.atomic():
        for i in range(have, n):
            start = today - dt.timedelta(days=rng.randint(0, 2500))
            end = start + dt.timedelta(days=rng.randint(365, 1825))
            c = Cooperation.objects.create(
                kind="ksdd",
                ksdd_category="sukarela",
                stage="in_force" if end > today else "ended",
                title=f"{rng.choice(TOPICS)} {rng.choice(others).name} {i}",
                signed_on=start,
                ends_on=end,
            )
            c.affairs.set(rng.sample(affairs, 2))
            first = Party.objects.create(cooperation=c, partner=own, order=1)
            Party.objects.create(cooperation=c, partner=rng.choice(others), order=2)
            kb = Document.objects.create(
                cooperation=c,
                kind="kb",
                title="Kesepakatan Bersama",
                status="signed",
                signed_on=start,
                start_date=start,
                end_date=end,
            )
            DocumentParty.objects.create(
                document=kb, party=first, number=f"180/{i % 97:02d}/KS-Pem/{start.year}"
            )
    return n - have


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    personas()
    made = cases(args.cases, args.seed)
    print(
        f"{made} cases made, {Cooperation.objects.count()} in all; logins bench.surabaya, "
        f"bench.jatim, bench.pupr.surabaya (password {PASSWORD})"
    )


if __name__ == "__main__":
    main()
