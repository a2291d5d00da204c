"""The meeting screens after a fresh-eyes walk of /rapat/ (issue 9, run 11): meeting labels in
the reader's language, no forms on locked records, the printed meeting, one action per meaning
for the minutes, who closed an action item, and labels that point to their controls.

Expected texts are written by hand (English month names, the Indonesian notice)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kerjasama.agreements.models import CaseOpd
from kerjasama.deadlines import registry
from kerjasama.deadlines.models import Deadline
from kerjasama.meetings import actions, minutes
from kerjasama.meetings.enums import MeetingState, OutcomeKind
from kerjasama.meetings.models import AgendaItem
from tests.factories import make_pdf
from tests.notulen_support import held_meeting, planned_meeting

pytestmark = pytest.mark.django_db

EN_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip
ID_MONTHS = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
    "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip


def _final(world, *, closed_item: bool = False):
    held = held_meeting(world)
    if closed_item:  # about the case, so that PUPR reads the meeting without an invitation
        AgendaItem.objects.create(
            meeting=held.meeting,
            order=3,
            title="Penawaran investor X",
            public_title="Penawaran kerja sama (tertutup)",
            closed=True,
            minutes="Harga penawaran rahasia",
            cooperation=held.case,
        )
        held.meeting.invitees.filter(user=world.pupr_officer).delete()  # not invited
    held.item.minutes = "Kajian air bersih dibahas panjang."
    held.item.save()
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind=OutcomeKind.DECISION, text="Diteruskan."
    )
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    task = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.other_item, kind=OutcomeKind.ACTION, text="Laporan."
    )
    action = actions.action_item_add(
        actor=world.sec_singkawang,
        outcome=task,
        title="Laporan evaluasi air bersih",
        due_on=timezone.localdate(),
        owner_opd=world.pupr,
    )
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    held.meeting.refresh_from_db()
    held.action = action
    return held


def _english(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def _days(meeting):
    day = minutes.meeting_day(meeting)
    en = f"{day.day} {EN_MONTHS[day.month - 1]} {day.year}"
    ind = f"{day.day} {ID_MONTHS[day.month - 1]} {day.year}"
    return en, ind


# --- 1. meeting labels in the reader's language -------------------------------------------


def test_an_english_case_history_names_the_meeting_in_english(world):
    final = _final(world)
    en, ind = _days(final.meeting)

    page = _english(world.sec_singkawang).get(final.case.get_absolute_url()).content.decode()
    # The steps taken; the extract's title, filed in Indonesian, may stay as filed elsewhere.
    steps = page.split('id="history-h"', 1)[1].split("</section>", 1)[0]

    assert f"TKKSD meeting No. 005/TKKSD/2026, {en}" in steps
    if en != ind:
        assert ind not in steps


def test_an_english_action_item_and_its_deadline_name_the_meeting_in_english(world):
    final = _final(world)
    en, ind = _days(final.meeting)
    client = _english(world.pupr_officer)

    detail = client.get(reverse("rapat:action_detail", args=[final.action.pk])).content.decode()
    deadline = Deadline.objects.get(params__meeting_id=final.meeting.pk)
    with translation.override("en"):
        rule = deadline.rule_label
    with translation.override("id"):
        rule_id = deadline.rule_label

    assert f"TKKSD meeting No. 005/TKKSD/2026 of {en}" in detail
    assert "Rapat TKKSD No." not in detail
    assert rule == f"TKKSD meeting No. 005/TKKSD/2026 of {en}"
    assert rule_id == f"Rapat TKKSD No. 005/TKKSD/2026 tanggal {ind}"


def test_an_old_deadline_without_the_meetings_facts_is_named_from_its_meeting(world):
    final = _final(world)
    deadline = Deadline.objects.get(params__meeting_id=final.meeting.pk)
    old = {k: v for k, v in deadline.params.items() if k not in ("meeting_number", "meeting_date")}
    Deadline.objects.filter(pk=deadline.pk).update(params=old)
    deadline.refresh_from_db()
    orphan = {k: v for k, v in old.items() if k != "meeting_id"}
    en, ind = _days(final.meeting)

    with translation.override("en"):
        rule = deadline.rule_label
        stored = registry.rule(deadline.kind, orphan, fallback="")

    assert rule == f"TKKSD meeting No. 005/TKKSD/2026 of {en}"
    # Without even the meeting's id, the stored label is shown as it was written.
    assert stored == f"Rapat TKKSD No. 005/TKKSD/2026 tanggal {ind}"


def test_an_english_minutes_version_shows_its_dates_and_steps_in_english(world):
    final = _final(world)
    version = final.meeting.minutes_versions.get()
    en, _ind = _days(final.meeting)
    due = timezone.localdate()
    due_en = f"{due.day} {EN_MONTHS[due.month - 1]} {due.year}"

    page = (
        _english(world.sec_singkawang)
        .get(reverse("rapat:minutes_version", args=[version.pk]))
        .content.decode()
    )

    assert en in page
    assert f"due {due_en}" in page
    assert due.isoformat() not in page
    assert "Send the offer (TKKSD recommends)" in page  # the step, as English names it
    assert "Kirim penawaran" not in page


# --- 2. no forms on locked records --------------------------------------------------------


def _form_actions(page: str) -> list[str]:
    """The actions of the forms of the page's content (the header's language and logout forms
    left out)."""
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return re.findall(r'<form[^>]*action="([^"]*)"', main)


def test_a_final_meetings_pages_show_no_edit_form_and_the_lock_notice(client, world):
    final = _final(world)
    pk = final.meeting.pk
    client.force_login(world.sec_singkawang)

    page = client.get(reverse("rapat:detail", args=[pk])).content.decode()
    absences = client.get(
        reverse("rapat:item_absences", args=[pk, final.item.pk]), follow=True
    ).content.decode()
    invite = client.get(reverse("rapat:invitee_add", args=[pk]), follow=True).content.decode()
    attendance = client.get(reverse("rapat:attendance", args=[pk])).content.decode()

    assert "Notulen sudah final — dikunci" in page
    # The secretariat may not reopen; the letters (generated from final minutes) stay.
    assert [a for a in _form_actions(page) if "/surat/" not in a] == []
    for url in ("invitee_add", "attendance"):
        assert reverse(f"rapat:{url}", args=[pk]) not in page
    assert reverse("rapat:item_absences", args=[pk, final.item.pk]) not in page
    assert reverse("rapat:item_absences", args=[pk, final.item.pk]) not in _form_actions(absences)
    assert "Notulen sudah final — dikunci" in absences
    assert reverse("rapat:invitee_add", args=[pk]) not in invite
    assert 'name="kind"' not in invite
    assert "Notulen sudah final — dikunci" in invite
    assert "<form" not in attendance.split('id="attendance"')[1]


def test_the_chair_sees_the_notice_with_the_reopen_form_only(client, world):
    final = _final(world)
    client.force_login(world.sekda)

    page = client.get(reverse("rapat:detail", args=[final.meeting.pk])).content.decode()

    assert "Notulen sudah final — dikunci" in page
    assert [a for a in _form_actions(page) if "/surat/" not in a] == [
        reverse("rapat:minutes_reopen", args=[final.meeting.pk])
    ]
    assert 'name="reason"' in page


def test_a_cancelled_meeting_offers_no_form(client, world):
    meeting = planned_meeting(world)
    from kerjasama.meetings import services

    services.meeting_cancel(actor=world.sec_singkawang, meeting=meeting, reason="Bentrok.")
    client.force_login(world.sec_singkawang)

    page = client.get(reverse("rapat:detail", args=[meeting.pk])).content.decode()
    invite = client.get(
        reverse("rapat:invitee_add", args=[meeting.pk]), follow=True
    ).content.decode()
    agenda = client.get(reverse("rapat:agenda", args=[meeting.pk])).content.decode()

    assert _form_actions(page) == []
    assert reverse("rapat:invitee_add", args=[meeting.pk]) not in page
    assert reverse("rapat:agenda", args=[meeting.pk]) not in page
    assert "Rapat dibatalkan" in page
    assert 'name="kind"' not in invite
    assert _form_actions(agenda) == []


def test_a_held_meetings_agenda_has_no_reorder_controls(client, world):
    held = held_meeting(world)
    client.force_login(world.sec_singkawang)

    agenda = client.get(reverse("rapat:agenda", args=[held.meeting.pk])).content.decode()

    assert held.item.title in agenda
    assert not [a for a in _form_actions(agenda) if "/agenda/" in a]


# --- 3. the printed meeting ----------------------------------------------------------------


def test_the_print_view_holds_the_minutes_outcomes_and_signatures(client, world):
    final = _final(world, closed_item=True)
    client.force_login(world.sec_singkawang)
    page = client.get(reverse("rapat:print", args=[final.meeting.pk])).content.decode()
    outsider = Client()
    outsider.force_login(world.tourism_officer)
    # the tourism office is neither invited nor involved: it reads no meeting at all
    world_officer = outsider.get(reverse("rapat:print", args=[final.meeting.pk]))

    assert "005/TKKSD/2026" in page
    assert "WIB" in page
    assert "Kantor Wali Kota Singkawang" in page
    assert "Kajian air bersih dibahas panjang." in page  # the item's minutes
    assert "Diteruskan." in page  # the decision
    assert "Kirim penawaran (rekomendasi TKKSD)" in page  # its lifecycle step, by its label
    assert "diambil" in page.lower()  # taken when the minutes were made final
    assert "Laporan evaluasi air bersih" in page  # the action item
    assert "Dinas PUPR" in page or str(world.pupr) in page
    assert "Harga penawaran rahasia" in page  # the secretariat reads the closed item
    assert "Sumastro" in page  # the chair's signature line
    assert "Notulis" in page
    assert world_officer.status_code == 404


def test_the_print_view_hides_a_closed_items_content_from_an_uninvited_officer(client, world):
    final = _final(world, closed_item=True)
    # PUPR reads the meeting, uninvited, because an item is about a case of its OPD (the row
    # `access_refresh` derives from the case's executing OPD, written here directly).
    CaseOpd.objects.get_or_create(cooperation=final.case, opd=world.pupr)
    client.force_login(world.pupr_officer)

    page = client.get(reverse("rapat:print", args=[final.meeting.pk])).content.decode()

    assert "Penawaran kerja sama (tertutup)" in page
    assert "Penawaran investor X" not in page
    assert "Harga penawaran rahasia" not in page


# --- 4. one action per meaning ------------------------------------------------------------


def test_reading_the_minutes_and_reopening_them_are_told_apart(client, world):
    final = _final(world)
    client.force_login(world.sekda)
    chair = client.get(reverse("rapat:detail", args=[final.meeting.pk])).content.decode()
    client.force_login(world.sec_singkawang)
    secretariat = client.get(reverse("rapat:detail", args=[final.meeting.pk])).content.decode()

    assert "Baca notulen" in chair
    assert "Buka notulen" not in chair
    assert "Buka kembali notulen final" in chair
    assert "Baca notulen" in secretariat
    assert "Buka kembali" not in secretariat
    assert reverse("rapat:minutes_reopen", args=[final.meeting.pk]) not in secretariat


def test_the_secretariat_writes_the_minutes_of_a_held_meeting(client, world):
    held = held_meeting(world)
    client.force_login(world.sec_singkawang)

    page = client.get(reverse("rapat:detail", args=[held.meeting.pk])).content.decode()

    assert "Tulis notulen" in page
    assert "Buka notulen" not in page


# --- 5. who closed an action item ---------------------------------------------------------


def test_a_closed_action_item_shows_who_closed_it_and_when(client, world):
    final = _final(world)
    actions.action_item_close(
        actor=world.pupr_officer,
        action=final.action,
        note="Laporan sudah diserahkan.",
        evidence=SimpleUploadedFile("laporan.pdf", make_pdf(), "application/pdf"),
    )
    final.action.refresh_from_db()
    zone = world.singkawang.region.time_zone.zone
    closed = timezone.localtime(final.action.closed_at, zone)
    moment = f"{closed:%H:%M} WIB"
    name = world.pupr_officer.get_full_name() or world.pupr_officer.username
    client.force_login(world.sec_singkawang)

    listing = client.get(reverse("rapat:action_list") + "?semua=1").content.decode()
    page = client.get(reverse("rapat:detail", args=[final.meeting.pk])).content.decode()

    for html in (listing, page):
        assert "Laporan evaluasi air bersih" in html
        assert name in html
        assert moment in html
        assert "Laporan sudah diserahkan." in html
        assert reverse("rapat:action_evidence", args=[final.action.pk]) in html


# --- 6. labels point to their controls ----------------------------------------------------


def test_every_label_of_the_rapat_forms_points_to_a_control(client, world):
    held = held_meeting(world)
    planned = planned_meeting(world)
    client.force_login(world.sec_singkawang)
    pages = [
        reverse("rapat:create"),
        reverse("rapat:edit", args=[planned.pk]),
        reverse("rapat:cancel", args=[planned.pk]),
        reverse("rapat:invitee_add", args=[planned.pk]),
        reverse("rapat:agenda", args=[planned.pk]),
        reverse("rapat:item_add", args=[planned.pk]),
        reverse("rapat:attendance", args=[held.meeting.pk]),
        reverse("rapat:item_absences", args=[held.meeting.pk, held.item.pk]),
        reverse("rapat:minutes", args=[held.meeting.pk]),
        reverse("rapat:detail", args=[held.meeting.pk]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert 'for=""' not in html, url
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        for target in re.findall(r'<label[^>]*\sfor="([^"]*)"', html):
            assert target in ids, (url, target)


def test_meeting_state_is_never_shown_raw(client, world):
    final = _final(world)
    assert final.meeting.state == MeetingState.FINAL
    client.force_login(world.sec_singkawang)
    page = client.get(reverse("rapat:list")).content.decode()
    assert ">final<" not in page
