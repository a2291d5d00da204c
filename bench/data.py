"""Build a realistic national-scale data set for the benchmark (issue 8, item 5).

    make bench-data N=50000                      # SQLite in var/bench/ (BENCH_DATA_DIR)
    DATABASE_URL=postgres://…/kerjasama_bench make bench-data N=500000

or directly: `.venv/bin/python -m bench.data --n 50000 [--seed 8] [--force]`.

What it writes (bench/README.md has the numbers): 50 tenant regions (provinces, kabupaten and
kota; Jawa Timur with seven of its kabupaten/kota, so that its province user oversees many), their
OPDs, partners (every region, companies, universities, BUMD, foreign governments and
institutions, ministries), N cooperations over every type and every stage (most in force or
ended), 2–3 parties each, urusan, about four documents per case with Indonesian numbers such as
"180/05/KS-Pem/2021" and "119/12/2020", and deadlines (open and met, some overdue, some ending
within 90 days). Kota Surabaya's secretariat sees about 14.5 % of the cases, the province of
Jawa Timur about 37.5 % (the shares issue 8 measured). Two users with a known password
(printed at the end) are the benchmark's personas.

Fast, not through the services: rows are generated in Python and written with COPY on
PostgreSQL (psycopg 3 `cursor.copy`, one transaction per chunk) and `executemany` in one
transaction on SQLite (synchronous=OFF while loading). Tables and columns come from each
model's `_meta` (a column added with a default or NULL is filled by itself); nothing is dropped
or disabled; ANALYZE runs at the end.

Derived rows that the services keep (a search vector, a visibility table, summary rows) are
not written by the services here: a feature that adds them registers its rebuild function in
`POST_LOAD_HOOKS`, which runs after the load.

It refuses a database that holds anything but bench data (tenants not marked as bench tenants,
cooperations registered by them) unless `--force`. Bench data already there is deleted first,
and so is everything with `--force`: use a database of its own.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import random
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any

if __name__ == "__main__":  # `python -m bench.data`: Django is set up before the models load
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")
    import django

    django.setup()

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone

from kerjasama.accounts.models import Opd, Role, RoleGrant, Tenant, User
from kerjasama.agreements.enums import (
    AGREEMENT_KINDS,
    EXPIRING_KINDS,
    FOREIGN_KINDS,
    STAGES_BY_KIND,
    TERM_KINDS,
    TERMINAL_STAGES,
    CooperationKind,
    DocumentKind,
    DocumentStatus,
    KsddCategory,
    KsdllBasis,
    KsdpkKind,
    KsdplForm,
    MandatoryFormPMDN22,
    MandatoryFormUU23,
    ReportAddressee,
    Stage,
)
from kerjasama.agreements.models import Cooperation, Document, DocumentParty, Party
from kerjasama.agreements.selectors import cooperation_visible_to
from kerjasama.partners.enums import ForeignInstitutionType, PartnerKind, ThirdPartyType
from kerjasama.partners.models import Partner, normalize_name
from kerjasama.reference.models import GovernmentAffair, Region, RegionLevel
from kerjasama.reference.services import reference_load_all

# Marks the tenants this script made: a database whose tenants all carry it holds bench data.
BENCH_MARK = "KERJASAMA BENCH DATA (bench/data.py)"
PASSWORD = "bench-kerjasama"  # noqa: S105 (a bench database's known login, printed)
# The personas of bench/run.py: a large city's secretariat, and a province's secretariat that
# also oversees the kabupaten/kota of its province.
CITY_CODE, PROVINCE_CODE = "35.78", "35"  # Kota Surabaya, Provinsi Jawa Timur
CITY_USER, PROVINCE_USER, OPD_USER = "bench.surabaya", "bench.jatim", "bench.pupr.surabaya"
# Tenants of the province besides the city (kota and kabupaten): the province sees ~37 %.
PROVINCE_TENANTS = ["35.73", "35.71", "35.15", "35.25", "35.10", "35.09"]
# A second cluster (the demo's province) and other large cities and provinces.
OTHER_TENANTS = ["61", "61.72", "61.71", "61.07", "32", "32.73", "33", "33.74", "51", "51.71"]
TENANTS = 50
# Share of the cases each persona's region registers (its "home"); parties add a little more.
# Issue 8's measurements: a large city's secretariat sees 29k of 200k cases (74k of 500k,
# ~14.5 %), a province 75k of 200k (~37.5 %).
CITY_HOME_SHARE, PROVINCE_HOME_SHARE, PROVINCE_OTHERS_HOME_SHARE = 0.14, 0.08, 0.022

KIND_WEIGHTS = {
    CooperationKind.KSDD: 0.45,
    CooperationKind.KSDPK: 0.35,
    CooperationKind.KSDPL: 0.07,
    CooperationKind.KSDLL: 0.05,
    CooperationKind.SINERGI: 0.08,
}
# Most cases are in force or ended; the rest spread over the other stages of their type.
IN_FORCE_SHARE, ENDED_SHARE, TAKEN_OVER_SHARE = 0.45, 0.27, 0.004
INCOMPLETE_SHARE = 0.04  # registered mid-way, still lacking evidence ("belum lengkap")
EXPIRING_SHARE = 0.06  # of the cases in force: an agreement ends within 90 days

# Words of real KSD titles. "pengelolaan" is the common word (about a third of the cases);
# "mangrove" the rare one (RARE_TOPIC, 0.2 %); "air bersih" the two words.
COMMON_WORD, RARE_WORD, TWO_WORDS = "pengelolaan", "mangrove", "air bersih"
TOPICS: list[tuple[str, float, tuple[str, ...]]] = [
    ("pengelolaan air bersih", 0.08, ("1.03",)),
    ("penyediaan air minum", 0.05, ("1.03",)),
    ("penanganan banjir dan drainase", 0.05, ("1.03", "1.05")),
    ("pengembangan pariwisata", 0.07, ("3.26",)),
    ("pembangunan dan pemeliharaan jalan", 0.06, ("1.03", "2.15")),
    ("penegasan batas daerah", 0.03, ("2.10",)),
    ("peningkatan mutu pendidikan", 0.05, ("1.01",)),
    ("pelayanan kesehatan rujukan", 0.05, ("1.02",)),
    ("pengelolaan sampah regional", 0.07, ("2.11",)),
    ("pengelolaan tempat pemrosesan akhir sampah", 0.04, ("2.11", "1.03")),
    ("pengelolaan limbah domestik", 0.03, ("2.11",)),
    ("transportasi antarwilayah", 0.04, ("2.15",)),
    ("pengembangan usaha mikro kecil dan menengah", 0.04, ("2.17", "3.30")),
    ("ketahanan pangan", 0.04, ("2.09", "3.27")),
    ("promosi penanaman modal", 0.03, ("2.18",)),
    ("pertukaran pelajar dan kebudayaan", 0.03, ("2.22", "1.01")),
    ("pengelolaan aset daerah", 0.04, ("2.10",)),
    ("sistem informasi pemerintahan", 0.03, ("2.16",)),
    ("pemberdayaan masyarakat desa", 0.03, ("2.13",)),
    ("penanggulangan bencana", 0.03, ("1.05",)),
    ("penataan kawasan permukiman", 0.03, ("1.04",)),
    ("pengelolaan perikanan tangkap", 0.02, ("3.25",)),
    ("energi baru terbarukan", 0.02, ("3.29",)),
    ("pelatihan tenaga kerja", 0.02, ("2.07",)),
    ("pelayanan administrasi kependudukan", 0.02, ("2.12",)),
]
# The rare topic: exactly one case in RARE_EVERY (0.2 %), so that even a tiny N has it.
RARE_TOPIC: tuple[str, float, tuple[str, ...]] = (
    "rehabilitasi hutan mangrove",
    0,
    ("3.28", "2.11"),
)
RARE_EVERY = 500
TITLE_PREFIXES = ["Kerja Sama", "Kerja Sama Daerah tentang", "Kesepakatan Bersama tentang"]
ACTIVITIES = [
    "perencanaan",
    "pembangunan sarana dan prasarana",
    "pengoperasian dan pemeliharaan",
    "peningkatan kapasitas sumber daya manusia",
    "pertukaran data dan informasi",
    "pendanaan bersama",
    "pendampingan teknis",
    "monitoring dan evaluasi",
    "sosialisasi kepada masyarakat",
]
OPD_NAMES = [
    ("Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PUPR"),
    ("Dinas Pendidikan", "Disdik"),
    ("Dinas Kesehatan", "Dinkes"),
    ("Dinas Pariwisata", "Dispar"),
    ("Dinas Lingkungan Hidup", "DLH"),
    ("Badan Perencanaan Pembangunan Daerah", "Bappeda"),
    ("Dinas Perhubungan", "Dishub"),
    ("Bagian Pemerintahan Sekretariat Daerah", "Bag. Pemerintahan"),
    ("Dinas Komunikasi dan Informatika", "Diskominfo"),
    ("Badan Penanggulangan Bencana Daerah", "BPBD"),
    ("Dinas Pertanian dan Ketahanan Pangan", "Distan"),
    ("Dinas Penanaman Modal dan PTSP", "DPMPTSP"),
    ("Dinas Koperasi dan Usaha Mikro", "Diskop UM"),
    ("Dinas Sosial", "Dinsos"),
]
COMPANY_WORDS = (
    ["Tirta", "Bumi", "Karya", "Sinar", "Mitra", "Cahaya", "Nusa", "Graha", "Surya", "Mega"],
    ["Kencana", "Abadi", "Sejahtera", "Mandiri", "Persada", "Utama", "Lestari", "Jaya", "Makmur"],
    ["Nusantara", "Indonesia", "Perkasa", "Sentosa", "Raya", "Prima", "Gemilang", "Bersama"],
)
UNIVERSITY_CITIES = ["Surabaya", "Airlangga", "Brawijaya", "Tanjungpura", "Diponegoro", "Udayana"]
FOREIGN_GOVERNMENTS = [
    ("City of Kitakyushu", "JP"),
    ("Busan Metropolitan City", "KR"),
    ("Gemeente Rotterdam", "NL"),
    ("City of Darwin", "AU"),
    ("Guangzhou Municipal People's Government", "CN"),
    ("Kuching North City Hall", "MY"),
    ("City of Seattle", "US"),
    ("Prefecture of Kochi", "JP"),
    ("Provincia di Bologna", "IT"),
    ("State of Queensland", "AU"),
]
FOREIGN_INSTITUTIONS = [
    ("Japan International Cooperation Agency", "JP", ForeignInstitutionType.DEVELOPMENT_PARTNER),
    ("Deutsche Gesellschaft für Internationale Zusammenarbeit", "DE", "development_partner"),
    ("Korea International Cooperation Agency", "KR", "development_partner"),
    ("Wageningen University and Research", "NL", ForeignInstitutionType.OTHER),
    ("Universiti Malaya", "MY", ForeignInstitutionType.OTHER),
    ("United Nations Development Programme", "US", "international_organisation"),
    ("Stichting Water Connects", "NL", ForeignInstitutionType.NONPROFIT),
]
MINISTRIES = [
    "Kementerian Dalam Negeri",
    "Kementerian Pekerjaan Umum dan Perumahan Rakyat",
    "Kementerian Kesehatan",
    "Kementerian Pariwisata dan Ekonomi Kreatif",
    "Badan Nasional Penanggulangan Bencana",
    "Kementerian Lingkungan Hidup dan Kehutanan",
    "Kementerian Perhubungan",
]
NUMBER_CLASSES = ["180", "119", "050", "415.4", "130", "000.2.3"]
NUMBER_UNITS = ["Pem", "PUPR", "Huk", "Setda", "Bappeda", "KS-Pem"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

# Dotted paths of functions run after the load: features that keep derived rows (a search
# vector, a visibility table, summary counts) register their rebuild here, e.g.
# "kerjasama.agreements.search.search_rebuild_all". Each is called without arguments.
POST_LOAD_HOOKS: list[str] = [
    "bench.data.access_fill",
    "kerjasama.agreements.search.search_rebuild",
]

CHUNK = 5000  # cases generated and written at a time (memory stays flat at any N)


class BenchRefused(Exception):
    """The database holds data that is not the bench's; nothing was written."""


