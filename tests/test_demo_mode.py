"""The demo is loaded only with DEMO_MODE on (kerjasama/demo): on an empty database, off, both
commands refuse and write nothing. The tests of the loaded demo are in tests/demo_world/."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kerjasama.accounts.models import Tenant, User
from kerjasama.agreements.models import Cooperation
from kerjasama.core.models import AuditEvent
from tests.demo_support import row_counts

pytestmark = pytest.mark.django_db


def test_load_demo_refuses_without_demo_mode_and_writes_nothing(settings):
    settings.DEMO_MODE = False
    before = row_counts()
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo", stdout=io.StringIO())
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("demo", stdout=io.StringIO())
    assert row_counts() == before
    assert User.objects.count() == 0
    assert Tenant.objects.count() == 0
    assert Cooperation.objects.count() == 0
    assert AuditEvent.objects.count() == 0
