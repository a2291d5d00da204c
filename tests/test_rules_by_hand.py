"""The rules of the pathways, stated by hand from the domain reference (KERJASAMA_DAERAH.md),
each asserting what the services really do.

Unlike `tests/test_lifecycle.py`, whose cases come from `lifecycle.PATHWAYS` itself, nothing here
reads the code's tables: the order of the stages and each precondition are written out with the
§ (and the article of law) they come from. If the code's table drifts from the law, these fail.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property

import pytest
from django.utils import translation

from kerjasama.accounts.models import Role
from kerjasama.agreements import services
from kerjasama.agreements.lifecycle import TransitionRefused, cooperation_transition
from kerjasama.agreements.models import Cooperation, Party
from kerjasama.partners.enums import PartnerKind
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    DocumentPartyFactory,
    FinancingLineFactory,
    TenantFactory,
    ThirdPartyFactory,
    UserFactory,
    region,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)
SIGNED = dt.date(2026, 10, 1)
START, END = dt.date(2026, 10, 1), dt.date(2028, 9, 30)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


class People:
    @cached_property
    def secretariat(self):
        tenant = TenantFactory(region=region("61.72"))
        return UserFactory(username="sec.singkawang", tenant=tenant, roles=[Role.SECRETARIAT])

    @cached_property
    def sekda(self):
        tenant = TenantFactory(region=region("61.72"))
        return UserFactory(
            username="sekda.singkawang", tenant=tenant, roles=[Role.LEADERSHIP, Role.TKKSD_MEMBER]
        )


@pytest.fixture
def people(reference):
    return People()


# --- Building blocks (setup only; the rules are in the tests) ---------------------------------

OTHER_PARTY = {
    "ksdpk": {"kind": PartnerKind.THIRD_PARTY, "name": "Perumda Air Minum Gunung Poteng"},
    "ksdpl": {
        "kind": PartnerKind.FOREIGN_GOVERNMENT,
        "name": "Dewan Bandaraya Kuching Utara",
        "third_party_type": "",
        "country": "MY",
    },
    "ksdll": {
        "kind": PartnerKind.FOREIGN_INSTITUTION,
        "name": "Japan International Cooperation Agency",
        "third_party_type": "",
        "country": "JP",
        "foreign_institution_type": "development_partner",
    },
    "sinergi": {
        "kind": PartnerKind.CENTRAL_GOVERNMENT,
        "name": "Kementerian Pariwisata",
        "third_party_type": "",
    },
}
FIRST_STAGE = {  # §5.2, §6.1, §6.2
    "ksdd": "proposal",
    "ksdpk": "proposal",
    "ksdpl": "initiative",
    "ksdll": "initiative",
    "sinergi": "proposal",
}


# The facts a case records once and that other tests assume met (issue 7): a foreign case's
# objects and Pasal 27 requirements (§3.3), a kerja sama wajib's coordination before the offer
# (§5.3, PP 28/2018 Pasal 5(2)–(3)). Their own rules are tested in tests/test_rules_issue7.py.
FOREIGN_FACTS = {
    "foreign_objects": ["culture"],
    "foreign_no_representative_office": True,
    "foreign_no_interference": True,
    "foreign_consistent_with_plans": True,
}
WAJIB_FACTS = {
    "technical_coordination_on": dt.date(2026, 3, 2),
    "technical_coordination_reference": "Notulen koordinasi teknis tingkat provinsi",
    "heads_agreement_on": dt.date(2026, 4, 6),
    "heads_agreement_reference": "Berita acara kesepakatan kepala daerah",
}


def case(kind: str, stage: str | None = None, **fields) -> Cooperation:
    fields.setdefault("ksdd_category", "sukarela" if kind == "ksdd" else "")
    if kind in ("ksdpl", "ksdll"):
        fields = {
            **FOREIGN_FACTS,
            **({"ksdpl_people_ties": True} if kind == "ksdpl" else {}),
            **fields,
        }
    if fields["ksdd_category"] == "wajib":
        fields = {**WAJIB_FACTS, **fields}
    codes = ("61.72", "61.07") if kind == "ksdd" else ("61.72",)
    record = CooperationFactory(
        kind=kind, stage=stage or FIRST_STAGE[kind], party_codes=codes, **fields
    )
    if kind != "ksdd":
        Party.objects.create(
            cooperation=record, partner=ThirdPartyFactory(**OTHER_PARTY[kind]), order=2
        )
    return record


def paper(record: Cooperation, kind: str, *, signed: bool = False, **fields):
    fields.setdefault("start_date", None)
    fields.setdefault("end_date", None)
    return DocumentFactory(
        cooperation=record,
        kind=kind,
        status="signed" if signed else "final",
        signed_on=SIGNED if signed else None,
        **fields,
    )


def agreement(record: Cooperation, kind: str, *, parent=None, poa: bool = False, **fields):
    """A signed agreement numbered by every party in its own register (§8.3)."""
    fields.setdefault("start_date", START)
    fields.setdefault("end_date", END)
    document = paper(record, kind, signed=True, parent=parent, **fields)
    for party in record.parties.all():
        DocumentPartyFactory(
            document=document,
            party=party,
            number=f"{party.order}/{kind.upper()}/2026",
            under_power_of_attorney=poa and party.order == 1,
        )
    return document


def step(actor, record: Cooperation, action: str, **facts):
    record.refresh_from_db()
    return cooperation_transition(
        actor=actor,
        cooperation=record,
        action=action,
        expected_stage=record.stage,
        facts={"on": TODAY, **facts},
        today=TODAY,
    )


def refused(actor, record: Cooperation, action: str, **facts) -> str:
    """Take a step that must be refused; the stage must not move. Returns the messages."""
    record.refresh_from_db()
    before = record.stage
    with pytest.raises(TransitionRefused) as error:
        step(actor, record, action, **facts)
    record.refresh_from_db()
    assert record.stage == before
    return " ".join(error.value.messages)


def stage_of(record: Cooperation) -> str:
    record.refresh_from_db()
    return record.stage


DPRD_DATES = {"requested_on": dt.date(2026, 10, 20), "received_on": dt.date(2026, 10, 21)}


# --- KSDD: §5.1–§5.3, PP 28/2018 Pasal 6 ---------------------------------------------------


@pytest.mark.rule("5.1-domestic-stages-in-order")
def test_ksdd_goes_through_the_stages_of_pasal_6_in_order(people):
    """PP 28/2018 Pasal 6(1) a–g (§5.1), with the application stages of §5.2; the DPRD stage
    (letter e) is taken because the plan is not budgeted (§7)."""
    sec, sekda = people.secretariat, people.sekda
    record = case("ksdd", burdens_community=False, budgeted_in_apbd=False)
    walked = [stage_of(record)]
    paper(record, "kak")
    step(sec, record, "prepare")
    walked.append(stage_of(record))
    paper(record, "tkksd_minutes")
    paper(record, "offer_letter")
    step(sekda, record, "offer")
    walked.append(stage_of(record))
    paper(record, "reply_letter")
    step(sec, record, "accept_offer")
    walked.append(stage_of(record))
    kb = agreement(record, "kb")
    step(sec, record, "sign_kb")
    walked.append(stage_of(record))
    paper(record, "dprd_request")
    step(sec, record, "request_dprd", **DPRD_DATES)
    walked.append(stage_of(record))
    paper(record, "dprd_approval")
    step(sec, record, "dprd_approves")
    walked.append(stage_of(record))
    agreement(record, "pks", parent=kb)
    step(sec, record, "sign_pks")
    walked.append(stage_of(record))
    step(sec, record, "start")
    walked.append(stage_of(record))

    assert walked == [
        "proposal",  # usulan (application stage, §5.2)
        "preparation",  # a. persiapan
        "offer",  # b. penawaran
        "kb_drafting",  # c. penyusunan kesepakatan bersama
        "kb_signed",  # d. penandatanganan kesepakatan bersama
        "awaiting_dprd",  # e. persetujuan DPRD
        "pks_drafting",  # f. penyusunan perjanjian kerja sama
        "pks_signed",  # g. penandatanganan perjanjian kerja sama
        "in_force",  # h. pelaksanaan (❓ name)
    ]


@pytest.mark.rule("5.1-domestic-stages-in-order")
def test_ksdd_stages_cannot_be_skipped(people):
    """§5.3: no KB before the partner accepted the offer; no PKS before the KB."""
    sec = people.secretariat
    record = case("ksdd", stage="offer")
    agreement(record, "kb")
    assert "not a step" in refused(sec, record, "sign_kb")
    record = case("ksdd", stage="kb_drafting")
    kb = agreement(record, "kb")
    agreement(record, "pks", parent=kb)
    assert "not a step" in refused(sec, record, "sign_pks")


@pytest.mark.rule("5.3-wajib-mapping-before-offer")
def test_mandatory_ksdd_needs_the_mapping_of_affairs_before_the_offer(people):
    """§5.3 PERSIAPAN → PENAWARAN: for kerja sama wajib the identification and mapping of
    affairs is done first (PP 28/2018 Pasal 5; Permendagri 22/2020 Pasal 5(1)); a voluntary
    one does not need it."""
    sekda = people.sekda
    mandatory = case("ksdd", stage="preparation", ksdd_category="wajib", mandatory_form_uu23="e")
    voluntary = case("ksdd", stage="preparation", ksdd_category="sukarela")
    for record in (mandatory, voluntary):
        paper(record, "tkksd_minutes")
        paper(record, "offer_letter")

    assert "mapping" in refused(sekda, mandatory, "offer")
    step(sekda, voluntary, "offer")
    paper(mandatory, "mapping_result")
    step(sekda, mandatory, "offer")
    assert (stage_of(mandatory), stage_of(voluntary)) == ("offer", "offer")


@pytest.mark.parametrize(
    ("burdens", "budgeted", "dprd_needed"),
    [
        (True, True, True),  # burdens the community and the region
        (False, False, True),  # funding not yet budgeted in the current APBD
        (False, True, False),  # neither: no DPRD
    ],
)
@pytest.mark.rule("7-dprd-when-burdensome-or-unbudgeted")
def test_ksdd_goes_to_the_dprd_exactly_when_pasal_6_2_says(people, burdens, budgeted, dprd_needed):
    """§7, PP 28/2018 Pasal 6(2): the DPRD approves when the plan burdens the community and the
    region and/or its funding is not budgeted; otherwise the PKS is drafted at once. Skipping a
    needed DPRD is a ❓ decision of the TKKSD: only with a recorded reason."""
    sekda = people.sekda
    record = case("ksdd", stage="kb_signed", burdens_community=burdens, budgeted_in_apbd=budgeted)
    paper(record, "dprd_request")

    if dprd_needed:
        assert "DPRD's approval is needed" in refused(sekda, record, "skip_dprd")
        step(people.secretariat, record, "request_dprd", **DPRD_DATES)
        assert stage_of(record) == "awaiting_dprd"
    else:
        assert "not needed" in refused(people.secretariat, record, "request_dprd", **DPRD_DATES)
        step(sekda, record, "skip_dprd")
        assert stage_of(record) == "pks_drafting"


@pytest.mark.rule("9.9-power-of-attorney")
def test_pks_signed_under_a_power_of_attorney_needs_the_surat_kuasa(people):
    """§9 item 9, PP 28/2018 Pasal 2(2), 13(2): an official signing the PKS for the regional
    head needs the surat kuasa on file — the document is refused without it, and accepted once
    it is there."""
    sec = people.secretariat
    record = case("ksdd", stage="pks_drafting")
    kb = agreement(record, "kb")
    own = record.parties.get(order=1)
    data = {
        "kind": "pks",
        "parent": kb,
        "title": "PKS Air Bersih",
        "status": "signed",
        "signed_on": SIGNED,
        "start_date": START,
        "end_date": END,
    }
    entries = {
        own.pk: services.DocumentEntryInput(number="180/PKS/2026", under_power_of_attorney=True)
    }

    with pytest.raises(services.RuleViolation, match="power of attorney"):
        services.document_create(actor=sec, cooperation=record, data=data, entries=entries)
    assert not record.documents.filter(kind="pks").exists()
    # A surat kuasa counts when signed and dated on or before the PKS (issue 7, gap 6).
    paper(record, "power_of_attorney", signed=True)
    services.document_create(actor=sec, cooperation=record, data=data, entries=entries)
    step(sec, record, "sign_pks")
    assert stage_of(record) == "pks_signed"


def test_ksdd_starts_only_when_the_term_of_the_pks_has_begun(people):
    """§5.3 PKS_DITANDATANGANI → PELAKSANAAN: the start date is reached."""
    sec = people.secretariat
    record = case("ksdd", stage="pks_signed")
    kb = agreement(record, "kb")
    pks = agreement(record, "pks", parent=kb, start_date=TODAY + dt.timedelta(days=1))

    assert "not started" in refused(sec, record, "start")
    pks.start_date = TODAY
    pks.save()
    step(sec, record, "start")
    assert stage_of(record) == "in_force"


@pytest.mark.rule("6.4-termination-reasons", "5.4-head-change-not-a-reason")
def test_ksdd_ends_only_for_a_reason_of_pasal_9(people):
    """§6.4, PP 28/2018 Pasal 9(1): term expired, purpose achieved, agreement of the parties,
    change of policy, object lost. Never a change of regional head (§5.4, Pasal 9(2)); the
    court decision and bankruptcy reasons are KSDPK's (Pasal 22(2))."""
    sekda = people.sekda
    record = case("ksdd", stage="in_force")
    for reason in ("new_regional_head", "court_decision", "third_party_bankrupt"):
        assert "reasons of PP 28/2018 Pasal 9" in refused(
            sekda, record, "terminate", termination_reason=reason, reason="x"
        )
    step(sekda, record, "terminate", termination_reason="object_lost", reason="Banjir")
    record.refresh_from_db()
    assert (record.stage, record.termination_reason) == ("ended", "object_lost")


