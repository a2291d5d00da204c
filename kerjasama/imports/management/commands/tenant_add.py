"""`kerjasama tenant_add CODE`: make a region a tenant (issue 11, item 9)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kerjasama.core import audit
from kerjasama.core.exceptions import DomainError
from kerjasama.imports.services import tenant_add


class Command(BaseCommand):
    help = (
        "Make the region with this Kemendagri code (e.g. 61.72) a tenant of Kerjasama. Safe to "
        "run again: a region that already is one is left as it is."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("code", help="Kemendagri code of the region, e.g. 61.72")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with audit.interface("cli"):
                tenant, created = tenant_add(code=options["code"])
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        if created:
            self.stdout.write(_("%(region)s is now a tenant.") % {"region": tenant.region})
        else:
            self.stdout.write(_("%(region)s already is a tenant.") % {"region": tenant.region})
