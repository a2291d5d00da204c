"""✅ rules of the domain reference that the code enforced without a test proving them (found
when the rule registry was built, issue 7). Each test states the law's outcome by hand, with the
§ of KERJASAMA_DAERAH.md and the article, and is marked with the rule it proves
(`docs/RULES.md`)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kerjasama.accounts.models import Role
from kerjasama.agreements import lifecycle, services
from kerjasama.agreements.models import Cooperation, Party
from kerjasama.core.exceptions import DomainError
from kerjasama.deadlines.models import Deadline
from kerjasama.partners import services as partner_services
from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.models import Partner
from kerjasama.reference.models import GovernmentAffair
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    FinancingLineFactory,
    ThirdPartyFactory,
    UserFactory,
    region_partner,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 2)
START, END = dt.date(2026, 10, 1), dt.date(2028, 9, 30)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


FOREIGN_GOVERNMENT = {
    "kind": PartnerKind.FOREIGN_GOVERNMENT,
    "name": "Dewan Bandaraya Kuching Utara",
    "third_party_type": "",
    "country": "MY",
}
FOREIGN_INSTITUTION = {
    "kind": PartnerKind.FOREIGN_INSTITUTION,
    "name": "Japan International Cooperation Agency",
    "third_party_type": "",
    "country": "JP",
    "foreign_institution_type": "development_partner",
}


def register(world, data: dict, *others: Partner) -> Cooperation:
    """Register a case of Singkawang with the other partners given (regions by default)."""
    partners = [region_partner("61.72"), *(others or (region_partner("61.07"),))]
    return services.cooperation_create(
        actor=world.sec_singkawang,
        data={"title": "Kerja sama", "in_plan": True, **data},
        parties=[services.PartyInput(p) for p in partners],
        affairs=list(GovernmentAffair.objects.filter(code="1.03")),
    )


def refused_fields(world, data: dict, *others: Partner) -> dict[str, list[str]]:
    before = Cooperation.objects.count()
    with pytest.raises(services.RuleViolation) as error:
        register(world, data, *others)
    assert Cooperation.objects.count() == before
    return error.value.message_dict


def case(kind: str, stage: str, other: dict | None = None, **fields) -> Cooperation:
    record = CooperationFactory(
        kind=kind,
        stage=stage,
        party_codes=("61.72",) if other else ("61.72", "61.07"),
        ksdd_category="sukarela" if kind == "ksdd" else "",
        **fields,
    )
    if other:
        Party.objects.create(cooperation=record, partner=ThirdPartyFactory(**other), order=2)
    return record


def paper(record: Cooperation, kind: str, *, signed: bool = False, **fields):
    fields.setdefault("start_date", None)
    fields.setdefault("end_date", None)
    return DocumentFactory(
        cooperation=record,
        kind=kind,
        status="signed" if signed else "final",
        signed_on=dt.date(2026, 10, 1) if signed else None,
        **fields,
    )


def step(actor, record: Cooperation, action: str, **facts):
    record.refresh_from_db()
    return lifecycle.cooperation_transition(
        actor=actor,
        cooperation=record,
        action=action,
        expected_stage=record.stage,
        facts={"on": TODAY, **facts},
        today=TODAY,
    )


def refused(actor, record: Cooperation, action: str, **facts) -> str:
    record.refresh_from_db()
    before = record.stage
    with pytest.raises(lifecycle.TransitionRefused) as error:
        step(actor, record, action, **facts)
    record.refresh_from_db()
    assert record.stage == before
    return " ".join(error.value.messages)


def stage_of(record: Cooperation) -> str:
    record.refresh_from_db()
    return record.stage


# --- Parties, types and forms (§3, §8.2, §9) ---------------------------------------------


@pytest.mark.rule("9.1-two-different-parties")
def test_law_a_cooperation_names_each_party_once(world):
    """§9 item 1, PP 28/2018 Pasal 1 angka 2: a KSDD is between a region and *another* region;
    Singkawang twice is one party, not two."""
    errors = refused_fields(
        world, {"kind": "ksdd", "ksdd_category": "sukarela"}, region_partner("61.72")
    )

    assert any("listed twice" in m for m in errors["parties"])


@pytest.mark.rule("3.1-pmdn22-form-fits-region-codes")
def test_law_the_pmdn22_form_must_fit_the_region_codes(world):
    """§3.1, Permendagri 22/2020 Pasal 3(2): Kota Singkawang (61.72) and Kabupaten Bengkayang
    (61.07) are two kab/kota of one province — form (a), never (c) "province with an adjacent
    province"."""
    wajib = {
        "kind": "ksdd",
        "ksdd_category": "wajib",
        "adjacency_confirmed": True,
        "mandatory_form_uu23": "e",
    }

    errors = refused_fields(world, {**wajib, "mandatory_form_pmdn22": "c"})
    created = register(world, {**wajib, "mandatory_form_pmdn22": "a"})

    assert any("Permendagri 22/2020" in m for m in errors["mandatory_form_pmdn22"])
    assert created.mandatory_form_pmdn22 == "a"


