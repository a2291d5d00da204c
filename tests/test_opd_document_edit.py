"""Issue 6, fresh-eyes walk (L6): after signing, an OPD officer edits only the supporting
documents it reports for — those it created or whose executing OPD is its own; every other
document of the case stays the secretariat's (docs/ARCHITECTURE.md, "Visibility and editing").
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from kerjasama.agreements import services
from kerjasama.agreements.permissions import can_edit_document
from kerjasama.core.exceptions import NotPermitted
from kerjasama.core.models import AuditEvent
from tests.factories import DocumentFactory, OpdFactory

pytestmark = pytest.mark.django_db


def _kak(world, title, **extra):
    return DocumentFactory(
        cooperation=world.local,
        kind="kak",
        title=title,
        status="final",
        start_date=None,
        end_date=None,
        **extra,
    )


@pytest.fixture
def papers(world):
    """`world.local` is signed and in force; PUPR is its executing OPD."""
    bks = OpdFactory(tenant=world.singkawang, name="Bagian Kerja Sama")
    return {
        "secretariat": _kak(
            world, "KAK Bagian Kerja Sama", executing_opd=bks, created_by=world.sec_singkawang
        ),
        "executed": _kak(
            world, "KAK PUPR", executing_opd=world.pupr, created_by=world.sec_singkawang
        ),
        "own": _kak(world, "KAK dibuat PUPR", created_by=world.pupr_officer),
    }


def test_an_opd_officer_cannot_retitle_the_secretariats_document_of_a_signed_case(world, papers):
    kak = papers["secretariat"]

    with pytest.raises(NotPermitted):
        services.document_update(
            actor=world.pupr_officer, document=kak, data={"title": "KAK diubah PUPR"}
        )

    kak.refresh_from_db()
    assert kak.title == "KAK Bagian Kerja Sama"
    assert not AuditEvent.objects.filter(action="document.update").exists()
    # The secretariat still may.
    assert can_edit_document(world.sec_singkawang, kak)


def test_an_opd_officer_edits_the_documents_it_reports_for(world, papers):
    for key in ("executed", "own"):
        document = services.document_update(
            actor=world.pupr_officer, document=papers[key], data={"title": f"{key} (ubah)"}
        )
        document.refresh_from_db()
        assert document.title == f"{key} (ubah)"


def test_before_signing_an_involved_officer_still_edits_every_supporting_document(world, papers):
    world.local.stage = "preparation"
    world.local.save()
    world.document.status = "draft"
    world.document.save()
    world.local.refresh_from_db()
    world.local.signed_on = None
    world.local.save()
    kak = papers["secretariat"]
    kak.refresh_from_db()

    assert can_edit_document(world.pupr_officer, kak)


def test_the_record_page_offers_an_opd_officer_only_its_own_documents(client, world, papers):
    client.force_login(world.pupr_officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"

    page = client.get(world.local.get_absolute_url()).content.decode()

    def edit_url(document):
        return reverse("agreements:document_edit", args=[world.local.pk, document.pk])

    assert edit_url(papers["secretariat"]) not in page
    assert edit_url(papers["executed"]) in page
    assert edit_url(papers["own"]) in page
    response = client.get(edit_url(papers["secretariat"]))
    assert response.status_code == 403
