"""The lifecycle through the screens (test client): the record page, the step form and the
transition decide from one evaluation (issue 6 item 8), and a step opened on a stale page says
where the case stands instead of answering 404 (item 10)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kerjasama.accounts.models import Role
from kerjasama.agreements import lifecycle
from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Cooperation, Transition
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    UserFactory,
    ksdpk_at_pks_drafting,
)

pytestmark = pytest.mark.django_db


def _step_url(record: Cooperation, action: str) -> str:
    return reverse("agreements:step", args=[record.pk, action])


def _pks_step_url(record: Cooperation, action: str) -> str:
    """Signing is a step of the PKS's own road (issue 7)."""
    pks = record.documents.get(kind="pks")
    return reverse("agreements:pks_step", args=[record.pk, pks.pk, action])


# --- Item 8: a KSDPK can record its signed PKS through the screens ------------------------------


def test_ksdpk_signed_pks_with_the_four_clauses_can_be_recorded_through_the_screens(client, world):
    record = ksdpk_at_pks_drafting(clauses_ticked=True)
    client.force_login(world.sec_singkawang)

    detail = client.get(record.get_absolute_url()).content.decode()
    form = client.get(_pks_step_url(record, "sign_pks")).content.decode()
    response = client.post(
        _pks_step_url(record, "sign_pks"),
        {"on": timezone.localdate().isoformat(), "expected_stage": Stage.PKS_DRAFTING},
    )

    assert f'href="{_pks_step_url(record, "sign_pks")}"' in detail
    assert "disabled>Catat Perjanjian Kerja Sama" not in form
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.stage == Stage.PKS_SIGNED
    assert list(record.transitions.values_list("action", flat=True)) == ["sign_pks"]


def test_ksdpk_pks_without_the_four_clauses_blocks_the_step_on_screen_and_in_the_service(
    client, world
):
    record = ksdpk_at_pks_drafting(clauses_ticked=False)
    client.force_login(world.sec_singkawang)

    detail = client.get(record.get_absolute_url()).content.decode()
    response = client.post(
        _pks_step_url(record, "sign_pks"),
        {"on": timezone.localdate().isoformat(), "expected_stage": Stage.PKS_DRAFTING},
    )

    assert f'href="{_pks_step_url(record, "sign_pks")}"' not in detail
    assert "empat klausul wajib" in detail
    assert "empat klausul wajib" in response.content.decode()
    record.refresh_from_db()
    assert record.stage == Stage.PKS_DRAFTING
    assert not record.transitions.exists()


def test_take_over_is_offered_and_its_conditions_are_checked_on_the_submitted_facts(client, world):
    # §6.6 (PP 28/2018 Pasal 10–11): only a mandatory KSDD, after guidance and an evaluation of
    # the obstacles; those facts are recorded by the step's own form. Two kota/kabupaten of
    # Kalimantan Barat: the governor (the province's take-over authority) takes over, with the
    # Minister's approval.
    record = CooperationFactory(
        stage=Stage.IN_FORCE, ksdd_category="wajib", party_codes=("61.72", "61.07")
    )
    governor = UserFactory(
        username="biro.pemerintahan.kalbar", tenant=world.kalbar, roles=[Role.TAKEOVER_AUTHORITY]
    )
    client.force_login(governor)
    url = _step_url(record, "take_over")
    today = timezone.localdate().isoformat()

    detail = client.get(record.get_absolute_url()).content.decode()
    form = client.get(url).content.decode()
    refused = client.post(url, {"on": today, "expected_stage": Stage.IN_FORCE})
    taken = client.post(
        url,
        {
            "on": today,
            "expected_stage": Stage.IN_FORCE,
            "taken_over_by": "governor",
            "failed_party": str(record.parties.get(partner__region__code="61.07").pk),
            "guidance_given": "on",
            "obstacles_evaluated": "on",
            "minister_approved": "on",
        },
    )

    assert f'href="{url}"' in detail
    assert "Diperiksa saat Anda mengambil langkah ini" in form
    assert " disabled>Catat pengambilalihan" not in form
    assert refused.status_code == 422
    assert "Catat bahwa pembinaan telah dilakukan" in refused.content.decode()
    assert taken.status_code == 302
    record.refresh_from_db()
    assert record.stage == Stage.TAKEN_OVER


# --- Item 10: a stale page says where the case stands now ---------------------------------------


def _proposal_with_kak() -> Cooperation:
    record = CooperationFactory(
        title="Pengelolaan sampah Singkawang–Bengkayang",
        stage=Stage.PROPOSAL,
        party_codes=("61.72", "61.07"),
    )
    DocumentFactory(cooperation=record, kind="kak", title="KAK pengelolaan sampah")
    return record


