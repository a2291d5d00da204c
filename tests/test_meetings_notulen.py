"""The minutes of a TKKSD meeting (issue 9 items 3–4): outcomes, decisions that move records
only when the minutes are made final, the lock, reopening and versions.

The meetings are made with the ORM (`tests.notulen_support`): planning, holding and
attendance are the `rapat` part's. Expected stages are written by hand from
KERJASAMA_DAERAH.md §5.2–§5.3.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kerjasama.agreements.enums import DocumentKind, Stage
from kerjasama.agreements.models import Document, Transition
from kerjasama.core.exceptions import DomainError, NotFound, NotPermitted, StepRefused
from kerjasama.core.models import AuditEvent
from kerjasama.meetings import minutes
from kerjasama.meetings.enums import ItemSource, MeetingState, OutcomeKind
from kerjasama.meetings.models import AgendaItem, DecisionStep, MinutesVersion
from tests.notulen_support import case_in_preparation, held_meeting, planned_meeting

pytestmark = pytest.mark.django_db


def _decide_offer(world, held, *, text: str = "Usulan air bersih diteruskan ke penawaran."):
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind=OutcomeKind.DECISION, text=text
    )
    step = minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="offer"
    )
    return decision, step


def test_law_a_drafted_decision_does_not_move_the_case(world):
    """§5.3 (PERSIAPAN → PENAWARAN needs the TKKSD's review and recommendation, 🟡 "TKKSD
    minutes/recommendation"); issue 9 item 3: a decision takes effect when the minutes are made
    final, not while they are drafted. Expected by hand: the case stays at "persiapan", no step
    and no TKKSD document is recorded, while the preview says the step would go ahead."""
    held = held_meeting(world)

    _decision, step = _decide_offer(world, held)

    held.case.refresh_from_db()
    assert held.case.stage == Stage.PREPARATION
    assert not Transition.objects.filter(cooperation=held.case).exists()
    assert not held.case.documents.filter(kind=DocumentKind.TKKSD_MINUTES).exists()
    preview = minutes.step_preview(step)
    assert (preview.ready, preview.blockers, preview.warnings) == (True, [], [])
    assert preview.met_by_meeting == ["Hasil kajian dan rekomendasi TKKSD belum dicatat."]


def test_law_making_final_moves_the_case_with_the_meeting_as_source(world):
    """§5.3 PERSIAPAN → PENAWARAN: "TKKSD has reviewed and recommends", the minutes being the
    required document (🟡); PP 28/2018 Pasal 6(1)(a)–(b). Expected by hand: the chair makes the
    minutes final, the case is at "penawaran", its step names the meeting as its source, the
    extract of the minutes is filed on the case as its TKKSD recommendation (number = the
    meeting's, dated the meeting's date) before the step, and the audit trail names the
    meeting."""
    held = held_meeting(world)
    _decision, step = _decide_offer(world, held)

    version = minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    held.case.refresh_from_db()
    assert held.case.stage == Stage.OFFER
    transition = Transition.objects.get(cooperation=held.case)
    day = minutes.meeting_day(held.meeting)
    label = f"Rapat TKKSD No. 005/TKKSD/2026 tanggal {minutes.indonesian_date(day)}"
    assert (transition.action, transition.from_stage, transition.to_stage, transition.by) == (
        "offer",
        Stage.PREPARATION,
        Stage.OFFER,
        world.sekda,
    )
    assert transition.data["source"]["label"] == label
    assert transition.data["source"]["id"] == held.meeting.pk
    assert transition.overrides == []  # the TKKSD document was on file before the step
    extract = Document.objects.get(cooperation=held.case, kind=DocumentKind.TKKSD_MINUTES)
    assert (extract.number, extract.signed_on) == ("005/TKKSD/2026", day)
    assert extract.title.startswith("Petikan notulen rapat TKKSD No. 005/TKKSD/2026")
    step.refresh_from_db()
    assert (step.transition, step.extract) == (transition, extract)
    event = AuditEvent.objects.get(action="cooperation.transition")
    assert event.data["source"] == label
    assert AuditEvent.objects.concerning(held.case).filter(action="tkksd.minutes.final").exists()
    held.meeting.refresh_from_db()
    assert (held.meeting.state, held.meeting.finalised_by, version.number) == (
        MeetingState.FINAL,
        world.sekda,
        1,
    )
    snapshot = version.snapshot
    assert snapshot["meeting"]["number"] == "005/TKKSD/2026"
    assert [i["title"] for i in snapshot["items"]] == [
        "Usulan kerja sama air bersih",
        "Evaluasi kerja sama tahun 2025",
    ]
    assert snapshot["items"][0]["outcomes"][0]["steps"][0]["transition_id"] == transition.pk
    assert [a["name"] for a in snapshot["attendance"]] == ["Sumastro", "Petugas PUPR"]


def test_a_refused_step_makes_nothing_final(world):
    """Two decisions; the second case has moved on since it was drafted. Nothing is final,
    neither case moved, no extract filed, and the chair reads each refusal in Indonesian."""
    held = held_meeting(world)
    _decide_offer(world, held)
    second = case_in_preparation("Penanganan banjir Singkawang")
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.other_item, kind="decision", text="Banjir."
    )
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=second, action="offer"
    )
    type(second).objects.filter(pk=second.pk).update(stage=Stage.OFFER)  # moved meanwhile

    with pytest.raises(StepRefused) as refused:
        minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    held.case.refresh_from_db()
    held.meeting.refresh_from_db()
    assert held.case.stage == Stage.PREPARATION
    assert held.meeting.state == MeetingState.HELD
    assert not MinutesVersion.objects.exists()
    assert not Transition.objects.exists()
    assert not Document.objects.filter(kind=DocumentKind.TKKSD_MINUTES).exists()
    messages = refused.value.messages
    assert messages[0] == (
        "Tidak ada yang difinalkan: keputusan di bawah ini belum dapat berlaku sekarang."
    )
    assert len(messages) == 2
    assert messages[1].startswith("Penanganan banjir Singkawang — ")


def test_only_the_chair_makes_final_and_the_secretariat_prepares(world):
    held = held_meeting(world)

    for actor in (world.sec_singkawang, world.pupr_officer):
        with pytest.raises(NotPermitted):
            minutes.meeting_finalise(actor=actor, meeting=held.meeting)
    with pytest.raises(NotFound):
        minutes.meeting_finalise(actor=world.sec_pontianak, meeting=held.meeting)
    with pytest.raises(NotPermitted):
        minutes.outcome_add(actor=world.sekda, item=held.item, kind="information", text="x")

    held.meeting.refresh_from_db()
    assert held.meeting.state == MeetingState.HELD
    assert not held.item.outcomes.exists()


@pytest.mark.parametrize(
    "write",
    [
        lambda w, h, o: minutes.minutes_notes_update(
            actor=w.sec_singkawang, meeting=h.meeting, opening="Dibuka", closing=""
        ),
        lambda w, h, o: minutes.item_minutes_update(
            actor=w.sec_singkawang, item=h.item, minutes="Diubah"
        ),
        lambda w, h, o: minutes.outcome_add(
            actor=w.sec_singkawang, item=h.item, kind="information", text="Baru"
        ),
        lambda w, h, o: minutes.outcome_update(actor=w.sec_singkawang, outcome=o, text="Diubah"),
        lambda w, h, o: minutes.outcome_remove(actor=w.sec_singkawang, outcome=o),
        lambda w, h, o: minutes.decision_step_add(
            actor=w.sec_singkawang, outcome=o, cooperation=h.case, action="offer"
        ),
    ],
    ids=["notes", "item_minutes", "outcome_add", "outcome_update", "outcome_remove", "step_add"],
)
def test_final_minutes_are_locked_in_every_service(world, write):
    held = held_meeting(world)
    outcome, _step = _decide_offer(world, held)
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)
    held.meeting.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        write(world, held, outcome)

    assert "final" in str(refused.value.messages[0]).lower() or "difinalkan" in str(
        refused.value.messages[0]
    )
    outcome.refresh_from_db()
    assert outcome.text == "Usulan air bersih diteruskan ke penawaran."
    assert held.item.outcomes.count() == 1


def test_reopening_keeps_version_one_and_finalising_again_applies_only_new_steps(world):
    """Reopening is the chair's reasoned act; the step taken stays taken; version 2 follows."""
    held = held_meeting(world)
    _decide_offer(world, held)
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    with pytest.raises(ValidationError):
        minutes.meeting_reopen(actor=world.sekda, meeting=held.meeting, reason=" ")
    with pytest.raises(NotPermitted):
        minutes.meeting_reopen(actor=world.sec_singkawang, meeting=held.meeting, reason="x")
    minutes.meeting_reopen(
        actor=world.sekda, meeting=held.meeting, reason="Nama OPD pada butir 2 keliru."
    )
    held.meeting.refresh_from_db()
    assert held.meeting.state == MeetingState.HELD
    second = case_in_preparation("Pariwisata Singkawang")
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.other_item, kind="decision", text="Pariwisata."
    )
    minutes.decision_step_add(
        actor=world.sec_singkawang, outcome=decision, cooperation=second, action="offer"
    )
    minutes.meeting_finalise(actor=world.sekda, meeting=held.meeting)

    first, latest = MinutesVersion.objects.filter(meeting=held.meeting).order_by("number")
    assert (first.number, first.reopened_by, first.reopen_reason) == (
        1,
        world.sekda,
        "Nama OPD pada butir 2 keliru.",
    )
    assert [i["outcomes"] for i in first.snapshot["items"]][1] == []
    assert latest.number == 2
    assert latest.reopened_at is None
    assert Transition.objects.filter(cooperation=held.case).count() == 1  # not taken twice
    second.refresh_from_db()
    assert second.stage == Stage.OFFER
    assert DecisionStep.objects.filter(transition__isnull=False).count() == 2
    assert AuditEvent.objects.filter(action="tkksd.minutes.reopen").get().data["reason"] == (
        "Nama OPD pada butir 2 keliru."
    )


