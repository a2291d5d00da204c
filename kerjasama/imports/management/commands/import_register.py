"""`kerjasama import_register FILE --region CODE [--commit]` (issue 11, item 9)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from kerjasama.accounts.models import Tenant, User
from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError
from kerjasama.imports import services
from kerjasama.imports.files import check_file
from kerjasama.imports.models import ImportRun, Outcome, RunState


class _DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Read a register (.xlsx or .csv) into a region's registry. Without --commit it prints "
        "the preview — each row's sheet row number, outcome and reasons, then the counts — and "
        "writes nothing. With --commit it imports in the name of the region's first "
        "secretariat user and prints the import's id (undo it on the import's page)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="the register, .xlsx or .csv")
        parser.add_argument("--region", required=True, help="Kemendagri code, e.g. 61.72")
        parser.add_argument("--commit", action="store_true", help="import; else only preview")
        parser.add_argument("--sheet", default=None, help="the sheet (default: detected)")
        parser.add_argument(
            "--header-row", type=int, default=None, help="the header row (default: detected)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            region = services.region_by_code(options["region"])
            tenant = Tenant.objects.filter(region=region).first()
            if tenant is None:
                raise DomainError(
                    _("%(region)s is not a tenant; run “kerjasama tenant_add %(code)s” first.")
                    % {"region": region, "code": region.code}
                )
            if not path.is_file():
                raise DomainError(_("There is no file “%(file)s”.") % {"file": path})
            data = path.read_bytes()
            check_file(data, name=path.name)  # a clear refusal before anything is stored
            actor = services.import_actor(tenant)
            with audit.interface("cli"):
                if options["commit"]:
                    run = self._run(actor, tenant, data, path.name, options)
                    self._print(run)
                    if run.state == RunState.PREVIEWED:
                        run = services.run_commit(actor=actor, run=run)
                    if run.state != RunState.COMMITTED:
                        raise DomainError(run.error)
                    self.stdout.write(
                        _("Imported: import %(id)s, %(count)s row(s) written.")
                        % {"id": run.pk, "count": run.counts.get("committed", 0)}
                    )
                else:
                    try:
                        with transaction.atomic():
                            run = self._run(actor, tenant, data, path.name, options)
                            self._print(run)
                            raise _DryRun
                    except _DryRun:
                        pass
                    self.stdout.write(_("Nothing was written (preview only; add --commit)."))
        except DomainError as error:
            raise CommandError(str(error.message)) from None

    def _run(
        self, actor: User, tenant: Tenant, data: bytes, name: str, options: dict[str, Any]
    ) -> ImportRun:
        run = services.run_create(
            actor=actor, tenant=tenant, data=data, name=name, store=options["commit"]
        )
        run = services.run_read(
            run, sheet=options["sheet"], header_row=options["header_row"], data=data
        )
        if run.state == RunState.FAILED:
            raise DomainError(run.error)
        return run

    def _print(self, run: ImportRun) -> None:
        for row in run.rows.exclude(outcome=Outcome.NON_DATA).order_by("number"):
            reasons = "; ".join(services.reason_text(r) for r in row.reasons)
            line = f"{row.number}\t{row.get_outcome_display()}"
            self.stdout.write(f"{line}\t{reasons}" if reasons else line)
        counts = ", ".join(
            f"{Outcome(name).label}: {count}"
            for name, count in run.counts.items()
            if name in Outcome.values
        )
        self.stdout.write(_("Rows: %(counts)s") % {"counts": counts})
