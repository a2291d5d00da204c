"""Action items as deadlines (issue 9 item 5), the decision list, the case's history naming
the meeting, and the Sekda's dashboard (item 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from kerjasama.core.exceptions import DomainError, NotFound, NotPermitted
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline
from kerjasama.deadlines.services import deadlines_refresh_all
from kerjasama.meetings import actions, minutes
from kerjasama.meetings.enums import ActionStatus, OutcomeKind
from kerjasama.notifications.services import calendar_token_create
from tests.factories import make_pdf
from tests.notulen_support import held_meeting, planned_meeting

pytestmark = pytest.mark.django_db
DUE = timezone.localdate() + dt.timedelta(days=10)


def _with_action(world, **owner):
    held = held_meeting(world)
    task = minutes.outcome_add(
        actor=world.sec_singkawang,
        item=held.other_item,
        kind=OutcomeKind.ACTION,
        text="PUPR menindaklanjuti air bersih dan banjir.",
    )
    action = actions.action_item_add(
        actor=world.sec_singkawang,
        outcome=task,
        title="Kajian penanganan banjir Singkawang",
        due_on=DUE,
        **(owner or {"owner_opd": world.pupr}),
    )
    return held, action


def test_a_drafted_action_item_is_no_deadline_and_a_final_one_is(world):
    held, action = _with_action(world)

    drafted = Deadline.objects.filter(subject_type="meetings.actionitem").count()
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    assert drafted == 0
    deadline = Deadline.objects.get(subject_type="meetings.actionitem", subject_id=str(action.pk))
    assert (deadline.status, deadline.due_on, deadline.opd, deadline.cooperation) == (
        "open",
        DUE,
        world.pupr,
        None,
    )
    assert deadline.label == "Tindak lanjut: Kajian penanganan banjir Singkawang"


def test_the_owners_agenda_and_ical_feed_show_it_and_another_opds_do_not(client, world):
    held, _action = _with_action(world)
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    client.force_login(world.pupr_officer)
    agenda = client.get(reverse("agreements:agenda")).content.decode()
    token = calendar_token_create(user=world.pupr_officer)
    feed = client.get(reverse("notifications:feed", args=[token.token])).content.decode()
    client.force_login(world.tourism_officer)
    other = client.get(reverse("agreements:agenda")).content.decode()
    other_feed = client.get(
        reverse(
            "notifications:feed", args=[calendar_token_create(user=world.tourism_officer).token]
        )
    ).content.decode()

    assert "Tindak lanjut: Kajian penanganan banjir Singkawang" in agenda
    assert "SUMMARY:Tindak lanjut: Kajian penanganan banjir Singkawang" in feed.replace("\r\n ", "")
    assert f"DTSTART;VALUE=DATE:{DUE:%Y%m%d}" in feed
    assert "Kajian penanganan banjir" not in other
    assert "Kajian penanganan banjir" not in other_feed


def test_an_action_item_of_a_person_is_on_that_persons_agenda(client, world):
    held, _action = _with_action(world, owner_user=world.sekda)
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    client.force_login(world.sekda)
    agenda = client.get(reverse("agreements:agenda")).content.decode()
    client.force_login(world.pupr_officer)
    officer = client.get(reverse("agreements:agenda")).content.decode()

    assert "Kajian penanganan banjir Singkawang" in agenda
    assert "Kajian penanganan banjir Singkawang" not in officer


def test_the_owner_closes_it_with_evidence_and_another_opd_may_not(world):
    held, action = _with_action(world)
    with pytest.raises(DomainError, match="masih draf"):
        actions.action_item_close(actor=world.pupr_officer, action=action, note="terlalu dini")
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    with pytest.raises(NotPermitted):
        actions.action_item_close(actor=world.tourism_officer, action=action, note="bukan milik")
    with pytest.raises(NotFound):
        actions.action_item_close(actor=world.sec_pontianak, action=action, note="x")
    actions.action_item_close(
        actor=world.pupr_officer,
        action=action,
        note="Kajian selesai dan diserahkan.",
        evidence=SimpleUploadedFile("kajian.pdf", make_pdf(), content_type="application/pdf"),
    )

    action.refresh_from_db()
    assert (action.status, action.closed_by, action.evidence_name) == (
        ActionStatus.DONE,
        world.pupr_officer,
        "kajian.pdf",
    )
    assert len(action.evidence_sha256) == 64
    deadline = Deadline.objects.get(subject_type="meetings.actionitem")
    assert (deadline.status, deadline.met_on) == ("met", timezone.localdate())
    assert AuditEvent.objects.filter(action="tkksd.action_item.done").count() == 1


def test_the_secretariat_cancels_with_a_reason(world):
    held, action = _with_action(world)
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    with pytest.raises(NotPermitted):
        actions.action_item_cancel(actor=world.pupr_officer, action=action, reason="x")
    actions.action_item_cancel(
        actor=world.sec_singkawang, action=action, reason="Digabung dengan kajian provinsi."
    )

    action.refresh_from_db()
    assert (action.status, action.closing_note) == (
        ActionStatus.CANCELLED,
        "Digabung dengan kajian provinsi.",
    )
    assert Deadline.objects.get(subject_type="meetings.actionitem").status == "cancelled"


def test_close_screen_by_the_owner(client, world):
    held, action = _with_action(world)
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    client.force_login(world.pupr_officer)

    mine = client.get(reverse("rapat:action_list")).content.decode()
    page = client.get(reverse("rapat:action_detail", args=[action.pk])).content.decode()
    client.post(
        reverse("rapat:action_detail", args=[action.pk]),
        {"do": "close", "note": "Selesai dikerjakan."},
    )
    client.force_login(world.tourism_officer)
    refused = client.get(reverse("rapat:action_detail", args=[action.pk]))

    assert "Kajian penanganan banjir Singkawang" in mine
    assert 'value="close"' in page
    action.refresh_from_db()
    assert (action.status, action.closing_note) == (ActionStatus.DONE, "Selesai dikerjakan.")
    assert refused.status_code == 404


def test_decision_list_is_ready_while_held_and_marked_draft(client, world):
    held, _action = _with_action(world)
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind="decision", text="Air bersih lanjut."
    )
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    client.force_login(world.sekda)

    draft = client.get(reverse("rapat:decisions", args=[held.meeting.pk])).content.decode()
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    final = client.get(reverse("rapat:decisions", args=[held.meeting.pk])).content.decode()

    assert "Air bersih lanjut." in draft
    assert "Kajian penanganan banjir Singkawang" in draft
    assert "Draf: notulen belum final" in draft
    assert "Draf: notulen belum final" not in final
    assert "Kirim penawaran (rekomendasi TKKSD)" in final  # the step's label, not its code
    assert "Air bersih lanjut." in final


def test_the_case_history_names_the_meeting_with_a_link(client, world):
    held = held_meeting(world)
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind="decision", text="Diteruskan."
    )
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    client.force_login(world.sec_singkawang)

    page = client.get(held.case.get_absolute_url()).content.decode()
    client.force_login(world.sec_kalbar)  # the partner region reads the case, not the meeting
    partner = client.get(held.case.get_absolute_url()).content.decode()

    day = minutes.indonesian_date(minutes.meeting_day(held.meeting))
    assert f"Berdasarkan keputusan rapat TKKSD No. 005/TKKSD/2026, {day}" in page
    assert reverse("rapat:minutes", args=[held.meeting.pk]) in page
    assert f"Berdasarkan keputusan rapat TKKSD No. 005/TKKSD/2026, {day}" in partner
    assert reverse("rapat:minutes", args=[held.meeting.pk]) not in partner


def test_the_sekdas_dashboard_shows_the_next_meeting_and_his_open_action_items(client, world):
    held, _action = _with_action(world, owner_user=world.sekda)
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    later = planned_meeting(world)
    client.force_login(world.sekda)

    page = client.get(reverse("agreements:dashboard")).content.decode()
    client.force_login(world.tourism_officer)
    officer = client.get(reverse("agreements:dashboard")).content.decode()

    starts = timezone.localtime(later.starts_at, world.singkawang.region.time_zone.zone)
    assert "Rapat TKKSD berikutnya" in page
    assert later.title in page
    assert f"{starts:%H:%M} WIB" in page
    assert "Ruang Rapat Sekda" in page
    assert "Kajian penanganan banjir Singkawang" in page
    assert "Rapat TKKSD berikutnya" not in officer


def test_a_closed_items_content_only_for_the_invited(client, world):
    held = held_meeting(world)
    AgendaItem = type(held.item)
    AgendaItem.objects.filter(pk=held.other_item.pk).update(
        closed=True, public_title="Penawaran investasi (tertutup)", minutes="Nilai investasi Rp 9 M"
    )
    # The tourism officer reads the meeting through a case of its OPD, but is not invited.
    held.case.parties.filter(partner__region__code="61.72").update(executing_opd=world.tourism)
    from kerjasama.agreements.access import access_refresh

    access_refresh(held.case)
    client.force_login(world.tourism_officer)
    outsider = client.get(reverse("rapat:minutes", args=[held.meeting.pk])).content.decode()
    client.force_login(world.pupr_officer)  # invited
    invited = client.get(reverse("rapat:minutes", args=[held.meeting.pk])).content.decode()

    assert "Penawaran investasi (tertutup)" in outsider
    assert "Evaluasi kerja sama tahun 2025" not in outsider
    assert "Nilai investasi" not in outsider
    assert "Evaluasi kerja sama tahun 2025" in invited
    assert "Nilai investasi Rp 9 M" in invited


def test_an_action_item_removed_after_reopening_leaves_no_open_deadline(world):
    held, action = _with_action(world)
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    minutes.meeting_reopen(actor=world.sekda, meeting=held.meeting, reason="Tugas digabung.")

    minutes.outcome_remove(actor=world.sec_singkawang, outcome=action.outcome)
    refreshed = deadlines_refresh_all()

    assert Deadline.objects.get(subject_type="meetings.actionitem").status == "cancelled"
    assert refreshed >= 0  # the daily job does not stumble on the removed item


def test_the_owner_is_reminded_of_an_action_item_of_no_case_and_nobody_else(world):
    """Reminders at 7 days and on the day (KERJASAMA["REMINDER_DAYS"] for deadlines other than
    an end of term): PUPR's officer (the owner OPD) by e-mail and in the app; not the tourism
    officer, not the secretariat of another region."""
    from django.core import mail

    from kerjasama.notifications.models import Notification
    from kerjasama.notifications.services import reminders_send

    type(world.pupr_officer).objects.filter(pk=world.pupr_officer.pk).update(
        email="pupr@singkawangkota.go.id"
    )
    held, _action = _with_action(world)
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    reminders_send(today=DUE - dt.timedelta(days=7))

    notes = Notification.objects.all()
    assert [n.user for n in notes] == [world.pupr_officer]
    assert notes[0].title == "7 hari lagi: Tindak lanjut: Kajian penanganan banjir Singkawang"
    assert notes[0].url == reverse("agreements:agenda")
    assert [m.to for m in mail.outbox] == [["pupr@singkawangkota.go.id"]]
    assert "Kajian penanganan banjir Singkawang" in mail.outbox[0].body
    assert "Kerja sama:" not in mail.outbox[0].body


def test_the_owner_choice_names_people_not_usernames(world):
    """The walk of issue 9: the action item's "owner (person)" listed usernames."""
    from kerjasama.accounts.models import User
    from kerjasama.meetings.forms_minutes import ActionItemForm

    world.sekda.first_name, world.sekda.last_name = "Sumastro", ""
    world.sekda.position = "Sekretaris Daerah Kota Singkawang"
    world.sekda.save()
    form = ActionItemForm(
        opds=world.singkawang.opds.all(),
        users=User.objects.filter(pk=world.sekda.pk),
        cooperations=world.local.__class__.objects.none(),
    )
    labels = [label for _value, label in form.fields["owner_user"].choices][1:]
    assert labels == ["Sumastro — Sekretaris Daerah Kota Singkawang"]


