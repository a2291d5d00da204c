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


# One load of the demo per process for the browser tests that need it committed (their live
# server reads it): the first loads it with `load_demo` and keeps a copy of the in-memory
# SQLite database and of its files; the next ones put that copy back in a few milliseconds
# instead of loading again (about 20 s each on the 2-core box). A transactional test flushes
# every table afterwards, so the copy always goes back over the reference data alone.
_DEMO_COPY: dict[str, Any] = {}


def demo_committed() -> None:
    """The demo in the test database, committed, with its files under today's MEDIA_ROOT."""
    import shutil
    import sqlite3
    import tempfile
    from pathlib import Path

    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    media = Path(settings.MEDIA_ROOT)
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        with override_settings(DEMO_MODE=True):
            call_command("load_demo", stdout=io.StringIO())
        return
    connection.ensure_connection()
    if "db" not in _DEMO_COPY:
        with override_settings(DEMO_MODE=True):
            call_command("load_demo", stdout=io.StringIO())
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        files = Path(tempfile.mkdtemp(prefix="kerjasama-demo-files-"))
        if media.is_dir():
            shutil.copytree(media, files, dirs_exist_ok=True)
        _DEMO_COPY.update(db=copy, files=files)
        return
    _DEMO_COPY["db"].backup(connection.connection)
    # Rows the flush deleted came back with the ids of the copy: forget the ids cached since.
    ContentType.objects.clear_cache()
    shutil.copytree(_DEMO_COPY["files"], media, dirs_exist_ok=True)
