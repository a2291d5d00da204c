from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kerjasama.core import audit
from kerjasama.core.models import Interface
from kerjasama.monitoring.library import INDICATORS_CSV, indicators_load
from kerjasama.reference.loading import ReferenceDataError


class Command(BaseCommand):
    help = (
        "Load the library of common indicators (monitoring/data/indikator_umum.csv; "
        "load_reference runs it too). Idempotent; --file FILE loads a newer list in the same "
        "format: codes it lacks are made inactive, never deleted."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--file", type=Path, help="a newer indicator CSV to load instead")

    def handle(self, *args: Any, file: Path | None = None, **options: Any) -> None:
        path = file or INDICATORS_CSV
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        with audit.interface(Interface.CLI):
            try:
                result = indicators_load(path=path)
            except ReferenceDataError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(f"indicators: {result}")