def deadline_model() -> type[models.Model]:
    """The deadline table wherever it lives: the `deadlines` app once the model has moved there,
    else `agreements` (issue 7 moves it)."""
    try:
        return apps.get_model("deadlines", "Deadline")
    except LookupError:
        return apps.get_model("agreements", "Deadline")


# --- Writing rows: COPY on PostgreSQL, executemany on SQLite -----------------------------------


class Table:
    """One table's columns from its model's `_meta`, with the value of every column a row does
    not give: the field's default, NULL, "" or now() for auto timestamps."""

    def __init__(self, model: type[models.Model], now: Any) -> None:
        self.model = model
        self.name = model._meta.db_table
        fields = [f for f in model._meta.concrete_fields]
        self.columns = [f.column for f in fields]
        self.attnames = [f.attname for f in fields]
        self.known = set(self.attnames) | {f.name for f in fields}
        self.defaults: list[tuple[str, Any]] = []
        self.warned: set[str] = set()
        for f in fields:
            self.defaults.append((f.attname, _default(f, now)))

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        for key in values.keys() - self.known:
            if key not in self.warned:  # a field the model no longer has (a model change)
                self.warned.add(key)
                print(f"  note: {self.name} has no column {key!r}; left out", file=sys.stderr)
        out = []
        for attname, default in self.defaults:
            value = values.get(attname, default)
            if value is _REQUIRED:
                raise ValueError(f"{self.name}.{attname}: no value and no default")
            out.append(value)
        return tuple(out)