# --- KSDPK: §3.2, PP 28/2018 Pasal 14–22 ----------------------------------------------------


@pytest.mark.rule("3.2-ksdpk-follows-the-ksdd-stages")
def test_ksdpk_goes_through_the_stages_of_pasal_6_applied_by_pasal_19(people):
    """PP 28/2018 Pasal 19(1): the KSDD stages apply mutatis mutandis; no DPRD here (not
    burdensome, budgeted)."""
    sec, sekda = people.secretariat, people.sekda
    record = case(
        "ksdpk",
        ksdpk_kind="public_service",
        burdens_community=False,
        budgeted_in_apbd=True,
        apbd_reference="APBD 2026",
    )
    walked = [stage_of(record)]
    for kind in ("kak", "mapping_result", "feasibility_study"):
        paper(record, kind)
    step(sec, record, "prepare")
    walked.append(stage_of(record))
    paper(record, "tkksd_minutes")
    paper(record, "offer_letter")
    step(sekda, record, "offer")
    walked.append(stage_of(record))
    paper(record, "reply_letter")
    step(sec, record, "accept_offer")
    walked.append(stage_of(record))
    kb = agreement(record, "kb")
    step(sec, record, "sign_kb")
    walked.append(stage_of(record))
    step(sekda, record, "skip_dprd")
    walked.append(stage_of(record))
    agreement(record, "pks", parent=kb, mandatory_clauses_confirmed=True)
    clauses = ["rights_obligations", "duration", "dispute_settlement", "sanctions"]
    step(sec, record, "sign_pks", clauses=clauses)
    walked.append(stage_of(record))
    step(sec, record, "start")
    walked.append(stage_of(record))

    assert walked == [
        "proposal",
        "preparation",
        "offer",
        "kb_drafting",
        "kb_signed",
        "pks_drafting",
        "pks_signed",
        "in_force",
    ]


