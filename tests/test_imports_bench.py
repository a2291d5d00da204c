"""The import benchmark's generated register reads as it promises (issue 11), at a tiny size,
untimed: the numbers themselves are `make bench-imports`'s."""

from __future__ import annotations

import json

from bench import imports as bench_imports
from kerjasama.imports.reader import read_register
from kerjasama.imports.table import RowKind


def test_the_generated_register_is_read_row_for_row():
    read = read_register(bench_imports.generate(300), name="register.xlsx")

    assert read.header_row == 4
    assert len(read.data_rows()) == 300
    counts = read.counts()
    assert counts[RowKind.TITLE] == 2
    assert counts[RowKind.TOTALS] == 1
    assert counts[RowKind.SIGNATURE] == 3
    assert counts[RowKind.SECTION] >= 1
    # Every row has its title, and a merged OPD reached every row it covers.
    assert all(row.values.get("title") and row.values.get("opd") for row in read.data_rows())
    assert not [issue for row in read.data_rows() for issue in row.errors]


def test_the_bench_writes_its_figures(tmp_path):
    output = tmp_path / "imports.json"

    bench_imports.main(["--rows", "100", "--repeat", "1", "--output", str(output)])

    report = json.loads(output.read_text())
    assert report["data_rows"] == 100
    assert set(report["results"]) == {
        "plain",
        "plain_kept",
        "merged_scan",
        "merged_full_open",
        "read_register",
    }
    assert report["time_ratio"] > 0
