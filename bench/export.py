"""Time and memory of exporting the registry in the register template (issue 11, item 8).

    DATABASE_URL=postgres://…/kerjasama_bench5 .venv/bin/python -m bench.export \\
        [--persona bench.surabaya] [--kind xlsx --kind csv] [--output file.json]

Against the configured database (a bench database loaded by `bench/data.py`; it only reads).
Each export runs in a child process of its own, as the view runs it: the persona's whole
registry (`selectors.cooperation_list` without filters) through `export.register_rows` into
`export.write_xlsx` / `write_csv`, to a temporary file. The child reports the wall-clock time,
the rows written, the file's size and its peak resident memory (`ru_maxrss`) beside the
resident memory it had before the export began (Django, the models and the connection
loaded), so the difference is what the export costs. Results are printed and written as JSON
to `bench/results/export-<vendor>.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
PERSONAS = ("bench.surabaya", "bench.jatim")
KINDS = ("xlsx", "csv")


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def child(persona: str, kind: str) -> dict[str, Any]:
    """One export, in this process (called in a child by `main`)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")
    import django

    django.setup()
    from django.db import connection

    from kerjasama.accounts.models import Tenant, User
    from kerjasama.agreements import selectors
    from kerjasama.imports import export

    user = User.objects.get(username=persona)
    # Only the tenant's columns the export reads: a bench database loaded before a later
    # migration of the tenant (its letter settings) still serves.
    user.tenant = (
        Tenant.objects.only("id", "active", "region")
        .select_related("region")
        .get(pk=user.tenant_id)
    )
    connection.ensure_connection()
    before = _current_rss_mb()
    started = time.perf_counter()
    filters = selectors.RegistryFilters()
    cases = selectors.cooperation_list(user=user, filters=filters)
    with tempfile.TemporaryFile() as out:
        rows = export.register_rows(cases, user.tenant)
        if kind == "xlsx":
            count = export.write_xlsx(rows, export.export_meta(user.tenant, filters), out)
        else:
            count = export.write_csv(rows, out)
        size = out.tell()
    seconds = time.perf_counter() - started
    return {
        "persona": persona,
        "kind": kind,
        "vendor": connection.vendor,
        "rows": count,
        "seconds": round(seconds, 2),
        "rows_per_second": round(count / seconds) if seconds else None,
        "bytes": size,
        "rss_before_mb": round(before, 1),
        "rss_peak_mb": round(_rss_mb(), 1),
        "rss_added_mb": round(_rss_mb() - before, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persona", action="append", help=f"default: {', '.join(PERSONAS)}")
    parser.add_argument("--kind", action="append", choices=KINDS, help="default: both")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--child", nargs=2, metavar=("PERSONA", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    results = []
    for persona in args.persona or PERSONAS:
        for kind in args.kind or KINDS:
            done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
                [sys.executable, "-m", "bench.export", "--child", persona, kind],
                capture_output=True,
                text=True,
                check=True,
            )
            result = json.loads(done.stdout.strip().splitlines()[-1])
            results.append(result)
            print(
                f"{persona:22} {kind:5} {result['rows']:>8} rows {result['seconds']:>8.1f} s "
                f"{result['rows_per_second']:>7}/s  {result['bytes'] / 1e6:>7.1f} MB file  "
                f"peak RSS {result['rss_peak_mb']:.0f} MB (+{result['rss_added_mb']:.0f} MB)",
                flush=True,
            )
    vendor = results[0]["vendor"] if results else "none"
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "results": results,
    }
    output = args.output or RESULTS / f"export-{vendor}.json"
    output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"written to {output}")


if __name__ == "__main__":
    main()