@pytest.mark.rule("3.2-region-initiative-mapping-and-feasibility")
def test_ksdpk_the_region_initiates_only_after_mapping_and_feasibility_study(people):
    """§3.2, PP 28/2018 Pasal 17 and UU 23/2014 Pasal 366(3): before the daerah initiates, the
    mapping of affairs and a feasibility study."""
    sec = people.secretariat
    record = case("ksdpk", ksdpk_kind="public_service", initiative="region")
    paper(record, "kak")

    messages = refused(sec, record, "prepare")
    assert "mapping" in messages
    assert "feasibility study" in messages
    paper(record, "mapping_result")
    assert "feasibility study" in refused(sec, record, "prepare")
    paper(record, "feasibility_study")
    step(sec, record, "prepare")
    assert stage_of(record) == "preparation"


@pytest.mark.rule("9.4-partner-proposal-three-criteria")
def test_ksdpk_a_third_partys_own_proposal_must_meet_the_three_criteria(people):
    """§3.2, PP 28/2018 Pasal 18(1): technically integrated with the sector master plan,
    economically and financially feasible, the proposer able to fund it; the proposer writes
    the feasibility study (Pasal 18(2))."""
    sekda = people.sekda
    record = case("ksdpk", stage="preparation", ksdpk_kind="investment", initiative="partner")
    paper(record, "tkksd_minutes")
    paper(record, "offer_letter")
    paper(record, "feasibility_study")
    Cooperation.objects.filter(pk=record.pk).update(
        proposal_fits_master_plan=True, proposal_feasible=True
    )

    assert "three criteria" in refused(sekda, record, "offer")
    Cooperation.objects.filter(pk=record.pk).update(proposer_able_to_fund=True)
    step(sekda, record, "offer")
    assert stage_of(record) == "offer"


