"""Issue 7, gaps 5, 7 and 8, stated by hand from the domain reference (KERJASAMA_DAERAH.md):
the take-over of an unperformed kerja sama wajib (§6.6), the requirements of foreign
cooperation (§3.3, §9 item 8) and a kerja sama wajib's coordination before the offer (§3.1,
§5.3) with the level/urusan warning (§9 item 17).

Each expected outcome is written out here with its § and article; nothing is read from the
code's own tables.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kerjasama.accounts.models import Role
from kerjasama.agreements import services
from kerjasama.agreements.lifecycle import TransitionRefused, cooperation_transition
from kerjasama.agreements.models import Cooperation, Party, WarningOverride
from kerjasama.core.exceptions import NotPermitted
from kerjasama.notifications.models import Notification
from kerjasama.partners.enums import PartnerKind
from kerjasama.reference.models import GovernmentAffair
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


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _step(actor, record: Cooperation, action: str, **facts):
    record.refresh_from_db()
    return cooperation_transition(
        actor=actor,
        cooperation=record,
        action=action,
        expected_stage=record.stage,
        facts={"on": TODAY, **facts},
        today=TODAY,
    )


def _refused(actor, record: Cooperation, action: str, **facts) -> str:
    """A step that must be refused; the stage must not move. Returns the messages."""
    record.refresh_from_db()
    before = record.stage
    with pytest.raises(TransitionRefused) as error:
        _step(actor, record, action, **facts)
    record.refresh_from_db()
    assert record.stage == before
    return " ".join(error.value.messages)


# --- 5. Take-over: §6.6, PP 28/2018 Pasal 10–11 ------------------------------------------------


def _wajib(*codes: str) -> Cooperation:
    return CooperationFactory(
        stage="in_force", ksdd_category="wajib", party_codes=codes, title="Pengendalian banjir"
    )


def _party(record: Cooperation, code: str) -> int:
    return record.parties.get(partner__region__code=code).pk


def _governor(code: str, username: str):
    tenant = TenantFactory(region=region(code))
    return UserFactory(username=username, tenant=tenant, roles=[Role.TAKEOVER_AUTHORITY])


def _central():
    """The central government: a take-over authority without a region (docs/ARCHITECTURE.md)."""
    from kerjasama.accounts.models import User

    existing = User.objects.filter(username="kemendagri.pusat").first()
    return existing or UserFactory(
        username="kemendagri.pusat", tenant=None, roles=[Role.TAKEOVER_AUTHORITY]
    )


GUIDED = {"guidance_given": True, "obstacles_evaluated": True, "reason": "Tidak dilaksanakan"}


@pytest.mark.rule("6.6-taker-fits-the-failed-party")
def test_law_a_failing_province_is_taken_over_by_the_central_government_not_a_governor(reference):
    """§6.6, PP 28/2018 Pasal 10(1): when a provinsi does not perform a kerja sama wajib, the
    central government takes over — never a governor, not even the governor of a province
    that is itself a party (here Kalimantan Barat, with Kalimantan Tengah and Bengkayang).
    Pasal 11(1): the centre needs guidance and an evaluation, not the Minister's approval."""
    record = _wajib("61", "62", "61.07")
    kalteng = _party(record, "62")
    governor = _governor("61", "biro.pemerintahan.kalbar")

    with pytest.raises((NotPermitted, TransitionRefused)):
        _step(governor, record, "take_over", failed_party=kalteng, minister_approved=True, **GUIDED)
    record.refresh_from_db()
    assert record.stage == "in_force"

    transition = _step(_central(), record, "take_over", failed_party=kalteng, **GUIDED)

    record.refresh_from_db()
    assert record.stage == "taken_over"
    assert transition.data["taken_over_by"] == "central_government"
    assert transition.data["failed_party"] == kalteng
    assert "Kalimantan Tengah" in transition.data["failed_party_name"]


