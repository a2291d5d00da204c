"""Screens catch the one base, `DomainError` (issue 7, "one error hierarchy"): a screen written
with one kind of refusal in mind answers every other kind with its message too — the kinds about
the form on the form or as a flash message, the kinds about the actor (permission) with their
own page — never with a 500, and nothing is half-saved.
"""

from __future__ import annotations

from django.urls import reverse

from kerjasama.agreements.services import party_change_request
from tests.factories import DocumentFactory, party_asked_to_leave, report_deadline


def test_the_answer_button_built_for_answered_meanwhile_answers_a_permission_refusal(client, world):
    """The button that answers a request to leave catches "already answered" (a rule); the
    region that asked cannot answer for the other (permission): its page says so, with 403."""
    party = party_asked_to_leave(world.local)
    request = party_change_request(
        actor=world.sec_singkawang, party=party, reason="Tidak lagi terlibat"
    )
    client.force_login(world.sec_singkawang)  # the asking side, not the region asked

    response = client.post(
        reverse("agreements:party_change_decide", args=[world.local.pk, request.pk]),
        {"accept": "1"},
    )

    request.refresh_from_db()
    assert response.status_code == 403
    assert (
        "Hanya sekretariat pihak yang diminta keluar yang dapat menjawab."
        in response.content.decode()
    )
    assert request.status == "pending"
    assert world.local.parties.filter(pk=party.pk).exists()


def test_the_answer_button_flashes_a_request_answered_meanwhile(client, world):
    """The kind the button was written for still shows as a message on the record."""
    party = party_asked_to_leave(world.local)
    request = party_change_request(
        actor=world.sec_singkawang, party=party, reason="Tidak lagi terlibat"
    )
    url = reverse("agreements:party_change_decide", args=[world.local.pk, request.pk])
    client.force_login(world.sec_bengkayang)
    client.post(url, {"accept": "0", "answer": "Kami tetap"})

    again = client.post(url, {"accept": "1"}, follow=True)

    assert again.status_code == 200
    assert "Permintaan ini sudah dijawab." in again.content.decode()
    assert world.local.parties.filter(pk=party.pk).exists()  # the first answer stands


def test_the_undo_button_flashes_a_refusal_of_a_deadline_not_recorded_by_hand(client, world):
    """Undoing what met a deadline, on a deadline whose record was not made by hand (another
    tab undid it, or the rule met it): the button shows the refusal on the record page."""
    deadline = report_deadline(world.local)  # open, not recorded by hand
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("agreements:deadline_reopen", args=[world.local.pk, deadline.pk]), follow=True
    )

    deadline.refresh_from_db()
    assert response.status_code == 200
    assert (
        "Hanya yang dicatat secara manual yang dapat dibatalkan; muat ulang halaman."
        in response.content.decode()
    )
    assert (deadline.status, deadline.met_manually) == ("open", False)


def test_the_met_form_shows_a_deadline_met_meanwhile_on_the_form(client, world):
    """Recording what met a deadline that was met meanwhile: the form says so (422), and the
    record made first stays."""
    report = DocumentFactory(
        cooperation=world.local,
        kind="implementation_report",
        title="Laporan pelaksanaan",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
    )
    deadline = report_deadline(world.local, met_by=report)
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("agreements:deadline_met", args=[world.local.pk, deadline.pk]),
        {"document": report.pk, "met_on": "2026-02-02"},
    )

    deadline.refresh_from_db()
    assert response.status_code == 422
    assert "Tenggat ini tidak terbuka lagi; muat ulang halaman." in response.content.decode()
    assert (deadline.status, deadline.met_by, deadline.met_on) == ("met", report, None)
