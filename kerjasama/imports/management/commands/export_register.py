"""`kerjasama export_register --region CODE OUT.xlsx` (or OUT.csv): the region's whole registry
in the register template (issue 11, item 9)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Exists, OuterRef, Prefetch

from kerjasama.accounts.models import Tenant
from kerjasama.agreements.models import Cooperation, Party
from kerjasama.agreements.selectors import SORTS, RegistryFilters
from kerjasama.imports import export
from kerjasama.reference.models import Region

EXTENSIONS = ("xlsx", "csv")


class Command(BaseCommand):
    help = (
        "Write the whole registry of a tenant region (every case it is a party to) to OUT.xlsx "
        "or OUT.csv, in the template the importer reads without any mapping."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="the region's Kemendagri code")
        parser.add_argument("out", help="the file to write: .xlsx or .csv")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        kind = out.suffix.lower().lstrip(".")
        if kind not in EXTENSIONS:
            raise CommandError(
                f"{out.name}: give a file name ending in .xlsx or .csv (the format follows it)."
            )
        code = options["region"].strip()
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise CommandError(f"No region has the Kemendagri code {code!r}.")
        tenant = Tenant.objects.filter(region=region).select_related("region").first()
        if tenant is None:
            raise CommandError(
                f"{region.name} ({code}) is not a tenant: it has no registry to export."
            )
        if not out.parent.is_dir():
            raise CommandError(f"The folder {out.parent} does not exist.")
        cases = (
            Cooperation.objects.filter(
                Exists(
                    Party.objects.filter(cooperation=OuterRef("pk"), partner__region_id=region.pk)
                )
            )
            .order_by(*SORTS["-signed_on"])
            .prefetch_related(Prefetch("parties", queryset=Party.objects.select_related("partner")))
        )
        with out.open("wb") as stream:
            rows = export.register_rows(cases, tenant)
            if kind == "xlsx":
                count = export.write_xlsx(
                    rows, export.export_meta(tenant, RegistryFilters()), stream
                )
            else:
                count = export.write_csv(rows, stream)
        self.stdout.write(f"{count} row(s) of {region.name} written to {out}.")
