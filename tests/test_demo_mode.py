"""The demo is loaded only with DEMO_MODE on (kerjasama/demo): on an empty database, off, both
commands refuse and write nothing. The tests of the loaded demo are in tests/demo_world/."""

from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from kerjasama.accounts.models import Tenant, User
from kerjasama.agreements.models import Cooperation
from kerjasama.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    labels = {"accounts", "agreements", "partners", "reference", "core", "notifications"}
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


def test_load_demo_refuses_without_demo_mode_and_writes_nothing(settings):
    settings.DEMO_MODE = False
    before = _row_counts()
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("load_demo", stdout=io.StringIO())
    with pytest.raises(CommandError, match="DEMO_MODE"):
        call_command("demo", stdout=io.StringIO())
    assert _row_counts() == before
    assert User.objects.count() == 0
    assert Tenant.objects.count() == 0
    assert Cooperation.objects.count() == 0
    assert AuditEvent.objects.count() == 0
