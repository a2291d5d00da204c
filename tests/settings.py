"""Settings for the test suite: the real settings, plus what a bare `pytest` needs.

pytest-django imports the settings before any conftest runs, so the test key is set here.
Tests run with DEBUG off, like production; `tests/conftest.py` switches off what a test
client cannot follow (the HTTPS redirect, the static manifest).
"""

import os

os.environ.setdefault(
    "SECRET_KEY", "insecure-test-only-key-not-for-production-0123456789abcdefghij"
)

from kerjasama.settings import *  # noqa: F403

# Background tasks run at once in tests, in the test's own transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