_REQUIRED = object()


def _default(f: models.Field, now: Any) -> Any:
    if f.primary_key:
        return _REQUIRED
    if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
        return now
    if f.has_default():
        value = f.get_default()
        if isinstance(f, models.JSONField):
            return json.dumps(value)
        return value
    if f.null:
        return None
    if f.empty_strings_allowed:
        return ""
    return _REQUIRED


class Writer:
    """Writes rows of one model at a time and keeps the time and count per table."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        # PostgreSQL takes an aware datetime; SQLite stores Django's naive UTC text.
        now = timezone.now()
        self.now = now if self.vendor == "postgresql" else now.replace(tzinfo=None)
        self.tables: dict[type[models.Model], Table] = {}
        self.seconds: dict[str, float] = defaultdict(float)
        self.rows: dict[str, int] = defaultdict(int)
        self.next_ids: dict[type[models.Model], int] = {}

    def table(self, model: type[models.Model]) -> Table:
        if model not in self.tables:
            self.tables[model] = Table(model, self.now)
        return self.tables[model]

    def ids(self, model: type[models.Model], count: int) -> range:
        """`count` fresh primary keys: rows carry their ids, so children need no round trip."""
        if model not in self.next_ids:
            last = model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0
            self.next_ids[model] = last + 1
        start = self.next_ids[model]
        self.next_ids[model] = start + count
        return range(start, start + count)

    def timestamp(self, day: dt.date) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(9, 0))
        return moment.replace(tzinfo=dt.UTC) if self.vendor == "postgresql" else moment

    def write(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> None:
        started = time.perf_counter()
        table = self.table(model)
        data = [table.row(r) for r in rows]
        if not data:
            return
        quote = connection.ops.quote_name
        columns = ", ".join(quote(c) for c in table.columns)
        with connection.cursor() as cursor:
            if self.vendor == "postgresql":
                sql = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
                with cursor.cursor.copy(sql) as copy:
                    for row in data:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(table.columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table.name)} ({columns}) VALUES ({marks})",  # noqa: S608 (names from _meta)
                    data,
                )
        self.seconds[table.name] += time.perf_counter() - started
        self.rows[table.name] += len(data)

    def reset_sequences(self) -> None:
        """Rows carry explicit ids: PostgreSQL's sequences are moved past them."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.tables))
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)


# --- Refusing, wiping ------------------------------------------------------------------------

# Apps whose rows the bench owns (with every table that points at them).
WIPE_APPS = ("accounts", "partners", "agreements", "deadlines", "notifications", "core")


def _tables_exist() -> bool:
    return Tenant._meta.db_table in connection.introspection.table_names()


def foreign_data() -> str:
    """What in the database is not bench data ('' when there is nothing)."""
    if not _tables_exist():
        return ""
    tenants = Tenant.objects.exclude(letterhead=BENCH_MARK).count()
    cases = Cooperation.objects.exclude(created_by_tenant__letterhead=BENCH_MARK).count()
    users = User.objects.exclude(username__startswith="bench.").count()
    found = [
        f"{n} {what}"
        for n, what in ((tenants, "tenants"), (cases, "cooperations"), (users, "users"))
        if n
    ]
    return ", ".join(found)


def _wipe_models() -> list[type[models.Model]]:
    wanted: set[type[models.Model]] = set()
    for label in WIPE_APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        wanted.update(config.get_models(include_auto_created=True))
    changed = True
    while changed:  # and every table that points at one of them (admin log, sessions …)
        changed = False
        for model in apps.get_models(include_auto_created=True):
            if model in wanted:
                continue
            if any(
                f.is_relation and f.related_model in wanted and f.concrete
                for f in model._meta.get_fields()
            ):
                wanted.add(model)
                changed = True
    return sorted(wanted, key=lambda m: m._meta.db_table)


