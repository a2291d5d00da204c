"""The registry's services: §9 validation, parties, documents, files, money, stale writes, audit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from kerjasama.agreements import services
from kerjasama.agreements.models import (
    Cooperation,
    Document,
    DocumentFile,
    DocumentParty,
    FinancingLine,
    Party,
    WarningOverride,
)
from kerjasama.core.exceptions import NotPermitted
from kerjasama.core.models import AuditEvent
from kerjasama.partners.enums import PartnerKind
from kerjasama.partners.models import Partner
from kerjasama.reference.models import GovernmentAffair, PublicService
from tests.factories import (
    DocumentFactory,
    ThirdPartyFactory,
    make_docx,
    make_pdf,
    region_partner,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in the source language here; the screens' tests check Indonesian."""
    with translation.override("en"):
        yield


def affairs(*codes):
    return list(GovernmentAffair.objects.filter(code__in=codes or ("1.03",)))


def ksdd_data(**extra):
    return {
        "kind": "ksdd",
        "ksdd_category": "sukarela",
        "title": "Kesepakatan Bersama Kalbar–Singkawang",
        "in_plan": True,
        "initiative": "region",
        "legal_regime": "pp28_2018",
        **extra,
    }


def parties(*codes):
    return [services.PartyInput(region_partner(c)) for c in codes or ("61", "61.72")]


def create(world, data=None, party_list=None, affair_list=None, **kwargs):
    # A case registered mid-way without its earlier documents needs a reason (issue 7); these
    # tests are about other rules, so they give one.
    if kwargs.get("stage"):
        kwargs.setdefault("registration_reason", "Didaftarkan dari arsip lama")
    return services.cooperation_create(
        actor=world.sec_singkawang,
        data=data or ksdd_data(),
        parties=party_list if party_list is not None else parties(),
        affairs=affair_list if affair_list is not None else affairs("1.03", "3.26"),
        **kwargs,
    )


def test_create_ksdd_saves_record_parties_affairs_and_audit(world):
    services_ = list(PublicService.objects.filter(slug__in=["air-bersih", "pariwisata"]))

    record = create(world, public_services=services_, own_party={"executing_opd": world.pupr})

    assert record.stage == "proposal"
    assert record.version == 1
    assert record.created_by_tenant == world.singkawang
    assert [p.partner.region.code for p in record.parties.order_by("order")] == ["61", "61.72"]
    assert record.parties.get(order=2).executing_opd == world.pupr
    assert sorted(a.code for a in record.affairs.all()) == ["1.03", "3.26"]
    assert sorted(s.slug for s in record.public_services.all()) == ["air-bersih", "pariwisata"]
    event = AuditEvent.objects.get(action="cooperation.create", object_id=str(record.pk))
    assert event.actor == world.sec_singkawang
    assert event.concerned_objects() == [record]
    assert event.changes["title"] == [None, "Kesepakatan Bersama Kalbar–Singkawang"]


def test_opd_officer_registering_becomes_initiating_opd(world):
    record = services.cooperation_create(
        actor=world.pupr_officer, data=ksdd_data(), parties=parties(), affairs=affairs()
    )

    assert record.parties.get(partner__region__code="61.72").initiating_opd == world.pupr


