"""The demo loaded once for many tests (`demo_world`): inside a transaction rolled back at the
end, so the database is as before for the tests that follow."""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def row_counts() -> dict[str, int]:
    """Rows per model of the apps the demo writes (a load that writes nothing leaves them)."""
    from django.apps import apps

    labels = {"accounts", "agreements", "partners", "reference", "core", "notifications"}
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


# What the last `demo_loaded` printed (the load's summary), for the tests of the load itself.
LOAD_OUTPUT: list[str] = []


@contextmanager
def demo_loaded(django_db_blocker: Any, media_root: str) -> Iterator[None]:
    from django.core.management import call_command
    from django.db import transaction
    from django.test.utils import override_settings

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            with override_settings(DEMO_MODE=True, MEDIA_ROOT=media_root):
                out = io.StringIO()
                call_command("load_demo", stdout=out)
                LOAD_OUTPUT[:] = [out.getvalue()]
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
