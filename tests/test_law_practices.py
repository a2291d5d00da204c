"""Issue 7, item 11: preconditions that come from practice (🟡) or are unconfirmed (❓) in
KERJASAMA_DAERAH.md warn instead of refusing — the step goes ahead with a recorded reason.

Each case is written by hand from the reference: the stage the case is at, what is on file
(everything the statute asks for, ✅), and the one 🟡/❓ paper that is missing. Without a reason
the step is refused naming what is missing; with a reason it is taken, and the reason is kept
in the `Transition` and in the audit trail.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kerjasama.accounts.models import Role
from kerjasama.agreements.lifecycle import TransitionRefused, cooperation_transition
from kerjasama.agreements.models import Cooperation, Party
from kerjasama.core.models import AuditEvent
from kerjasama.partners.enums import PartnerKind
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    DocumentPartyFactory,
    TenantFactory,
    ThirdPartyFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)
SIGNED = dt.date(2026, 10, 1)
REASON = "Keputusan rapat TKKSD 12 Oktober 2026"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def secretariat(reference):
    tenant = TenantFactory(region=region("61.72"))
    return UserFactory(username="sec.singkawang", tenant=tenant, roles=[Role.SECRETARIAT])


def _ksdd(stage: str) -> Cooperation:
    return CooperationFactory(kind="ksdd", stage=stage, party_codes=("61.72", "61.07"))


def _with_partner(kind: str, stage: str, partner: dict) -> Cooperation:
    record = CooperationFactory(kind=kind, ksdd_category="", stage=stage, party_codes=("61.72",))
    Party.objects.create(cooperation=record, partner=ThirdPartyFactory(**partner), order=2)
    return record


def _paper(record: Cooperation, kind: str, *, signed: bool = False):
    return DocumentFactory(
        cooperation=record,
        kind=kind,
        status="signed" if signed else "final",
        signed_on=SIGNED if signed else None,
        start_date=None,
        end_date=None,
    )


SINERGI_PARTNER = {
    "kind": PartnerKind.CENTRAL_GOVERNMENT,
    "name": "Kementerian Pariwisata",
    "third_party_type": "",
}
COMPANY = {"kind": PartnerKind.THIRD_PARTY, "name": "PT Parkir Singkawang"}


def case_prepare_without_kak():
    """§5.3 USULAN → PERSIAPAN: the KAK is 🟡 (Kota Yogyakarta portal, §3.4)."""
    return _ksdd("proposal"), "prepare", "preparation", ["terms of reference (KAK)"]


def case_offer_without_minutes_and_letter():
    """§5.3 PERSIAPAN → PENAWARAN: TKKSD minutes 🟡 and the surat penawaran 🟡 (§3.4)."""
    return (
        _ksdd("preparation"),
        "offer",
        "offer",
        ["TKKSD's review and recommendation", "offer letter"],
    )


def case_accept_without_reply():
    """§5.3 PENAWARAN → PENYUSUNAN_KB: the reply letter is not marked ✅ (§8.3 lists it)."""
    return _ksdd("offer"), "accept_offer", "kb_drafting", ["written acceptance"]


def case_kb_without_company_number():
    """§5.3, §5.5, §8.3: numbering a KB in each party's register is practice 🟡 — a company in
    a KSDPK that keeps no register does not stop the KB (issue 7's own example)."""
    record = _with_partner("ksdpk", "kb_drafting", COMPANY)
    record.ksdpk_kind = "pelayanan_publik"
    record.save()
    kb = _paper(record, "kb", signed=True)
    DocumentPartyFactory(
        document=kb, party=record.parties.get(order=1), number="180/01/KS-SKW/2026"
    )
    return record, "sign_kb", "kb_signed", ["every party's number"]


def case_sinergi_submit_without_kak_and_offer():
    """§6.2 (sinergi states 🟡, Kota Yogyakarta): KAK and offer letter are 🟡."""
    record = _with_partner("sinergi", "proposal", SINERGI_PARTNER)
    return record, "submit_for_review", "tkksd_review", ["(KAK)", "offer letter"]


def case_sinergi_review_without_minutes():
    """§6.2 🟡: the TKKSD evaluation is the Yogyakarta practice."""
    record = _with_partner("sinergi", "tkksd_review", SINERGI_PARTNER)
    return record, "approve_review", "nk_drafting", ["TKKSD's review"]


def case_nk_without_rk():
    """§1, §3.4: the NK is ✅ (PP 28/2018 Pasal 46(4)); the Rencana Kerja attached is 🟡."""
    record = _with_partner("sinergi", "nk_drafting", SINERGI_PARTNER)
    _paper(record, "nk", signed=True)
    return record, "sign_nk", "nk_signed", ["Rencana Kerja"]


CASES = [
    case_prepare_without_kak,
    case_offer_without_minutes_and_letter,
    case_accept_without_reply,
    case_kb_without_company_number,
    case_sinergi_submit_without_kak_and_offer,
    case_sinergi_review_without_minutes,
    case_nk_without_rk,
]


@pytest.mark.parametrize("build", CASES, ids=[c.__name__ for c in CASES])
def test_law_practice_precondition_warns_and_goes_ahead_with_reason(build, secretariat):
    """§5.3, §5.5, §6.2 (🟡/❓ preconditions): blocked without a reason, taken with one, the
    reason recorded in the Transition and the audit event."""
    record, action, target, missing = build()
    source = record.stage

    with pytest.raises(TransitionRefused) as refused:
        cooperation_transition(
            actor=secretariat,
            cooperation=record,
            action=action,
            expected_stage=source,
            today=TODAY,
        )
    text = " ".join(refused.value.messages)
    for words in missing:
        assert words in text
    record.refresh_from_db()
    assert record.stage == source

    transition = cooperation_transition(
        actor=secretariat,
        cooperation=record,
        action=action,
        expected_stage=source,
        override_reason=REASON,
        today=TODAY,
    )

    record.refresh_from_db()
    assert record.stage == target
    assert len(transition.overrides) == len(missing)
    assert {o["reason"] for o in transition.overrides} == {REASON}
    for words in missing:
        assert any(words in o["message"] for o in transition.overrides)
    event = AuditEvent.objects.get(action="cooperation.transition", cooperation=record)
    # The audit trail keeps each overridden message with the reason (as text).
    assert len(event.data["overrides"]) == len(missing)
    assert all(REASON in str(o) for o in event.data["overrides"])
    assert event.changes["stage"] == [source, target]


def test_law_kb_signed_is_still_required(secretariat):
    """§5.1 letter d ✅ (PP 28/2018 Pasal 6(1)(d)): without a signed KB the step is refused even
    with a reason — only the per-party numbering is practice."""
    record = _ksdd("kb_drafting")
    _paper(record, "kb")  # a final draft, not signed

    with pytest.raises(TransitionRefused) as refused:
        cooperation_transition(
            actor=secretariat,
            cooperation=record,
            action="sign_kb",
            expected_stage="kb_drafting",
            override_reason=REASON,
            today=TODAY,
        )

    assert "No signed Kesepakatan Bersama" in " ".join(refused.value.messages)
    record.refresh_from_db()
    assert record.stage == "kb_drafting"


def test_law_feasibility_study_stays_a_refusal(secretariat):
    """§3.2 ✅ (UU 23/2014 Pasal 366(3)): a KSDPK cannot reach KB drafting without its feasibility
    study, reason or not; only the 🟡 reply letter can be overridden."""
    record = _with_partner("ksdpk", "offer", COMPANY)

    with pytest.raises(TransitionRefused) as refused:
        cooperation_transition(
            actor=secretariat,
            cooperation=record,
            action="accept_offer",
            expected_stage="offer",
            override_reason=REASON,
            today=TODAY,
        )

    assert "feasibility study" in " ".join(refused.value.messages)
    record.refresh_from_db()
    assert record.stage == "offer"


def test_law_step_screen_asks_for_the_reason_of_a_missing_kak(client, secretariat):
    """§5.3 🟡 (KAK), through the screens: the step form lists the missing KAK as a warning with
    a reason field; submitted with a reason, the case moves on and the record shows it."""
    from django.urls import reverse

    record = _ksdd("proposal")
    url = reverse("agreements:step", args=[record.pk, "prepare"])
    client.force_login(secretariat)

    form = client.get(url).content.decode()
    taken = client.post(
        url,
        {
            "on": TODAY.isoformat(),
            "expected_stage": "proposal",
            "override_reason": "KAK menyusul, disepakati rapat",
        },
    )

    assert "Kerangka Acuan Kerja (KAK)" in form or "(KAK)" in form
    assert 'name="override_reason"' in form
    record.refresh_from_db()
    assert record.stage == "preparation"
    assert taken.status_code == 302
    assert record.transitions.get().overrides[0]["reason"] == "KAK menyusul, disepakati rapat"