@pytest.mark.parametrize(
    ("data", "party_codes", "affair_codes", "field", "message"),
    [
        (ksdd_data(), ("61.72",), ("1.03",), "parties", "at least two parties"),
        (
            ksdd_data(),
            ("61", "61.07"),
            ("1.03",),
            "parties",
            "Your region must be one of the parties",
        ),
        (ksdd_data(), ("61", "61.72"), (), "affairs", "at least one government affair"),
        (
            ksdd_data(ksdd_category=""),
            ("61", "61.72"),
            ("1.03",),
            "ksdd_category",
            "mandatory or voluntary",
        ),
        (
            ksdd_data(ksdd_category="wajib", mandatory_form_uu23="b"),
            ("61", "61.72"),
            ("1.03",),
            "adjacency_confirmed",
            "adjacent",
        ),
        (
            ksdd_data(ksdd_category="wajib", mandatory_form_uu23="a", adjacency_confirmed=True),
            ("61", "61.72"),
            ("1.03",),
            "mandatory_form_uu23",
            "do not fit form",
        ),
        (
            ksdd_data(ksdd_category="wajib", mandatory_form_uu23="e", adjacency_confirmed=True),
            ("61.72", "62.01"),
            ("1.03",),
            "mandatory_form_uu23",
            "do not fit form",
        ),
        (
            ksdd_data(in_plan=False),
            ("61", "61.72"),
            ("1.03",),
            "out_of_plan_reason",
            "outside the RPJMD",
        ),
        (
            {**ksdd_data(), "kind": "ksdpk", "ksdd_category": "", "ksdpk_kind": "investment"},
            ("61", "61.72"),
            ("1.03",),
            "parties",
            "one third party",
        ),
        (
            {**ksdd_data(), "kind": "ksdpl", "ksdd_category": ""},
            ("61.72", "61"),
            ("1.03",),
            "parties",
            "foreign local government",
        ),
        (
            {**ksdd_data(), "kind": "sinergi", "ksdd_category": ""},
            ("61.72", "61"),
            (),
            "parties",
            "central-government",
        ),
    ],
)
@pytest.mark.rule(
    "9.1-two-different-parties",
    "3.1-ksdd-category-required",
    "9.2-wajib-adjacency-confirmed",
    "9.2-uu23-form-fits-region-codes",
    "4-object-is-a-bidang-urusan",
    "4-out-of-plan-needs-a-reason",
    "9.3-ksdpk-region-and-third-party",
    "3.3-foreign-parties-by-type",
    "3.5-sinergi-region-and-central-government",
)
def test_statutory_rules_refuse_with_a_message_and_save_nothing(
    world, data, party_codes, affair_codes, field, message
):
    kwargs = {
        "data": data,
        "party_list": parties(*party_codes),
        "affair_list": affairs(*affair_codes) if affair_codes else [],
    }
    before = (Cooperation.objects.count(), Party.objects.count(), AuditEvent.objects.count())
    with pytest.raises(services.RuleViolation) as refused:
        create(world, **kwargs)

    assert any(message in m for m in refused.value.message_dict[field])
    assert (
        Cooperation.objects.count(),
        Party.objects.count(),
        AuditEvent.objects.count(),
    ) == before


@pytest.mark.rule("9.2-uu23-form-fits-region-codes", "3.1-pmdn22-form-fits-region-codes")
def test_mandatory_ksdd_form_b_fits_province_with_its_own_city(world):
    record = create(
        world,
        data=ksdd_data(
            ksdd_category="wajib",
            mandatory_form_uu23="b",
            mandatory_form_pmdn22="d",
            adjacency_confirmed=True,
        ),
    )

    assert (record.ksdd_category, record.mandatory_form_uu23) == ("wajib", "b")


def test_fields_of_another_type_are_cleared(world):
    record = create(world, data=ksdd_data(ksdpl_form="sister_city", ksdpk_kind="investment"))

    assert (record.ksdpl_form, record.ksdpk_kind) == ("", "")


@pytest.mark.rule("9.4-partner-proposal-three-criteria")
def test_ksdpk_partner_initiative_needs_the_three_criteria_past_preparation(world):
    company = ThirdPartyFactory()
    data = {
        **ksdd_data(),
        "kind": "ksdpk",
        "ksdd_category": "",
        "ksdpk_kind": "public_service",
        "initiative": "partner",
    }
    party_list = [services.PartyInput(region_partner("61.72")), services.PartyInput(company)]

    proposal = create(world, data=data, party_list=party_list)
    with pytest.raises(services.RuleViolation, match="Pasal 18"):
        create(world, data=data, party_list=party_list, stage="offer")
    offer = create(
        world,
        data={
            **data,
            "proposal_fits_master_plan": True,
            "proposal_feasible": True,
            "proposer_able_to_fund": True,
        },
        party_list=party_list,
        stage="offer",
    )

    assert (proposal.stage, offer.stage) == ("proposal", "offer")
    assert Cooperation.objects.filter(kind="ksdpk").count() == 2


def test_jakarta_administrative_city_warns_and_override_is_recorded(world):
    party_list = parties("61.72", "31.71")

    with pytest.raises(services.WarningsNeedReason) as pending:
        create(world, party_list=party_list)
    assert Cooperation.objects.filter(parties__partner__region__code="31.71").count() == 0
    record = create(world, party_list=party_list, override_reason="Dasar: surat Gubernur DKI")

    override = WarningOverride.objects.get(cooperation=record)
    assert override.code == "jakarta_administrative" == pending.value.warnings[0].code
    assert override.reason == "Dasar: surat Gubernur DKI"
    assert AuditEvent.objects.filter(action="warning.override", cooperation=record).count() == 1


