"""Each PKS on its own road (issue 7, gaps 1, 4 and 6), stated by hand from the domain reference.

Under one Kesepakatan Bersama the PKS start and end at different times (DESIGN.md; §5.3): each
has its own stage, DPRD decision (§7), signing checks (§9 items 7 and 9) and end (§6.4). The case
is in force while any PKS is, and ends only when its KB does.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import translation

from kerjasama.agreements import services
from kerjasama.agreements.lifecycle import (
    TransitionRefused,
    cooperation_transition,
    cooperations_end_expired,
)
from kerjasama.agreements.models import Document, DprdApproval, Transition
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline
from tests.factories import DocumentFactory
from tests.test_rules_by_hand import (  # the same building blocks as the other rules' tests
    END,
    SIGNED,
    START,
    TODAY,
    People,
    agreement,
    case,
    paper,
    step,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def people(reference):
    return People()


def _dated(document: Document, day: dt.date) -> Document:
    document.signed_on = day
    document.save()
    return document


def pks_step(actor, pks: Document, action: str, *, override_reason: str = "", **facts):
    """Take a step on the PKS's own road."""
    pks.refresh_from_db()
    return cooperation_transition(
        actor=actor,
        cooperation=pks.cooperation,
        action=action,
        expected_stage=pks.stage,
        facts={"on": TODAY, **facts},
        override_reason=override_reason,
        today=TODAY,
        document=pks,
    )


def pks_refused(actor, pks: Document, action: str, **facts) -> str:
    pks.refresh_from_db()
    before = pks.stage
    with pytest.raises(TransitionRefused) as error:
        pks_step(actor, pks, action, **facts)
    pks.refresh_from_db()
    assert pks.stage == before
    return " ".join(error.value.messages)


def stage(obj) -> str:
    obj.refresh_from_db()
    return obj.stage


def kb_case(kind: str = "ksdd", **fields):
    """A case whose KB is signed and whose DPRD test says "not needed" (§7), at PKS drafting."""
    fields.setdefault("burdens_community", False)
    fields.setdefault("budgeted_in_apbd", True)
    record = case(kind, stage="pks_drafting", **fields)
    kb = agreement(record, "kb", end_date=dt.date(2030, 12, 31))
    return record, kb


def pks_in_force(sec, record, kb, *, start=START, end=END, title="PKS", on=TODAY):
    pks = agreement(record, "pks", parent=kb, start_date=start, end_date=end, title=title)
    pks_step(sec, pks, "sign_pks", on=on)
    pks_step(sec, pks, "start", on=on)
    return pks


# --- Gap 1: each PKS its own road ---------------------------------------------------------------


@pytest.mark.rule("5.3-each-pks-its-own-road")
def test_law_ending_one_pks_leaves_the_other_and_the_case_in_force(people):
    """§6.4 (PP 28/2018 Pasal 9(1)), §5.3 and DESIGN.md: ending one PKS with a reason ends that
    PKS, not the other PKS under the same KB, nor the case, which stays in force while any of
    its PKS is."""
    sec = people.secretariat
    record, kb = kb_case()
    water = pks_in_force(sec, record, kb, title="PKS Air Bersih")
    roads = pks_in_force(sec, record, kb, title="PKS Jalan Perbatasan")
    assert stage(record) == "in_force"

    pks_step(sec, water, "terminate", termination_reason="purpose_achieved", reason="Selesai")

    water.refresh_from_db()
    assert (water.stage, water.termination_reason, water.terminated_on) == (
        "ended",
        "purpose_achieved",
        TODAY,
    )
    assert stage(roads) == "in_force"
    record.refresh_from_db()
    assert (record.stage, record.termination_reason, record.terminated_on) == ("in_force", "", None)
    ended = Transition.objects.get(action="terminate")
    assert (ended.document, ended.from_stage, ended.to_stage) == (water, "in_force", "ended")
    assert AuditEvent.objects.filter(action="pks.transition", cooperation=record).count() == 5