@pytest.mark.rule("5.3-pks-four-clauses", "9.12-ksdpk-contract-states-its-term")
def test_ksdpk_contract_needs_the_four_clauses_and_its_term(people):
    """§3.2, PP 28/2018 Pasal 19(2) (UU 23/2014 Pasal 366(2)): the contract contains the rights
    and obligations of the parties, the duration, dispute settlement and sanctions; §9 item 12:
    a signed KSDPK contract states its term (Pasal 19(2)(b))."""
    sec = people.secretariat
    record = case("ksdpk", stage="pks_drafting", ksdpk_kind="public_service")
    kb = agreement(record, "kb")
    data = {
        "kind": "pks",
        "parent": kb,
        "title": "Kontrak SPAM",
        "status": "signed",
        "signed_on": SIGNED,
        "start_date": START,
        "end_date": END,
    }

    with pytest.raises(services.RuleViolation, match="four mandatory clauses"):
        services.document_create(actor=sec, cooperation=record, data=data)
    with pytest.raises(services.RuleViolation, match="must state its term"):
        services.document_create(
            actor=sec,
            cooperation=record,
            data={
                **data,
                "mandatory_clauses_confirmed": True,
                "start_date": None,
                "end_date": None,
            },
        )
    assert not record.documents.filter(kind="pks").exists()
    services.document_create(
        actor=sec, cooperation=record, data={**data, "mandatory_clauses_confirmed": True}
    )
    assert record.documents.filter(kind="pks", status="signed").count() == 1


