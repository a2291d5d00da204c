"""Who changes what, and when (issue 6, items 13–18), told as the cases that were found:

13. leadership and an uninvolved OPD officer updated a case; an unrelated secretariat renamed a
    partner (the whole matrix is tests/test_service_permissions.py);
14. an OPD officer retitled the signed, in-force Kalbar–Singkawang KB and deleted a financing
    line without confirmation;
15. Singkawang replaced Bengkayang with Pontianak and Bengkayang silently lost access;
16. province oversight took over a kab/kota cooperation;
17. a signed document was set back to draft;
18. two stale forms of party data, partners and OPDs were both "saved".

Expected outcomes are stated from the rules in docs/ARCHITECTURE.md ("Visibility and editing")
and the domain reference (§6.6), not from the code's tables.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from kerjasama.accounts import services as account_services
from kerjasama.accounts.models import Role
from kerjasama.agreements import lifecycle, selectors, services
from kerjasama.agreements.access import access_refresh
from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Cooperation, Document, FinancingLine
from kerjasama.core.exceptions import NotPermitted, StaleWrite
from kerjasama.core.models import AuditEvent
from kerjasama.partners import services as partner_services
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    DocumentPartyFactory,
    FinancingLineFactory,
    TenantFactory,
    UserFactory,
    party_asked_to_leave,
    region,
)

pytestmark = pytest.mark.django_db


def _ksdd(**extra):
    return {
        "kind": "ksdd",
        "ksdd_category": "sukarela",
        "in_plan": True,
        "initiative": "region",
        "legal_regime": "pp28_2018",
        **extra,
    }


def _signed_kb(world) -> Cooperation:
    """The Kalbar–Singkawang KB, signed and in force, carried out by Singkawang's PUPR."""
    record = world.kb
    Cooperation.objects.filter(pk=record.pk).update(created_by=world.sec_singkawang)
    record.refresh_from_db()
    own = record.parties.get(partner__region__code="61.72")
    own.executing_opd = world.pupr
    own.save()
    access_refresh(record)  # written past the services (issue 8)
    kb = DocumentFactory(
        cooperation=record,
        kind="kb",
        title="Kesepakatan Bersama Kalbar–Singkawang",
        created_by=world.sec_singkawang,
    )
    for party in record.parties.all():
        DocumentPartyFactory(document=kb, party=party, number=f"KS.{party.order}/2021")
    FinancingLineFactory(cooperation=record)
    return record


def _update(actor, record, **extra):
    return services.cooperation_update(
        actor=actor,
        cooperation=record,
        expected_version=record.version,
        data=_ksdd(title=extra.pop("title", record.title)),
        parties=[services.PartyInput(p.partner) for p in record.parties.order_by("order")],
        affairs=list(record.affairs.all()),
        **extra,
    )


# --- 13 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["sekda", "tourism_officer"])
def test_leadership_and_an_uninvolved_officer_cannot_update_a_case(world, persona):
    record = _signed_kb(world)

    with pytest.raises(NotPermitted):
        _update(getattr(world, persona), record, title="Diubah tanpa hak")

    record.refresh_from_db()
    assert record.title == "Kesepakatan Bersama Provinsi Kalimantan Barat dan Kota Singkawang"
    assert not AuditEvent.objects.filter(action="cooperation.update").exists()


def test_an_unrelated_secretariat_cannot_rename_a_partner(world):
    with pytest.raises(NotPermitted):
        partner_services.partner_update(
            actor=world.sec_pontianak, partner=world.third_party, data={"name": "Nama lain"}
        )

    world.third_party.refresh_from_db()
    assert world.third_party.name == "Perumda Air Minum Gunung Poteng"


def test_leadership_cannot_register_a_partner(world):
    with pytest.raises(NotPermitted):
        partner_services.partner_create(
            actor=world.sekda,
            data={"kind": "third_party", "name": "PT Baru", "third_party_type": "private_company"},
        )


# --- 14 --------------------------------------------------------------------------------------


