"""Behaviour kept through the typing of the registry's forms (issue 7, "Static types"): the
content checklist's ticks became a field class of their own (`forms.ChecklistField`)."""

from __future__ import annotations

from django.urls import reverse

from kerjasama.accounts.models import ContentChecklistItem


def test_the_checklist_ticks_name_their_kind_only_when_both_kinds_show(client, world):
    """§5.5: a document form opened without a kind lists the KB's and the PKS's rows, each
    with its kind; a KB's form lists the KB's rows by their label alone."""
    ContentChecklistItem.objects.create(
        tenant=world.singkawang, document_kind="kb", label="Maksud dan tujuan", order=1
    )
    ContentChecklistItem.objects.create(
        tenant=world.singkawang, document_kind="pks", label="Hak dan kewajiban", order=1
    )
    client.force_login(world.sec_singkawang)
    url = reverse("agreements:document_create", args=[world.local.pk])

    any_kind = client.get(url).content.decode()
    kb = client.get(url + "?kind=kb").content.decode()

    assert "Kesepakatan Bersama (KB): Maksud dan tujuan" in any_kind
    assert "Perjanjian Kerja Sama (PKS): Hak dan kewajiban" in any_kind
    assert "Maksud dan tujuan" in kb
    assert "Kesepakatan Bersama (KB): Maksud dan tujuan" not in kb
    assert "Hak dan kewajiban" not in kb