def test_update_changes_facts_keeps_party_data_and_audits_the_diff(world):
    record = create(world, own_party={"register_number": "KS-01/2021"})

    services.cooperation_update(
        actor=world.sec_kalbar,
        cooperation=record,
        expected_version=1,
        data=ksdd_data(title="KB baru"),
        parties=list(reversed(parties())),
        affairs=affairs("1.03"),
    )

    record.refresh_from_db()
    assert (record.title, record.version) == ("KB baru", 2)
    assert [p.partner.region.code for p in record.parties.order_by("order")] == ["61.72", "61"]
    assert record.parties.get(partner__region__code="61.72").register_number == "KS-01/2021"
    event = AuditEvent.objects.get(action="cooperation.update")
    assert event.actor == world.sec_kalbar
    assert event.changes["title"] == ["Kesepakatan Bersama Kalbar–Singkawang", "KB baru"]
    assert "parties" in event.changes


def test_stale_update_is_refused_and_changes_nothing(world):
    record = create(world)
    services.cooperation_update(
        actor=world.sec_kalbar,
        cooperation=record,
        expected_version=1,
        data=ksdd_data(title="Versi Kalbar"),
        parties=parties(),
        affairs=affairs(),
    )

    with pytest.raises(services.StaleWrite, match="Someone else saved"):
        services.cooperation_update(
            actor=world.sec_singkawang,
            cooperation=record,
            expected_version=1,
            data=ksdd_data(title="Versi lama"),
            parties=parties(),
            affairs=affairs(),
        )

    record.refresh_from_db()
    assert (record.title, record.version) == ("Versi Kalbar", 2)


def test_party_with_numbers_cannot_be_removed(world):
    record = create(world)
    kb = services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data={"kind": "kb", "title": "KB", "status": "final"},
        entries={
            p.pk: services.DocumentEntryInput(number=f"{p.order}/KB") for p in record.parties.all()
        },
    )

    with pytest.raises(services.RuleViolation, match="cannot be removed"):
        services.cooperation_update(
            actor=world.sec_singkawang,
            cooperation=record,
            expected_version=1,
            data=ksdd_data(),
            parties=parties("61.72", "61.07"),
            affairs=affairs(),
        )

    assert DocumentParty.objects.filter(document=kb).count() == 2
    assert record.parties.count() == 2


def test_documents_set_signing_year_and_expiry_with_each_party_number(world):
    record = create(world, stage="pks_drafting")
    first, second = record.parties.order_by("order")

    kb = services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data={
            "kind": "kb",
            "title": "KB",
            "status": "signed",
            "signed_on": dt.date(2021, 1, 14),
            "signed_place": "Pontianak",
            "start_date": dt.date(2021, 1, 14),
            "end_date": dt.date(2026, 1, 13),
        },
        entries={
            first.pk: services.DocumentEntryInput(number="119/2021"),
            second.pk: services.DocumentEntryInput(number="180/05/KS-Pem/2021"),
        },
    )
    pks = services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data={
            "kind": "pks",
            "parent": kb,
            "title": "PKS Air Bersih",
            "status": "signed",
            "signed_on": dt.date(2021, 3, 1),
            "start_date": dt.date(2021, 3, 1),
            "end_date": dt.date(2024, 2, 28),
            "executing_opd": world.pupr,
        },
    )

    record.refresh_from_db()
    assert (record.signed_on, record.ends_on) == (dt.date(2021, 1, 14), dt.date(2026, 1, 13))
    assert dict(kb.party_entries.values_list("party__partner__region__code", "number")) == {
        "61": "119/2021",
        "61.72": "180/05/KS-Pem/2021",
    }
    assert pks.parent == kb
    assert AuditEvent.objects.filter(action="document.create", cooperation=record).count() == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"signed_on": dt.date.today() + dt.timedelta(days=3)}, "signed_on", "future"),
        (
            {"start_date": dt.date(2022, 1, 1), "end_date": dt.date(2021, 1, 1)},
            "end_date",
            "on or after",
        ),
        ({"status": "signed", "signed_on": None}, "signed_on", "signing date"),
        ({"start_date": dt.date(2022, 1, 1), "end_date": None}, "end_date", "both the start"),
    ],
)
@pytest.mark.rule("9.12-term-ends-after-it-starts")
def test_document_dates_are_checked(world, data, field, message):
    record = create(world)
    fields = {"kind": "kb", "title": "KB", "status": "final", **data}

    with pytest.raises(services.RuleViolation) as refused:
        services.document_create(actor=world.sec_singkawang, cooperation=record, data=fields)

    assert any(message in m for m in refused.value.message_dict[field])
    assert not Document.objects.filter(cooperation=record).exists()