def test_an_opd_officer_cannot_retitle_the_signed_kb_nor_remove_its_financing(world):
    record = _signed_kb(world)
    kb = record.documents.get(kind="kb")
    line = record.financing.get()

    with pytest.raises(NotPermitted, match="ditandatangani"):
        _update(world.pupr_officer, record, title="KB diubah oleh OPD")
    with pytest.raises(NotPermitted, match="ditandatangani"):
        services.document_update(
            actor=world.pupr_officer, document=kb, data={"title": "KB diubah"}, change_reason="x"
        )
    with pytest.raises(NotPermitted):
        services.financing_remove(actor=world.pupr_officer, line=line, reason="x")

    record.refresh_from_db()
    kb.refresh_from_db()
    assert record.title == "Kesepakatan Bersama Provinsi Kalimantan Barat dan Kota Singkawang"
    assert kb.title == "Kesepakatan Bersama Kalbar–Singkawang"
    assert FinancingLine.objects.filter(pk=line.pk).exists()


def test_the_opd_officer_still_reports_progress_on_the_signed_kb(world):
    record = _signed_kb(world)

    report = services.document_create(
        actor=world.pupr_officer,
        cooperation=record,
        data={"kind": "implementation_report", "title": "Laporan 2025", "status": "final"},
    )

    assert report.cooperation == record
    assert report.created_by == world.pupr_officer


def test_the_secretariat_changes_a_signed_case_only_with_a_recorded_reason(world):
    record = _signed_kb(world)

    with pytest.raises(services.RuleViolation) as refused:
        _update(world.sec_singkawang, record, title="Judul baru")
    _update(world.sec_singkawang, record, title="Judul baru", change_reason="Salah ketik")

    assert "change_reason" in refused.value.message_dict
    record.refresh_from_db()
    assert record.title == "Judul baru"
    event = AuditEvent.objects.get(action="cooperation.update")
    assert event.data == {"reason": "Salah ketik"}


def test_a_proposal_is_still_drafted_by_its_opd_officer_without_a_reason(world):
    record = CooperationFactory(
        stage=Stage.PROPOSAL,
        party_codes=("61.72", "61.07"),
        created_by=world.sec_singkawang,
        created_by_tenant=world.singkawang,
    )
    own = record.parties.get(partner__region__code="61.72")
    own.initiating_opd = world.pupr
    own.save()
    access_refresh(record)  # written past the services (issue 8)

    _update(world.pupr_officer, record, title="Usulan air bersih (revisi PUPR)")

    record.refresh_from_db()
    assert record.title == "Usulan air bersih (revisi PUPR)"


def test_removing_financing_in_the_screen_asks_to_confirm_and_why(client, world):
    record = _signed_kb(world)
    line = record.financing.get()
    client.force_login(world.sec_singkawang)
    url = reverse("agreements:financing_remove", args=[record.pk, line.pk])

    page = client.get(url)
    without_reason = client.post(url, {})
    done = client.post(url, {"reason": "Dicatat ganda"})

    text = page.content.decode()
    assert "Hapus rincian pendanaan" in text
    assert 'name="reason"' in text
    assert without_reason.status_code == 422
    assert done.status_code == 302
    assert not FinancingLine.objects.filter(pk=line.pk).exists()
    event = AuditEvent.objects.get(action="financing.remove")
    assert event.data == {"reason": "Dicatat ganda"}


def test_the_screens_answer_403_in_indonesian_to_an_officer_editing_a_signed_case(client, world):
    record = _signed_kb(world)
    client.force_login(world.pupr_officer)

    response = client.get(reverse("agreements:edit", args=[record.pk]))

    assert response.status_code == 403
    assert "hanya diubah oleh sekretariat" in response.content.decode()


def test_a_service_refusal_reaches_the_screen_as_403_in_indonesian(client, world):
    """The officer may edit its report; turning it into an agreement after signing is refused
    by the service alone: the screen answers 403 with its message, and nothing is saved."""
    record = _signed_kb(world)
    report = DocumentFactory(
        cooperation=record,
        kind="implementation_report",
        title="Laporan 2025",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
        created_by=world.pupr_officer,
    )
    client.force_login(world.pupr_officer)
    url = reverse("agreements:document_edit", args=[record.pk, report.pk])

    response = client.post(
        url, {"kind": "kb", "title": "KB kedua", "status": "final", "version": "1"}
    )

    assert response.status_code == 403
    assert "hanya sekretariat" in response.content.decode()
    report.refresh_from_db()
    assert (report.kind, report.title) == ("implementation_report", "Laporan 2025")


