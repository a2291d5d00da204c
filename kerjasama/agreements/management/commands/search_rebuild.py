from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kerjasama.agreements.search import search_rebuild


class Command(BaseCommand):
    help = (
        "Rewrite the search document of every cooperation (the registry's full-text search). "
        "The migration fills it once and the services keep it in step; run this after loading "
        "data past the services (a bulk import, a restored dump, generated benchmark data). "
        "Safe to run again."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--batch", type=int, default=1000, help="cooperations per batch")

    def handle(self, *args: Any, **options: Any) -> None:
        total = search_rebuild(batch=options["batch"])
        self.stdout.write(f"{total} cooperation(s) indexed.")