@pytest.mark.rule("3.2-third-party-type-of-pasal-14")
def test_law_a_third_party_needs_its_pasal_14_type(world):
    """§3.2, §8.2, PP 28/2018 Pasal 14: a third party is an individual, a legal-entity business
    or an organisation — recorded as one of them."""
    data = {"kind": PartnerKind.THIRD_PARTY, "name": "Koperasi Nelayan Singkawang"}

    with pytest.raises(DomainError) as error:
        partner_services.partner_create(actor=world.sec_singkawang, data=data)
    created = partner_services.partner_create(
        actor=world.sec_singkawang, data={**data, "third_party_type": "cooperative"}
    )

    assert "Pasal 14" in error.value.message_dict["third_party_type"][0]
    assert Partner.objects.filter(name="Koperasi Nelayan Singkawang").get() == created


@pytest.mark.rule("9.8-no-political-party")
def test_law_a_political_party_is_never_a_foreign_partner(world):
    """§3.3, §9 item 8, PP 28/2018 Pasal 36(2): a foreign institution may be a foreign non-profit
    legal entity, but never a political party."""
    data = {**FOREIGN_INSTITUTION, "name": "Foreign Party", "country": "DE"}

    with pytest.raises(DomainError) as error:
        partner_services.partner_create(
            actor=world.sec_singkawang, data={**data, "foreign_institution_type": "political_party"}
        )
    partner_services.partner_create(
        actor=world.sec_singkawang,
        data={**data, "name": "Foreign Foundation", "foreign_institution_type": "nonprofit"},
    )

    assert "foreign_institution_type" in error.value.message_dict
    assert list(Partner.objects.filter(country="DE").values_list("name", flat=True)) == [
        "Foreign Foundation"
    ]


@pytest.mark.rule("3.2-ksdpk-kind-of-pasal-15")
def test_law_a_ksdpk_has_a_kind_of_pasal_15(world):
    """§3.2, PP 28/2018 Pasal 15(1): public service, asset management, investment or other;
    the forms of Pasal 15(4) (procurement, with a legal-entity business) belong to "other"."""
    company = ThirdPartyFactory(name="PT Air Singkawang")
    ksdpk = {"kind": "ksdpk", "initiative": "region"}

    no_kind = refused_fields(world, ksdpk, company)
    wrong_form = refused_fields(
        world,
        {**ksdpk, "ksdpk_kind": "public_service", "ksdpk_other_form": "procurement"},
        company,
    )
    created = register(
        world, {**ksdpk, "ksdpk_kind": "other", "ksdpk_other_form": "procurement"}, company
    )

    assert any("Pasal 15" in m for m in no_kind["ksdpk_kind"])
    assert "ksdpk_other_form" in wrong_form
    assert (created.ksdpk_kind, created.ksdpk_other_form) == ("other", "procurement")


@pytest.mark.rule("3.3-ksdpl-form-and-ksdll-basis")
def test_law_foreign_cooperation_names_its_form_or_basis(world):
    """§3.3, PP 28/2018 Pasal 24 (KSDPL: sister province, sister city/regency, other) and
    Pasal 25 (KSDLL: continuation of a central cooperation, or central approval)."""
    city = ThirdPartyFactory(**FOREIGN_GOVERNMENT)
    agency = ThirdPartyFactory(**FOREIGN_INSTITUTION)

    ksdpl = refused_fields(world, {"kind": "ksdpl"}, city)
    ksdll = refused_fields(world, {"kind": "ksdll"}, agency)
    sister = register(world, {"kind": "ksdpl", "ksdpl_form": "sister_city"}, city)
    continued = register(world, {"kind": "ksdll", "ksdll_basis": "continuation"}, agency)

    assert any("Pasal 24" in m for m in ksdpl["ksdpl_form"])
    assert any("Pasal 25" in m for m in ksdll["ksdll_basis"])
    assert (sister.stage, continued.stage) == ("initiative", "initiative")