def test_adjourned_item_is_carried_to_the_next_planned_meeting(world):
    held = held_meeting(world)
    later = planned_meeting(world)

    minutes.outcome_add(
        actor=world.sec_singkawang, item=held.other_item, kind="adjourned", text="Ditunda."
    )

    carried = AgendaItem.objects.get(meeting=later)
    assert (carried.title, carried.carried_from, carried.source) == (
        "Evaluasi kerja sama tahun 2025",
        held.other_item,
        ItemSource.ADJOURNED,
    )


def test_a_step_not_from_the_current_stage_is_refused_when_drafted(world):
    held = held_meeting(world)
    decision = minutes.outcome_add(
        actor=world.sec_singkawang, item=held.item, kind="decision", text="Tandatangani KB."
    )

    with pytest.raises(ValidationError) as refused:
        minutes.decision_step_add(
            actor=world.sec_singkawang, outcome=decision, cooperation=held.case, action="sign_kb"
        )
    with pytest.raises(ValidationError):
        minutes.decision_step_add(
            actor=world.sec_singkawang, outcome=decision, cooperation=world.local, action="offer"
        )  # Singkawang–Bengkayang is at "pelaksanaan", but also: not from that stage

    assert "tahap" in refused.value.message_dict["action"][0]
    assert not DecisionStep.objects.exists()


def test_the_demos_minutes_of_14_january_2021_load_through_the_services(world):
    from kerjasama.demo.meeting_notulen import meeting_minutes_load

    held = held_meeting(world)

    meeting = meeting_minutes_load(
        meeting=held.meeting,
        item=held.item,
        secretariat=world.sec_singkawang,
        chair=world.sekda,
        case=held.case,
        pupr=world.pupr,
        tourism=world.tourism,
        step_action="offer",
    )
    again = meeting_minutes_load(
        meeting=meeting,
        item=held.item,
        secretariat=world.sec_singkawang,
        chair=world.sekda,
        case=held.case,
        pupr=world.pupr,
        tourism=world.tourism,
    )

    held.case.refresh_from_db()
    assert (meeting.state, again.pk, held.case.stage) == (
        MeetingState.FINAL,
        meeting.pk,
        Stage.OFFER,
    )
    assert sorted(meeting.action_items.values_list("owner_opd__name", flat=True)) == [
        "Dinas Pariwisata",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
    ]
    assert "air bersih" in meeting.minutes_versions.get().snapshot["items"][0]["minutes"]