@pytest.mark.rule("9.3-feasibility-study-before-kb")
def test_ksdpk_feasibility_study_is_on_file_before_the_kb_is_drafted(people):
    """§9 item 3, UU 23/2014 Pasal 366(3): a feasibility study exists before PENYUSUNAN_KB —
    also for a case registered when the offer was already out."""
    sec = people.secretariat
    record = case("ksdpk", stage="offer", ksdpk_kind="asset_management")
    paper(record, "reply_letter")

    assert "feasibility study" in refused(sec, record, "accept_offer")
    paper(record, "feasibility_study")
    step(sec, record, "accept_offer")
    assert stage_of(record) == "kb_drafting"


@pytest.mark.rule("6.4-termination-reasons")
def test_ksdpk_may_end_by_court_decision_or_bankruptcy(people):
    """§6.4, PP 28/2018 Pasal 22(2): besides the reasons of Pasal 9, a final court decision or
    the third party's bankruptcy ends a KSDPK."""
    sekda = people.sekda
    record = case("ksdpk", stage="in_force", ksdpk_kind="public_service")
    step(sekda, record, "terminate", termination_reason="third_party_bankrupt", reason="Pailit")
    record.refresh_from_db()
    assert (record.stage, record.termination_reason) == ("ended", "third_party_bankrupt")


# --- KSDPL and KSDLL: §6.1, PP 28/2018 Pasal 28–33, 38–40 ------------------------------------