@pytest.mark.rule("5.4-pre-pp28-agreements-stay-valid")
def test_law_a_case_made_before_pp28_keeps_its_legal_regime(world):
    """§5.4, PP 28/2018 Pasal 48: an agreement signed under PP 50/2007 stays valid until it ends;
    the case says under which regime it was made."""
    old = register(
        world, {"kind": "ksdd", "ksdd_category": "sukarela", "legal_regime": "pp50_2007"}
    )
    new = register(world, {"kind": "ksdd", "ksdd_category": "sukarela"})

    old.refresh_from_db()
    assert (old.legal_regime, new.legal_regime) == ("pp50_2007", "pp28_2018")


# --- The pathways (§3.2, §3.5, §6.1) -------------------------------------------------------


@pytest.mark.rule("3.2-partner-proposal-feasibility-study")
def test_law_a_third_partys_proposal_goes_out_only_with_its_feasibility_study(world):
    """§3.2, §5.3 PERSIAPAN → PENAWARAN, PP 28/2018 Pasal 18(2): when the third party proposes,
    it writes the feasibility study, which is on file before the offer."""
    record = case(
        "ksdpk",
        "preparation",
        {"kind": PartnerKind.THIRD_PARTY, "name": "PT Investasi Pantai"},
        ksdpk_kind="investment",
        initiative="partner",
        proposal_fits_master_plan=True,
        proposal_feasible=True,
        proposer_able_to_fund=True,
    )
    paper(record, "tkksd_minutes")
    paper(record, "offer_letter")

    assert "feasibility study" in refused(world.sekda, record, "offer")
    paper(record, "feasibility_study")
    step(world.sekda, record, "offer")
    assert stage_of(record) == "offer"


@pytest.mark.rule("6.1-dprd-asked-with-plan-and-letter")
def test_law_the_dprd_is_asked_with_the_plan_and_the_heads_letter(world):
    """§6.1 row 6, PP 28/2018 Pasal 30(2): the regional head's letter to the DPRD, with the
    cooperation plan attached."""
    record = case(
        "ksdpl",
        "plan_drafting",
        FOREIGN_GOVERNMENT,
        ksdpl_form="sister_city",
        background="Latar",
        purpose="Maksud",
        targets="Sasaran",
        object_description="Objek",
        scope="Pertukaran budaya",
    )
    FinancingLineFactory(cooperation=record)
    dates = {"requested_on": dt.date(2026, 10, 20), "received_on": dt.date(2026, 10, 21)}

    messages = refused(world.sec_singkawang, record, "request_dprd", **dates)
    assert "cooperation plan" in messages
    assert "letter requesting" in messages
    paper(record, "cooperation_plan", start_date=START, end_date=END)
    assert "letter requesting" in refused(world.sec_singkawang, record, "request_dprd", **dates)
    paper(record, "dprd_request")
    step(world.sec_singkawang, record, "request_dprd", **dates)
    assert stage_of(record) == "awaiting_dprd"


@pytest.mark.rule("6.1-minister-consideration-before-text")
def test_law_the_ministers_consideration_may_send_the_plan_back(world):
    """§6.1 rows 7–8, PP 28/2018 Pasal 31(3)(a): on the Minister's written consideration the plan
    goes back to drafting for revision — not without it."""
    sec = world.sec_singkawang
    record = case("ksdpl", "awaiting_minister", FOREIGN_GOVERNMENT, ksdpl_form="sister_city")

    assert "consideration" in refused(sec, record, "minister_requests_revision")
    paper(record, "minister_consideration")
    step(sec, record, "minister_requests_revision")
    assert stage_of(record) == "plan_revision"
    step(sec, record, "revise_plan")
    assert stage_of(record) == "plan_drafting"


@pytest.mark.rule("6.1-minister-approves-text")
def test_law_the_text_goes_to_the_foreign_party_only_with_the_ministers_approval(world):
    """§3.3, §6.1 row 10, UU 23/2014 Pasal 367(2), PP 28/2018 Pasal 29(1), 32: the central
    government approves the draft text (after the inter-ministerial meeting) before the Foreign
    Minister discusses it with the foreign party."""
    sec = world.sec_singkawang
    record = case(
        "ksdll", "awaiting_text_approval", FOREIGN_INSTITUTION, ksdll_basis="continuation"
    )

    assert "approval of the text" in refused(sec, record, "minister_approves_text")
    paper(record, "minister_text_approval")
    step(sec, record, "minister_approves_text")
    assert stage_of(record) == "foreign_negotiation"


