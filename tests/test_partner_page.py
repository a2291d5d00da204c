"""The partner's page lists the cooperations with the partner that the reader may see — a
section `agreements` contributes, since `partners` imports nothing of `agreements` (issue 7)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from kerjasama.agreements.models import Party


def _page(user, partner) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("partners:detail", args=[partner.pk])).content.decode()


def test_the_partner_page_lists_the_cooperations_the_reader_may_see(world):
    Party.objects.create(cooperation=world.local, partner=world.third_party, order=3)

    own = _page(world.sec_singkawang, world.third_party)
    other = _page(world.sec_pontianak, world.third_party)

    heading = "Kerja sama dengan mitra ini yang dapat Anda lihat"
    assert heading in own
    assert f'href="{world.local.get_absolute_url()}">{world.local.title}</a>' in own
    assert world.kb.title not in own  # the partner is no party to it
    assert heading in other
    assert world.local.title not in other  # Pontianak is no party to the Singkawang case
    assert '<p class="empty">Tidak ada.</p>' in other