@pytest.mark.rule("6.6-taker-fits-the-failed-party")
def test_law_province_province_case_governor_refused_central_accepted(reference):
    """§6.6, PP 28/2018 Pasal 10(1): a province–province kerja sama wajib (UU 23/2014 Pasal
    364(2)(a)) whose party Kalimantan Barat failed is taken over by the central government;
    Kalimantan Barat's own governor's office may not."""
    record = _wajib("61", "62")
    kalbar = _party(record, "61")

    with pytest.raises((NotPermitted, TransitionRefused)):
        _step(_governor("61", "biro.kalbar"), record, "take_over", failed_party=kalbar, **GUIDED)
    transition = _step(_central(), record, "take_over", failed_party=kalbar, **GUIDED)

    assert transition.data["failed_party"] == kalbar
    assert (Cooperation.objects.get(pk=record.pk).stage, transition.to_stage) == (
        "taken_over",
        "taken_over",
    )


@pytest.mark.rule("6.6-taker-fits-the-failed-party")
def test_law_a_governor_takes_over_only_a_kabkota_of_its_own_province(reference):
    """§6.6, PP 28/2018 Pasal 10(2): a failing kab/kota is taken over by the governor of *its*
    province as representative of the central government. A Jawa Barat user with oversight
    and take-over authority may not take over for Kabupaten Bengkayang (Kalimantan Barat),
    even on a case where a Jawa Barat kabupaten is the other party; Kalimantan Barat's may."""
    record = _wajib("32.01", "61.07")  # Kabupaten Bogor and Kabupaten Bengkayang
    bengkayang = _party(record, "61.07")
    jabar = TenantFactory(region=region("32"))
    jabar_user = UserFactory(
        username="pemerintahan.jabar",
        tenant=jabar,
        roles=[Role.PROVINCE_OVERSIGHT, Role.TAKEOVER_AUTHORITY],
    )
    facts = {"failed_party": bengkayang, "minister_approved": True, **GUIDED}

    with pytest.raises((NotPermitted, TransitionRefused)):
        _step(jabar_user, record, "take_over", **facts)
    record.refresh_from_db()
    assert record.stage == "in_force"
    # And on a case of Kalimantan Barat only, not even offered.
    only_kalbar = _wajib("61.72", "61.07")
    with pytest.raises(NotPermitted):
        _step(jabar_user, only_kalbar, "take_over", **facts)

    transition = _step(_governor("61", "biro.kalbar"), record, "take_over", **facts)
    assert transition.data["taken_over_by"] == "governor"
    assert transition.data["failed_party"] == bengkayang


@pytest.mark.rule("6.6-governor-needs-minister-approval")
def test_law_the_governor_needs_the_ministers_approval_to_take_over_a_kabkota(reference):
    """§6.6, PP 28/2018 Pasal 11(2): the GWPP takes over a kab/kota only after guidance, an
    evaluation of the obstacles AND the Minister's approval — decided from who acts and
    which party failed, whatever the form says."""
    record = _wajib("61.72", "61.07")
    singkawang = _party(record, "61.72")
    governor = _governor("61", "biro.kalbar")

    message = _refused(
        governor,
        record,
        "take_over",
        failed_party=singkawang,
        minister_approved=False,
        taken_over_by="central_government",  # a form value: ignored
        **GUIDED,
    )
    assert "Minister's approval" in message

    transition = _step(
        governor, record, "take_over", failed_party=singkawang, minister_approved=True, **GUIDED
    )
    assert transition.data["failed_party"] == singkawang
    assert transition.data["minister_approved"] is True


@pytest.mark.rule("6.6-governor-needs-minister-approval")
def test_law_the_central_government_needs_no_ministers_approval(reference):
    """§6.6, PP 28/2018 Pasal 11(1): the centre's take-over of a failing province needs
    guidance and the evaluation of the obstacles, not the Minister's approval."""
    record = _wajib("61", "61.72")
    kalbar = _party(record, "61")

    transition = _step(
        _central(), record, "take_over", failed_party=kalbar, minister_approved=False, **GUIDED
    )

    assert Cooperation.objects.get(pk=record.pk).stage == "taken_over"
    assert transition.data["failed_party"] == kalbar


