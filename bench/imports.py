"""Time and memory of reading a register (issue 11): `read_register` beside a plain openpyxl
read-only pass over the same file.

    make bench-imports [ROWS=10000]
    .venv/bin/python -m bench.imports --rows 10000 [--repeat 3] [--output file.json]

It generates a register of ROWS data rows as a secretariat keeps one — a title block, a
section row per year, merged OPD cells over a few rows, dates as Excel dates and as text,
several partners in one cell, a totals row and a signature block — and measures, each as the
median of `--repeat` rounds (one run of each per round, interleaved):

- `plain`: `load_workbook(read_only=True)` and every row of the sheet with `values_only`,
  nothing kept (the floor: what reading the file costs at all);
- `plain_kept`: the same, keeping every row's values in a list (what holding the rows costs);
- `merged_scan`: the second pass over the sheet's XML that finds the merged ranges
  (`files.merged_ranges`), beside `merged_full_open`, the alternative it replaces: opening
  the workbook a second time without read-only, only for `merged_cells`;
- `read_register`: the whole read (file check, header search, merged ranges, every row
  classified and every mapped cell read).

Time is wall-clock without tracing; the peak memory of each comes from a separate run under
`tracemalloc` (Python allocations: openpyxl's parser and our rows). The ratios are
read_register ÷ plain (goal ≤ 2×). The result is printed and written as JSON to
`bench/results/imports-<ROWS>.json`. No database is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # `python -m bench.imports`: settings for the messages and limits
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kerjasama.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()

from openpyxl import Workbook, load_workbook

from kerjasama.imports.files import check_file, merged_ranges
from kerjasama.imports.reader import read_register

RESULTS = Path(__file__).resolve().parent / "results"
HEADER = [
    "No.",
    "No. Registrasi",
    "Nomor Naskah",
    "Jenis Naskah",
    "Judul / Perihal",
    "Mitra Kerja Sama",
    "Asal Mitra",
    "Perangkat Daerah",
    "Bidang Urusan",
    "Tanggal Permohonan",
    "Tanggal Penandatanganan",
    "Tanggal Mulai",
    "Tanggal Berakhir",
    "Jangka Waktu",
    "Status",
    "Keterangan",
]
OPDS = ["Dinas PUPR", "Dinas Kesehatan", "Dinas Pariwisata", "Bappeda", "Dinas Pendidikan"]
KINDS = ["Perjanjian Kerja Sama", "PKS", "Kesepakatan Bersama", "KB", "Nota Kesepakatan", "Adendum"]
PARTNERS = [
    "Pemerintah Kabupaten Bengkayang",
    "Pemerintah Kabupaten Sambas\nPemerintah Kota Pontianak",
    "1. PT Air Minum Khatulistiwa 2. Perumda Tirta Pontianak",
    "Universitas Tanjungpura",
    "Kota Pontianak dan Kabupaten Kubu Raya",
]
TERMS = ["5 (lima) tahun", "lima tahun", "2 tahun 6 bulan", "6 bulan", "3 (tiga) tahun"]
STATUSES = ["Berlaku", "Masih berlaku", "Habis", "Berakhir", "Dalam proses"]
MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus"]


def generate(rows: int, *, seed: int = 11) -> bytes:
    """A register of `rows` data rows (see the module's docstring), as .xlsx bytes."""
    rng = random.Random(seed)
    book = Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append(["DAFTAR KERJA SAMA DAERAH PEMERINTAH KOTA SINGKAWANG"])
    sheet.append(["Bagian Kerja Sama Sekretariat Daerah"])
    sheet.append([])
    sheet.append(HEADER)
    sheet.merge_cells("A1:P1")
    sheet.merge_cells("A2:P2")
    year, number = 2005, 0
    while number < rows:
        sheet.append([f"TAHUN {year}"])
        sheet.merge_cells(f"A{sheet.max_row}:P{sheet.max_row}")
        for _ in range(min(rows - number, rng.randint(150, 450))):
            number += 1
            start = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            signing: Any = dt.datetime.combine(start, dt.time())
            if rng.random() < 0.4:
                signing = f"{start.day} {MONTHS[start.month % 8]} {start.year}"
            sheet.append(
                [
                    number,
                    f"KS-{year}-{number:05d}",
                    f"{rng.randint(1, 999)}/{rng.randint(1, 12):02d}/KS-Pem/{year}",
                    rng.choice(KINDS),
                    f"Kerja sama pengelolaan {rng.choice(['air bersih', 'sampah', 'jalan', 'wisata'])} nomor {number}",
                    rng.choice(PARTNERS),
                    "Kalimantan Barat",
                    rng.choice(OPDS),
                    "Pekerjaan Umum dan Penataan Ruang",
                    f"{start.day:02d}/{start.month:02d}/{start.year}",
                    signing,
                    dt.datetime.combine(start, dt.time()),
                    dt.datetime.combine(start.replace(year=start.year + 5), dt.time()),
                    rng.choice(TERMS),
                    rng.choice(STATUSES),
                    "Dana APBD" if rng.random() < 0.3 else None,
                ]
            )
            if number % 40 == 0:  # an OPD merged down over the two rows before
                row = sheet.max_row
                sheet.merge_cells(f"H{row - 2}:H{row}")
        year += 1
    sheet.append(["JUMLAH", None, rows])
    sheet.append([])
    sheet.append(["Keterangan:"])
    sheet.append(["*) data sementara"])
    sheet.append([None] * 11 + ["Singkawang, 31 Desember 2023"])
    sheet.append([None] * 11 + ["Kepala Bagian Kerja Sama"])
    sheet.append([None] * 11 + ["NIP. 19700101 199003 1 001"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def plain(data: bytes) -> int:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    count = 0
    for _row in book.worksheets[0].iter_rows(values_only=True):
        count += 1
    book.close()
    return count


def plain_kept(data: bytes) -> int:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    return len(rows)


def merged_scan(data: bytes) -> int:
    checked = check_file(data, name="register.xlsx")
    return len(merged_ranges(checked, checked.sheets[0].part))


def merged_full_open(data: bytes) -> int:
    """The alternative to `merged_scan`: open the workbook without read-only for its merged
    cells (every cell of the sheet is built in memory)."""
    book = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    count = len(book.worksheets[0].merged_cells.ranges)
    book.close()
    return count


def whole_read(data: bytes) -> int:
    return len(read_register(data, name="register.xlsx").rows)


def peak_mb(work: Callable[[bytes], int], data: bytes) -> float:
    tracemalloc.start()
    work(data)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return round(peak / 2**20, 1)


def measure(works: dict[str, Callable[[bytes], int]], data: bytes, repeat: int) -> dict[str, Any]:
    """Median seconds and peak memory of each work. The runs are interleaved (one of each per
    round), so that a machine getting busier or quieter during the bench favours none."""
    times: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(repeat):
        for name, work in works.items():
            started = time.perf_counter()
            work(data)
            times[name].append(time.perf_counter() - started)
    return {
        name: {
            "seconds": round(statistics.median(times[name]), 3),
            "peak_mb": peak_mb(work, data),
        }
        for name, work in works.items()
    }


def run(rows: int, repeat: int) -> dict[str, Any]:
    data = generate(rows)
    read = read_register(data, name="register.xlsx")
    results = measure(
        {
            "plain": plain,
            "plain_kept": plain_kept,
            "merged_scan": merged_scan,
            "merged_full_open": merged_full_open,
            "read_register": whole_read,
        },
        data,
        repeat,
    )
    ours, floor = results["read_register"], results["plain"]
    return {
        "rows": rows,
        "file_kb": round(len(data) / 1024),
        "data_rows": len(read.data_rows()),
        "non_data_rows": len(read.non_data_rows()),
        "repeat": repeat,
        "results": results,
        "time_ratio": round(ours["seconds"] / floor["seconds"], 2),
        "memory_ratio_to_plain": round(ours["peak_mb"] / max(floor["peak_mb"], 0.1), 1),
        "memory_ratio_to_plain_kept": round(
            ours["peak_mb"] / max(results["plain_kept"]["peak_mb"], 0.1), 2
        ),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path)
    args = parser.parse_args(argv)
    report = run(args.rows, args.repeat)
    for name, figures in report["results"].items():
        print(f"{name:15} {figures['seconds']:8.3f} s {figures['peak_mb']:8.1f} MB")
    print(
        f"read_register ÷ plain: time {report['time_ratio']}×, memory "
        f"{report['memory_ratio_to_plain']}× (÷ plain_kept {report['memory_ratio_to_plain_kept']}×)"
    )
    output = args.output or RESULTS / f"imports-{args.rows}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written to {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
