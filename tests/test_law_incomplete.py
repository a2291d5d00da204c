"""Cases registered mid-way (issue 7, gap 2): what they lack is listed, stored and shown, and
the reason for registering them without it is recorded.

The expected lists are written out by hand from KERJASAMA_DAERAH.md (§3.4, §5.3, §6.1, §7),
never read from `lifecycle.PATHWAYS`.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from kerjasama.agreements import services
from kerjasama.agreements.completeness import missing_evidence
from kerjasama.agreements.models import Cooperation, WarningOverride
from kerjasama.core.models import AuditEvent
from kerjasama.partners.enums import PartnerKind
from kerjasama.reference.models import GovernmentAffair
from tests.factories import ThirdPartyFactory, region_partner

pytestmark = pytest.mark.django_db
REASON = "Perjanjian lama, didaftarkan dari arsip Bagian Kerja Sama"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _register(world, kind: str, stage: str, *, reason: str = REASON, **facts) -> Cooperation:
    data = {"kind": kind, "title": f"Kerja sama lama {kind} {stage}", "in_plan": True, **facts}
    if kind == "ksdd":
        data.setdefault("ksdd_category", "sukarela")
        others = [services.PartyInput(region_partner("61.07"))]
    elif kind == "ksdpk":
        data.setdefault("ksdpk_kind", "public_service")
        others = [services.PartyInput(ThirdPartyFactory(name="Perumda Air Minum Gunung Poteng"))]
    else:
        data.setdefault("ksdpl_form", "sister_city")
        others = [
            services.PartyInput(
                ThirdPartyFactory(
                    kind=PartnerKind.FOREIGN_GOVERNMENT,
                    name="Dewan Bandaraya Kuching Utara",
                    third_party_type="",
                    country="MY",
                )
            )
        ]
    return services.cooperation_create(
        actor=world.sec_singkawang,
        data=data,
        parties=[services.PartyInput(region_partner("61.72")), *others],
        affairs=list(GovernmentAffair.objects.filter(code="1.03")),
        stage=stage,
        registration_reason=reason,
    )


def _kinds(record: Cooperation) -> list[str]:
    return [m.add_kind or m.code for m in missing_evidence(record)]


@pytest.mark.rule("5.3-midway-registration-shows-missing-evidence")
def test_law_ksdpk_registered_in_force_lists_every_missing_precondition(world):
    """§5.3 (PP 28/2018 Pasal 6(1), 17, 19; UU 23/2014 Pasal 366(3)), §3.4, §7: a KSDPK in force
    initiated by the region has passed the KAK, the mapping and the feasibility study, the
    TKKSD's recommendation, the offer, the partner's reply, the KB signed with every party's
    number, the DPRD (needed here: the plan burdens the community) and the signed PKS."""
    record = _register(world, "ksdpk", "in_force", burdens_community=True, budgeted_in_apbd=True)

    expected = [
        "kak",  # §3.4
        "mapping_result",  # Pasal 17(a)
        "feasibility_study",  # Pasal 17(b), UU 23/2014 Pasal 366(3)
        "tkksd_minutes",  # §5.3 PERSIAPAN → PENAWARAN
        "offer_letter",
        "reply_letter",  # §5.3 PENAWARAN → PENYUSUNAN_KB
        "kb",  # §5.3 signed KB, each party's number
        "dprd_request",  # §7: burdens the community
        "dprd_approval",
        "pks",  # §5.3 PENYUSUNAN_PKS → PKS_DITANDATANGANI
    ]
    assert _kinds(record) == expected
    record.refresh_from_db()
    assert (record.stage, record.registered_stage, record.evidence_missing) == (
        "in_force",
        "in_force",
        len(expected),
    )
    assert all(m.section.startswith("§") for m in missing_evidence(record))


@pytest.mark.rule("5.3-midway-registration-shows-missing-evidence")
def test_law_ksdpl_registered_in_force_lists_the_foreign_road(world):
    """§6.1 (PP 28/2018 Pasal 28–33), §9 item 8: a KSDPL in force has its signed LoI, the plan
    with the seven elements of Pasal 30(3), the DPRD's request and approval, the Minister's
    consideration and text approval, the surat konfirmasi and the signed text."""
    record = _register(world, "ksdpl", "in_force")

    assert _kinds(record) == [
        "loi",
        # §3.3, PP 28/2018 Pasal 23(2) and 27: checked when the letter of intent is signed
        "foreign_objects",
        "foreign_requirements",
        "ksdpl_requirements",
        "cooperation_plan",
        "plan_complete",  # Pasal 30(3): background, purpose, targets … funding, period
        "dprd_request",
        "dprd_approval",
        "minister_consideration",
        "minister_text_approval",
        "confirmation_letter",
        "foreign_text",
    ]


@pytest.mark.rule("5.3-midway-registration-shows-missing-evidence")
def test_law_registering_mid_way_without_evidence_needs_a_recorded_reason(world):
    """Issue 7 gap 2, §5.3: registration beyond the first stage skips the preconditions of the
    earlier steps; it stays possible (old cases) but only with a reason, which is recorded."""
    with pytest.raises(services.RuleViolation) as refused:
        _register(world, "ksdd", "kb_signed", reason="  ")
    assert "registration_reason" in refused.value.message_dict
    assert not Cooperation.objects.filter(title__startswith="Kerja sama lama").exists()

    record = _register(world, "ksdd", "kb_signed")

    override = WarningOverride.objects.get(cooperation=record, code="registered_incomplete")
    assert override.reason == REASON
    assert "Kesepakatan Bersama" in override.message
    event = AuditEvent.objects.get(action="cooperation.create", object_id=str(record.pk))
    assert event.data["registration_reason"] == REASON
    assert sorted(event.data["missing_evidence"]) == [
        "doc_kak",
        "doc_offer_letter",
        "doc_reply_letter",
        "doc_tkksd_minutes",
        "kb_signed",
    ]


@pytest.mark.rule("5.3-midway-registration-shows-missing-evidence")
def test_law_a_proposal_at_its_first_stage_lacks_nothing(world):
    """§5.2: a proposal has passed no step yet; it needs no reason and is complete."""
    record = _register(world, "ksdd", "proposal", reason="")

    assert missing_evidence(record) == []
    assert record.evidence_missing == 0
    assert not WarningOverride.objects.filter(cooperation=record).exists()


@pytest.mark.rule("5.3-midway-registration-shows-missing-evidence")
def test_law_completing_the_evidence_clears_incomplete(world):
    """§5.3 (PP 28/2018 Pasal 6(1) a–d): a KSDD registered at "KB signed" lacks the KAK, the
    TKKSD's recommendation, the offer, the reply and the signed KB; each document added
    lowers the stored count, and the last one clears it without any other step."""
    record = _register(world, "ksdd", "kb_signed")
    sec = world.sec_singkawang
    on = dt.date(2020, 3, 2)
    counts = []
    for kind in ("kak", "tkksd_minutes", "offer_letter", "reply_letter"):
        services.document_create(
            actor=sec,
            cooperation=record,
            data={"kind": kind, "title": kind, "status": "final", "signed_on": on},
        )
        record.refresh_from_db()
        counts.append(record.evidence_missing)
    entries = {
        p.pk: services.DocumentEntryInput(number=f"{p.order}/KB/2020") for p in record.parties.all()
    }
    services.document_create(
        actor=sec,
        cooperation=record,
        data={
            "kind": "kb",
            "title": "Kesepakatan Bersama",
            "status": "signed",
            "signed_on": dt.date(2020, 6, 1),
            "start_date": dt.date(2020, 6, 1),
            "end_date": dt.date(2025, 5, 31),
        },
        entries=entries,
    )
    record.refresh_from_db()

    assert counts == [4, 3, 2, 1]
    assert record.evidence_missing == 0
    assert missing_evidence(record) == []


@pytest.mark.rule("5.3-midway-registration-shows-missing-evidence")
def test_law_dprd_facts_recorded_later_follow_into_the_count(world):
    """§7 (PP 28/2018 Pasal 6(2)): a case past the KB needs the DPRD test recorded; recording
    "does not burden, budgeted" (not needed) by editing the case clears that item."""
    record = _register(world, "ksdd", "pks_drafting")
    assert "dprd_assessed" in _kinds(record)

    services.cooperation_update(
        actor=world.sec_singkawang,
        cooperation=record,
        expected_version=record.version,
        data={
            "kind": "ksdd",
            "ksdd_category": "sukarela",
            "title": record.title,
            "in_plan": True,
            "initiative": "region",
            "legal_regime": "pp28_2018",
            "burdens_community": False,
            "budgeted_in_apbd": True,
        },
        parties=[
            services.PartyInput(region_partner("61.72")),
            services.PartyInput(region_partner("61.07")),
        ],
        affairs=list(GovernmentAffair.objects.filter(code="1.03")),
        change_reason="Hasil kajian TKKSD atas KB lama",
    )
    record.refresh_from_db()

    assert "dprd_assessed" not in _kinds(record)
    assert record.evidence_missing == len(missing_evidence(record)) == 5


# --- Screens ------------------------------------------------------------------------------------


def test_record_page_shows_belum_lengkap_with_what_is_missing_and_the_reason(client, world):
    record = _register(world, "ksdd", "kb_signed")
    client.force_login(world.sec_singkawang)

    with translation.override("id"):
        page = client.get(record.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert 'id="incomplete"' in page
    assert "belum lengkap" in page.lower()
    assert REASON in page
    add_kak = reverse("agreements:document_create", args=[record.pk]) + "?kind=kak"
    assert add_kak in page
    assert "§3.4" in page
    assert "§5.3" in page


def test_complete_record_has_no_incomplete_panel(client, world):
    proposal = _register(world, "ksdd", "proposal", reason="")
    client.force_login(world.sec_singkawang)

    page = client.get(proposal.get_absolute_url()).content.decode()

    assert 'id="incomplete"' not in page


def test_registry_filters_incomplete_and_complete_cases(client, world):
    incomplete = _register(world, "ksdd", "kb_signed")
    proposal = _register(world, "ksdd", "proposal", reason="")
    client.force_login(world.sec_singkawang)
    url = reverse("agreements:list")

    only_incomplete = client.get(url, {"evidence": "incomplete"}).content.decode()
    only_complete = client.get(url, {"evidence": "complete"}).content.decode()

    assert incomplete.title in only_incomplete
    assert proposal.title not in only_incomplete
    assert incomplete.title not in only_complete
    assert proposal.title in only_complete


def test_dashboard_counts_incomplete_cases_and_links_to_the_filter(client, world):
    _register(world, "ksdd", "kb_signed")
    _register(world, "ksdd", "offer")
    client.force_login(world.sec_singkawang)

    page = client.get(reverse("agreements:dashboard")).content.decode()

    link = reverse("agreements:list") + "?evidence=incomplete"
    assert f'<a href="{link}"><span class="stat-value">2</span></a>' in page


def test_register_form_refuses_a_mid_way_case_without_reason_in_indonesian(client, world):
    client.force_login(world.sec_singkawang)
    post = {
        "kind": "ksdd",
        "ksdd_category": "sukarela",
        "title": "KB lama tanpa arsip",
        "in_plan": "on",
        "initiative": "region",
        "legal_regime": "pp28_2018",
        "affairs": [GovernmentAffair.objects.get(code="1.03").pk],
        "stage": "kb_signed",
        "registration_reason": "",
        "parties-TOTAL_FORMS": "2",
        "parties-INITIAL_FORMS": "0",
        "parties-0-partner": "61.72",
        "parties-1-partner": "61.07",
    }

    with translation.override("id"):
        response = client.post(reverse("agreements:create"), post, HTTP_ACCEPT_LANGUAGE="id")

    assert response.status_code == 422
    assert "tuliskan alasan" in response.content.decode().lower()
    assert not Cooperation.objects.filter(title="KB lama tanpa arsip").exists()
    post["registration_reason"] = REASON
    with translation.override("id"):
        client.post(reverse("agreements:create"), post, HTTP_ACCEPT_LANGUAGE="id")
    assert Cooperation.objects.get(title="KB lama tanpa arsip").evidence_missing == 5


def test_evidence_refresh_command_counts_cases_registered_before_issue_7(world):
    """A case registered at "KB signed" before the count existed (no `registered_stage`, no
    step since): the command computes what it lacks (§5.3: KAK, TKKSD, offer, reply, KB)."""
    import io

    from django.core.management import call_command

    from tests.factories import CooperationFactory

    legacy = CooperationFactory(stage="kb_signed", party_codes=("61.72", "61.07"))
    assert (legacy.registered_stage, legacy.evidence_missing) == ("", 0)

    call_command("evidence_refresh", stdout=io.StringIO())

    legacy.refresh_from_db()
    assert legacy.evidence_missing == 5


@pytest.mark.rule("5.3-midway-registration-shows-missing-evidence")
def test_law_steps_taken_after_registration_keep_the_earlier_gaps(world):
    """§5.3: registered at "drafting the KB", the case lacks the KAK, the TKKSD's
    recommendation, the offer and the reply (PP 28/2018 Pasal 6(1) a–c). Signing the KB
    through its step (checked when taken) moves the stage but does not fill those gaps."""
    from kerjasama.agreements.lifecycle import cooperation_transition

    record = _register(world, "ksdd", "kb_drafting")
    services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data={
            "kind": "kb",
            "title": "Kesepakatan Bersama",
            "status": "signed",
            "signed_on": dt.date(2020, 6, 1),
            "start_date": dt.date(2020, 6, 1),
            "end_date": dt.date(2025, 5, 31),
        },
        entries={
            p.pk: services.DocumentEntryInput(number=f"{p.order}/KB/2020")
            for p in record.parties.all()
        },
    )

    cooperation_transition(
        actor=world.sec_singkawang,
        cooperation=record,
        action="sign_kb",
        expected_stage="kb_drafting",
        facts={"on": dt.date(2020, 6, 1)},
    )

    record.refresh_from_db()
    assert record.stage == "kb_signed"
    assert _kinds(record) == ["kak", "tkksd_minutes", "offer_letter", "reply_letter"]
    assert record.evidence_missing == 4


@pytest.mark.rule("3.3-pasal-27-requirements")
@pytest.mark.parametrize("stage", ["initiative", "in_force"])
def test_law_no_case_with_a_country_without_diplomatic_relations_even_registered_mid_way(
    world, stage
):
    """§3.3, PP 28/2018 Pasal 27: foreign cooperation requires diplomatic relations with the
    partner's country. Indonesia has none with Taiwan, so a sister city with Taipei is refused
    at registration — also when it is registered as already in force, which would otherwise
    pass by the letter-of-intent step that checks it — and nothing is saved."""
    taipei = ThirdPartyFactory(
        kind=PartnerKind.FOREIGN_GOVERNMENT,
        name="Taipei City Government",
        third_party_type="",
        country="TW",
    )
    with pytest.raises(services.RuleViolation) as refused:
        services.cooperation_create(
            actor=world.sec_singkawang,
            data={
                "kind": "ksdpl",
                "title": "Kota kembar Taipei",
                "in_plan": True,
                "ksdpl_form": "sister_city",
            },
            parties=[services.PartyInput(region_partner("61.72")), services.PartyInput(taipei)],
            affairs=list(GovernmentAffair.objects.filter(code="1.03")),
            stage=stage,
            registration_reason=REASON,
        )
    assert "diplomatic relations" in str(refused.value.message_dict)
    assert not Cooperation.objects.filter(title="Kota kembar Taipei").exists()