def _foreign_walk(people, kind: str, **fields) -> list[str]:
    sec, sekda = people.secretariat, people.sekda
    record = case(
        kind,
        background="Latar",
        purpose="Maksud",
        targets="Sasaran",
        object_description="Objek",
        scope="Ruang lingkup",
        **fields,
    )
    FinancingLineFactory(cooperation=record)
    walked = [stage_of(record)]

    def go(actor, action, **facts):
        step(actor, record, action, **facts)
        walked.append(stage_of(record))

    go(sekda, "explore")
    go(sec, "consult_loi")
    agreement(record, "loi", start_date=None, end_date=None)
    go(sec, "sign_loi")
    go(sec, "draft_plan")
    paper(record, "cooperation_plan", start_date=START, end_date=END)
    paper(record, "dprd_request")
    go(sec, "request_dprd", **DPRD_DATES)
    paper(record, "dprd_approval")
    go(sec, "dprd_approves")
    paper(record, "minister_consideration")
    go(sec, "minister_approves_plan")
    go(sec, "submit_text")
    paper(record, "minister_text_approval")
    go(sec, "minister_approves_text")
    paper(record, "confirmation_letter")
    go(sec, "receive_confirmation")
    agreement(record, "foreign_text")
    go(sec, "sign_text")
    go(sec, "start")
    return walked


FOREIGN_ORDER = [
    "initiative",  # 1 prakarsa, Pasal 28(1)–(2)
    "exploration",  # 2 penjajakan, Pasal 28(3)
    "loi_consultation",  # 3 konsultasi, Pasal 28(4)
    "loi_signed",  # 4 pernyataan kehendak, Pasal 28(5)
    "plan_drafting",  # 5 rencana kerja sama, Pasal 30(3)
    "awaiting_dprd",  # 6 DPRD, Pasal 30
    "awaiting_minister",  # 7 pertimbangan Menteri, Pasal 31
    "text_drafting",  # 9 penyusunan naskah, Pasal 31(3)(b)
    "awaiting_text_approval",  # 10 persetujuan Menteri, Pasal 32
    "foreign_negotiation",  # 11 pembahasan (Menlu), Pasal 33(1)–(2)
    "confirmation_received",  # 12 surat konfirmasi, Pasal 33(3)
    "text_signed",  # 13 penandatanganan, Pasal 33(4)
    "in_force",  # 14 pelaksanaan, Pasal 43
]


@pytest.mark.rule("6.1-foreign-stages-in-order")
def test_ksdpl_goes_through_the_stages_of_pasal_28_to_33(people):
    assert _foreign_walk(people, "ksdpl", ksdpl_form="sister_city") == FOREIGN_ORDER


@pytest.mark.rule("6.1-ksdll-same-steps")
def test_ksdll_goes_through_the_same_stages_by_pasal_38_to_40(people):
    assert _foreign_walk(people, "ksdll", ksdll_basis="continuation") == FOREIGN_ORDER


@pytest.mark.parametrize("kind", ["ksdpl", "ksdll"])
@pytest.mark.rule("7-foreign-always-dprd")
def test_foreign_cooperation_always_needs_the_dprd_whatever_the_budget(people, kind):
    """§7, PP 28/2018 Pasal 30(1), 38: foreign cooperation always goes to the DPRD — even when it
    burdens nobody and is budgeted; there is no way from the plan to the Minister around it."""
    record = case(kind, stage="plan_drafting", burdens_community=False, budgeted_in_apbd=True)

    assert record.dprd_approval_required is True
    for action in ("skip_dprd", "minister_approves_plan", "sign_text"):
        assert "not a step" in refused(people.secretariat, record, action)


@pytest.mark.rule("9.8-plan-seven-elements")
def test_foreign_plan_must_hold_the_seven_elements_of_pasal_30_3(people):
    """§6.1 row 5, §9 item 8: subjects, background, purpose/objectives/targets, object, scope,
    funding source and implementation period — before it goes to the DPRD."""
    sec = people.secretariat
    record = case(
        "ksdpl",
        stage="plan_drafting",
        ksdpl_form="sister_city",
        background="Latar",
        purpose="Maksud",
        targets="Sasaran",
        object_description="Objek",
        scope="",
    )
    paper(record, "cooperation_plan", start_date=START, end_date=END)
    paper(record, "dprd_request")
    FinancingLineFactory(cooperation=record)

    assert "Pasal 30(3)" in refused(sec, record, "request_dprd", **DPRD_DATES)
    Cooperation.objects.filter(pk=record.pk).update(scope="Pertukaran budaya")
    step(sec, record, "request_dprd", **DPRD_DATES)
    assert stage_of(record) == "awaiting_dprd"