@pytest.mark.rule("5.3-each-pks-its-own-road")
def test_law_the_case_returns_to_pks_drafting_when_its_last_pks_ends_within_the_kb(people):
    """§5.3, §6.4: when the last PKS ends while the KB is still in its term the case is not
    ended (only the KB's end ends it): it waits for a new PKS, which can be signed."""
    sec = people.secretariat
    record, kb = kb_case()
    only = pks_in_force(sec, record, kb)

    pks_step(sec, only, "terminate", termination_reason="mutual_agreement", reason="Sepakat")

    assert stage(record) == "pks_drafting"
    assert AuditEvent.objects.filter(
        action="cooperation.stage_derived", changes__stage=["in_force", "pks_drafting"]
    ).exists()
    again = agreement(record, "pks", parent=kb, title="PKS baru")
    pks_step(sec, again, "sign_pks")
    assert stage(record) == "pks_signed"


@pytest.mark.rule("5.3-each-pks-its-own-road")
def test_law_ending_the_kb_ends_every_pks_still_open(people):
    """§6.4: the KB ended with a reason ends the case and every PKS under it that is still
    open (in force, signed or in drafting)."""
    sec, sekda = people.secretariat, people.sekda
    record, kb = kb_case()
    running = pks_in_force(sec, record, kb)
    draft = DocumentFactory(cooperation=record, kind="pks", parent=kb, status="draft")

    step(sekda, record, "terminate", termination_reason="policy_change", reason="Kebijakan")

    assert stage(record) == "ended"
    for pks in (running, draft):
        pks.refresh_from_db()
        assert (pks.stage, pks.termination_reason) == ("ended", "policy_change")


@pytest.mark.rule("5.3-each-pks-its-own-road")
def test_law_no_signed_pks_is_recorded_under_an_ended_cooperation(people):
    """§6.4 (PP 28/2018 Pasal 9): a cooperation that ended binds no one; a new signed PKS
    cannot be recorded under it."""
    sec = people.secretariat
    record = case("ksdd", stage="ended", termination_reason="term_expired")
    kb = agreement(record, "kb")

    with pytest.raises(services.RuleViolation, match="has ended"):
        services.document_create(
            actor=sec,
            cooperation=record,
            data={
                "kind": "pks",
                "parent": kb,
                "title": "PKS sesudah berakhir",
                "status": "signed",
                "signed_on": SIGNED,
                "start_date": START,
                "end_date": END,
            },
        )
    assert not record.documents.filter(kind="pks").exists()


@pytest.mark.rule("5.3-each-pks-its-own-road")
def test_law_an_ended_pks_cannot_be_signed_again(people):
    """§6.4: an ended PKS stays ended; a new agreement is a new PKS."""
    sec = people.secretariat
    record, kb = kb_case()
    pks = pks_in_force(sec, record, kb)
    pks_step(sec, pks, "terminate", termination_reason="purpose_achieved", reason="Selesai")

    assert "not a step" in pks_refused(sec, pks, "sign_pks")


@pytest.mark.rule("5.3-each-pks-its-own-road")
def test_law_the_daily_job_ends_each_pks_at_the_end_of_its_own_term(people):
    """§6.4 (Pasal 9(1) a, term expired) and §6.3: each PKS ends when its own term, as extended
    by its signed addenda, has passed; the other PKS and the case stay in force."""
    sec = people.secretariat
    record, kb = kb_case()
    october = dt.date(2026, 10, 2)
    short = pks_in_force(sec, record, kb, end=dt.date(2026, 10, 31), title="PKS pendek", on=october)
    extended = pks_in_force(
        sec, record, kb, end=dt.date(2026, 10, 31), title="PKS diperpanjang", on=october
    )
    DocumentFactory(
        cooperation=record,
        kind="addendum",
        parent=extended,
        status="signed",
        signed_on=dt.date(2026, 10, 15),
        end_date=dt.date(2027, 10, 31),
    )

    cooperations_end_expired(today=TODAY)

    short.refresh_from_db()
    assert (short.stage, short.termination_reason, short.terminated_on) == (
        "ended",
        "term_expired",
        dt.date(2026, 11, 1),
    )
    assert stage(extended) == "in_force"
    assert stage(record) == "in_force"
    expiry = Deadline.objects.get(key=f"expiry:doc:{short.pk}")
    assert expiry.status == "met"