@pytest.mark.rule("6.6-taker-fits-the-failed-party")
def test_law_the_central_government_does_not_take_over_a_kabkota(reference):
    """§6.6, PP 28/2018 Pasal 10(2) (the reference's ✅ rule; UU 23/2014 Pasal 364(3) differs,
    §14 item 4): a failing kab/kota is the GWPP's to take over, not the centre's."""
    record = _wajib("61", "61.72")

    message = _refused(
        _central(), record, "take_over", failed_party=_party(record, "61.72"), **GUIDED
    )

    assert "governor of its own province" in message


@pytest.mark.rule("6.6-taker-fits-the-failed-party")
def test_law_the_failed_party_is_required_and_one_of_the_regions(reference):
    """§6.6: who takes over follows from which party failed (PP 28/2018 Pasal 10), so the
    take-over names it: one of the case's region parties."""
    record = _wajib("61", "61.72")
    other = _wajib("61", "61.07")

    assert "did not carry out" in _refused(_central(), record, "take_over", **GUIDED)
    assert "did not carry out" in _refused(
        _central(), record, "take_over", failed_party=_party(other, "61"), **GUIDED
    )


def test_the_take_over_form_asks_which_party_failed_and_the_record_shows_it(client, world):
    """§6.6: the step form offers the case's regions; the history names the failed party; the
    parties' secretariats are told in the app."""
    record = world.local  # Singkawang and Bengkayang, both of Kalimantan Barat
    Cooperation.objects.filter(pk=record.pk).update(ksdd_category="wajib")
    governor = _governor("61", "biro.pemerintahan.kalbar")
    url = reverse("agreements:step", args=[record.pk, "take_over"])
    client.force_login(governor)

    form = client.get(url).content.decode()
    taken = client.post(
        url,
        {
            "on": timezone.localdate().isoformat(),
            "expected_stage": "in_force",
            "failed_party": str(_party(record, "61.07")),
            "guidance_given": "on",
            "obstacles_evaluated": "on",
            "minister_approved": "on",
        },
    )
    client.force_login(world.sec_singkawang)
    page = client.get(record.get_absolute_url()).content.decode()
    history = page[page.index('id="history-h"') :]

    assert 'name="failed_party"' in form
    assert "Kota Singkawang" in form
    assert "Kabupaten Bengkayang" in form
    assert taken.status_code == 302
    assert "Pihak yang tidak melaksanakan: Pemerintah Kabupaten Bengkayang" in history
    told = Notification.objects.filter(kind="take_over", cooperation=record)
    assert {n.user.username for n in told} == {"sec.singkawang", "sec.bengkayang"}
    assert "Kabupaten Bengkayang" in told.first().body


# --- 7. Foreign cooperation: §3.3, §9 item 8, PP 28/2018 Pasal 23(2), 25, 27, 36 ----------------

MET = {
    "foreign_objects": ["culture"],
    "foreign_no_representative_office": True,
    "foreign_no_interference": True,
    "foreign_consistent_with_plans": True,
}


def _sec():
    tenant = TenantFactory(region=region("61.72"))
    return UserFactory(username="sec.singkawang", tenant=tenant, roles=[Role.SECRETARIAT])


def _foreign(kind: str, stage: str, *, country: str, **fields) -> Cooperation:
    record = CooperationFactory(
        kind=kind, stage=stage, ksdd_category="", party_codes=("61.72",), **fields
    )
    partner = ThirdPartyFactory(
        kind=PartnerKind.FOREIGN_GOVERNMENT if kind == "ksdpl" else PartnerKind.FOREIGN_INSTITUTION,
        name="Partner",
        third_party_type="",
        country=country,
        foreign_institution_type="" if kind == "ksdpl" else "development_partner",
    )
    Party.objects.create(cooperation=record, partner=partner, order=2)
    return record


def _loi(record: Cooperation):
    document = DocumentFactory(
        cooperation=record, kind="loi", status="signed", start_date=None, end_date=None
    )
    for party in record.parties.all():
        DocumentPartyFactory(document=document, party=party)


