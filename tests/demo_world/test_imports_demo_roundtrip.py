"""Export → import on the loaded demo (issue 11, item 8; acceptance "exporting and re-importing
changes nothing"): the registry of Kota Singkawang and of the Provinsi Kalimantan Barat, exported
as its secretariat sees it (the registry list's cases, no filter) in XLSX and in CSV, and read
back into the same region. The demo holds what the generated registries of
`tests/test_imports_rest_identity.py` do not: cases with several agreements (a KB and its PKS, an
addendum, a letter of intent), agreements executed by another OPD than the case's own party,
partners shared by several regions. Every data row must read back "unchanged" with no reason,
and a commit must write nothing but the run's own two events (the upload and the commit)."""

from __future__ import annotations

from typing import Any

import pytest

from kerjasama.accounts.models import Opd, User
from kerjasama.agreements import selectors
from kerjasama.agreements.models import Cooperation, Document, Party
from kerjasama.agreements.selectors import RegistryFilters
from kerjasama.core.models import AuditEvent
from kerjasama.imports import export, services
from kerjasama.imports.models import Outcome, RunState
from kerjasama.partners.models import Partner

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Cooperation, Document, Party, Partner, Opd, AuditEvent)
    }


def _export(user: User, kind: str) -> tuple[bytes, int]:
    assert user.tenant is not None
    cases = selectors.cooperation_list(user=user, filters=RegistryFilters())
    out, count = export.export_to_file(cases, user.tenant, kind)
    return out.read(), count


def _rows(user: User) -> list[dict[str, Any]]:
    assert user.tenant is not None
    cases = selectors.cooperation_list(user=user, filters=RegistryFilters())
    return [row.values for row in export.register_rows(cases, user.tenant)]


def _not_unchanged(run: Any) -> list[str]:
    return [
        f"row {row.number}: {row.outcome} {row.values.get('title', '')!r} "
        f"{[services.reason_text(r) for r in row.reasons]} diff={row.diff}"
        for row in run.rows.exclude(outcome=Outcome.NON_DATA).order_by("number")
        if row.outcome != Outcome.UNCHANGED or row.reasons
    ]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
@pytest.mark.parametrize("username", ["sekretariat.singkawang", "sekretariat.kalbar"])
def test_the_demo_registry_exported_and_imported_back_changes_nothing(demo_world, username, kind):
    user = User.objects.get(username=username)
    data, count = _export(user, kind)
    exported = _rows(user)
    assert count > 5  # the demo's registry, not an empty one
    before = _counts()

    run = services.run_read(
        services.run_create(actor=user, tenant=user.tenant, data=data, name=f"register.{kind}")
    )

    assert run.state == RunState.PREVIEWED, run.error
    rows = run.rows.exclude(outcome=Outcome.NON_DATA)
    assert rows.count() == count
    wrong = _not_unchanged(run)
    assert wrong == [], "\n".join(wrong)
    assert run.counts[Outcome.UNCHANGED] == count

    run = services.run_commit(actor=user, run=run)
    assert run.state == RunState.COMMITTED, run.error
    after = _counts()
    assert after["AuditEvent"] == before["AuditEvent"] + 2  # the upload and the commit
    assert {k: v for k, v in after.items() if k != "AuditEvent"} == {
        k: v for k, v in before.items() if k != "AuditEvent"
    }
    # And the registry exports as before.
    assert _rows(user) == exported


def test_the_registry_downloaded_by_singkawangs_secretariat_reads_back_unchanged(
    client, demo_world
):
    """The QA walk: `/kerjasama/ekspor.xlsx` as sekretariat.singkawang, imported back."""
    user = User.objects.get(username="sekretariat.singkawang")
    client.force_login(user)
    response = client.get("/kerjasama/ekspor.xlsx")
    data = b"".join(response.streaming_content)

    run = services.run_read(
        services.run_create(actor=user, tenant=user.tenant, data=data, name="ekspor.xlsx")
    )

    assert run.state == RunState.PREVIEWED, run.error
    wrong = _not_unchanged(run)
    assert wrong == [], "\n".join(wrong)
    assert run.counts[Outcome.UNCHANGED] == len(_rows(user)) > 5
