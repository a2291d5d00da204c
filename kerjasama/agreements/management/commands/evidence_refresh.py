from __future__ import annotations

from django.core.management.base import BaseCommand

from kerjasama.agreements.access import access_refresh
from kerjasama.agreements.completeness import evidence_refresh
from kerjasama.agreements.models import Cooperation


class Command(BaseCommand):
    help = (
        "Recompute for every cooperation how many statutory documents and facts it lacks for "
        "the stage it was registered at (the registry's 'incomplete' filter and the dashboard "
        "count read the stored number). Run once after upgrading to issue 7, for the cases "
        "registered before; the services keep it afterwards. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        incomplete = 0
        for cooperation in Cooperation.objects.order_by("pk").iterator(chunk_size=500):
            incomplete += bool(evidence_refresh(cooperation))
            access_refresh(cooperation)  # the registry counts from its copy (issue 8)
        self.stdout.write(f"{incomplete} incomplete cooperation(s).")