def wipe() -> None:
    """Delete every row of the bench's tables (cases, partners, tenants, users …); the reference
    data (regions, urusan, holidays) stays."""
    tables = [m._meta.db_table for m in _wipe_models()]
    existing = set(connection.introspection.table_names())
    tables = [t for t in tables if t in existing]
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            # Inside an outer transaction (the tests) the deferred foreign-key checks of rows
            # written earlier must run before TRUNCATE may.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        return
    with (
        connection.constraint_checks_disabled(),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        for name in tables:
            cursor.execute(f"DELETE FROM {quote(name)}")  # noqa: S608 (names from _meta)


# --- The data set ----------------------------------------------------------------------------


@dataclass
class Summary:
    n: int
    vendor: str
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    table_seconds: dict[str, float] = field(default_factory=dict)
    generate_seconds: float = 0.0
    personas: dict[str, str] = field(default_factory=dict)
    city_cases: int = 0
    province_cases: int = 0


def _pick_tenant_regions(rng: random.Random) -> list[Region]:
    fixed = [CITY_CODE, PROVINCE_CODE, *PROVINCE_TENANTS, *OTHER_TENANTS]
    regions = {r.code: r for r in Region.objects.filter(code__in=fixed)}
    missing = set(fixed) - set(regions)
    if missing:
        raise BenchRefused(f"reference data lacks the regions {sorted(missing)}: load_reference")
    chosen = [regions[c] for c in fixed]
    # The rest: other provinces, kabupaten and kota of other provinces (about a third each).
    taken_provinces = {c.split(".")[0] for c in fixed}
    pool = list(
        Region.objects.filter(retired=False)
        .exclude(code__in=fixed)
        .exclude(province__code__in=taken_provinces)
        .order_by("code")
    )
    by_level = defaultdict(list)
    for region in pool:
        by_level[region.level].append(region)
    need = TENANTS - len(chosen)
    share = {RegionLevel.PROVINCE: need // 4, RegionLevel.CITY: need // 3}
    share[RegionLevel.REGENCY] = need - sum(share.values())
    for level, count in share.items():
        chosen += rng.sample(by_level[level], count)
    return chosen


def _company_name(rng: random.Random, i: int) -> tuple[str, str]:
    a, b, c = (rng.choice(words) for words in COMPANY_WORDS)
    form = i % 10
    if form < 6:
        return f"PT {a} {b} {c}", ThirdPartyType.PRIVATE_COMPANY
    if form == 6:
        return f"Perumda Air Minum Tirta {b}", ThirdPartyType.BUMD
    if form == 7:
        return f"Koperasi {a} {b}", ThirdPartyType.COOPERATIVE
    if form == 8:
        return f"Universitas {rng.choice(UNIVERSITY_CITIES)} {c}", "organisation_legal"
    return f"PT Bank {a} {c} (Persero) Tbk", ThirdPartyType.BUMN


def _abbr(name: str) -> str:
    words = [w for w in name.replace("(", " ").split() if w[:1].isupper() and w not in ("PT",)]
    return "".join(w[0] for w in words[:4]) or "X"


class Generator:
    """Builds the rows of N cases, chunk by chunk, with the reference data already loaded."""

    def __init__(self, n: int, seed: int, writer: Writer) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.w = writer
        self.today = timezone.localdate()
        self.generate_seconds = 0.0

    # Static rows: tenants, OPDs, partners, users (small) ------------------------------------

    def setup(self) -> None:
        rng, w = self.rng, self.w
        regions = _pick_tenant_regions(rng)
        ids = w.ids(Tenant, len(regions))
        w.write(
            Tenant,
            (
                {"id": i, "region_id": r.id, "letterhead": BENCH_MARK}
                for i, r in zip(ids, regions, strict=True)
            ),
        )
        self.tenants = list(zip(ids, regions, strict=True))  # (tenant id, region)
        self.tenant_by_region = {r.id: t for t, r in self.tenants}
        # OPDs: 8–14 per tenant.
        opd_rows = []
        self.opds: dict[int, list[int]] = {}
        for tenant_id, _region in self.tenants:
            names = rng.sample(OPD_NAMES, rng.randint(8, len(OPD_NAMES)))
            names.sort(key=lambda x: x[0] != OPD_NAMES[0][0])  # PUPR first where present
            opd_ids = w.ids(Opd, len(names))
            self.opds[tenant_id] = list(opd_ids)
            opd_rows += [
                {"id": i, "tenant_id": tenant_id, "name": name, "short_name": short}
                for i, (name, short) in zip(opd_ids, names, strict=True)
            ]
        w.write(Opd, opd_rows)
        # Partners: one per region, plus third parties (about N/100), foreign, ministries.
        all_regions = list(Region.objects.filter(retired=False).select_related("province"))
        self.regions = all_regions
        partner_rows = []
        region_ids = w.ids(Partner, len(all_regions))
        self.region_partner = {}
        self.region_name: dict[int, str] = {}  # partner id → "Pemerintah Kota …"
        for pid, region in zip(region_ids, all_regions, strict=True):
            name = region.government_name
            self.region_partner[region.id] = pid
            self.region_name[pid] = name
            partner_rows.append(
                {
                    "id": pid,
                    "kind": PartnerKind.REGION,
                    "name": name,
                    "name_key": normalize_name(name),
                    "region_id": region.id,
                }
            )
        third = max(60, self.n // 100)
        third_ids = w.ids(Partner, third)
        self.third_parties = list(third_ids)
        self.partner_name: dict[int, str] = {}
        for k, pid in enumerate(third_ids):
            name, kind = _company_name(rng, k)
            self.partner_name[pid] = name
            partner_rows.append(
                {
                    "id": pid,
                    "kind": PartnerKind.THIRD_PARTY,
                    "name": name,
                    "name_key": normalize_name(name),
                    "third_party_type": kind,
                    "nib": f"{9120000000000 + pid}",
                    "npwp": f"{10000000000000 + pid:016d}" if k % 3 == 0 else "",
                }
            )
        self.foreign_governments = list(w.ids(Partner, len(FOREIGN_GOVERNMENTS)))
        for pid, (name, country) in zip(self.foreign_governments, FOREIGN_GOVERNMENTS, strict=True):
            self.partner_name[pid] = name
            partner_rows.append(
                {
                    "id": pid,
                    "kind": PartnerKind.FOREIGN_GOVERNMENT,
                    "name": name,
                    "name_key": normalize_name(name),
                    "country": country,
                }
            )
        self.foreign_institutions = list(w.ids(Partner, len(FOREIGN_INSTITUTIONS)))
        for pid, (name, country, kind) in zip(
            self.foreign_institutions, FOREIGN_INSTITUTIONS, strict=True
        ):
            self.partner_name[pid] = name
            partner_rows.append(
                {
                    "id": pid,
                    "kind": PartnerKind.FOREIGN_INSTITUTION,
                    "name": name,
                    "name_key": normalize_name(name),
                    "country": country,
                    "foreign_institution_type": str(kind),
                }
            )
        self.ministries = list(w.ids(Partner, len(MINISTRIES)))
        for pid, name in zip(self.ministries, MINISTRIES, strict=True):
            self.partner_name[pid] = name
            partner_rows.append(
                {
                    "id": pid,
                    "kind": PartnerKind.CENTRAL_GOVERNMENT,
                    "name": name,
                    "name_key": normalize_name(name),
                }
            )
        w.write(Partner, partner_rows)
        self.tenant_by_partner = {
            self.region_partner[region.id]: tenant for tenant, region in self.tenants
        }
        # Who registers how many cases: the city and the province by their shares, the others
        # evenly with what is left.
        home_weights = []
        for _tenant_id, region in self.tenants:
            if region.code == CITY_CODE:
                home_weights.append(CITY_HOME_SHARE)
            elif region.code == PROVINCE_CODE:
                home_weights.append(PROVINCE_HOME_SHARE)
            elif region.code in PROVINCE_TENANTS:
                home_weights.append(PROVINCE_OTHERS_HOME_SHARE)
            else:
                home_weights.append(-1.0)
        rest = 1 - sum(x for x in home_weights if x > 0)
        others = sum(1 for x in home_weights if x < 0)
        self.home_weights = [x if x > 0 else rest / others for x in home_weights]
        self.by_province: dict[int, list[Region]] = defaultdict(list)
        for region in all_regions:
            self.by_province[region.province_id or region.id].append(region)
        self.affairs = dict(GovernmentAffair.objects.values_list("code", "id"))
        self.affair_ids = list(self.affairs.values())
        self.topic_weights = [t[1] for t in TOPICS]
        # Every (type, stage) pair once first, so that even a tiny N has each of them.
        self.pairs = [(kind, stage) for kind, stages in STAGES_BY_KIND.items() for stage in stages]

    def personas(self) -> dict[str, str]:
        by_code = {r.code: t for t, r in self.tenants}
        city, province = by_code[CITY_CODE], by_code[PROVINCE_CODE]
        made = {}
        for username, tenant_id, roles, opd in (
            (CITY_USER, city, [Role.SECRETARIAT], None),
            (PROVINCE_USER, province, [Role.SECRETARIAT, Role.PROVINCE_OVERSIGHT], None),
            (OPD_USER, city, [Role.OPD_OFFICER], self.opds[city][0]),
        ):
            user = User.objects.create_user(
                username, password=PASSWORD, tenant_id=tenant_id, opd_id=opd
            )
            RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r) for r in roles])
            made[username] = PASSWORD
        return made

    # Cases ----------------------------------------------------------------------------------

    def _kind_stage(self, index: int) -> tuple[str, str]:
        if index < len(self.pairs):
            return self.pairs[index]
        rng = self.rng
        kind = rng.choices(list(KIND_WEIGHTS), list(KIND_WEIGHTS.values()))[0]
        roll = rng.random()
        if roll < IN_FORCE_SHARE:
            return kind, Stage.IN_FORCE
        if roll < IN_FORCE_SHARE + ENDED_SHARE:
            return kind, Stage.ENDED
        if kind == CooperationKind.KSDD and roll < IN_FORCE_SHARE + ENDED_SHARE + TAKEN_OVER_SHARE:
            return kind, Stage.TAKEN_OVER
        others = [
            s
            for s in STAGES_BY_KIND[kind]
            if s not in (Stage.IN_FORCE, Stage.ENDED, Stage.TAKEN_OVER)
        ]
        return kind, rng.choice(others)

    def _region_number(self, year: int) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return (
                f"{rng.choice(NUMBER_CLASSES)}/{rng.randint(1, 60):02d}/"
                f"{rng.choice(NUMBER_UNITS)}/{year}"
            )
        return f"{rng.choice(NUMBER_CLASSES[:3])}/{rng.randint(1, 400)}/{year}"

    def _number(self, partner: int, year: int, month: int) -> str:
        if partner in self.partner_name:  # a third or foreign party numbers its own way
            return f"{self.rng.randint(1, 300):03d}/{_abbr(self.partner_name[partner])}/{ROMAN[month - 1]}/{year}"
        return self._region_number(year)

    def cases(self, start: int, count: int) -> None:
        rng, w, today = self.rng, self.w, self.today
        started = time.perf_counter()
        coop_rows, party_rows, affair_rows, doc_rows, entry_rows, deadline_rows = (
            [],
            [],
            [],
            [],
            [],
            [],
        )
        coop_ids = w.ids(Cooperation, count)
        through = Cooperation.affairs.through
        Deadline = deadline_model()
        deadline_fields = {f.name for f in Deadline._meta.get_fields()}
        subject_type = f"{Cooperation._meta.app_label}.{Cooperation._meta.model_name}"
        homes = rng.choices(self.tenants, self.home_weights, k=count)
        for offset, coop_id in enumerate(coop_ids):
            kind, stage = self._kind_stage(start + offset)
            home_tenant, home_region = homes[offset]
            topic, _weight, topic_affairs = (
                RARE_TOPIC
                if (start + offset) % RARE_EVERY == 7
                else rng.choices(TOPICS, self.topic_weights)[0]
            )
            # Parties: the home region first, then partners by type.
            partners = [self.region_partner[home_region.id]]
            if kind == CooperationKind.KSDD:
                for _ in range(1 if rng.random() < 0.75 else 2):
                    if rng.random() < 0.5:
                        pool = self.by_province[home_region.province_id or home_region.id]
                    else:
                        pool = self.regions
                    other = self.region_partner[rng.choice(pool).id]
                    if other not in partners:
                        partners.append(other)
                while len(partners) == 1:
                    other = self.region_partner[rng.choice(self.regions).id]
                    if other not in partners:
                        partners.append(other)
            elif kind == CooperationKind.KSDPK:
                partners.append(rng.choice(self.third_parties))
                if rng.random() < 0.1:
                    other = self.region_partner[rng.choice(self.regions).id]
                    if other not in partners:
                        partners.append(other)
            elif kind == CooperationKind.KSDPL:
                partners.append(rng.choice(self.foreign_governments))
            elif kind == CooperationKind.KSDLL:
                partners.append(rng.choice(self.foreign_institutions))
            else:
                partners.append(rng.choice(self.ministries))
            other = partners[1]
            if other in self.partner_name:
                where = f"dengan {self.partner_name[other]}"
            else:  # between regions: "antara Pemerintah Kota X dan Pemerintah Kabupaten Y"
                where = f"antara {home_region.government_name} dan {self.region_name[other]}"
            title = f"{rng.choice(TITLE_PREFIXES)} {topic.title()} {where}"
            acts = rng.sample(ACTIVITIES, 3)
            scope = (
                f"Ruang lingkup kerja sama meliputi {acts[0]}, {acts[1]}, dan {acts[2]} "
                f"dalam rangka {topic}."
            )
            purpose = f"Meningkatkan {topic} bagi masyarakat {home_region.name}."
            # Dates: signed cases have a term around today. (A foreign case awaits the DPRD
            # before its text is signed; a domestic one after its KB.)
            signed = not (kind in FOREIGN_KINDS and stage == Stage.AWAITING_DPRD) and stage in (
                Stage.KB_SIGNED,
                Stage.AWAITING_DPRD,
                Stage.PKS_DRAFTING,
                Stage.PKS_SIGNED,
                Stage.IN_FORCE,
                Stage.ENDED,
                Stage.TAKEN_OVER,
                Stage.TEXT_SIGNED,
                Stage.NK_SIGNED,
            )
            if stage == Stage.ENDED:
                end = today - dt.timedelta(days=rng.randint(1, 2500))
                sign = end - dt.timedelta(days=rng.randint(365, 1825))
            elif stage in (Stage.IN_FORCE, Stage.TAKEN_OVER):
                # A term of two to five years (§9 item 13's cap of 60 months) running now.
                term = rng.randint(730, 1825)
                if rng.random() < EXPIRING_SHARE:
                    end = today + dt.timedelta(days=rng.randint(0, 89))
                else:
                    end = today + dt.timedelta(days=rng.randint(90, term - 30))
                sign = end - dt.timedelta(days=term)
            else:
                sign = today - dt.timedelta(days=rng.randint(10, 400))
                end = sign + dt.timedelta(days=rng.randint(365, 1825))
            created = sign - dt.timedelta(days=rng.randint(30, 240))
            incomplete = stage not in TERMINAL_STAGES and rng.random() < INCOMPLETE_SHARE
            row: dict[str, Any] = {
                "id": coop_id,
                "kind": kind,
                "title": title,
                "scope": scope,
                "purpose": purpose,
                "stage": stage,
                "registered_stage": stage if incomplete else STAGES_BY_KIND[kind][0],
                "evidence_missing": rng.randint(1, 4) if incomplete else 0,
                "created_by_tenant_id": home_tenant,
                "created_at": w.timestamp(created),
                "updated_at": w.timestamp(min(today, sign)),
                "burdens_community": rng.random() < 0.3,
                "budgeted_in_apbd": rng.random() < 0.8,
            }
            if kind == CooperationKind.KSDD:
                wajib = stage == Stage.TAKEN_OVER or rng.random() < 0.15
                row["ksdd_category"] = KsddCategory.MANDATORY if wajib else KsddCategory.VOLUNTARY
                if wajib:
                    row["mandatory_form_uu23"] = MandatoryFormUU23.E
                    row["mandatory_form_pmdn22"] = MandatoryFormPMDN22.A
            elif kind == CooperationKind.KSDPK:
                row["ksdpk_kind"] = rng.choice(list(KsdpkKind))
            elif kind == CooperationKind.KSDPL:
                row["ksdpl_form"] = rng.choice(list(KsdplForm))
            elif kind == CooperationKind.KSDLL:
                row["ksdll_basis"] = rng.choice(list(KsdllBasis))
            if stage in (Stage.ENDED,):
                row["termination_reason"] = "term_expired"
                row["terminated_on"] = end
            # Parties (with their OPDs when the party is a tenant).
            party_ids = w.ids(Party, len(partners))
            home_opds = self.opds[home_tenant]
            executing = rng.choice(home_opds)
            for order, (party_id, partner) in enumerate(
                zip(party_ids, partners, strict=True), start=1
            ):
                prow: dict[str, Any] = {
                    "id": party_id,
                    "cooperation_id": coop_id,
                    "partner_id": partner,
                    "order": order,
                }
                if order == 1:
                    prow["initiating_opd_id"] = rng.choice(home_opds)
                    prow["executing_opd_id"] = executing
                    prow["register_number"] = (
                        f"KS.{home_region.code}/{sign.year}/{coop_id % 997:03d}"
                    )
                elif partner in self.tenant_by_partner:  # another tenant: its own OPD
                    prow["executing_opd_id"] = rng.choice(
                        self.opds[self.tenant_by_partner[partner]]
                    )
                party_rows.append(prow)
            # Urusan: the topic's, sometimes one more.
            codes = list(topic_affairs)
            chosen = [self.affairs[c] for c in codes if c in self.affairs]
            if rng.random() < 0.3:
                extra = rng.choice(self.affair_ids)
                if extra not in chosen:
                    chosen.append(extra)
            for affair in chosen:
                affair_rows.append({"cooperation_id": coop_id, "governmentaffair_id": affair})
            # Documents and their numbers per party.
            docs = self._documents(kind, stage, signed, sign, end, created, title, topic)
            doc_ids = w.ids(Document, len(docs))
            first_signed = last_end = None
            by_kind: dict[str, int] = {}
            for doc_id, doc in zip(doc_ids, docs, strict=True):
                parent_kind = doc.pop("_parent", None)
                doc.update(
                    {
                        "id": doc_id,
                        "cooperation_id": coop_id,
                        "parent_id": by_kind.get(parent_kind) if parent_kind else None,
                        "created_at": w.timestamp(doc.get("signed_on") or created),
                        "updated_at": w.timestamp(doc.get("signed_on") or created),
                    }
                )
                if doc["kind"] in (DocumentKind.IMPLEMENTATION_REPORT,):
                    doc["executing_opd_id"] = executing
                by_kind.setdefault(doc["kind"], doc_id)
                doc_rows.append(doc)
                if doc["kind"] in AGREEMENT_KINDS and doc.get("status") == DocumentStatus.SIGNED:
                    day = doc["signed_on"]
                    if doc["kind"] in TERM_KINDS:
                        first_signed = day if first_signed is None else min(first_signed, day)
                    if doc["kind"] in TERM_KINDS and doc.get("end_date"):
                        last_end = (
                            doc["end_date"] if last_end is None else max(last_end, doc["end_date"])
                        )
                    for party_id, partner in zip(party_ids, partners, strict=True):
                        entry_rows.append(
                            {
                                "document_id": doc_id,
                                "party_id": party_id,
                                "number": self._number(partner, day.year, day.month),
                                "signatory_position": "Wali Kota" if partner == partners[0] else "",
                            }
                        )
            row["signed_on"], row["ends_on"] = first_signed, last_end
            coop_rows.append(row)
            # Deadlines.
            deadline_rows += self._deadlines(coop_id, stage, docs, executing)
        # Ids of the M2M and entry rows, then the subject columns of a moved deadline table.
        for row, i in zip(affair_rows, w.ids(through, len(affair_rows)), strict=True):
            row["id"] = i
        for row, i in zip(entry_rows, w.ids(DocumentParty, len(entry_rows)), strict=True):
            row["id"] = i
        for row, i in zip(deadline_rows, w.ids(Deadline, len(deadline_rows)), strict=True):
            row["id"] = i
            if "subject_type" in deadline_fields:
                row["subject_type"] = subject_type
                row["subject_id"] = str(row["cooperation_id"])
        self.generate_seconds += time.perf_counter() - started
        w.write(Cooperation, coop_rows)
        w.write(Party, party_rows)
        w.write(through, affair_rows)
        w.write(Document, doc_rows)
        w.write(DocumentParty, entry_rows)
        w.write(Deadline, deadline_rows)

    def _documents(
        self,
        kind: str,
        stage: str,
        signed: bool,
        sign: dt.date,
        end: dt.date,
        created: dt.date,
        title: str,
        topic: str,
    ) -> list[dict[str, Any]]:
        rng = self.rng
        docs: list[dict[str, Any]] = []

        def letter(kind_: str, name: str, day: dt.date) -> dict[str, Any]:
            return {
                "kind": kind_,
                "title": name,
                "status": DocumentStatus.SIGNED,
                "signed_on": day,
                "number": self._region_number(day.year),
            }

        foreign = kind in FOREIGN_KINDS
        before = created + dt.timedelta(days=rng.randint(1, 20))
        if kind == CooperationKind.SINERGI:
            docs.append(letter(DocumentKind.TKKSD_MINUTES, "Berita Acara Rapat TKKSD", before))
        elif foreign:
            docs.append(
                letter(DocumentKind.COOPERATION_PLAN, f"Rencana Kerja Sama {topic}", before)
            )
        else:
            docs.append(
                letter(DocumentKind.OFFER_LETTER, f"Surat Penawaran Kerja Sama {topic}", before)
            )
            if rng.random() < 0.6:
                docs.append(letter(DocumentKind.TKKSD_MINUTES, "Berita Acara Rapat TKKSD", before))
        if foreign and _FOREIGN_ORDER.get(stage, -1) >= _FOREIGN_ORDER[Stage.LOI_SIGNED]:
            day = created + dt.timedelta(days=rng.randint(20, 60))
            docs.append(
                {
                    "kind": DocumentKind.LOI,
                    "title": f"Pernyataan Kehendak {topic}",
                    "status": DocumentStatus.SIGNED,
                    "signed_on": day,
                }
            )
        if not signed:
            if rng.random() < 0.5:
                docs.append(
                    {
                        "kind": DocumentKind.KAK,
                        "title": f"Kerangka Acuan Kerja {topic}",
                        "status": DocumentStatus.DRAFT,
                    }
                )
            return docs
        principal = (
            DocumentKind.NK
            if kind == CooperationKind.SINERGI
            else DocumentKind.FOREIGN_TEXT
            if foreign
            else DocumentKind.KB
        )
        names = {
            DocumentKind.NK: "Nota Kesepakatan",
            DocumentKind.FOREIGN_TEXT: "Naskah Kerja Sama",
            DocumentKind.KB: "Kesepakatan Bersama",
        }
        docs.append(
            {
                "kind": principal,
                "title": f"{names[principal]} {topic}",
                "status": DocumentStatus.SIGNED,
                "signed_on": sign,
                "signed_place": "Surabaya",
                "start_date": sign,
                "end_date": end,
            }
        )
        extended = end
        with_pks = kind in (CooperationKind.KSDD, CooperationKind.KSDPK) and stage in (
            Stage.PKS_SIGNED,
            Stage.IN_FORCE,
            Stage.ENDED,
            Stage.TAKEN_OVER,
        )
        if with_pks:
            pks_stage = {
                Stage.ENDED: Stage.ENDED,
                Stage.PKS_SIGNED: Stage.PKS_SIGNED,
            }.get(stage, Stage.IN_FORCE)
            for k in range(1 if rng.random() < 0.7 else 2):
                day = min(sign + dt.timedelta(days=rng.randint(20, 200)), end)
                docs.append(
                    {
                        "kind": DocumentKind.PKS,
                        "_parent": DocumentKind.KB,
                        "title": f"Perjanjian Kerja Sama {topic}"
                        + (f" tahap {k + 1}" if k else ""),
                        "status": DocumentStatus.SIGNED,
                        "signed_on": day,
                        "start_date": day,
                        "end_date": end,
                        "stage": pks_stage,
                        "mandatory_clauses_confirmed": kind == CooperationKind.KSDPK,
                    }
                )
        elif stage == Stage.PKS_DRAFTING:
            docs.append(
                {
                    "kind": DocumentKind.PKS,
                    "_parent": DocumentKind.KB,
                    "title": f"Perjanjian Kerja Sama {topic}",
                    "status": DocumentStatus.DRAFT,
                    "stage": Stage.PKS_DRAFTING,
                }
            )
        if stage in (Stage.IN_FORCE, Stage.ENDED) and rng.random() < 0.15:
            extended = end + dt.timedelta(days=365)
            day = min(sign + dt.timedelta(days=rng.randint(200, 600)), end)
            docs.append(
                {
                    "kind": DocumentKind.ADDENDUM,
                    "_parent": principal,
                    "title": f"Addendum {names[principal]} {topic}",
                    "status": DocumentStatus.SIGNED,
                    "signed_on": day,
                    "start_date": day,
                    "end_date": extended,
                    "amendments": json.dumps(
                        {"end_date": {"old": end.isoformat(), "new": extended.isoformat()}}
                    ),
                }
            )
        if stage in (Stage.IN_FORCE, Stage.ENDED):
            for year in range(sign.year, min(self.today.year, extended.year))[-2:]:
                day = dt.date(year + 1, 1, rng.randint(10, 28))
                docs.append(
                    {
                        **letter(
                            DocumentKind.IMPLEMENTATION_REPORT,
                            f"Laporan Pelaksanaan Kerja Sama Tahun {year}",
                            day,
                        ),
                        "period_start": dt.date(year, 1, 1),
                        "period_end": dt.date(year, 12, 31),
                        "addressee": ReportAddressee.REGIONAL_HEAD,
                        "sent_on": day,
                    }
                )
        return docs

    def _deadlines(
        self,
        coop_id: int,
        stage: str,
        docs: Sequence[dict[str, Any]],
        opd: int,
    ) -> list[dict[str, Any]]:
        rng, today = self.rng, self.today
        rows: list[dict[str, Any]] = []
        if stage in TERMINAL_STAGES:
            return rows
        addenda_end = max(
            (d["end_date"] for d in docs if d["kind"] == DocumentKind.ADDENDUM), default=None
        )
        for doc in docs:
            if doc["kind"] in EXPIRING_KINDS and doc.get("status") == DocumentStatus.SIGNED:
                due = doc["end_date"]
                if addenda_end and doc["kind"] != DocumentKind.PKS:
                    due = max(due, addenda_end)
                rows.append(
                    {
                        "cooperation_id": coop_id,
                        "document_id": doc["id"],
                        "key": f"expiry:doc:{doc['id']}",
                        "kind": "expiry",
                        "due_on": due,
                        "title": f"Akhir masa berlaku: {doc['title']}",
                        "rule": "Akhir masa berlaku yang disepakati (dengan addendumnya)",
                        "opd_id": opd,
                        "params": json.dumps({"document": doc["title"]}),
                    }
                )
        if stage == Stage.IN_FORCE:
            reports = [d for d in docs if d["kind"] == DocumentKind.IMPLEMENTATION_REPORT]
            for report in reports:  # the periods already reported: met
                start = report["period_start"]
                rows.append(
                    {
                        "cooperation_id": coop_id,
                        "key": f"report:internal:{start.isoformat()}",
                        "kind": "report",
                        "due_on": dt.date(start.year + 1, 3, 31),
                        "title": "Laporan pelaksanaan",
                        "rule": "Laporan pelaksanaan kerja sama (§12)",
                        "status": "met",
                        "met_by_id": report["id"],
                        "met_on": report["signed_on"],
                        "opd_id": opd,
                        "params": json.dumps(
                            {
                                "duty": "internal",
                                "start": start.isoformat(),
                                "end": report["period_end"].isoformat(),
                            }
                        ),
                    }
                )
            # The current period: open, overdue for about one case in six.
            due = today + dt.timedelta(days=rng.randint(-60, 300))
            start = dt.date(due.year - 1, 1, 1)
            if not any(r["key"] == f"report:internal:{start.isoformat()}" for r in rows):
                rows.append(
                    {
                        "cooperation_id": coop_id,
                        "key": f"report:internal:{start.isoformat()}",
                        "kind": "report",
                        "due_on": due,
                        "title": "Laporan pelaksanaan",
                        "rule": "Laporan pelaksanaan kerja sama (§12)",
                        "opd_id": opd,
                        "params": json.dumps(
                            {
                                "duty": "internal",
                                "start": start.isoformat(),
                                "end": dt.date(start.year, 12, 31).isoformat(),
                            }
                        ),
                    }
                )
        elif not any(d["kind"] in EXPIRING_KINDS for d in docs) and rng.random() < 0.5:
            since = today - dt.timedelta(days=rng.randint(0, 120))
            rows.append(
                {
                    "cooperation_id": coop_id,
                    "key": f"stage:{stage}",
                    "kind": "stage_time",
                    "due_on": since + dt.timedelta(days=30),
                    "title": "Tidak ada kemajuan pada tahap ini",
                    "rule": "Pengingat tahap (§5.5)",
                    "opd_id": opd,
                    "params": json.dumps({"stage": stage, "since": since.isoformat(), "days": 30}),
                }
            )
        return rows


