"""Time and memory of importing a register into the database (issue 11): the whole import —
reading, matching, the preview of every row and the commit — beside a plain openpyxl
read-only pass over the same file.

    make bench-import-full [ROWS=10000]
    .venv/bin/python -m bench.import_full --rows 10000 [--output file.json]

It builds a fresh SQLite database in a temporary directory (migrations, reference data, Kota
Singkawang as a tenant with one secretariat user), generates the register of
`bench.imports.generate` (title block, a section row per year, merged OPD cells, dates as Excel
dates and as text, several partners in one cell, totals and signature block) and measures:

- `plain`: `load_workbook(read_only=True)` and every row with `values_only` (median of 3);
- `preview`: `services.run_create` + `run_read` — the file read, every row matched and run
  through the registry's services in a transaction rolled back, the outcomes stored (what the
  user waits for before the preview screen); the one status the register's words do not name
  ("Dalam proses") is mapped by hand, as the user does on the mapping screen;
- `commit`: `services.run_commit` — every new row registered through the services in one
  transaction, with its audit events and derived rows.

Memory is the process's peak resident size (`ru_maxrss`) after each phase, beside the peak
after the plain pass; no tracing (it would double the time). The result is printed and written
as JSON to `bench/results/import-full-<ROWS>.json`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def _setup(directory: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kerjasama.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(directory / "media")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("SECRET_KEY", "bench-only-key-not-for-production-0123456789abcdefghij")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)


def _peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def run(rows: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="kerjasama-bench-") as name:
        _setup(Path(name))
        from django.db import connection

        from bench.imports import generate, plain
        from kerjasama.accounts.models import Role, RoleGrant, User
        from kerjasama.core import audit
        from kerjasama.imports import services

        tenant, _created = services.tenant_add(code="61.72")
        actor = User.objects.create_user("bench.sekretariat", tenant=tenant)  # no password
        RoleGrant.objects.create(user=actor, role=Role.SECRETARIAT)
        data = generate(rows)

        times = []
        for _ in range(3):
            started = time.perf_counter()
            plain(data)
            times.append(time.perf_counter() - started)
        plain_seconds, plain_peak = statistics.median(times), _peak_mb()

        queries = {"n": 0}

        def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
            queries["n"] += 1
            return execute(sql, params, many, context)

        with audit.interface("cli"), connection.execute_wrapper(count):
            started = time.perf_counter()
            run = services.run_create(
                actor=actor, tenant=tenant, data=data, name="register.xlsx", store=True
            )
            run = services.run_read(run, data=data, status_mapping={"dalam proses": "pks_drafting"})
            preview_seconds, preview_peak = time.perf_counter() - started, _peak_mb()
            preview_queries, queries["n"] = queries["n"], 0
            counts = dict(run.counts)
            started = time.perf_counter()
            run = services.run_commit(actor=actor, run=run)
            commit_seconds, commit_peak = time.perf_counter() - started, _peak_mb()
        if run.error:
            raise SystemExit(f"the commit failed: {run.error}")
        committed = run.counts.get("committed", 0)
        whole = preview_seconds + commit_seconds
        return {
            "rows": rows,
            "file_kb": round(len(data) / 1024),
            "outcomes": counts,
            "committed": committed,
            "plain": {"seconds": round(plain_seconds, 3), "peak_rss_mb": plain_peak},
            "preview": {
                "seconds": round(preview_seconds, 2),
                "peak_rss_mb": preview_peak,
                "queries": preview_queries,
                "ms_per_row": round(1000 * preview_seconds / rows, 2),
            },
            "commit": {
                "seconds": round(commit_seconds, 2),
                "peak_rss_mb": commit_peak,
                "queries": queries["n"],
                "ms_per_committed_row": round(1000 * commit_seconds / max(committed, 1), 2),
            },
            "time_ratio_preview": round(preview_seconds / plain_seconds, 1),
            "time_ratio_whole": round(whole / plain_seconds, 1),
            "machine": (
                f"{platform.machine()}, {os.cpu_count()} cores, "
                f"Python {platform.python_version()}, SQLite"
            ),
            "load_average": [round(x, 2) for x in os.getloadavg()],
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    report = run(args.rows)
    print(f"plain openpyxl pass  {report['plain']['seconds']:9.2f} s")
    for phase in ("preview", "commit"):
        figures = report[phase]
        print(
            f"{phase:20} {figures['seconds']:9.2f} s  peak RSS {figures['peak_rss_mb']} MB, "
            f"{figures['queries']} queries"
        )
    print(f"outcomes {report['outcomes']}, committed {report['committed']}")
    print(
        f"÷ plain: preview {report['time_ratio_preview']}×, "
        f"preview + commit {report['time_ratio_whole']}×"
    )
    output = args.output or RESULTS / f"import-full-{args.rows}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