@pytest.mark.rule("3.5-sinergi-binding-nk")
def test_law_sinergi_is_signed_only_with_its_signed_nota_kesepakatan(world):
    """§3.5, PP 28/2018 Pasal 46(4): the result of a sinergi is a binding agreement document —
    a draft Nota Kesepakatan binds nobody."""
    sec = world.sec_singkawang
    record = case(
        "sinergi",
        "nk_drafting",
        {
            "kind": PartnerKind.CENTRAL_GOVERNMENT,
            "name": "Kementerian Pariwisata",
            "third_party_type": "",
        },
    )
    nk = paper(record, "nk", start_date=START, end_date=END)
    paper(record, "rk", parent=nk)

    assert "Nota Kesepakatan" in refused(sec, record, "sign_nk")
    nk.status, nk.signed_on = "signed", dt.date(2026, 10, 1)
    nk.save()
    step(sec, record, "sign_nk")
    assert stage_of(record) == "nk_signed"


# --- Take-over (§6.6) ----------------------------------------------------------------------


def _governor(world):
    return UserFactory(
        username="biro.pemerintahan.kalbar", tenant=world.kalbar, roles=[Role.TAKEOVER_AUTHORITY]
    )


def _failed_party(record) -> dict:
    """The kabupaten of the case that did not carry it out (Bengkayang, 61.07): the governor of
    its own province takes over (§6.6, Pasal 10(2))."""
    return {"failed_party": record.parties.get(partner__region__code="61.07").pk}


TAKE_OVER = {
    "guidance_given": True,
    "obstacles_evaluated": True,
    "minister_approved": True,
    "reason": "Kewajiban tidak dilaksanakan",
}


@pytest.mark.rule("6.6-only-mandatory-is-taken-over")
def test_law_only_a_mandatory_cooperation_is_taken_over(world):
    """§6.6, PP 28/2018 Pasal 10: the take-over is for a kerja sama wajib that is not carried
    out; a voluntary cooperation is simply ended by its parties."""
    governor = _governor(world)
    voluntary = world.local  # Singkawang–Bengkayang, sukarela, in force

    failed = _failed_party(voluntary)
    assert "mandatory" in refused(governor, voluntary, "take_over", **TAKE_OVER, **failed)
    Cooperation.objects.filter(pk=voluntary.pk).update(ksdd_category="wajib")
    step(governor, voluntary, "take_over", **TAKE_OVER, **failed)
    assert stage_of(voluntary) == "taken_over"


@pytest.mark.rule("6.6-guidance-and-evaluation-first")
def test_law_a_take_over_needs_guidance_and_the_evaluation_first(world):
    """§6.6, PP 28/2018 Pasal 11(1)–(2): before taking over, guidance was given to the region
    that failed and the obstacles were evaluated."""
    governor = _governor(world)
    record = world.local
    Cooperation.objects.filter(pk=record.pk).update(ksdd_category="wajib")

    failed = _failed_party(record)
    for missing in ("guidance_given", "obstacles_evaluated"):
        assert "guidance was given" in refused(
            governor, record, "take_over", **{**TAKE_OVER, missing: False}, **failed
        )
    step(governor, record, "take_over", **TAKE_OVER, **failed)
    assert stage_of(record) == "taken_over"


# --- Deadlines (§12) -------------------------------------------------------------------------


@pytest.mark.rule("12-finding-follow-up-in-60-working-days")
def test_law_a_supervision_finding_is_followed_up_within_60_working_days(world):
    """§12, PP 12/2017 Pasal 27: the follow-up of a finding received on Monday 7 September 2026
    is due 60 working days later. No national holiday or cuti bersama falls between 8 September
    and 30 November 2026 (17 August and 25 August are before): 4 days of that week, then 11 full
    weeks (55) to Friday 27 November, and the 60th is Monday 30 November 2026."""
    from kerjasama.reference.holiday_loader import holidays_load

    holidays_load()
    services.finding_add(
        actor=world.sec_singkawang,
        cooperation=world.local,
        data={"received_on": dt.date(2026, 9, 7), "source": "Inspektorat", "summary": "Temuan"},
    )

    deadline = Deadline.objects.get(cooperation=world.local, kind="finding_follow_up")
    assert deadline.due_on == dt.date(2026, 11, 30)