def test_the_officer_is_offered_no_agreement_kinds_on_a_signed_case(client, world):
    record = _signed_kb(world)
    client.force_login(world.pupr_officer)

    page = client.get(reverse("agreements:document_create", args=[record.pk])).content.decode()

    assert 'value="implementation_report"' in page
    assert 'value="addendum"' not in page
    assert 'value="kb"' not in page


# --- 15 --------------------------------------------------------------------------------------


def test_a_secretariat_cannot_replace_another_region_that_uses_kerjasama(world):
    record = CooperationFactory(
        stage=Stage.PROPOSAL,
        party_codes=("61.72", "61.07"),
        created_by=world.sec_singkawang,
        created_by_tenant=world.singkawang,
    )

    with pytest.raises(services.RuleViolation) as refused:
        services.cooperation_update(
            actor=world.sec_singkawang,
            cooperation=record,
            expected_version=record.version,
            data=_ksdd(title=record.title),
            parties=[services.PartyInput(region("61.72")), services.PartyInput(region("61.71"))],
            affairs=list(record.affairs.all()),
        )

    assert "Kabupaten Bengkayang" in " ".join(refused.value.message_dict["parties"])
    assert sorted(record.parties.values_list("partner__region__code", flat=True)) == [
        "61.07",
        "61.72",
    ]
    assert selectors.cooperation_visible_to(world.sec_bengkayang).filter(pk=record.pk).exists()


def test_a_party_that_does_not_use_kerjasama_can_still_be_replaced(world):
    record = CooperationFactory(
        stage=Stage.PROPOSAL,
        party_codes=("61.72", "61.02"),  # Kabupaten Mempawah: not a tenant
        created_by=world.sec_singkawang,
        created_by_tenant=world.singkawang,
    )

    services.cooperation_update(
        actor=world.sec_singkawang,
        cooperation=record,
        expected_version=record.version,
        data=_ksdd(title=record.title),
        parties=[services.PartyInput(region("61.72")), services.PartyInput(region("61.07"))],
        affairs=list(record.affairs.all()),
    )

    assert sorted(record.parties.values_list("partner__region__code", flat=True)) == [
        "61.07",
        "61.72",
    ]


def _notes(user):
    return list(user.notifications.values_list("title", flat=True))


def test_a_region_leaves_only_when_its_secretariat_accepts_and_both_are_told(world):
    record = world.local
    # Pontianak takes Bengkayang's place (an edit adds it), then Bengkayang is asked to leave.
    services.cooperation_update(
        actor=world.sec_singkawang,
        cooperation=record,
        expected_version=record.version,
        data=_ksdd(title=record.title),
        parties=[services.PartyInput(p.partner) for p in record.parties.order_by("order")]
        + [services.PartyInput(region("61.71"))],
        affairs=list(record.affairs.all()),
        change_reason="Kota Pontianak menggantikan Kabupaten Bengkayang",
    )
    bengkayang = record.parties.get(partner__region__code="61.07")

    request = services.party_change_request(
        actor=world.sec_singkawang, party=bengkayang, reason="Tidak lagi terlibat"
    )

    assert record.parties.filter(pk=bengkayang.pk).exists()  # nothing changes yet
    assert selectors.cooperation_visible_to(world.sec_bengkayang).filter(pk=record.pk).exists()
    assert any("diminta keluar" in t for t in _notes(world.sec_bengkayang))
    assert any("diminta keluar" in t for t in _notes(world.sec_singkawang))

    services.party_change_decide(actor=world.sec_bengkayang, request=request, accept=True)

    assert not record.parties.filter(partner__region__code="61.07").exists()
    assert not selectors.cooperation_visible_to(world.sec_bengkayang).filter(pk=record.pk).exists()
    left = world.sec_bengkayang.notifications.filter(title__contains="telah keluar").get()
    assert (left.cooperation, left.url) == (None, "")  # it no longer sees the record
    assert world.sec_singkawang.notifications.filter(title__contains="telah keluar").exists()
    event = (
        AuditEvent.objects.filter(action="cooperation.update", cooperation=record)
        .order_by("id")
        .last()
    )
    assert event.data == {"reason": "Tidak lagi terlibat"}
    assert sorted(event.changes["parties"][1]) == [
        "Pemerintah Kota Pontianak",
        "Pemerintah Kota Singkawang",
    ]