# The foreign pathway in order; the end stages count as past the letter of intent except
# rejected and cancelled (which may come at any stage: no LoI then).
_FOREIGN_ORDER = {
    stage: i
    for i, stage in enumerate(STAGES_BY_KIND[CooperationKind.KSDPL])
    if stage not in (Stage.REJECTED, Stage.CANCELLED)
}


def access_fill() -> None:
    """The visibility table (issue 8, `agreements.CaseAccess`/`CaseOpd`) for the loaded cases,
    in bulk: the same fill as its migration (`access_rebuild` goes case by case, too slow at
    500k)."""
    from django.apps import apps

    fill_module = importlib.import_module(
        "kerjasama.agreements.migrations.0017_access8_fill_case_access"
    )
    with transaction.atomic():
        apps.get_model("agreements", "CaseAccess").objects.all().delete()
        apps.get_model("agreements", "CaseOpd").objects.all().delete()
        apps.get_model("agreements", "CaseTag").objects.all().delete()
        fill_module.fill(apps, None)
        # Then, in bulk SQL, what later migrations added to the rows: the span of signatures,
        # the filter tags and the dashboard's columns.
        for name in (
            "0019_years8_signature_span",
            "0020_tags8_case_tag",
            "0022_dash_dashboard_access",
            "0023_dash_deadline_facts",
        ):
            importlib.import_module(f"kerjasama.agreements.migrations.{name}").fill(apps, None)