def test_the_dprd_request_of_a_pks_gets_its_own_decision_and_deadline(people, settings):
    """§7: the DPRD decides on each PKS that needs it; the decision is that PKS's (its row
    names it), and so is its deadline when a period is configured (❓ for KSDD)."""
    settings.KERJASAMA = {
        **settings.KERJASAMA,
        "DPRD_WORKING_DAYS": {**settings.KERJASAMA["DPRD_WORKING_DAYS"], "ksdd": 45},
    }
    sec = people.secretariat
    record, kb = kb_case(burdens_community=True)
    paper(record, "dprd_request")
    pks = agreement(record, "pks", parent=kb)

    pks_step(sec, pks, "request_dprd", requested_on=dt.date(2026, 10, 20), received_on=TODAY)

    assert stage(pks) == "awaiting_dprd"
    approval = DprdApproval.objects.get(cooperation=record)
    assert approval.document == pks
    deadline = Deadline.objects.get(key=f"dprd:{approval.pk}")
    assert (deadline.document, deadline.status) == (pks, "open")


@pytest.mark.rule("5.3-each-pks-its-own-road")
def test_law_each_pks_starts_only_when_its_own_term_has_begun(people):
    """§5.3 (PKS signed → implementation): a PKS starts when its own term has begun, not when
    another PKS under the same KB did."""
    sec = people.secretariat
    record, kb = kb_case()
    pks_in_force(sec, record, kb, title="PKS berjalan")
    later = agreement(record, "pks", parent=kb, start_date=TODAY + dt.timedelta(days=10))
    pks_step(sec, later, "sign_pks")

    assert "not started" in pks_refused(sec, later, "start")


# --- Gap 4: DPRD (§7) at signing ------------------------------------------------------------


@pytest.mark.rule("9.7-dprd-checked-at-each-pks-signing")
def test_law_dprd_is_checked_at_signing_against_the_facts_recorded_then(people):
    """§7, §9 item 7 (PP 28/2018 Pasal 6(1)–(2)): the DPRD step was skipped when the plan was
    budgeted and burdened no one; the facts then changed to "burdens the community, not in the
    budget". Signing the PKS is refused: the DPRD must approve first (or the TKKSD decides
    otherwise with a recorded reason)."""
    sec, sekda = people.secretariat, people.sekda
    record = case("ksdd", stage="kb_signed", burdens_community=False, budgeted_in_apbd=True)
    record.apbd_reference = "APBD 2026"
    record.save()
    kb = agreement(record, "kb")
    step(sekda, record, "skip_dprd")
    record.burdens_community, record.budgeted_in_apbd = True, False
    record.save()
    pks = agreement(record, "pks", parent=kb)

    with pytest.raises(TransitionRefused, match="DPRD's approval is needed for this PKS"):
        step(sec, record, "sign_pks")
    assert (stage(record), stage(pks)) == ("pks_drafting", "pks_drafting")

    # The TKKSD's documented override stays possible, with its reason recorded with the facts.
    record.refresh_from_db()
    moved = cooperation_transition(
        actor=sec,
        cooperation=record,
        action="sign_pks",
        expected_stage="pks_drafting",
        facts={"on": TODAY},
        override_reason="TKKSD: beban sudah dianggarkan dalam APBD-P",
        today=TODAY,
    )
    assert moved.data["pks"] == [pks.pk]
    assert (moved.data["burdens_community"], moved.data["budgeted_in_apbd"]) == (True, False)
    assert moved.overrides
    assert "TKKSD" in moved.overrides[0]["reason"]


@pytest.mark.rule("5.3-each-pks-its-own-road", "9.7-dprd-checked-at-each-pks-signing")
def test_law_each_pks_needs_its_own_dprd_approval(people):
    """§7 (PP 28/2018 Pasal 6(2)): the DPRD's approval of one PKS does not cover another PKS
    under the same KB that also burdens the community."""
    sec = people.secretariat
    record, kb = kb_case(burdens_community=True, budgeted_in_apbd=True)
    paper(record, "dprd_request")
    paper(record, "dprd_approval")
    # Each PKS is signed on the day the DPRD approved it (§5.3: after the approval).
    first = _dated(agreement(record, "pks", parent=kb, title="PKS pertama"), TODAY)
    pks_step(sec, first, "request_dprd", requested_on=dt.date(2026, 10, 20), received_on=TODAY)
    pks_step(sec, first, "dprd_approves", decision_reference="Keputusan DPRD 1/2026")
    pks_step(sec, first, "sign_pks")
    second = _dated(agreement(record, "pks", parent=kb, title="PKS kedua"), TODAY)

    assert "DPRD's approval is needed for this PKS" in pks_refused(sec, second, "sign_pks")
    pks_step(sec, second, "request_dprd", requested_on=dt.date(2026, 10, 20), received_on=TODAY)
    pks_step(sec, second, "dprd_approves", decision_reference="Keputusan DPRD 2/2026")
    pks_step(sec, second, "sign_pks")
    assert stage(second) == "pks_signed"


