from __future__ import annotations

from django.core.management.base import BaseCommand

from kerjasama.agreements.access import access_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the visibility table (which region and which OPD may read each case, with "
        "the columns the registry sorts and counts on) from the parties and documents. The "
        "services keep it in step; run this after changing the region list, after "
        "evidence_refresh, or to repair. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        count = access_rebuild()
        self.stdout.write(f"Access rows of {count} cooperation(s) recomputed.")