@pytest.mark.rule("3.3-pasal-27-requirements")
def test_law_no_foreign_cooperation_without_diplomatic_relations(reference):
    """§3.3, PP 28/2018 Pasal 27: foreign cooperation requires that the partner's country has
    diplomatic relations with Indonesia. Indonesia has none with Taiwan (One-China policy) nor
    with Israel: a sister city of Taiwan is refused before the letter of intent and before the
    text is signed; one with Malaysia goes ahead."""
    sec = _sec()
    taiwan = _foreign(
        "ksdpl",
        "loi_consultation",
        country="TW",
        ksdpl_form="sister_city",
        ksdpl_people_ties=True,
        **MET,
    )
    israel = _foreign("ksdll", "loi_consultation", country="IL", ksdll_basis="continuation", **MET)
    malaysia = _foreign(
        "ksdpl",
        "loi_consultation",
        country="MY",
        ksdpl_form="sister_city",
        ksdpl_people_ties=True,
        **MET,
    )
    for record in (taiwan, israel, malaysia):
        _loi(record)

    assert "diplomatic relations" in _refused(sec, taiwan, "sign_loi")
    assert "diplomatic relations" in _refused(sec, israel, "sign_loi")
    _step(sec, malaysia, "sign_loi")
    assert Cooperation.objects.get(pk=malaysia.pk).stage == "loi_signed"

    # A Taiwanese case registered later, with its confirmation letter and a signed text.
    late = _foreign(
        "ksdpl",
        "confirmation_received",
        country="TW",
        ksdpl_form="sister_city",
        ksdpl_people_ties=True,
        **MET,
    )
    DocumentFactory(
        cooperation=late, kind="confirmation_letter", status="final", start_date=None, end_date=None
    )
    DocumentFactory(cooperation=late, kind="foreign_text")
    assert "diplomatic relations" in _refused(sec, late, "sign_text")


@pytest.mark.rule("3.3-pasal-27-requirements", "3.3-foreign-objects")
def test_law_pasal_27_requirements_and_objects_are_met_before_the_letter_of_intent(reference):
    """§3.3, PP 28/2018 Pasal 23(2), 27: objects chosen from the statutory list, a regional
    affair, no representative office abroad, no interference in domestic affairs, consistent
    with the plans — recorded before the pernyataan kehendak is signed (§6.1 rows 3–4,
    Pasal 28(4)–(5))."""
    sec = _sec()
    record = _foreign("ksdll", "loi_consultation", country="JP", ksdll_basis="continuation")
    _loi(record)

    message = _refused(sec, record, "sign_loi")
    assert "Pasal 23(2)" in message
    assert "Pasal 27" in message
    Cooperation.objects.filter(pk=record.pk).update(
        foreign_objects=["capacity"],
        foreign_no_representative_office=True,
        foreign_no_interference=True,
    )
    assert "Pasal 27" in _refused(sec, record, "sign_loi")  # plans not yet confirmed
    Cooperation.objects.filter(pk=record.pk).update(foreign_consistent_with_plans=True)
    _step(sec, record, "sign_loi")
    assert Cooperation.objects.get(pk=record.pk).stage == "loi_signed"


@pytest.mark.rule("3.3-pasal-27-requirements")
def test_law_science_cooperation_transfers_technology_to_indonesians(reference):
    """§3.3, PP 28/2018 Pasal 27: a cooperation in science and technology must transfer it to
    Indonesian human resources."""
    sec = _sec()
    record = _foreign(
        "ksdll",
        "loi_consultation",
        country="JP",
        ksdll_basis="continuation",
        **(MET | {"foreign_objects": ["science_technology"]}),
    )
    _loi(record)

    assert "human resources" in _refused(sec, record, "sign_loi")
    Cooperation.objects.filter(pk=record.pk).update(foreign_technology_transfer=True)
    _step(sec, record, "sign_loi")