def _run_hooks() -> None:
    for path in POST_LOAD_HOOKS:
        module, _, name = path.rpartition(".")
        hook: Callable[[], object] = getattr(importlib.import_module(module), name)
        started = time.perf_counter()
        hook()
        print(f"  {path}: {time.perf_counter() - started:.1f} s")


def analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def generate(n: int, *, seed: int = 8, force: bool = False, quiet: bool = False) -> Summary:
    """Build the data set of `n` cases into the configured database (see the module's doc).

    Raises BenchRefused when the database holds other data and `force` is not given."""
    started = time.perf_counter()

    def say(*args: Any, **kwargs: Any) -> None:
        if not quiet:
            print(*args, **kwargs)

    if not _tables_exist():
        raise BenchRefused("the database has no tables: run `kerjasama migrate` first")
    other = foreign_data()
    if other and not force:
        raise BenchRefused(
            f"the database holds data that is not the bench's ({other}). Use a database of its "
            "own (bench/README.md), or --force to DELETE every cooperation, partner, tenant and "
            "user in it first."
        )
    if not Region.objects.exists():
        reference_load_all()
    if Tenant.objects.exists() or User.objects.exists():
        say("deleting the previous bench data …")
        wipe()
    writer = Writer()
    sqlite = writer.vendor == "sqlite"
    pragmas = sqlite and not connection.in_atomic_block
    if pragmas:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")
    gen = Generator(n, seed, writer)
    try:
        # SQLite: one transaction for everything; PostgreSQL: one per chunk (COPY each).
        with transaction.atomic() if sqlite else nullcontext():
            with transaction.atomic():
                gen.setup()
                personas = gen.personas()
            for start in range(0, n, CHUNK):
                with transaction.atomic():
                    gen.cases(start, min(CHUNK, n - start))
                say(f"  {min(start + CHUNK, n):>9,} cases", end="\r", flush=True)
            writer.reset_sequences()
    finally:
        if pragmas:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA synchronous=NORMAL")
    say("")
    _run_hooks()
    before = time.perf_counter()
    analyze()
    writer.seconds["ANALYZE"] = time.perf_counter() - before
    summary = Summary(
        n=n,
        vendor=writer.vendor,
        seconds=time.perf_counter() - started,
        rows=dict(writer.rows),
        table_seconds=dict(writer.seconds),
        generate_seconds=gen.generate_seconds,
        personas=personas,
    )
    summary.city_cases, summary.province_cases = persona_counts()
    return summary