def test_term_over_cap_warns_then_saves_with_reason(world):
    record = create(world)
    data = {
        "kind": "kb",
        "title": "KB",
        "status": "final",
        "start_date": dt.date(2021, 1, 1),
        "end_date": dt.date(2031, 1, 1),
    }

    with pytest.raises(services.WarningsNeedReason) as pending:
        services.document_create(actor=world.sec_singkawang, cooperation=record, data=data)
    assert [w.code for w in pending.value.warnings] == ["term_over_cap"]
    assert not Document.objects.filter(cooperation=record).exists()
    document = services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data=data,
        override_reason="PP 27/2014 Pasal 33: KSP 30 tahun",
    )

    assert WarningOverride.objects.get(document=document).code == "term_over_cap"


def test_tenant_cap_is_used_instead_of_default(world):
    world.singkawang.max_term_months = 24
    world.singkawang.save()
    record = create(world)

    with pytest.raises(services.WarningsNeedReason, match="24 months"):
        services.document_create(
            actor=world.sec_singkawang,
            cooperation=record,
            data={
                "kind": "kb",
                "title": "KB",
                "status": "final",
                "start_date": dt.date(2021, 1, 1),
                "end_date": dt.date(2023, 6, 1),
            },
        )


@pytest.mark.rule("9.12-ksdpk-contract-states-its-term")
def test_signed_ksdpk_contract_needs_a_term(world):
    company = ThirdPartyFactory()
    record = create(
        world,
        data={**ksdd_data(), "kind": "ksdpk", "ksdd_category": "", "ksdpk_kind": "investment"},
        party_list=[services.PartyInput(region_partner("61.72")), services.PartyInput(company)],
    )

    with pytest.raises(services.RuleViolation, match="Pasal 19"):
        services.document_create(
            actor=world.sec_singkawang,
            cooperation=record,
            data={
                "kind": "pks",
                "title": "Kontrak",
                "status": "signed",
                "signed_on": dt.date(2022, 5, 2),
            },
        )


def test_uploads_keep_every_version(world):
    document = world.document

    second = services.document_file_add(
        actor=world.sec_singkawang,
        document=document,
        upload=SimpleUploadedFile("PKS revisi.docx", make_docx()),
    )

    assert list(document.files.order_by("version").values_list("version", "content_type")) == [
        (1, "application/pdf"),
        (2, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    assert second.file.read() == make_docx()
    assert world.file.file.open("rb").read() == make_pdf()
    assert AuditEvent.objects.filter(action="document.upload", cooperation=world.local).count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("surat.pdf", b"MZ\x90\x00 this is an executable", "neither"),
        ("surat.pdf", b"%PDF-1.7 but broken", "neither"),
        ("surat.docx", b"PK\x03\x04 not really a zip", "neither"),
        ("surat.pdf", b"", "empty"),
        ("surat.exe", None, "does not end in .pdf"),
    ],
)
def test_uploads_are_checked_by_content(world, name, content, message):
    upload = SimpleUploadedFile(name, make_pdf() if content is None else content)

    with pytest.raises(services.DomainError, match=message):
        services.document_file_add(
            actor=world.sec_singkawang, document=world.document, upload=upload
        )

    assert DocumentFile.objects.filter(document=world.document).count() == 1


def test_upload_over_the_size_limit_is_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 100

    with pytest.raises(services.DomainError, match="limit"):
        services.document_file_add(
            actor=world.sec_singkawang,
            document=world.document,
            upload=SimpleUploadedFile("besar.pdf", make_pdf()),
        )