def test_resubmitting_a_step_the_case_has_moved_past_says_where_it_stands(client, world):
    record = _proposal_with_kak()
    client.force_login(world.sec_singkawang)
    client.get(_step_url(record, "prepare"))  # the clerk opens the form ...
    world.sec_bengkayang.first_name, world.sec_bengkayang.last_name = "Rina", "Bengkayang"
    world.sec_bengkayang.save()
    lifecycle.cooperation_transition(  # ... a colleague of the other party takes the step ...
        actor=world.sec_bengkayang,
        cooperation=record,
        action="prepare",
        expected_stage=Stage.PROPOSAL,
        facts={"on": dt.date(2026, 11, 2)},
        today=dt.date(2026, 11, 3),
    )

    response = client.post(  # ... and the clerk submits the old form (or goes back and resubmits)
        _step_url(record, "prepare"),
        {"on": timezone.localdate().isoformat(), "expected_stage": Stage.PROPOSAL},
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain == [(record.get_absolute_url(), 302)]
    assert (
        "Kerja sama ini sudah berpindah ke tahap “Persiapan” (oleh Rina Bengkayang, tanggal "
        "2 November 2026); langkah “Mulai persiapan” tidak lagi tersedia."
    ) in page
    assert Transition.objects.filter(cooperation=record).count() == 1


def test_opening_a_step_no_longer_available_redirects_to_the_record(client, world):
    record = _proposal_with_kak()
    Cooperation.objects.filter(pk=record.pk).update(stage=Stage.PREPARATION)
    client.force_login(world.sec_singkawang)

    response = client.get(_step_url(record, "prepare"), follow=True)

    assert response.redirect_chain == [(record.get_absolute_url(), 302)]
    assert (
        "Kerja sama ini berada pada tahap “Persiapan”; langkah “Mulai persiapan” tidak lagi "
        "tersedia."
    ) in response.content.decode()


def test_a_step_still_possible_but_submitted_on_a_stale_page_is_refused_with_where_it_stands(
    client, world
):
    # "Reject" is a step from the proposal and from the preparation: the clerk's page was made
    # at the proposal stage, so the rejection was not decided on what the case is now.
    record = _proposal_with_kak()
    client.force_login(world.sec_singkawang)
    client.get(_step_url(record, "reject"))
    world.sec_bengkayang.first_name, world.sec_bengkayang.last_name = "Rina", "Bengkayang"
    world.sec_bengkayang.save()
    lifecycle.cooperation_transition(
        actor=world.sec_bengkayang,
        cooperation=record,
        action="prepare",
        expected_stage=Stage.PROPOSAL,
        facts={"on": dt.date(2026, 11, 2)},
        today=dt.date(2026, 11, 3),
    )

    response = client.post(
        _step_url(record, "reject"),
        {
            "on": timezone.localdate().isoformat(),
            "expected_stage": Stage.PROPOSAL,
            "reason": "Tidak sesuai RPJMD",
        },
        follow=True,
    )

    assert response.redirect_chain == [(record.get_absolute_url(), 302)]
    assert (
        "Kerja sama ini sudah berpindah ke tahap “Persiapan” (oleh Rina Bengkayang, tanggal "
        "2 November 2026); langkah “Tolak usulan” tidak lagi tersedia."
    ) in response.content.decode()
    record.refresh_from_db()
    assert record.stage == Stage.PREPARATION


def test_a_step_of_a_record_the_user_cannot_see_stays_404(client, world):
    record = _proposal_with_kak()
    client.force_login(world.sec_pontianak)

    response = client.get(_step_url(record, "prepare"))

    assert response.status_code == 404
    assert "Kerja sama ini" not in response.content.decode()


def test_a_made_up_step_address_is_not_found_not_moved_on(client, world):
    """Walk of issue 7: `/langkah/foo/` (or a step of another type's road, a letter of intent on
    a KSDD) never existed for this case: it answers 404, not "the case has moved on"."""
    record = _proposal_with_kak()
    client.force_login(world.sec_singkawang)

    for action in ("foo", "sign_loi"):
        response = client.get(_step_url(record, action))
        assert response.status_code == 404
        assert "tidak lagi tersedia" not in response.content.decode()
    # A real step of its road from another stage still says where the case stands.
    moved = client.get(_step_url(record, "sign_kb"), follow=True)
    assert "tidak lagi tersedia" in moved.content.decode()