def test_an_action_item_about_a_case_its_owner_may_not_read_reaches_the_owner(client, world):
    """Found by the issue's browser journey: an action item about a case was a deadline of that
    case, which the agenda and the iCal feed show only to the case's readers; PUPR, the owner,
    may not read `held.case` and never saw its task. The owner sees it (not the case: the row
    leads to the action items); another OPD still does not."""
    held, _action = _with_action(world)
    case = held.case
    type(_action).objects.filter(pk=_action.pk).update(cooperation=case)  # drafted: not locked
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    deadline = Deadline.objects.get(subject_type="meetings.actionitem")
    assert deadline.cooperation == case

    client.force_login(world.pupr_officer)
    assert client.get(case.get_absolute_url()).status_code == 404  # PUPR does not read the case
    agenda = client.get(reverse("agreements:agenda")).content.decode()
    feed = client.get(
        reverse("notifications:feed", args=[calendar_token_create(user=world.pupr_officer).token])
    ).content.decode()
    client.force_login(world.tourism_officer)
    other = client.get(reverse("agreements:agenda")).content.decode()

    assert "Tindak lanjut: Kajian penanganan banjir Singkawang" in agenda
    assert case.title not in agenda
    assert "SUMMARY:Tindak lanjut: Kajian penanganan banjir Singkawang" in feed.replace("\r\n ", "")
    assert "Kajian penanganan banjir" not in other