@pytest.mark.rule("6.1-minister-consideration-before-text")
def test_foreign_text_is_drafted_only_on_the_ministers_consideration(people):
    """§6.1 rows 7–9, PP 28/2018 Pasal 31: the DPRD-approved plan is verified by the Minister,
    whose written consideration says to revise the plan or to draft the text."""
    sec = people.secretariat
    record = case("ksdll", stage="awaiting_minister", ksdll_basis="continuation")

    assert "consideration" in refused(sec, record, "minister_approves_plan")
    paper(record, "minister_consideration")
    step(sec, record, "minister_approves_plan")
    assert stage_of(record) == "text_drafting"


@pytest.mark.rule("9.8-no-signing-without-confirmation")
def test_foreign_text_is_signed_only_with_the_confirmation_letter(people):
    """§6.1 row 12, §9 item 8, PP 28/2018 Pasal 33(4): the Foreign Minister's surat konfirmasi
    is the basis for signing."""
    sec = people.secretariat
    record = case("ksdpl", stage="foreign_negotiation", ksdpl_form="sister_city")
    agreement(record, "foreign_text")

    assert "surat konfirmasi" in refused(sec, record, "receive_confirmation")
    paper(record, "confirmation_letter")
    step(sec, record, "receive_confirmation")
    step(sec, record, "sign_text")
    assert stage_of(record) == "text_signed"
    # A case registered as already under way, at "confirmation received", without the letter.
    under_way = case("ksdpl", stage="confirmation_received", ksdpl_form="sister_city")
    agreement(under_way, "foreign_text")
    assert "surat konfirmasi" in refused(sec, under_way, "sign_text")


@pytest.mark.rule("6.1-loi-signed-before-plan")
def test_letter_of_intent_must_be_signed_not_only_drafted(people):
    """§6.1 row 4, PP 28/2018 Pasal 28(5): the pernyataan kehendak is signed before the plan."""
    sec = people.secretariat
    record = case("ksdpl", stage="loi_consultation", ksdpl_form="sister_city")
    draft = paper(record, "loi")

    assert "letter of intent" in refused(sec, record, "sign_loi")
    draft.status, draft.signed_on = "signed", SIGNED
    draft.save()
    step(sec, record, "sign_loi")
    assert stage_of(record) == "loi_signed"


# --- Sinergi: §3.5, §6.2, PP 28/2018 Pasal 46 --------------------------------------------------


def test_sinergi_goes_through_the_stages_of_section_6_2(people):
    """§6.2: proposal (initiation letter + KAK to the Sekda), TKKSD review, drafting NK and RK,
    NK signed, implementation. No PKS and no DPRD stage (§3.4, §7 ❓)."""
    sec, sekda = people.secretariat, people.sekda
    record = case("sinergi")
    walked = [stage_of(record)]
    paper(record, "kak")
    paper(record, "offer_letter")
    step(sec, record, "submit_for_review")
    walked.append(stage_of(record))
    paper(record, "tkksd_minutes")
    step(sekda, record, "approve_review")
    walked.append(stage_of(record))
    nk = agreement(record, "nk")
    paper(record, "rk", parent=nk)
    step(sec, record, "sign_nk")
    walked.append(stage_of(record))
    step(sec, record, "start")
    walked.append(stage_of(record))

    assert walked == ["proposal", "tkksd_review", "nk_drafting", "nk_signed", "in_force"]
    for action in ("sign_kb", "request_dprd", "sign_pks"):
        assert "not a step" in refused(sec, case("sinergi", stage="nk_drafting"), action)


def test_sinergi_goes_to_the_tkksd_only_with_the_kak_and_the_initiation_letter(people):
    """§6.2 (Kota Yogyakarta practice 🟡): the OPD sends an initiation letter and the KAK to the
    Sekda as chair of the TKKSD."""
    sec = people.secretariat
    record = case("sinergi")

    messages = refused(sec, record, "submit_for_review")
    assert "terms of reference" in messages
    assert "offer letter" in messages
    paper(record, "kak")
    paper(record, "offer_letter")
    step(sec, record, "submit_for_review")
    assert stage_of(record) == "tkksd_review"


