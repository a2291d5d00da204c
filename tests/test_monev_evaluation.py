"""Issue 10, item 4: the annual and final evaluation of a PKS — states, permissions, the lock,
reopening that keeps the signed-off version, only verified values in the achievement table, the
snapshot of the figures at sign-off, and "evaluations to discuss" on a TKKSD agenda. Expected
figures are computed by hand in the comments.

The record is `world.local` (Singkawang–Bengkayang), whose PKS `world.document` runs from
14 January 2021 to 13 January 2026 (its final evaluation is of 2026); its indicator "Sambungan
rumah baru" (yearly, sum of reporters and periods, higher is better) has the target 100 for
2021. Singkawang's PUPR reports it; with `both_report` Bengkayang's PUPR reports too.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from kerjasama.core.exceptions import NotPermitted, RuleViolation
from kerjasama.core.models import AuditEvent
from kerjasama.meetings import selectors as meeting_selectors
from kerjasama.meetings import services as meeting_services
from kerjasama.monitoring import evaluation as ev
from kerjasama.monitoring import services
from kerjasama.monitoring.models import Evaluation, EvaluationState
from tests.factories import UserFactory, monev_indicator, rapat_meeting

pytestmark = pytest.mark.django_db

CONTENT = {
    "purpose": "Sambungan rumah bertambah sesuai tujuan PKS.",
    "purpose_level": "good",
    "timeliness": "Pemasangan pipa distribusi terlambat satu triwulan.",
    "timeliness_level": "fair",
    "contributions": "Kedua pihak memenuhi kewajibannya.",
    "contributions_level": "good",
    "coordination": "Rapat koordinasi triwulanan berjalan.",
    "coordination_level": "good",
    "public_service": "Warga Roban kini mendapat air bersih.",
    "public_service_level": "good",
    "reporting": "Semua realisasi dilaporkan dan diverifikasi.",
    "reporting_level": "good",
    "obstacles": "Banjir di akhir tahun menunda pemasangan.",
    "recommendation": "continue",
    "rating": 4,
    "rating_reason": "Target hampir tercapai; ketepatan waktu perlu diperbaiki.",
}


def _report(world, indicator, year, value, *, party=None, actor=None):
    return services.realisation_save(
        actor=actor or world.pupr_officer,
        indicator=indicator,
        party=party or world.local_party,
        year=year,
        quarter=0,
        data={"state": "value", "value": Decimal(value)},
        submit=True,
    )


def _verified(world, indicator, year, value):
    row = _report(world, indicator, year, value)
    return services.realisation_verify(actor=world.sec_singkawang, realisation=row)


def _written(world, year=2021, *, actor=None, **changes):
    return ev.evaluation_save(
        actor=actor or world.sec_singkawang,
        document=world.document,
        year=year,
        data=CONTENT | changes,
    )


def _signed_off(world, year=2021):
    evaluation = _written(world, year)
    ev.evaluation_submit(actor=world.sec_singkawang, evaluation=evaluation)
    return ev.evaluation_sign_off(actor=world.sekda, evaluation=evaluation)


def _bengkayang_leader(world):
    return UserFactory(username="bupati.bengkayang", tenant=world.bengkayang, roles=["leadership"])


# --- States --------------------------------------------------------------------------------


def test_evaluation_goes_from_draft_to_submitted_to_signed_off_with_an_audit_event_each(world):
    monev_indicator(world)

    evaluation = _written(world)
    ev.evaluation_submit(actor=world.sec_singkawang, evaluation=evaluation)
    ev.evaluation_comment(actor=world.sekda, evaluation=evaluation, text="Percepat pemasangan.")
    ev.evaluation_sign_off(actor=world.sekda, evaluation=evaluation)

    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.party, evaluation.signed_off_by) == (
        EvaluationState.SIGNED_OFF,
        world.local_party,
        world.sekda,
    )
    assert (evaluation.rating, evaluation.recommendation) == (4, "continue")
    events = AuditEvent.objects.filter(
        object_type="monitoring.evaluation", object_id=str(evaluation.pk)
    ).order_by("id")
    assert [(e.action, e.actor) for e in events] == [
        ("evaluation.save", world.sec_singkawang),
        ("evaluation.submit", world.sec_singkawang),
        ("evaluation.comment", world.sekda),
        ("evaluation.sign_off", world.sekda),
    ]
    # Each event is on the case's timeline.
    assert all(
        e.concerns.filter(
            subject_type="agreements.cooperation", subject_id=str(world.local.pk)
        ).exists()
        for e in events
    )
    comment = evaluation.comments.get()
    assert (comment.author, comment.status_then, comment.text) == (
        world.sekda,
        "submitted",
        "Percepat pemasangan.",
    )


def test_submitting_needs_the_recommendation_and_the_rating_with_its_justification(world):
    monev_indicator(world)
    draft = _written(world, recommendation="", rating=None, rating_reason="")

    with pytest.raises(RuleViolation) as refused:
        ev.evaluation_submit(actor=world.sec_singkawang, evaluation=draft)

    assert set(refused.value.message_dict) == {"recommendation", "rating", "rating_reason"}
    draft.refresh_from_db()
    assert draft.status == EvaluationState.DRAFT
    # A rating is never given without its justification, nor outside 1–5.
    with pytest.raises(RuleViolation) as no_reason:
        _written(world, rating=3, rating_reason="")
    assert set(no_reason.value.message_dict) == {"rating_reason"}
    with pytest.raises(RuleViolation) as out_of_range:
        _written(world, rating=6)
    assert set(out_of_range.value.message_dict) == {"rating"}
    draft.refresh_from_db()
    assert (draft.rating, draft.rating_reason) == (None, "")


def test_a_signed_off_evaluation_is_locked_for_the_service_and_the_screen(client, world):
    monev_indicator(world)
    evaluation = _signed_off(world)

    with pytest.raises(RuleViolation):
        _written(world, rating=1, rating_reason="Diubah setelah disahkan")
    client.force_login(world.sec_singkawang)
    url = reverse("monitoring:evaluation_edit", kwargs={"pk": world.document.pk, "year": 2021})
    response = client.post(url, CONTENT | {"kind": "annual", "rating": "1", "rating_reason": "X"})

    evaluation.refresh_from_db()
    assert (evaluation.rating, evaluation.rating_reason) == (4, CONTENT["rating_reason"])
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "disahkan dan terkunci" in page


def test_reopening_is_leaderships_reasoned_act_and_keeps_the_signed_off_version(world):
    monev_indicator(world)
    evaluation = _signed_off(world)

    with pytest.raises(NotPermitted):
        ev.evaluation_reopen(actor=world.sec_singkawang, evaluation=evaluation, reason="Ubah")
    with pytest.raises(RuleViolation):
        ev.evaluation_reopen(actor=world.sekda, evaluation=evaluation, reason="  ")
    ev.evaluation_reopen(
        actor=world.sekda, evaluation=evaluation, reason="Data banjir triwulan IV dikoreksi."
    )
    _written(world, rating=3, rating_reason="Dinilai ulang setelah koreksi data.")
    ev.evaluation_submit(actor=world.sec_singkawang, evaluation=evaluation)
    ev.evaluation_sign_off(actor=world.sekda, evaluation=evaluation)

    evaluation.refresh_from_db()
    first, second = evaluation.versions.order_by("number")
    assert (first.number, first.snapshot["content"]["rating"], first.reopened_by) == (
        1,
        4,
        world.sekda,
    )
    assert first.reopen_reason == "Data banjir triwulan IV dikoreksi."
    assert (second.number, second.snapshot["content"]["rating"], second.reopened_at) == (
        2,
        3,
        None,
    )
    assert evaluation.rating == 3
    reopened = AuditEvent.objects.get(action="evaluation.reopen")
    assert reopened.data["reason"] == "Data banjir triwulan IV dikoreksi."


def test_the_final_evaluation_is_of_the_last_year_of_the_term(world):
    monev_indicator(world)

    with pytest.raises(RuleViolation) as refused:
        ev.evaluation_save(
            actor=world.sec_singkawang,
            document=world.document,
            year=2025,
            kind="final",
            data=CONTENT,
        )
    final = ev.evaluation_save(
        actor=world.sec_singkawang, document=world.document, year=2026, kind="final", data=CONTENT
    )

    assert set(refused.value.message_dict) == {"kind"}
    # The term runs 2021–2026: the final evaluation's table covers every year of it.
    assert ev.evaluation_years(final) == [2021, 2022, 2023, 2024, 2025, 2026]
    with pytest.raises(RuleViolation):  # 2020 is before the term
        _written(world, year=2020)


# --- Permissions ---------------------------------------------------------------------------


def test_who_writes_signs_off_and_comments(world):
    monev_indicator(world)
    evaluation = _written(world)

    for outsider in (world.pupr_officer, world.sekda, world.sec_kalbar, world.sec_pontianak):
        with pytest.raises(NotPermitted):
            _written(world, actor=outsider)
    with pytest.raises(NotPermitted):
        ev.evaluation_submit(actor=world.sec_bengkayang, evaluation=evaluation)
    ev.evaluation_submit(actor=world.sec_singkawang, evaluation=evaluation)
    for not_leader in (world.sec_singkawang, world.pupr_officer, _bengkayang_leader(world)):
        with pytest.raises(NotPermitted):
            ev.evaluation_sign_off(actor=not_leader, evaluation=evaluation)
        with pytest.raises(NotPermitted):
            ev.evaluation_comment(actor=not_leader, evaluation=evaluation, text="Catatan")

    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.comments.count()) == (EvaluationState.SUBMITTED, 0)


def test_the_partner_region_writes_its_own_evaluation_and_reads_the_other_once_signed_off(
    client, world
):
    monev_indicator(world)
    singkawang = _written(world)
    bengkayang = _written(world, actor=world.sec_bengkayang, rating=2, rating_reason="Lambat")
    url = reverse("monitoring:pks_evaluation", kwargs={"pk": world.document.pk, "year": 2021})

    client.force_login(world.sec_bengkayang)
    before = client.get(url).content.decode()
    ev.evaluation_submit(actor=world.sec_singkawang, evaluation=singkawang)
    ev.evaluation_sign_off(actor=world.sekda, evaluation=singkawang)
    after = client.get(url).content.decode()

    assert bengkayang.party.partner.region.code == "61.07"
    assert f'id="evaluation-{bengkayang.pk}"' in before
    assert f'id="evaluation-{singkawang.pk}"' not in before
    assert f'id="evaluation-{singkawang.pk}"' in after
    assert ev.pks_evaluations(world.sec_singkawang, world.document, 2021) == [singkawang]


@pytest.mark.rule("12-governor-oversees-kabkota")
def test_law_province_oversight_reads_signed_off_evaluations_only(client, world):
    """§12 (UU 23/2014 Pasal 368(1)): the governor, as the central government's representative,
    monitors and evaluates the cooperation of the kab/kota of the province. Expected by hand:
    Kalbar (not a party of the Singkawang–Bengkayang case) reads Singkawang's evaluation once
    it is signed off, not its draft, and may not write or sign it."""
    monev_indicator(world)
    evaluation = _written(world)
    url = reverse("monitoring:pks_evaluation", kwargs={"pk": world.document.pk, "year": 2021})
    client.force_login(world.sec_kalbar)

    draft_page = client.get(url).content.decode()
    ev.evaluation_submit(actor=world.sec_singkawang, evaluation=evaluation)
    ev.evaluation_sign_off(actor=world.sekda, evaluation=evaluation)
    signed_page = client.get(url).content.decode()

    assert CONTENT["obstacles"] not in draft_page
    assert CONTENT["obstacles"] in signed_page
    with pytest.raises(NotPermitted):
        _written(world, actor=world.sec_kalbar)


# --- Only verified values; the snapshot at sign-off -----------------------------------------


def test_only_verified_values_count_in_the_evaluation_and_a_later_verification_does_not_change_it(
    client, world
):
    indicator = monev_indicator(world, both_report=True)
    _verified(world, indicator, 2021, "80")
    # Bengkayang's 30 is submitted, not verified: it must not count.
    pending = _report(
        world,
        indicator,
        2021,
        "30",
        party=world.bengkayang_party,
        actor=world.bengkayang_officer,
    )
    evaluation = _written(world)

    (row,) = ev.evaluation_figures(evaluation)
    # Verified only: 80 against the target 100 → 80 ÷ 100 × 100 = 80 %. (Counting the
    # submitted 30 by the sum of reporters would give 110 and 110 %.)
    assert (row.target, row.value, row.achievement, row.met) == (
        Decimal("100"),
        Decimal("80"),
        Decimal("80.00"),
        False,
    )
    ev.evaluation_submit(actor=world.sec_singkawang, evaluation=evaluation)
    evaluation = ev.evaluation_sign_off(actor=world.sekda, evaluation=evaluation)
    services.realisation_verify(actor=world.sec_bengkayang, realisation=pending)

    # Now verified, both count: 80 + 30 = 110 → 110 %; the signed evaluation keeps 80 / 80 %.
    rows, version = ev.evaluation_table(evaluation)
    (table_row,) = rows
    assert (table_row.shown.value, table_row.shown.achievement) == (Decimal("80"), Decimal("80"))
    assert table_row.current is not None
    assert (table_row.current.value, table_row.current.achievement) == (
        Decimal("110"),
        Decimal("110"),
    )
    stored = version.snapshot["figures"][0]
    assert (Decimal(stored["value"]), Decimal(stored["achievement"])) == (Decimal(80), Decimal(80))
    client.force_login(world.pupr_officer)  # the OPD officer reads it, read only
    page = client.get(
        reverse("monitoring:pks_evaluation", kwargs={"pk": world.document.pk, "year": 2021})
    ).content.decode()
    assert "Angka sebagaimana disahkan pada" in page
    assert "110 %" in page
    assert "80 %" in page
    assert reverse("monitoring:evaluation_sign_off", kwargs={"pk": evaluation.pk}) not in page
    assert (
        reverse("monitoring:evaluation_edit", kwargs={"pk": world.document.pk, "year": 2021})
        not in page
    )


# --- Screens -------------------------------------------------------------------------------


def test_the_secretariat_writes_and_submits_on_the_form_and_leadership_signs_off_on_the_page(
    client, world
):
    indicator = monev_indicator(world)
    _verified(world, indicator, 2021, "95")
    url = reverse("monitoring:evaluation_edit", kwargs={"pk": world.document.pk, "year": 2021})
    client.force_login(world.sec_singkawang)

    form_page = client.get(url).content.decode()
    refused = client.post(url, CONTENT | {"kind": "annual", "rating": "", "ajukan": "1"})
    saved_after_refusal = Evaluation.objects.count()
    done = client.post(url, CONTENT | {"kind": "annual", "rating": "4", "ajukan": "1"})
    client.force_login(world.sekda)
    page_url = done["Location"]
    sign_page = client.get(page_url).content.decode()
    client.post(
        reverse("monitoring:evaluation_sign_off", kwargs={"pk": Evaluation.objects.get().pk})
    )

    # 95 ÷ 100 × 100 = 95 % in the form's table.
    assert "95 %" in form_page
    assert "Kesesuaian dengan tujuan" in form_page
    assert refused.status_code == 422
    assert saved_after_refusal == 0  # saved and submitted together, or nothing
    assert "Berikan nilai (1–5)." in refused.content.decode()
    evaluation = Evaluation.objects.get()
    assert (evaluation.status, evaluation.rating) == (EvaluationState.SIGNED_OFF, 4)
    assert evaluation.versions.count() == 1
    assert "Sahkan" in sign_page


# --- Evaluations to discuss on a TKKSD agenda ------------------------------------------------


def test_a_submitted_evaluation_is_proposed_for_the_tkksd_agenda_until_taken(world):
    monev_indicator(world)
    meeting = rapat_meeting(world.singkawang, items=0)
    draft = _written(world)
    assert [
        p for p in meeting_selectors.agenda_proposals(meeting) if p.source == "evaluation"
    ] == []
    ev.evaluation_submit(actor=world.sec_singkawang, evaluation=draft)

    (proposal,) = [
        p for p in meeting_selectors.agenda_proposals(meeting) if p.source == "evaluation"
    ]
    item = meeting_services.agenda_proposal_take(
        actor=world.sec_singkawang, meeting=meeting, key=proposal.key
    )

    assert proposal.reason == (
        "Evaluasi 2021 kerja sama “Pembangunan pilar batas Singkawang–Bengkayang” diajukan."
    )
    assert (item.source, item.cooperation, item.document) == (
        "evaluation",
        world.local,
        world.document,
    )
    draft.refresh_from_db()
    assert draft.discussed_item == item
    assert [
        p for p in meeting_selectors.agenda_proposals(meeting) if p.source == "evaluation"
    ] == []
    # Bengkayang's meetings never see Singkawang's evaluation.
    other = rapat_meeting(world.bengkayang, items=0)
    assert [p for p in meeting_selectors.agenda_proposals(other) if p.source == "evaluation"] == []


def test_the_list_of_evaluations_reads_in_as_many_queries_for_one_as_for_three(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monev_indicator(world, targets={2021: "100", 2022: "200", 2023: "300"})
    client.force_login(world.sec_singkawang)
    url = reverse("monitoring:evaluation_index")
    _written(world, year=2021)
    with CaptureQueriesContext(connection) as one:
        first = client.get(url).content.decode()
    _written(world, year=2022)
    _written(world, year=2023)
    with CaptureQueriesContext(connection) as three:
        page = client.get(url).content.decode()

    assert first.count("/evaluasi/2021/#evaluation-") == 1
    assert [y for y in (2021, 2022, 2023) if f"/evaluasi/{y}/#evaluation-" in page] == [
        2021,
        2022,
        2023,
    ]
    assert len(three) == len(one)


def test_withdrawing_a_submitted_evaluation_makes_it_a_draft_again_and_comments_stay(world):
    monev_indicator(world)
    evaluation = _written(world)
    ev.evaluation_submit(actor=world.sec_singkawang, evaluation=evaluation)
    ev.evaluation_comment(actor=world.sekda, evaluation=evaluation, text="Lengkapi hambatan.")

    with pytest.raises(NotPermitted):
        ev.evaluation_withdraw(actor=world.sekda, evaluation=evaluation)
    ev.evaluation_withdraw(actor=world.sec_singkawang, evaluation=evaluation)
    _written(world, obstacles="Banjir dan keterlambatan pengadaan pipa.")
    with pytest.raises(RuleViolation):  # a draft is not withdrawn
        ev.evaluation_withdraw(actor=world.sec_singkawang, evaluation=evaluation)

    evaluation.refresh_from_db()
    assert (evaluation.status, evaluation.obstacles) == (
        EvaluationState.DRAFT,
        "Banjir dan keterlambatan pengadaan pipa.",
    )
    assert list(evaluation.comments.values_list("text", "status_then")) == [
        ("Lengkapi hambatan.", "submitted")
    ]


def test_a_kb_is_evaluated_through_its_pks(client, world):
    from tests.factories import DocumentFactory

    kb = DocumentFactory(cooperation=world.local, kind="kb", title="KB pilar batas")
    world.document.parent = kb
    world.document.save(update_fields=["parent"])
    monev_indicator(world)
    _signed_off(world)
    _written(
        world, actor=world.sec_bengkayang, recommendation="expand", rating=5, rating_reason="X"
    )
    url = reverse("monitoring:kb_evaluations", kwargs={"pk": kb.pk})

    client.force_login(world.sec_kalbar)
    page = client.get(url).content.decode()

    # Singkawang's signed-off evaluation with its rating and recommendation; Bengkayang's draft
    # is not shown to the province.
    assert "4/5" in page
    assert "lanjutkan" in page
    assert "5/5" not in page
    assert "perluas" not in page
    assert [e.party for e in ev.kb_evaluations(world.sec_bengkayang, kb, 2021)] == [
        world.local_party,
        world.local.parties.get(partner__region__code="61.07"),
    ]