def persona_counts() -> tuple[int, int]:
    """How many cases the city and the province personas see, by the real visibility selector."""
    counts = []
    for username in (CITY_USER, PROVINCE_USER):
        user = User.objects.get(username=username)
        counts.append(cooperation_visible_to(user).count())
    return counts[0], counts[1]


def report(summary: Summary) -> str:
    lines = [f"{'table':<44}{'rows':>12}{'seconds':>10}"]
    for name, seconds in sorted(summary.table_seconds.items(), key=lambda x: -x[1]):
        rows = summary.rows.get(name)
        shown = f"{rows:,}" if rows is not None else ""
        lines.append(f"{name:<44}{shown:>12}{seconds:>10.2f}")
    lines.append(f"{'generating rows in Python':<56}{summary.generate_seconds:>10.2f}")
    lines.append(
        f"{'total (' + summary.vendor + ', N=' + format(summary.n, ',') + ')':<56}{summary.seconds:>10.2f}"
    )
    n = max(summary.n, 1)
    lines.append(
        f"\nvisible: {CITY_USER} {summary.city_cases:,} ({summary.city_cases / n:.1%}), "
        f"{PROVINCE_USER} {summary.province_cases:,} ({summary.province_cases / n:.1%})"
    )
    lines.append("logins (password " + PASSWORD + "): " + ", ".join(summary.personas))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=50_000, help="cooperations (default 50,000)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--force",
        action="store_true",
        help="run on a database with other data: DELETES every cooperation, partner, tenant, "
        "OPD and user in it first",
    )
    args = parser.parse_args(argv)
    print(f"bench data: N={args.n:,} on {connection.vendor} ({connection.settings_dict['NAME']})")
    try:
        summary = generate(args.n, seed=args.seed, force=args.force)
    except BenchRefused as refusal:
        print(f"refused: {refusal}", file=sys.stderr)
        return 2
    print(report(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
