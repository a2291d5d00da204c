"""What every loader of shipped reference data shares: where the files are, what a load
reports, the error of a file it cannot read, and reading a CSV file with its required columns.
(Its own module so that `services` and `holiday_loader` both use it without importing each
other, issue 7.)"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    retired: int = 0
    unchanged: int = 0
    messages: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.retired} retired, {self.unchanged} unchanged"
        )


class ReferenceDataError(ValueError):
    """The file is not a region or urusan list this loader understands."""


def _read_csv(path: Path, required: set[str]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise ReferenceDataError(f"{path.name}: missing columns {', '.join(sorted(missing))}")
        return [{k: (v or "").strip() for k, v in row.items()} for row in reader]


# Loaders of shipped data that apps above `reference` own (the indicator library of
# `monitoring`), registered in their `AppConfig.ready`, so that `load_reference` runs them too
# without importing them (issue 10).
EXTRA_LOADERS: dict[str, Callable[[], LoadResult]] = {}


def register_loader(name: str, loader: Callable[[], LoadResult]) -> None:
    EXTRA_LOADERS[name] = loader
