"""Final minutes cannot be changed through any interface (issue 9 item 4, acceptance): the
screens (forms not shown; a forged POST refused with a message), the admin (read-only; a forged
change or delete refused), the services (`test_meetings_notulen.py`), and commands — a
command such as `loaddata`, or a script past the services, meets the database's triggers."""

from __future__ import annotations

import json

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse

from kerjasama.meetings import minutes
from kerjasama.meetings.enums import OutcomeKind
from kerjasama.meetings.models import ActionItem, AgendaItem, DecisionStep, Meeting, Outcome
from tests.factories import UserFactory
from tests.notulen_support import held_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def final(world):
    held = held_meeting(world)
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind=OutcomeKind.DECISION, text="Diteruskan."
    )
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    task = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.other_item, kind=OutcomeKind.ACTION, text="Laporan."
    )
    from kerjasama.meetings.actions import action_item_add

    action = action_item_add(
        actor=world.sec_singkawang,
        outcome=task,
        title="Laporan evaluasi",
        due_on=minutes.meeting_day(held.meeting),
        owner_opd=world.pupr,
    )
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    held.meeting.refresh_from_db()
    held.decision, held.action = decision, action
    return held


def test_screen_shows_no_form_and_refuses_a_forged_post(client, world, final):
    client.force_login(world.sec_singkawang)

    page = client.get(reverse("rapat:minutes", args=[final.meeting.pk])).content.decode()
    forged = client.post(
        reverse("rapat:outcome_create", args=[final.item.pk]),
        {f"o{final.item.pk}-kind": "information", f"o{final.item.pk}-text": "Disisipkan diam-diam"},
        follow=True,
    )
    forged_notes = client.post(
        reverse("rapat:minutes_notes", args=[final.meeting.pk]),
        {"opening": "Diubah", "closing": ""},
        follow=True,
    )

    assert "Diteruskan." in page
    assert reverse("rapat:outcome_create", args=[final.item.pk]) not in page
    assert reverse("rapat:item_minutes", args=[final.item.pk]) not in page
    assert reverse("rapat:minutes_notes", args=[final.meeting.pk]) not in page
    assert "Notulen rapat ini sudah final dan terkunci" in forged.content.decode()
    assert "Notulen rapat ini sudah final dan terkunci" in forged_notes.content.decode()
    assert list(final.item.outcomes.values_list("text", flat=True)) == ["Diteruskan."]
    final.meeting.refresh_from_db()
    assert final.meeting.minutes_opening == ""


@pytest.fixture
def superuser():
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def test_admin_is_read_only_for_a_final_meetings_rows(client, world, final, superuser):
    client.force_login(superuser)
    step = DecisionStep.objects.get()

    for model, obj in (
        (AgendaItem, final.item),
        (Outcome, final.decision),
        (DecisionStep, step),
        (ActionItem, final.action),
    ):
        request = type("Request", (), {"user": superuser})()
        assert not admin.site._registry[model].has_change_permission(request, obj)
        assert not admin.site._registry[model].has_delete_permission(request, obj)
    url = reverse("admin:meetings_outcome_change", args=[final.decision.pk])
    changed = client.post(url, {"item": final.item.pk, "kind": "information", "text": "Diubah"})
    deleted = client.post(
        reverse("admin:meetings_agendaitem_delete", args=[final.item.pk]), {"post": "yes"}
    )
    added = client.post(
        reverse("admin:meetings_outcome_add"),
        {"item": final.item.pk, "kind": "information", "text": "Baru", "order": 5},
    )

    assert (changed.status_code, deleted.status_code) == (403, 403)
    assert "Notulen rapat ini sudah final dan terkunci" in added.content.decode()
    final.decision.refresh_from_db()
    assert final.decision.text == "Diteruskan."
    assert AgendaItem.objects.filter(pk=final.item.pk).exists()
    assert final.item.outcomes.count() == 1


def test_a_command_past_the_services_meets_the_database_guard(world, final, tmp_path):
    """`loaddata` (a management command that writes rows without our services) and a script's
    bulk update are both refused by the triggers; closing an action item stays possible."""
    fixture = tmp_path / "forged.json"
    fixture.write_text(
        json.dumps(
            [
                {
                    "model": "meetings.outcome",
                    "pk": final.decision.pk,
                    "fields": {
                        "item": final.item.pk,
                        "kind": "decision",
                        "text": "Ditolak (dipalsukan)",
                        "order": 1,
                        "created_at": "2026-01-01T00:00:00Z",
                        "updated_at": "2026-01-01T00:00:00Z",
                    },
                }
            ]
        )
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        call_command("loaddata", str(fixture), verbosity=0)
    for write in (
        lambda: AgendaItem.objects.filter(pk=final.item.pk).update(minutes="diubah"),
        lambda: Outcome.objects.filter(pk=final.decision.pk).delete(),
        lambda: DecisionStep.objects.update(override_reason="x"),
        lambda: ActionItem.objects.filter(pk=final.action.pk).update(title="lain"),
        lambda: Meeting.objects.filter(pk=final.meeting.pk).update(minutes_closing="x"),
        lambda: Outcome.objects.create(item=final.item, kind="information", text="baru"),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            write()

    final.decision.refresh_from_db()
    assert final.decision.text == "Diteruskan."
    # What is not the minutes' content stays writable: an action item's status.
    assert ActionItem.objects.filter(pk=final.action.pk).update(status="done") == 1


def test_reopening_on_screen_needs_a_reason_and_keeps_version_one_readable(client, world, final):
    client.force_login(world.sekda)
    url = reverse("rapat:minutes_reopen", args=[final.meeting.pk])

    form = client.get(url).content.decode()
    refused = client.post(url, {"reason": ""})
    client.post(url, {"reason": "Nama OPD pada butir 2 keliru."})
    minutes.outcome_update(actor=world.sec_singkawang, outcome=final.decision, text="Diperbaiki.")
    version = final.meeting.minutes_versions.get()
    old = client.get(reverse("rapat:minutes_version", args=[version.pk])).content.decode()
    panel = client.get(reverse("rapat:minutes", args=[final.meeting.pk])).content.decode()

    assert "Langkah yang sudah diambil tetap berlaku" in form
    assert refused.status_code == 422
    final.meeting.refresh_from_db()
    assert final.meeting.state == "held"
    assert "Diteruskan." in old  # the version as made final, not the amended text
    assert "Diperbaiki." not in old
    assert "Nama OPD pada butir 2 keliru." in old
    assert "Nama OPD pada butir 2 keliru." in panel
    assert 'action="' + reverse("rapat:minutes_final", args=[final.meeting.pk]) in panel