@pytest.mark.rule("3.3-pasal-27-requirements")
def test_law_a_ksdpl_also_needs_equal_status_complementarity_or_closer_peoples(reference):
    """§3.3, PP 28/2018 Pasal 27: a KSDPL additionally needs equal status and/or territory,
    complementarity and/or stronger people-to-people ties (at least one)."""
    sec = _sec()
    record = _foreign("ksdpl", "loi_consultation", country="MY", ksdpl_form="sister_city", **MET)
    _loi(record)

    assert "KSDPL" in _refused(sec, record, "sign_loi")
    Cooperation.objects.filter(pk=record.pk).update(ksdpl_complementary=True)
    _step(sec, record, "sign_loi")


@pytest.mark.parametrize(
    ("basis", "institution", "accepted"),
    [
        ("continuation", "international_organisation", True),  # Pasal 36(1)
        ("continuation", "nonprofit", True),  # Pasal 36(1)–(2), never a political party
        ("continuation", "development_partner", True),  # Pasal 36(1)
        ("continuation", "other", False),  # an education institution is not under "penerusan"
        ("central_approval", "other", True),  # Pasal 36(4): e.g. a foreign university
        ("central_approval", "development_partner", False),  # that is a continuation partner
    ],
)
@pytest.mark.rule("3.3-ksdll-basis-fits-partner")
def test_law_the_ksdll_basis_fits_the_partners_type(reference, basis, institution, accepted):
    """§3.3, §9 item 8, PP 28/2018 Pasal 25, 36: a continuation of a central-government
    cooperation is with an intergovernmental organisation, a foreign non-profit legal entity or
    a foreign development partner; another form approved by the centre with other foreign
    institutions (e.g. education)."""
    sec = _sec()
    partner = ThirdPartyFactory(
        kind=PartnerKind.FOREIGN_INSTITUTION,
        name="Lembaga luar negeri",
        third_party_type="",
        country="JP",
        foreign_institution_type=institution,
    )
    arguments = dict(
        actor=sec,
        data={
            "kind": "ksdll",
            "title": "Kerja sama lembaga",
            "in_plan": True,
            "ksdll_basis": basis,
        },
        parties=[services.PartyInput(region("61.72")), services.PartyInput(partner)],
        affairs=list(GovernmentAffair.objects.filter(code="1.01")),
    )

    if accepted:
        assert services.cooperation_create(**arguments).ksdll_basis == basis
    else:
        with pytest.raises(services.RuleViolation) as refused:
            services.cooperation_create(**arguments)
        assert "Pasal 25, 36" in " ".join(refused.value.message_dict["ksdll_basis"])


# --- 8. Kerja sama wajib: §3.1, §5.3, PP 28/2018 Pasal 5(2)–(3); §9 item 17 ---------------------


def _preparation(category: str, *codes: str) -> Cooperation:
    record = CooperationFactory(stage="preparation", ksdd_category=category, party_codes=codes)
    for kind in ("tkksd_minutes", "offer_letter", "mapping_result"):
        DocumentFactory(
            cooperation=record,
            kind=kind,
            status="final",
            start_date=None,
            end_date=None,
            signed_on=None,
        )
    return record


@pytest.mark.rule("5.3-wajib-coordination-and-heads-agreement")
def test_law_a_mandatory_ksdd_is_offered_after_technical_coordination_and_heads_agreement(
    reference,
):
    """§5.3 PERSIAPAN → PENAWARAN, PP 28/2018 Pasal 5(2)–(3): for a kerja sama wajib the
    mapping is discussed in a technical coordination and agreed by the heads before the offer;
    a voluntary KSDD does not need them."""
    sekda = UserFactory(
        username="sekda", tenant=TenantFactory(region=region("61.72")), roles=[Role.LEADERSHIP]
    )
    mandatory = _preparation("wajib", "61.72", "61.07")
    voluntary = _preparation("sukarela", "61.72", "61.07")

    message = _refused(sekda, mandatory, "offer")
    assert "technical coordination" in message
    assert "Pasal 5(2)" in message
    assert "Pasal 5(3)" in message
    _step(sekda, voluntary, "offer")
    Cooperation.objects.filter(pk=mandatory.pk).update(
        technical_coordination_on=dt.date(2026, 3, 2),
        technical_coordination_reference="Notulen rapat koordinasi teknis, Biro Pemerintahan",
    )
    assert "Pasal 5(3)" in _refused(sekda, mandatory, "offer")
    Cooperation.objects.filter(pk=mandatory.pk).update(
        heads_agreement_on=dt.date(2026, 4, 6),
        heads_agreement_reference="Berita acara kesepakatan Wali Kota dan Bupati",
    )
    _step(sekda, mandatory, "offer")
    assert Cooperation.objects.get(pk=mandatory.pk).stage == "offer"


