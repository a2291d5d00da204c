from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kerjasama.core import audit
from kerjasama.core.models import Interface
from kerjasama.reference import services
from kerjasama.reference.loading import ReferenceDataError


class Command(BaseCommand):
    help = (
        "Load the shipped reference data (regions with Kemendagri codes, the 32 bidang urusan, "
        "the public-service list). Idempotent: run it after every upgrade. --regions FILE loads "
        "a newer region list in the same CSV format; codes it lacks are retired, not deleted."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--regions", type=Path, help="a newer region CSV to load instead")

    def handle(self, *args: Any, regions: Path | None = None, **options: Any) -> None:
        with audit.interface(Interface.CLI):
            try:
                if regions:
                    if not regions.is_file():
                        raise CommandError(f"{regions}: no such file")
                    results = {"regions": services.regions_load(path=regions, source=regions.name)}
                else:
                    results = services.reference_load_all()
            except ReferenceDataError as error:
                raise CommandError(str(error)) from error
        for name, result in results.items():
            self.stdout.write(f"{name}: {result}")