@pytest.mark.rule("8.1-apbd-financing-names-its-region")
def test_financing_from_apbd_needs_a_region_party(world):
    party = world.local.parties.get(order=1)

    line = services.financing_add(
        actor=world.sec_singkawang,
        cooperation=world.local,
        data={"source": "apbd", "party": party, "amount": 1_250_000_000, "fiscal_year": 2021},
    )
    with pytest.raises(services.RuleViolation, match="APBD"):
        services.financing_add(
            actor=world.sec_singkawang,
            cooperation=world.local,
            data={"source": "apbd", "party": None, "amount": 5},
        )

    assert FinancingLine.objects.filter(cooperation=world.local, source="apbd").get() == line
    assert AuditEvent.objects.filter(action="financing.add").count() == 1


def test_region_partner_is_made_once(world):
    first = region_partner("61.01")
    again = region_partner("61.01")

    assert first == again
    assert (first.kind, first.name) == (PartnerKind.REGION, "Pemerintah Kabupaten Sambas")
    assert Partner.objects.filter(region__code="61.01").count() == 1


def test_today_is_a_valid_signing_date(world):
    record = create(world, stage="kb_drafting")  # a KB is signed from this stage on (§5.1)

    document = services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data={"kind": "kb", "title": "KB", "status": "signed", "signed_on": timezone.localdate()},
    )

    assert document.signed_on == timezone.localdate()


@pytest.mark.rule("6.4-termination-reasons")
def test_registering_an_ended_case_needs_its_reason(world):
    with pytest.raises(services.RuleViolation, match="why the cooperation ended"):
        create(world, stage="ended")
    with pytest.raises(services.RuleViolation, match="third party only"):
        create(
            world,
            stage="ended",
            data=ksdd_data(
                termination_reason="third_party_bankrupt", terminated_on=dt.date(2024, 1, 1)
            ),
        )
    with pytest.raises(services.RuleViolation, match="Only an ended cooperation"):
        create(world, stage="in_force", data=ksdd_data(termination_reason="term_expired"))

    record = create(
        world,
        stage="ended",
        data=ksdd_data(termination_reason="term_expired", terminated_on=dt.date(2024, 1, 1)),
    )

    assert (record.termination_reason, record.terminated_on) == (
        "term_expired",
        dt.date(2024, 1, 1),
    )


def test_an_ended_case_is_corrected_without_its_ending_facts_on_the_edit_form(world):
    """The edit form has no field for why and when a case ended (that is the ending step's,
    §6.4): a correction of an ended case's title keeps them (the walk of issue 11 found every
    ended case refused with "Record why the cooperation ended")."""
    record = create(
        world,
        stage="ended",
        data=ksdd_data(termination_reason="term_expired", terminated_on=dt.date(2024, 1, 1)),
    )

    services.cooperation_update(
        actor=world.sec_singkawang,
        cooperation=record,
        expected_version=record.version,
        data=ksdd_data(title="Kesepakatan Bersama Kalbar–Singkawang (diperbaiki)"),
        parties=parties(),
        affairs=affairs("1.03", "3.26"),
        override_reason="Perbaikan judul",
        change_reason="Perbaikan judul",
    )

    record.refresh_from_db()
    assert record.title == "Kesepakatan Bersama Kalbar–Singkawang (diperbaiki)"
    assert (record.stage, record.termination_reason, record.terminated_on) == (
        "ended",
        "term_expired",
        dt.date(2024, 1, 1),
    )


def test_document_executing_opd_must_belong_to_a_party_region(world):
    from tests.factories import OpdFactory

    pontianak_opd = OpdFactory(tenant=world.pontianak, name="Dinas PU Pontianak")

    with pytest.raises(services.RuleViolation, match="region that is a party"):
        services.document_create(
            actor=world.sec_singkawang,
            cooperation=world.local,
            data={"kind": "pks", "title": "PKS", "status": "draft", "executing_opd": pontianak_opd},
        )
    document = services.document_create(
        actor=world.sec_singkawang,
        cooperation=world.local,
        data={"kind": "pks", "title": "PKS", "status": "draft", "executing_opd": world.pupr},
        override_reason="The KB is not on file.",  # a PKS without a KB needs a reason (item 5)
    )

    assert document.executing_opd == world.pupr