@pytest.mark.parametrize(
    ("codes", "level"),
    [
        (("61.72", "61.07"), "provincial"),  # a kota and a kabupaten of Kalimantan Barat
        (("61", "61.72"), "national"),  # a province with its own kota
        (("61.07", "62.01"), "national"),  # kabupaten of two provinces
        (("61", "62"), "national"),  # two provinces
    ],
)
@pytest.mark.rule("5.3-wajib-coordination-and-heads-agreement")
def test_law_the_technical_coordination_level_follows_the_parties(reference, codes, level):
    """§5.3, PP 28/2018 Pasal 5(2): provincial level for kab/kota of one province, national
    level otherwise."""
    from kerjasama.agreements.wajib import coordination_level

    assert coordination_level(CooperationFactory(party_codes=codes)) == level


@pytest.mark.rule("5.3-wajib-coordination-and-heads-agreement")
def test_law_the_heads_agree_after_the_technical_coordination(reference):
    """§5.3, PP 28/2018 Pasal 5(3): the heads agree on the result of the coordination, so their
    agreement is not dated before it."""
    sec = _sec()
    TenantFactory(region=region("61.07"))
    data = {
        "kind": "ksdd",
        "title": "Pengelolaan sampah regional",
        "in_plan": True,
        "ksdd_category": "wajib",
        "mandatory_form_uu23": "e",
        "adjacency_confirmed": True,
        "technical_coordination_on": dt.date(2026, 4, 6),
        "technical_coordination_reference": "Notulen",
        "heads_agreement_on": dt.date(2026, 3, 2),
        "heads_agreement_reference": "Berita acara",
    }
    parties = [services.PartyInput(region("61.72")), services.PartyInput(region("61.07"))]
    affairs = list(GovernmentAffair.objects.filter(code="1.03"))

    with pytest.raises(services.RuleViolation) as refused:
        services.cooperation_create(actor=sec, data=data, parties=parties, affairs=affairs)
    assert "heads_agreement_on" in refused.value.message_dict

    created = services.cooperation_create(
        actor=sec,
        data=data | {"heads_agreement_on": dt.date(2026, 4, 8)},
        parties=parties,
        affairs=affairs,
    )
    assert created.heads_agreement_on == dt.date(2026, 4, 8)


def test_law_a_kota_and_a_kabupaten_on_forestry_and_energy_are_warned(reference):
    """§9 item 17 ❓, §4 (UU 23/2014 Lampiran): Kehutanan (3.28) and Energi dan Sumber Daya
    Mineral (3.29) sit with the province; a kota and a kabupaten choosing them are warned, and
    may go on with a recorded reason. Pekerjaan umum (1.03) raises nothing."""
    sec = _sec()
    data = {
        "kind": "ksdd",
        "title": "Hutan kota dan PLTS",
        "in_plan": True,
        "ksdd_category": "sukarela",
    }
    parties = [services.PartyInput(region("61.72")), services.PartyInput(region("61.07"))]
    forestry_energy = list(GovernmentAffair.objects.filter(code__in=["3.28", "3.29"]))

    with pytest.raises(services.WarningsNeedReason) as warned:
        services.cooperation_create(actor=sec, data=data, parties=parties, affairs=forestry_energy)
    texts = [w.message for w in warned.value.warnings]
    assert len(texts) == 4  # two regions × two affairs
    assert any("Singkawang" in t and "3.28" in t for t in texts)
    assert any("Bengkayang" in t and "3.29" in t for t in texts)

    created = services.cooperation_create(
        actor=sec,
        data=data,
        parties=parties,
        affairs=forestry_energy,
        override_reason="Hanya taman hutan raya kota dan PLTS atap gedung pemerintah",
    )
    assert WarningOverride.objects.filter(cooperation=created, code="level_affair").count() == 4
    plain = services.cooperation_create(
        actor=sec,
        data=data | {"title": "Drainase"},
        parties=parties,
        affairs=list(GovernmentAffair.objects.filter(code="1.03")),
    )
    assert not plain.overrides.exists()
    # A province holds them: Kalimantan Barat with Singkawang is warned for Singkawang only.
    with pytest.raises(services.WarningsNeedReason) as province:
        services.cooperation_create(
            actor=sec,
            data=data | {"title": "DAS"},
            parties=[services.PartyInput(region("61")), services.PartyInput(region("61.72"))],
            affairs=list(GovernmentAffair.objects.filter(code="3.28")),
        )
    assert [("Singkawang" in w.message) for w in province.value.warnings] == [True]