@pytest.mark.rule("9.7-dprd-checked-at-each-pks-signing")
def test_law_a_pks_dated_before_its_dprd_approval_is_not_recorded_signed(people):
    """§5.3, §7 (PP 28/2018 Pasal 6(1) e–g; walk of issue 7): a PKS that needed the DPRD is
    signed after the DPRD approved it — one dated before the approval is refused at its signing
    step with both dates, and goes ahead once its date is corrected. Nor is its signing
    recorded on a day before the date the PKS carries."""
    sec = people.secretariat
    record, kb = kb_case(burdens_community=True, budgeted_in_apbd=True)
    paper(record, "dprd_request")
    paper(record, "dprd_approval")
    pks = _dated(agreement(record, "pks", parent=kb, title="PKS"), dt.date(2026, 10, 25))
    pks_step(sec, pks, "request_dprd", requested_on=dt.date(2026, 10, 20), received_on=TODAY)
    pks_step(sec, pks, "dprd_approves", decision_reference="Keputusan DPRD 1/2026")

    refused = pks_refused(sec, pks, "sign_pks")
    assert "25 October 2026" in refused
    assert "2 November 2026" in refused
    pks.signed_on = TODAY
    pks.save()
    pks_step(sec, pks, "sign_pks", on=TODAY)
    assert stage(pks) == "pks_signed"


@pytest.mark.rule("5.3-each-pks-its-own-road")
def test_law_a_pks_signing_is_not_recorded_before_the_date_the_pks_carries(people):
    """§5.1, §5.3 (walk of issue 7): the step that records a PKS as signed cannot be dated
    before the signing date written on the PKS itself (history and document must agree)."""
    sec = people.secretariat
    record, kb = kb_case(burdens_community=False, budgeted_in_apbd=True)
    pks = _dated(agreement(record, "pks", parent=kb, title="PKS"), TODAY)

    assert "cannot be recorded before" in pks_refused(
        sec, pks, "sign_pks", on=TODAY - dt.timedelta(days=5)
    )
    pks_step(sec, pks, "sign_pks", on=TODAY)
    assert stage(pks) == "pks_signed"


# --- Gap 6: power of attorney (§9 item 9; PP 28/2018 Pasal 2(2), 13(2)) --------------------


def _sign_pks(sec, record, kb, *, position: str, ticked: bool = False):
    own = record.parties.get(order=1)
    return services.document_create(
        actor=sec,
        cooperation=record,
        data={
            "kind": "pks",
            "parent": kb,
            "title": "PKS Air Bersih",
            "status": "signed",
            "signed_on": SIGNED,
            "start_date": START,
            "end_date": END,
        },
        entries={
            own.pk: services.DocumentEntryInput(
                number="180/PKS/2026",
                signatory_name="Penanda tangan",
                signatory_position=position,
                under_power_of_attorney=ticked,
            )
        },
    )


@pytest.mark.rule("9.9-power-of-attorney")
def test_law_an_unsigned_draft_power_of_attorney_does_not_count(people):
    """§9 item 9: a surat kuasa counts only when it is signed; a draft leaves the PKS signed
    under a power of attorney refused."""
    sec = people.secretariat
    record, kb = kb_case()
    paper(record, "power_of_attorney", signed=False)

    with pytest.raises(services.RuleViolation, match="power of attorney"):
        _sign_pks(sec, record, kb, position="Sekretaris Daerah", ticked=True)


@pytest.mark.rule("9.9-power-of-attorney")
def test_law_a_power_of_attorney_dated_after_the_pks_does_not_count(people):
    """§9 item 9: the kuasa must be dated on or before the agreement it authorises."""
    sec = people.secretariat
    record, kb = kb_case()
    kuasa = paper(record, "power_of_attorney", signed=True)
    kuasa.signed_on = SIGNED + dt.timedelta(days=1)
    kuasa.save()

    with pytest.raises(services.RuleViolation, match="power of attorney"):
        _sign_pks(sec, record, kb, position="Sekretaris Daerah", ticked=True)
    kuasa.signed_on = SIGNED
    kuasa.save()
    assert _sign_pks(sec, record, kb, position="Sekretaris Daerah", ticked=True).pk