def test_a_two_party_cooperation_asks_for_the_replacement_first(world):
    bengkayang = world.local.parties.get(partner__region__code="61.07")

    with pytest.raises(services.RuleViolation, match="dua pihak"):
        services.party_change_request(
            actor=world.sec_singkawang, party=bengkayang, reason="Tidak lagi terlibat"
        )

    assert not world.local.party_requests.exists()


def test_a_region_that_refuses_stays_a_party(world):
    bengkayang = party_asked_to_leave(world.local)
    request = services.party_change_request(
        actor=world.sec_singkawang, party=bengkayang, reason="Tidak lagi terlibat"
    )

    with pytest.raises(NotPermitted):  # the asking side cannot answer for it
        services.party_change_decide(actor=world.sec_singkawang, request=request, accept=True)
    services.party_change_decide(
        actor=world.sec_bengkayang, request=request, accept=False, answer="Kami tetap"
    )

    assert world.local.parties.filter(pk=bengkayang.pk).exists()
    assert world.sec_singkawang.notifications.filter(title__contains="menolak keluar").exists()


def test_the_record_page_lets_the_asked_region_answer(client, world):
    bengkayang = party_asked_to_leave(world.local)
    ask_url = reverse("agreements:party_change_request", args=[world.local.pk, bengkayang.pk])
    client.force_login(world.sec_singkawang)
    owner_page = client.get(world.local.get_absolute_url()).content.decode()
    client.post(ask_url, {"reason": "Tidak lagi terlibat"})
    request = world.local.party_requests.get()
    answer_url = reverse("agreements:party_change_decide", args=[world.local.pk, request.pk])
    waiting_page = client.get(world.local.get_absolute_url()).content.decode()

    client.force_login(world.sec_bengkayang)
    partner_page = client.get(world.local.get_absolute_url()).content.decode()
    answered = client.post(answer_url, {"accept": "1"})

    assert ask_url in owner_page
    assert answer_url not in waiting_page
    assert answer_url in partner_page
    assert answered.status_code == 302
    assert not world.local.parties.filter(pk=bengkayang.pk).exists()


# --- 16 --------------------------------------------------------------------------------------

TAKE_OVER_FACTS = {
    "guidance_given": True,
    "obstacles_evaluated": True,
    "minister_approved": True,
    "reason": "Kewajiban tidak dilaksanakan",
}


def _wajib_local(world) -> Cooperation:
    Cooperation.objects.filter(pk=world.local.pk).update(ksdd_category="wajib")
    world.local.refresh_from_db()
    return world.local


def _failed(record, code="61.72"):
    """The party that did not perform (§6.6): Kota Singkawang unless told."""
    return record.parties.get(partner__region__code=code).pk


def _take_over(actor, record):
    return lifecycle.cooperation_transition(
        actor=actor,
        cooperation=record,
        action="take_over",
        expected_stage=record.stage,
        facts=TAKE_OVER_FACTS | {"failed_party": _failed(record)},
    )


@pytest.mark.rule("6.6-taker-fits-the-failed-party", "12-governor-oversees-kabkota")
def test_province_oversight_cannot_take_over(world):
    record = _wajib_local(world)

    with pytest.raises(NotPermitted):
        _take_over(world.sec_kalbar, record)  # secretariat and oversight of Kalbar

    record.refresh_from_db()
    assert record.stage == Stage.IN_FORCE


@pytest.mark.rule("6.6-taker-fits-the-failed-party")
def test_the_governor_takes_over_a_kabkota_case_of_the_province(world):
    record = _wajib_local(world)
    governor = UserFactory(
        username="biro.pemerintahan.kalbar", tenant=world.kalbar, roles=[Role.TAKEOVER_AUTHORITY]
    )

    transition = _take_over(governor, record)

    record.refresh_from_db()
    assert record.stage == Stage.TAKEN_OVER
    assert transition.by == governor
    assert transition.data["taken_over_by"] == "governor"