def test_sinergi_nk_is_signed_only_with_its_rencana_kerja(people):
    """§3.4, PP 28/2018 Pasal 46(4): the binding Nota Kesepakatan, with the Rencana Kerja
    attached (🟡)."""
    sec = people.secretariat
    record = case("sinergi", stage="nk_drafting")
    nk = agreement(record, "nk")

    assert "Rencana Kerja" in refused(sec, record, "sign_nk")
    paper(record, "rk", parent=nk)
    step(sec, record, "sign_nk")
    assert stage_of(record) == "nk_signed"


@pytest.mark.rule("3.5-sinergi-region-and-central-government")
def test_sinergi_is_between_a_region_and_a_central_government_body(people):
    """§3.5, PP 28/2018 Pasal 46 (and §3.2: ministries are no longer third parties)."""
    from kerjasama.partners.models import Partner

    sec = people.secretariat
    company = ThirdPartyFactory(name="PT Wisata Singkawang")
    ministry = ThirdPartyFactory(**OTHER_PARTY["sinergi"])
    singkawang = region("61.72")
    data = {"kind": "sinergi", "title": "Sinergi destinasi wisata", "in_plan": True}

    with pytest.raises(services.RuleViolation, match="central-government body"):
        services.cooperation_create(
            actor=sec,
            data=data,
            parties=[services.PartyInput(singkawang), services.PartyInput(company)],
            affairs=[],
        )
    created = services.cooperation_create(
        actor=sec,
        data=data,
        parties=[services.PartyInput(singkawang), services.PartyInput(ministry)],
        affairs=[],
    )
    assert created.stage == "proposal"
    assert Partner.objects.filter(parties__cooperation=created).count() == 2


# --- Parties per type: §9 items 1, 3, 8; PP 28/2018 Pasal 1, 14, 24, 36, 46 -------------------


@pytest.mark.parametrize(
    ("kind", "other", "accepted"),
    [
        ("ksdd", "61.07", True),  # Pasal 1 angka 2: with another daerah
        ("ksdd", "third_party", False),  # §9 item 1: every KSDD party is a region
        ("ksdpk", "third_party", True),  # Pasal 14: a region and a third party
        ("ksdpk", "61.07", False),  # §9 item 3: no third party
        ("ksdpl", "foreign_government", True),  # Pasal 1 angka 4, 24
        ("ksdpl", "foreign_institution", False),  # that would be a KSDLL
        ("ksdll", "foreign_institution", True),  # Pasal 1 angka 5, 36
        ("ksdll", "foreign_government", False),  # that would be a KSDPL
        ("sinergi", "central_government", True),  # Pasal 46
        ("sinergi", "61.07", False),  # a region is a KSDD partner, not a sinergi one
    ],
)
@pytest.mark.rule(
    "9.1-ksdd-parties-are-regions",
    "9.3-ksdpk-region-and-third-party",
    "3.3-foreign-parties-by-type",
    "3.5-sinergi-region-and-central-government",
)
def test_the_parties_fit_the_type(people, kind, other, accepted):
    from kerjasama.reference.models import GovernmentAffair

    partners = {
        "third_party": {"kind": PartnerKind.THIRD_PARTY, "name": "PT Mitra Singkawang"},
        "foreign_government": OTHER_PARTY["ksdpl"],
        "foreign_institution": OTHER_PARTY["ksdll"],
        "central_government": OTHER_PARTY["sinergi"],
    }
    partner = region(other) if other[0].isdigit() else ThirdPartyFactory(**partners[other])
    data = {
        "kind": kind,
        "title": f"Kerja sama {kind}",
        "in_plan": True,
        "ksdd_category": "sukarela" if kind == "ksdd" else "",
        "ksdpk_kind": "public_service" if kind == "ksdpk" else "",
        "ksdpl_form": "sister_city" if kind == "ksdpl" else "",
        "ksdll_basis": "continuation" if kind == "ksdll" else "",
    }
    arguments = {
        "actor": people.secretariat,
        "data": data,
        "parties": [services.PartyInput(region("61.72")), services.PartyInput(partner)],
        "affairs": list(GovernmentAffair.objects.filter(code="1.03")),
    }

    if accepted:
        created = services.cooperation_create(**arguments)
        assert (created.kind, created.stage) == (kind, FIRST_STAGE[kind])
    else:
        with pytest.raises(services.RuleViolation) as error:
            services.cooperation_create(**arguments)
        assert "parties" in error.value.message_dict
        assert not Cooperation.objects.filter(kind=kind).exists()