def test_party_update_is_refused_to_another_partys_secretariat(world):
    party = world.local_party  # Singkawang's party

    with pytest.raises(NotPermitted, match="own secretariat"):
        services.party_update(
            actor=world.sec_bengkayang, party=party, data={"register_number": "X"}
        )
    services.party_update(
        actor=world.sec_singkawang, party=party, data={"register_number": "KS.SKW/2021/07"}
    )

    party.refresh_from_db()
    assert party.register_number == "KS.SKW/2021/07"
    assert AuditEvent.objects.get(action="party.update").changes == {
        "register_number": ["", "KS.SKW/2021/07"]
    }


def test_pks_within_a_kb_extended_by_addendum_does_not_warn(world):
    record = create(world, stage="pks_drafting")  # past the KB (§5.1)
    kb = services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data={
            "kind": "kb",
            "title": "KB",
            "status": "signed",
            "signed_on": dt.date(2020, 11, 26),
            "start_date": dt.date(2020, 11, 26),
            "end_date": dt.date(2025, 11, 25),
        },
    )
    # §6.3 (issue 7): the TKKSD reviewed the addendum before it was signed.
    DocumentFactory(
        cooperation=record,
        kind="tkksd_minutes",
        title="Notulen TKKSD adendum",
        status="final",
        signed_on=dt.date(2025, 9, 15),
        start_date=None,
        end_date=None,
    )
    services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data={
            "kind": "addendum",
            "parent": kb,
            "title": "Adendum I",
            "status": "signed",
            "signed_on": dt.date(2025, 10, 1),
            "start_date": dt.date(2025, 11, 26),
            "end_date": dt.date(2030, 11, 25),
        },
    )

    pks = services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data={
            "kind": "pks",
            "parent": kb,
            "title": "PKS",
            "status": "final",
            "start_date": dt.date(2026, 1, 1),
            "end_date": dt.date(2028, 12, 31),
        },
    )

    record.refresh_from_db()
    assert pks.overrides.count() == 0
    assert record.ends_on == dt.date(2030, 11, 25)


@pytest.mark.rule("9.7-dprd-approval-before-pks", "5.3-pks-four-clauses", "9.9-power-of-attorney")
def test_a_pks_is_signed_only_past_the_kb_and_dprd_with_its_gates(world):
    company = ThirdPartyFactory()
    record = create(
        world,
        data={**ksdd_data(), "kind": "ksdpk", "ksdd_category": "", "ksdpk_kind": "investment"},
        party_list=[services.PartyInput(region_partner("61.72")), services.PartyInput(company)],
        stage="awaiting_dprd",
    )
    pks = {
        "kind": "pks",
        "title": "Kontrak",
        "status": "signed",
        "signed_on": dt.date(2026, 5, 4),
        "start_date": dt.date(2026, 6, 1),
        "end_date": dt.date(2029, 5, 31),
    }
    party = record.parties.get(order=1)

    with pytest.raises(services.RuleViolation) as early:
        services.document_create(actor=world.sec_singkawang, cooperation=record, data=pks)
    Cooperation.objects.filter(pk=record.pk).update(stage="pks_drafting")
    record.refresh_from_db()
    with pytest.raises(services.RuleViolation) as gates:
        services.document_create(
            actor=world.sec_singkawang,
            cooperation=record,
            data=pks,
            entries={
                party.pk: services.DocumentEntryInput(number="1", under_power_of_attorney=True)
            },
        )
    services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        # A surat kuasa counts when signed and dated on or before the PKS (§9 item 9).
        data={
            "kind": "power_of_attorney",
            "title": "Surat Kuasa",
            "status": "signed",
            "signed_on": pks["signed_on"],
        },
    )
    signed = services.document_create(
        actor=world.sec_singkawang,
        cooperation=record,
        data={**pks, "mandatory_clauses_confirmed": True},
        entries={party.pk: services.DocumentEntryInput(number="1", under_power_of_attorney=True)},
        override_reason="The KB is not on file.",  # a PKS without a KB needs a reason (item 5)
    )

    assert "after the Kesepakatan Bersama is signed" in early.value.message_dict["status"][0]
    assert "power of attorney" in gates.value.message_dict["parties"][0]
    assert "four mandatory clauses" in gates.value.message_dict["mandatory_clauses_confirmed"][0]
    assert signed.status == "signed"