@pytest.mark.rule("9.9-power-of-attorney")
def test_law_a_kepala_dinas_needs_a_power_of_attorney_even_with_the_box_unticked(people):
    """§9 item 9 (PP 28/2018 Pasal 2(2)): the regional head signs; a Kepala Dinas signs only
    under a power of attorney, whether or not the box says so."""
    sec = people.secretariat
    record, kb = kb_case()

    with pytest.raises(services.RuleViolation, match="power of attorney"):
        _sign_pks(sec, record, kb, position="Kepala Dinas PUPR Kota Singkawang", ticked=False)
    assert not record.documents.filter(kind="pks").exists()


@pytest.mark.rule("9.9-power-of-attorney")
def test_law_a_wali_kota_signs_without_a_power_of_attorney(people):
    """§9 item 9: the regional head himself (here the Wali Kota) needs no surat kuasa."""
    sec = people.secretariat
    record, kb = kb_case()

    pks = _sign_pks(sec, record, kb, position="Wali Kota Singkawang", ticked=False)

    assert pks.status == "signed"


@pytest.mark.rule("9.9-power-of-attorney")
def test_law_the_pks_signing_step_checks_the_power_of_attorney_of_that_pks(people):
    """§9 item 9 at the signing step of the PKS's own road: a PKS whose signatory is a Kepala
    Dinas cannot be signed on its road without a valid kuasa."""
    sec = people.secretariat
    record, kb = kb_case()
    pks = agreement(record, "pks", parent=kb)
    entry = pks.party_entries.get(party__order=1)
    entry.signatory_position = "Kepala Dinas PUPR"
    entry.save()

    assert "power of attorney" in pks_refused(sec, pks, "sign_pks")
    paper(record, "power_of_attorney", signed=True)
    pks_step(sec, pks, "sign_pks")


# --- The data migration ---------------------------------------------------------------------


def test_existing_pks_get_the_stage_their_case_implies(people):
    """Issue 7: each existing PKS gets the stage its case implies, and a case's DPRD decision
    belongs to its only PKS."""
    migration = importlib.import_module("kerjasama.agreements.migrations.0011_pks_own_road")
    in_force = case("ksdd", stage="in_force")
    running = agreement(in_force, "pks", parent=agreement(in_force, "kb"))
    ended = case("ksdd", stage="ended", termination_reason="object_lost")
    ended.terminated_on = dt.date(2026, 3, 1)
    ended.save()
    gone = agreement(ended, "pks", parent=agreement(ended, "kb"))
    abandoned = DocumentFactory(cooperation=ended, kind="pks", status="draft")
    drafting = case("ksdpk", stage="pks_drafting")
    draft = DocumentFactory(cooperation=drafting, kind="pks", status="final")
    approval = DprdApproval.objects.create(
        cooperation=drafting, requested_on=SIGNED, received_on=SIGNED, decision="approved"
    )
    Document.objects.filter(kind="pks").update(stage="")

    migration.pks_stages(apps, None)

    assert stage(running) == "in_force"
    gone.refresh_from_db()
    assert (gone.stage, gone.termination_reason, gone.terminated_on) == (
        "ended",
        "object_lost",
        dt.date(2026, 3, 1),
    )
    assert stage(abandoned) == "cancelled"
    assert stage(draft) == "pks_drafting"
    approval.refresh_from_db()
    assert approval.document == draft


@pytest.mark.rule("9.9-power-of-attorney")
def test_law_a_power_of_attorney_for_another_pks_does_not_count(people):
    """§9 item 9 (walk of issue 7): the Wali Kota's kuasa for PKS A, placed under PKS A, does
    not let a Kepala Dinas sign PKS B; a kuasa placed under PKS B, or under no agreement, does."""
    sec = people.secretariat
    record, kb = kb_case()
    first = _sign_pks(sec, record, kb, position="Wali Kota Singkawang")
    kuasa = paper(record, "power_of_attorney", signed=True, parent=first)
    kuasa.signed_on = SIGNED
    kuasa.save()

    with pytest.raises(services.RuleViolation, match="power of attorney"):
        _sign_pks(sec, record, kb, position="Kepala Dinas Komunikasi dan Informatika")
    kuasa.parent = None
    kuasa.save()
    assert _sign_pks(sec, record, kb, position="Kepala Dinas Komunikasi dan Informatika").pk
