"""QA walk 2 of the TKKSD meetings (issue 9, fix3): a step needing a reason to go on is refused
without it, the finalise form keeps what was typed, the reasons reach the case's history and
the petikan, stale letters are marked, the notulen's decision table numbers once, an action
item's calendar entry, the due date and the attendance form's errors. Expected outcomes are
written by hand from KERJASAMA_DAERAH.md §2.1 and §5.3."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from kerjasama.agreements.access import access_refresh
from kerjasama.agreements.enums import CooperationKind, DocumentKind, Stage
from kerjasama.agreements.models import Document
from kerjasama.meetings import minutes
from kerjasama.meetings.enums import MeetingState, OutcomeKind
from kerjasama.meetings.models import DecisionStep
from tests.factories import CooperationFactory
from tests.notulen_support import held_meeting

pytestmark = pytest.mark.django_db


def _case_without_offer_letter():
    """A KSDD of Kalbar and Singkawang at "persiapan" with no offer letter on file."""
    case = CooperationFactory(
        title="Pengelolaan banjir Singkawang",
        kind=CooperationKind.KSDD,
        stage=Stage.PREPARATION,
        party_codes=("61", "61.72"),
    )
    access_refresh(case)
    return case


def _decision(world, held, text="Usulan diteruskan ke penawaran."):
    return minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind=OutcomeKind.DECISION, text=text
    )


def test_law_a_step_missing_its_offer_letter_needs_the_reason_when_added(client, world):
    """§5.3 PERSIAPAN → PENAWARAN: the offer letter on file is a ❓ precondition (overridable
    with a reason). Expected by hand: the step form refuses the offer without "alasan
    melanjutkan", naming the missing letter and keeping the typed reason of the decision; with
    the reason it is added."""
    held = held_meeting(world)
    case = _case_without_offer_letter()
    decision = _decision(world, held)
    client.force_login(world.sec_singkawang)
    url = reverse("rapat:step_create", args=[decision.pk]) + f"?kerja_sama={case.pk}"

    page = client.post(url, {"action": "offer", "reason": "Tertulis oleh sekretariat"})

    text = page.content.decode()
    assert "Surat penawaran belum tersedia dalam berkas" in text
    assert "Tertulis oleh sekretariat" in text  # kept
    assert not DecisionStep.objects.exists()

    client.post(url, {"action": "offer", "override_reason": "Surat menyusul minggu depan."})
    step = DecisionStep.objects.get()
    assert step.override_reason == "Surat menyusul minggu depan."


def test_a_step_whose_preconditions_are_met_needs_no_reason(world):
    """§5.3: with the offer letter on file the offer lacks only the TKKSD's recommendation,
    which the meeting gives. Expected: added without any reason."""
    held = held_meeting(world)
    decision = _decision(world, held)
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    assert DecisionStep.objects.filter(override_reason="").count() == 1


def _without_quorum(world):
    """A meeting whose decision lacks the quorum: the ketua alone of 4 seats (§2.1 ❓)."""
    from tests.test_meetings_fixmin import _three_more_members

    held = held_meeting(world)
    _three_more_members(held)
    return held


def test_the_finalise_form_keeps_the_box_and_the_reason_after_an_error(client, world):
    """§2.1 (quorum ❓): ticked without a reason, or a reason without the tick, is refused and
    the form comes back with what was entered; nothing is made final."""
    held = _without_quorum(world)
    decision = _decision(world, held)
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    client.force_login(world.sekda)
    url = reverse("rapat:minutes_final", args=[held.meeting.pk])

    page = client.post(url, {"confirm_quorum": "on", "quorum_reason": ""}).content.decode()
    assert 'name="confirm_quorum"' in page
    box = page.split('name="confirm_quorum"', 1)[1].split(">", 1)[0]
    assert "checked" in box
    assert "Tuliskan alasan keputusan tetap berlaku tanpa kuorum" in page

    page = client.post(url, {"quorum_reason": "Keadaan mendesak sekali."}).content.decode()
    assert "Keadaan mendesak sekali." in page
    assert "Centang konfirmasi" in page
    held.meeting.refresh_from_db()
    assert held.meeting.state == MeetingState.HELD


def _pdf_text(document: Document) -> str:
    with document.files.get().file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_law_the_reasons_reach_the_case_history_and_the_petikan(client, world):
    """§2.1 (quorum ❓) and §5.3 (the offer letter on file ❓): a decision made without quorum
    and confirmed by the chair, applying the offer to a case without its offer letter, with the
    secretariat's reason to go on. Expected by hand: the case's history entry of the step reads
    "Alasan: Usulan diteruskan ke penawaran. Tanpa kuorum, dikonfirmasi ketua: Keadaan
    mendesak. Melanjutkan meskipun surat penawaran belum tersedia dalam berkas: Surat menyusul
    minggu depan."; the filed petikan states "Diputuskan tanpa kuorum; dikonfirmasi ketua rapat
    dengan alasan: Keadaan mendesak." under the item."""
    held = _without_quorum(world)
    case = _case_without_offer_letter()
    decision = _decision(world, held)
    minutes.decision_step_add(
        actor=world.sec_singkawang,
        outcome=decision,
        cooperation=case,
        action="offer",
        override_reason="Surat menyusul minggu depan.",
    )

    minutes.meeting_finalise(
        actor=world.sekda, meeting=held.meeting, quorum_reason="Keadaan mendesak."
    )

    case.refresh_from_db()
    assert case.stage == Stage.OFFER
    client.force_login(world.sec_singkawang)
    page = client.get(case.get_absolute_url()).content.decode()
    timeline = " ".join(page.split('id="timeline-h"', 1)[1].split())
    assert (
        "Alasan: Usulan diteruskan ke penawaran. Tanpa kuorum, dikonfirmasi ketua: Keadaan "
        "mendesak. Melanjutkan meskipun surat penawaran belum tersedia dalam berkas: Surat "
        "menyusul minggu depan." in timeline
    )
    petikan = Document.objects.get(cooperation=case, kind=DocumentKind.TKKSD_MINUTES)
    text = _pdf_text(petikan)
    assert "Diputuskan tanpa kuorum; dikonfirmasi ketua rapat dengan alasan: Keadaan mendesak." in (
        text
    )