def test_the_forms_and_the_record_show_the_foreign_and_wajib_facts(client, world):
    """The facts of §3.3 (Pasal 23(2), 27) and §5.3 (Pasal 5(2)–(3)) are entered on the
    registration/edit form and shown on the record: a Taiwanese partner is shown without
    diplomatic relations; a kerja sama wajib of two kab/kota of one province with its
    provincial-level coordination."""
    taiwan = _foreign("ksdpl", "initiative", country="TW", ksdpl_form="sister_city", **MET)
    Cooperation.objects.filter(pk=world.local.pk).update(
        ksdd_category="wajib",
        technical_coordination_on=dt.date(2020, 10, 12),
        technical_coordination_reference="Notulen koordinasi teknis",
    )
    client.force_login(world.sec_singkawang)

    form = client.get(reverse("agreements:create")).content.decode()
    foreign_record = client.get(taiwan.get_absolute_url()).content.decode()
    wajib_record = client.get(world.local.get_absolute_url()).content.decode()

    for name in (
        "technical_coordination_on",
        "heads_agreement_reference",
        "foreign_objects",
        "foreign_no_interference",
        "ksdpl_people_ties",
    ):
        assert f'name="{name}"' in form
    assert "Tidak ada hubungan diplomatik dengan Indonesia: Taiwan" in foreign_record
    assert "Pertukaran budaya" in foreign_record
    assert "Tingkat provinsi" in wajib_record
    assert "Notulen koordinasi teknis" in wajib_record


def test_a_warning_answered_once_is_not_asked_again_on_every_edit(reference):
    """§9 item 17 ❓ (walk of issue 7): the level/urusan warning was answered with a reason when
    the case was registered; retitling the case later asks nothing again and records no
    duplicate override, while a newly chosen affair that raises a new warning is asked."""
    sec = _sec()
    data = {"kind": "ksdd", "title": "Hutan kota", "in_plan": True, "ksdd_category": "sukarela"}
    parties = [services.PartyInput(region("61.72")), services.PartyInput(region("61.07"))]
    forestry = list(GovernmentAffair.objects.filter(code="3.28"))
    created = services.cooperation_create(
        actor=sec, data=data, parties=parties, affairs=forestry, override_reason="Taman kota"
    )
    assert created.overrides.filter(code="level_affair").count() == 2

    services.cooperation_update(
        actor=sec,
        cooperation=created,
        data=data | {"title": "Hutan kota Singkawang"},
        parties=parties,
        affairs=forestry,
        expected_version=created.version,
    )
    created.refresh_from_db()
    assert created.title == "Hutan kota Singkawang"
    assert created.overrides.filter(code="level_affair").count() == 2

    with pytest.raises(services.WarningsNeedReason):
        services.cooperation_update(
            actor=sec,
            cooperation=created,
            data=data | {"title": "Hutan kota dan PLTS"},
            parties=parties,
            affairs=[*forestry, *GovernmentAffair.objects.filter(code="3.29")],
            expected_version=created.version,
        )