@pytest.mark.rule("6.6-governor-needs-minister-approval")
def test_the_governor_needs_the_ministers_approval_whatever_the_form_says(world):
    record = _wajib_local(world)
    governor = UserFactory(
        username="biro.pemerintahan.kalbar", tenant=world.kalbar, roles=[Role.TAKEOVER_AUTHORITY]
    )
    facts = TAKE_OVER_FACTS | {
        "minister_approved": False,
        "taken_over_by": "central_government",
        "failed_party": _failed(record),
    }

    with pytest.raises(lifecycle.TransitionRefused, match="Menteri"):
        lifecycle.cooperation_transition(
            actor=governor,
            cooperation=record,
            action="take_over",
            expected_stage=record.stage,
            facts=facts,
        )

    record.refresh_from_db()
    assert record.stage == Stage.IN_FORCE


@pytest.mark.rule("6.6-taker-fits-the-failed-party")
def test_another_provinces_governor_cannot_take_over(world):
    record = _wajib_local(world)
    kalteng = TenantFactory(region=region("62"))
    other = UserFactory(username="biro.kalteng", tenant=kalteng, roles=[Role.TAKEOVER_AUTHORITY])
    kota = UserFactory(
        username="takeover.pontianak", tenant=world.pontianak, roles=[Role.TAKEOVER_AUTHORITY]
    )

    for actor in (other, kota):
        with pytest.raises(NotPermitted):
            _take_over(actor, record)

    record.refresh_from_db()
    assert record.stage == Stage.IN_FORCE


def test_the_take_over_authority_sees_the_kabkota_cases_of_its_province(world):
    governor = UserFactory(
        username="biro.pemerintahan.kalbar", tenant=world.kalbar, roles=[Role.TAKEOVER_AUTHORITY]
    )

    assert selectors.cooperation_visible_to(governor).filter(pk=world.local.pk).exists()


# --- 17 --------------------------------------------------------------------------------------


def test_a_signed_document_cannot_be_set_back_to_draft(world):
    Document.objects.filter(pk=world.document.pk).update(created_by=world.sec_singkawang)
    world.document.refresh_from_db()

    with pytest.raises(services.RuleViolation) as refused:
        services.document_update(
            actor=world.sec_singkawang,
            document=world.document,
            data={"status": "draft"},
            change_reason="Dibatalkan",
        )

    assert "status" in refused.value.message_dict
    world.document.refresh_from_db()
    assert world.document.status == "signed"


# --- 18 --------------------------------------------------------------------------------------


def test_stale_party_partner_and_opd_edits_are_refused_by_the_services(world):
    services.party_update(
        actor=world.sec_singkawang,
        party=world.local_party,
        data={"register_number": "A/1"},
        expected_version=1,
    )
    partner_services.partner_update(
        actor=world.sec_singkawang,
        partner=world.third_party,
        data={"address": "Alamat A"},
        expected_version=1,
    )
    account_services.opd_update(
        actor=world.sec_singkawang, opd=world.pupr, data={"short_name": "A"}, expected_version=1
    )

    with pytest.raises(StaleWrite):
        services.party_update(
            actor=world.sec_singkawang,
            party=world.local_party,
            data={"register_number": "B/2"},
            expected_version=1,
        )
    with pytest.raises(StaleWrite):
        partner_services.partner_update(
            actor=world.sec_singkawang,
            partner=world.third_party,
            data={"address": "Alamat B"},
            expected_version=1,
        )
    with pytest.raises(StaleWrite):
        account_services.opd_update(
            actor=world.sec_singkawang, opd=world.pupr, data={"short_name": "B"}, expected_version=1
        )

    world.local_party.refresh_from_db()
    world.third_party.refresh_from_db()
    world.pupr.refresh_from_db()
    assert (world.local_party.register_number, world.local_party.version) == ("A/1", 2)
    assert (world.third_party.address, world.third_party.version) == ("Alamat A", 2)
    assert (world.pupr.short_name, world.pupr.version) == ("A", 2)


