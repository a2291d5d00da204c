"""The tests that read the loaded demo share ONE load of it (about half a minute on
PostgreSQL) instead of one per module: `demo_world` is package-scoped here, and xdist sends the
whole package to one worker as one unit (`pytest_xdist_make_scheduler` in tests/conftest.py),
so that worker runs them one after the other and the load's transaction is rolled back before that worker
runs anything else. Tests here only read the demo, or write inside their own savepoint."""

from __future__ import annotations

import pytest

from tests.demo_support import demo_loaded


@pytest.fixture(scope="package")
def demo_world(django_db_setup, django_db_blocker, demo_media_root):
    with demo_loaded(django_db_blocker, demo_media_root):
        yield