def test_a_step_with_quorum_and_its_preconditions_keeps_the_decision_as_its_reason(world):
    """Nothing to confirm: the step's reason is the decision alone, the petikan says nothing of
    a quorum."""
    held = held_meeting(world)
    decision = _decision(world, held)
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    step = DecisionStep.objects.get()
    assert step.transition.reason == "Usulan diteruskan ke penawaran."
    petikan = Document.objects.get(cooperation=held.case, kind=DocumentKind.TKKSD_MINUTES)
    assert "tanpa kuorum" not in _pdf_text(petikan)


def test_the_notulen_decision_table_numbers_each_row_once(world):
    """Section IV of the notulen: "No." numbers the rows; the agenda column names the item
    without a second number ("1. Usulan kerja sama air bersih", not "1. 1. Usulan…")."""
    import datetime as dt

    from kerjasama.core.letters.model import Table
    from kerjasama.meetings import letters
    from kerjasama.meetings.enums import LetterKind

    held = held_meeting(world)
    _decision(world, held)
    notulen = letters.build(held.meeting, LetterKind.MINUTES, number="1", day=dt.date(2026, 1, 1))
    table = next(b for b in notulen.body if isinstance(b, Table) and "Agenda" in b.header)
    assert table.rows[0][:2] == ("1.", "Usulan kerja sama air bersih")


def test_an_action_items_due_date_before_the_meeting_is_refused(client, world):
    """An action item decided at the meeting cannot be due before it: the form refuses it with
    "Tenggat tidak boleh sebelum tanggal rapat" and keeps what was typed; the meeting's own day
    is accepted."""
    import datetime as dt

    from kerjasama.meetings.models import ActionItem

    held = held_meeting(world)
    task = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.other_item, kind=OutcomeKind.ACTION, text="Laporan."
    )
    day = minutes.meeting_day(held.meeting)
    client.force_login(world.sec_singkawang)
    url = reverse("rapat:action_create", args=[task.pk])
    data = {"title": "Laporan evaluasi banjir", "owner_opd": world.pupr.pk}

    page = client.post(url, {**data, "due_on": (day - dt.timedelta(days=1)).isoformat()})

    text = page.content.decode()
    assert "Tenggat tidak boleh sebelum tanggal rapat" in text
    assert "Laporan evaluasi banjir" in text
    assert not ActionItem.objects.exists()
    client.post(url, {**data, "due_on": day.isoformat()})
    assert ActionItem.objects.get().due_on == day