@pytest.mark.parametrize(
    ("name", "args", "data", "read"),
    [
        (
            "agreements:party_edit",
            lambda w: [w.local.pk, w.local_party.pk],
            {"register_number": "{}"},
            lambda w: w.local_party.__class__.objects.get(pk=w.local_party.pk).register_number,
        ),
        (
            "partners:edit",
            lambda w: [w.third_party.pk],
            {
                "kind": "third_party",
                "name": "Perumda Air Minum Gunung Poteng",
                "third_party_type": "bumd",
                "address": "{}",
            },
            lambda w: w.third_party.__class__.objects.get(pk=w.third_party.pk).address,
        ),
        (
            "accounts:opd_edit",
            lambda w: [w.pupr.pk],
            {"name": "Dinas PUPR", "short_name": "{}", "active": "on"},
            lambda w: w.pupr.__class__.objects.get(pk=w.pupr.pk).short_name,
        ),
    ],
    ids=["party", "partner", "opd"],
)
def test_two_stale_forms_are_not_both_saved(client, world, name, args, data, read):
    client.force_login(world.sec_singkawang)
    url = reverse(name, args=args(world))
    form = client.get(url).content.decode()

    def post(value):
        return client.post(url, {k: v.format(value) for k, v in data.items()} | {"version": "1"})

    first, second = post("PERTAMA"), post("KEDUA")

    assert 'name="version"' in form
    assert 'value="1"' in form
    assert first.status_code == 302
    assert second.status_code == 409  # a stale write (core.exceptions.StaleWrite)
    assert "Orang lain telah menyimpan" in second.content.decode()
    assert "KEDUA" in second.content.decode()  # what the user typed is kept
    assert read(world) == "PERTAMA"


def test_the_take_over_step_opens_for_the_governor_and_not_for_oversight(client, world):
    record = _wajib_local(world)
    governor = UserFactory(
        username="biro.pemerintahan.kalbar", tenant=world.kalbar, roles=[Role.TAKEOVER_AUTHORITY]
    )
    take_over = reverse("agreements:step", args=[record.pk, "take_over"])

    client.force_login(governor)
    governor_step = client.get(take_over)
    client.force_login(world.sec_kalbar)
    oversight_step = client.get(take_over)

    assert governor_step.status_code == 200
    assert 'name="expected_stage"' in governor_step.content.decode()
    assert 'name="taken_over_by"' not in governor_step.content.decode()  # it is who acts
    assert oversight_step.status_code == 403


def test_a_party_with_numbered_documents_is_not_offered_to_leave_and_is_told_why(client, world):
    from kerjasama.agreements.models import DocumentParty
    from kerjasama.agreements.services import RuleViolation, party_change_request
    from tests.factories import party_asked_to_leave

    party = party_asked_to_leave(world.local)
    client.force_login(world.sec_singkawang)
    offered = client.get(world.local.get_absolute_url()).content.decode()
    DocumentParty.objects.update_or_create(
        document=world.document, party=party, defaults={"number": "180/07/BKY/2021"}
    )

    committed = client.get(world.local.get_absolute_url()).content.decode()
    with pytest.raises(RuleViolation) as refused:
        party_change_request(actor=world.sec_singkawang, party=party, reason="Tidak terlibat")

    leave_url = f"/kerjasama/{world.local.pk}/pihak/{party.pk}/keluar/"
    assert leave_url in offered
    assert leave_url not in committed
    assert "adendum" in " ".join(refused.value.messages)


def test_the_region_asked_to_leave_finds_the_request_in_its_action_list(client, world):
    from kerjasama.agreements.services import party_change_request
    from tests.factories import party_asked_to_leave

    party = party_asked_to_leave(world.local)
    party_change_request(actor=world.sec_singkawang, party=party, reason="Tidak lagi terlibat")
    client.force_login(world.sec_bengkayang)

    page = client.get("/").content.decode()
    box = page[page.index('id="needs-action"') :]

    assert "Permintaan agar daerah Anda keluar dari kerja sama" in box
    assert world.local.title in box
    assert "Tidak lagi terlibat" in box


def test_the_record_shows_what_a_take_over_attested(client, world):
    record = _wajib_local(world)
    governor = UserFactory(
        username="biro.pemerintahan.kalbar", tenant=world.kalbar, roles=[Role.TAKEOVER_AUTHORITY]
    )
    _take_over(governor, record)
    client.force_login(world.sec_singkawang)

    page = client.get(record.get_absolute_url()).content.decode()
    steps = page[page.index('id="history-h"') :]

    assert "Diambil alih oleh gubernur sebagai wakil Pemerintah Pusat" in steps
    assert "Pembinaan telah dilakukan terlebih dahulu" in steps
    assert "Menteri telah memberikan persetujuan" in steps