def test_an_action_items_calendar_entry_names_the_meeting_once_and_links_the_item(client, world):
    """QA walk 2 item 6: the iCal event of an action item about a case is titled "Tindak
    lanjut: <what>", names the meeting once in its description and links the action item's
    page (where its owner closes it); the agenda links the item's page too."""
    import datetime as dt

    from kerjasama.meetings import actions
    from kerjasama.notifications.services import calendar_token_create

    held = held_meeting(world)
    task = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind=OutcomeKind.ACTION, text="Kajian."
    )
    action = actions.action_item_add(
        actor=world.sec_singkawang,
        outcome=task,
        title="Kajian debit air baku",
        due_on=minutes.meeting_day(held.meeting) + dt.timedelta(days=20),
        owner_opd=world.pupr,
        cooperation=held.case,
    )
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    client.force_login(world.pupr_officer)
    token = calendar_token_create(user=world.pupr_officer)

    feed = client.get(reverse("notifications:feed", args=[token.token])).content.decode()
    agenda = client.get(reverse("agreements:agenda")).content.decode()

    feed = feed.replace("\r\n ", "").replace("\\n", "\n").replace("\\,", ",")
    event = next(e for e in feed.split("BEGIN:VEVENT") if "Kajian debit air baku" in e)
    item_url = reverse("rapat:action_detail", args=[action.pk])
    assert "SUMMARY:Tindak lanjut: Kajian debit air baku\r\n" in event
    assert held.case.title not in event  # PUPR, its owner, may not read the case
    assert f"URL:http://testserver{item_url}" in event
    assert event.count("Rapat TKKSD No. 005/TKKSD/2026") == 1
    assert "Keputusan rapat TKKSD" not in event
    assert f'<a href="{item_url}">Tindak lanjut: Kajian debit air baku</a>' in agenda


def test_letters_made_before_the_minutes_were_made_final_again_are_marked(client, world):
    """QA walk 2 item 4: after reopening and making the minutes final again (version 2), the
    notulen is generated anew from them; its version 1 and the petikan version 1, both made
    from minutes version 1, are marked "dibuat dari notulen versi 1 — buat ulang", and the
    petikan filed on the case stays as filed (its step was taken), which the panel says."""
    from kerjasama.meetings import letter_services
    from kerjasama.meetings.enums import LetterKind
    from kerjasama.meetings.models import MeetingLetter

    held = held_meeting(world)
    decision = _decision(world, held)
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    letter_services.letter_generate(
        actor=world.sec_singkawang, meeting=held.meeting, kind=LetterKind.MINUTES
    )
    minutes.meeting_reopen(actor=world.sekda, meeting=held.meeting, reason="Salah ketik.")
    minutes.outcome_add(
        actor=world.sec_singkawang,
        item=held.other_item,
        kind=OutcomeKind.INFORMATION,
        text="Evaluasi 2025 disampaikan.",
    )
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    notulen = MeetingLetter.objects.filter(meeting=held.meeting, kind=LetterKind.MINUTES)
    assert sorted(notulen.values_list("version", flat=True)) == [1, 2]  # made anew
    client.force_login(world.sec_singkawang)
    page = client.get(reverse("rapat:letters", args=[held.meeting.pk])).content.decode()

    row = page.split('id="letter-notulen"', 1)[1].split("</tr>", 1)[0]
    v2, v1 = row.split("<strong>v2</strong>", 1)[1].split("<strong>v1</strong>", 1)
    assert "dibuat dari notulen versi" not in v2
    assert "dibuat dari notulen versi 1 — buat ulang" in v1
    extract = page.split(f'id="letter-petikan-{held.case.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "dibuat dari notulen versi 1 — buat ulang" in extract
    assert "Petikan yang diarsipkan pada kerja sama saat langkahnya diambil tetap" in extract
