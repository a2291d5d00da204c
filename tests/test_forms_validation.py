"""Entry forms and validation (issue 6, items 5, 6, 7 and 24): what a person types is asked for,
bounded, cleaned and answered with a sentence in their language, on the screens and in the
services that the API and the command line will call."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kerjasama.agreements import lifecycle, services
from kerjasama.agreements.enums import Stage
from kerjasama.agreements.models import Document, SupervisionFinding, WarningOverride
from kerjasama.partners.models import Partner
from kerjasama.partners.services import partner_create
from tests.factories import CooperationFactory, DocumentFactory

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "abc\u202etxt.exe" shows as "abcexe.txt"


# --- Item 6: every database constraint a user can hit answers with a sentence ------------------


def _kerjasama_constraints():
    for model in apps.get_models():
        if model.__module__.startswith("kerjasama."):
            for constraint in model._meta.constraints:
                yield model, constraint


def test_the_walk_finds_the_constraints_of_every_app():
    names = {c.name for _m, c in _kerjasama_constraints()}

    # One of each app that has constraints, so that an empty walk cannot pass the next test.
    assert {
        "document_end_after_start",
        "partner_unique_npwp",
        "opd_unique_name_per_tenant",
        "reminder_sent_once",
        "region_province_iff_not_province",
    } <= names


@pytest.mark.parametrize(
    ("model", "constraint"),
    list(_kerjasama_constraints()),
    ids=lambda value: getattr(value, "name", getattr(value, "__name__", "")),
)
def test_every_constraint_has_its_own_sentence_in_indonesian(model, constraint):
    message = constraint.violation_error_message
    with translation.override("en"):
        english = str(message)
    with translation.override("id"):
        indonesian = str(message)

    assert message != constraint.default_violation_error_message
    assert indonesian != english, "no Indonesian translation"
    assert constraint.name not in indonesian
    assert "Batasan" not in indonesian
    assert "dilanggar" not in indonesian
    assert indonesian.endswith(".")


def _document_post(**overrides):
    return {
        "kind": "kak",
        "title": "Kerangka acuan kerja",
        "status": "final",
        "start_date": "2026-03-01",
        "end_date": "2025-03-01",
        **overrides,
    }


@pytest.mark.rule("9.12-term-ends-after-it-starts")
def test_document_form_end_before_start_says_so_next_to_the_end_date(client, world):
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("agreements:document_create", args=[world.local.pk]), _document_post()
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert response.context["form"].errors["end_date"] == [
        "Akhir jangka waktu harus sama dengan atau sesudah awal jangka waktu."
    ]
    assert not response.context["form"].non_field_errors()
    assert "document_end_after_start" not in html
    assert "Batasan" not in html
    assert not Document.objects.filter(title="Kerangka acuan kerja").exists()


def test_document_edit_end_before_start_says_so_and_keeps_the_dates(client, world):
    client.force_login(world.sec_singkawang)
    url = reverse("agreements:document_edit", args=[world.local.pk, world.document.pk])

    response = client.post(
        url,
        _document_post(kind="pks", title="PKS pilar batas", status="signed", signed_on="2021-01-14")
        | {"version": "1"},
    )

    world.document.refresh_from_db()
    assert response.status_code == 422
    assert (
        "Akhir jangka waktu harus sama dengan atau sesudah awal jangka waktu."
        in (response.context["form"].errors["end_date"])
    )
    assert "Batasan" not in response.content.decode()
    assert world.document.end_date == dt.date(2026, 1, 13)


def test_a_check_constraint_broken_through_the_model_says_the_sentence():
    document = Document(
        kind="kak",
        title="x",
        start_date=dt.date(2026, 3, 1),
        end_date=dt.date(2025, 3, 1),
    )

    with translation.override("id"), pytest.raises(ValidationError) as raised:
        document.validate_constraints()

    assert raised.value.message_dict["end_date"] == [
        "Akhir jangka waktu harus sama dengan atau sesudah awal jangka waktu."
    ]


def test_partner_form_duplicate_npwp_is_a_sentence_next_to_the_npwp(client, world):
    world.third_party.npwp = "012345678701000"
    world.third_party.save()
    client.force_login(world.sec_singkawang)

    response = client.post(
        "/mitra/baru/",
        {
            "kind": "third_party",
            "name": "CV Lain Sama Sekali",
            "third_party_type": "private_company",
            "npwp": "01.234.567.8-701.000",
        },
    )

    html = response.content.decode()
    assert response.status_code == 422
    assert "partner_unique_npwp" not in html
    assert "Batasan" not in html
    assert "NPWP ini sudah terdaftar" in html
    assert not Partner.objects.filter(name="CV Lain Sama Sekali").exists()


# --- Item 7: identifiers typed as printed ------------------------------------------------------


def test_npwp_typed_in_its_printed_form_is_accepted_and_stored_as_digits(client, world):
    client.force_login(world.sec_singkawang)

    page = client.get("/mitra/baru/").content.decode()
    response = client.post(
        "/mitra/baru/",
        {
            "kind": "third_party",
            "name": "PT Sinar Bengkayang Lestari",
            "third_party_type": "private_company",
            "npwp": "01.234.567.8-701.000",
            "nib": "9120 0012 3456 7",
        },
    )

    npwp_input = re.search(r"<input[^>]*name=\"npwp\"[^>]*>", page).group(0)
    maxlength = re.search(r'maxlength="(\d+)"', npwp_input)
    assert maxlength is None or int(maxlength.group(1)) >= len("0123.4567.8901.2345")
    assert response.status_code == 302
    partner = Partner.objects.get(name="PT Sinar Bengkayang Lestari")
    assert (partner.npwp, partner.nib) == ("012345678701000", "9120001234567")


def test_partner_service_normalises_identifiers_for_the_api_and_command_line(world):
    partner = partner_create(
        actor=world.sec_singkawang,
        data={
            "kind": "third_party",
            "name": "PT Dari Baris Perintah",
            "third_party_type": "private_company",
            "npwp": " 0123.4567.8901.2345 ",
            "nib": "912-000-123-456-7",
        },
    )

    assert (partner.npwp, partner.nib) == ("0123456789012345", "9120001234567")


def test_a_printed_npwp_of_another_length_is_refused_with_a_sentence(world):
    with translation.override("id"), pytest.raises(ValidationError) as raised:
        partner_create(
            actor=world.sec_singkawang,
            data={
                "kind": "third_party",
                "name": "PT Salah Ketik",
                "third_party_type": "private_company",
                "npwp": "01.234.567.8-701",
            },
        )

    assert raised.value.message_dict["npwp"] == ["NPWP terdiri atas 15 atau 16 digit."]


def test_a_third_party_is_found_by_its_npwp_typed_as_printed(client, world):
    world.third_party.npwp = "012345678701000"
    world.third_party.save()
    client.force_login(world.sec_singkawang)

    from kerjasama.partners.services import partner_search

    assert world.third_party in partner_search("01.234.567.8-701.000")
    assert world.third_party in partner_search("0123 4567 8701 000")


# --- Item 5: a PKS names the Kesepakatan Bersama it implements ---------------------------------


def _pks_data(**overrides):
    return {
        "kind": "pks",
        "title": "PKS pengelolaan air minum",
        "status": "signed",
        "signed_on": dt.date(2021, 3, 1),
        "start_date": dt.date(2021, 3, 1),
        "end_date": dt.date(2024, 3, 1),
        **overrides,
    }


def test_new_pks_form_preselects_the_only_kb(client, world):
    kb = DocumentFactory(cooperation=world.kb, kind="kb", title="KB Kalbar–Singkawang")
    client.force_login(world.sec_singkawang)

    response = client.get(reverse("agreements:document_create", args=[world.kb.pk]) + "?kind=pks")

    form = response.context["form"]
    assert form["kind"].value() == "pks"
    assert str(form["parent"].value()) == str(kb.pk)
    assert re.search(rf'<option value="{kb.pk}" selected>', response.content.decode())


def test_the_kb_on_the_record_page_links_to_a_new_pks_under_it(client, world):
    DocumentFactory(cooperation=world.kb, kind="kb", title="KB pertama")
    second = DocumentFactory(cooperation=world.kb, kind="kb", title="KB kedua")
    client.force_login(world.sec_singkawang)

    page = client.get(world.kb.get_absolute_url()).content.decode()
    link = (
        reverse("agreements:document_create", args=[world.kb.pk]) + f"?kind=pks&parent={second.pk}"
    )
    form = client.get(link).context["form"]

    assert link.replace("&", "&amp;") in page
    assert (form["kind"].value(), str(form["parent"].value())) == ("pks", str(second.pk))


def test_a_pks_without_its_kb_is_refused_on_the_form_when_the_case_has_one(client, world):
    DocumentFactory(cooperation=world.kb, kind="kb", title="KB Kalbar–Singkawang")
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("agreements:document_create", args=[world.kb.pk]),
        {
            "kind": "pks",
            "title": "PKS tanpa induk",
            "status": "final",
        },
    )

    assert response.status_code == 422
    assert "Pilih Kesepakatan Bersama" in " ".join(response.context["form"].errors["parent"])
    assert not Document.objects.filter(title="PKS tanpa induk").exists()


@pytest.mark.rule("5.1-pks-under-its-kb")
def test_the_service_refuses_a_pks_without_its_kb_when_the_case_has_one(world):
    DocumentFactory(cooperation=world.kb, kind="kb", title="KB Kalbar–Singkawang")

    with pytest.raises(services.RuleViolation) as raised:
        services.document_create(
            actor=world.sec_singkawang, cooperation=world.kb, data=_pks_data(parent=None)
        )

    assert "parent" in raised.value.message_dict
    assert not Document.objects.filter(title="PKS pengelolaan air minum").exists()


def _case_at_pks_drafting_without_kb(world):
    return CooperationFactory(
        title="Kerja sama lama tanpa KB di berkas",
        party_codes=("61.72", "61.07"),
        stage=Stage.PKS_DRAFTING,
        created_by_tenant=world.singkawang,
    )


@pytest.mark.rule("5.1-pks-under-its-kb", "5.4-pre-pp28-agreements-stay-valid")
def test_a_pks_on_a_case_without_kb_needs_a_reason_and_then_counts_for_the_next_stage(world):
    case = _case_at_pks_drafting_without_kb(world)

    with pytest.raises(services.WarningsNeedReason) as pending:
        services.document_create(actor=world.sec_singkawang, cooperation=case, data=_pks_data())
    assert not case.documents.exists()
    assert [w.code for w in pending.value.warnings] == ["pks_without_kb"]
    assert "PP 28/2018 Pasal 6" in pending.value.warnings[0].message

    pks = services.document_create(
        actor=world.sec_singkawang,
        cooperation=case,
        data=_pks_data(),
        override_reason="KB ditandatangani tahun 2015, naskahnya hilang; diganti berita acara.",
    )
    moved = lifecycle.cooperation_transition(
        actor=world.sec_singkawang,
        cooperation=case,
        action="sign_pks",
        expected_stage=Stage.PKS_DRAFTING,
        facts={"on": dt.date(2021, 3, 1)},
    )

    override = WarningOverride.objects.get(document=pks)
    assert override.code == "pks_without_kb"
    assert override.reason.startswith("KB ditandatangani tahun 2015")
    assert moved.to_stage == Stage.PKS_SIGNED


def test_a_pks_on_a_case_without_kb_asks_for_a_reason_on_the_form(client, world):
    case = _case_at_pks_drafting_without_kb(world)
    client.force_login(world.sec_singkawang)
    url = reverse("agreements:document_create", args=[case.pk])
    post = {
        "kind": "pks",
        "title": "PKS tanpa KB",
        "status": "signed",
        "signed_on": "2021-03-01",
        "start_date": "2021-03-01",
        "end_date": "2024-03-01",
    }

    first = client.post(url, post)
    second = client.post(url, {**post, "override_reason": "KB lama tidak ada di berkas."})

    assert first.status_code == 422
    assert "Kesepakatan Bersama" in first.content.decode()
    assert 'name="override_reason"' in first.content.decode()
    assert second.status_code == 302
    assert WarningOverride.objects.get(document__title="PKS tanpa KB").code == "pks_without_kb"


def test_editing_an_old_pks_without_kb_does_not_ask_again(world):
    case = _case_at_pks_drafting_without_kb(world)
    pks = services.document_create(
        actor=world.sec_singkawang, cooperation=case, data=_pks_data(), override_reason="Lama."
    )

    services.document_update(
        actor=world.sec_singkawang,
        document=pks,
        data=_pks_data(title="PKS (judul diperbaiki)"),
        expected_version=pks.version,
        change_reason="Salah ketik pada judul.",  # a signed agreement (issue 6/14)
    )

    pks.refresh_from_db()
    assert pks.title == "PKS (judul diperbaiki)"
    assert WarningOverride.objects.filter(document=pks).count() == 1


# --- Item 24: bounded text, no bidi controls ---------------------------------------------------


def test_a_title_with_a_right_to_left_override_is_stored_and_shown_neutralised(client, world):
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("agreements:document_create", args=[world.local.pk]),
        {"kind": "kak", "title": f"Laporan{RLO}fdp.exe", "status": "final"},
    )
    page = client.get(world.local.get_absolute_url()).content.decode()

    assert response.status_code == 302
    document = Document.objects.get(cooperation=world.local, kind="kak")
    assert document.title == "Laporanfdp.exe"
    assert RLO not in page
    assert "Laporanfdp.exe" in page


@pytest.mark.parametrize(
    "control",
    [*"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\x00"],
)
def test_services_neutralise_bidi_controls_in_every_text(world, control):
    finding = services.finding_add(
        actor=world.sec_singkawang,
        cooperation=world.local,
        data={
            "received_on": dt.date(2026, 1, 5),
            "source": f"Inspektorat{control}",
            "summary": f"Temuan{control} satu",
        },
    )

    finding.refresh_from_db()
    assert (finding.source, finding.summary) == ("Inspektorat", "Temuan satu")


def test_a_4_mb_finding_is_refused_by_the_form_and_by_the_service(client, world):
    client.force_login(world.sec_singkawang)
    huge = "a" * (4 * 1024 * 1024)

    response = client.post(
        reverse("agreements:finding_add", args=[world.local.pk]),
        {"received_on": "2026-01-05", "source": "Inspektorat", "summary": "b" * 20_001},
    )
    with translation.override("id"), pytest.raises(ValidationError) as raised:
        services.finding_add(
            actor=world.sec_singkawang,
            cooperation=world.local,
            data={"received_on": dt.date(2026, 1, 5), "source": "Inspektorat", "summary": huge},
        )

    assert response.status_code == 422
    assert "paling banyak" in response.content.decode()
    assert "summary" in raised.value.message_dict
    assert not SupervisionFinding.objects.filter(cooperation=world.local).exists()


def test_a_follow_up_and_an_override_reason_are_bounded_in_the_service(world):
    finding = services.finding_add(
        actor=world.sec_singkawang,
        cooperation=world.local,
        data={"received_on": dt.date(2026, 1, 5), "source": "Inspektorat", "summary": "Temuan"},
    )

    with pytest.raises(ValidationError):
        services.finding_follow_up(
            actor=world.sec_singkawang,
            finding=finding,
            data={"followed_up_on": dt.date(2026, 1, 6), "follow_up": "x" * 100_000},
        )
    with pytest.raises(ValidationError):
        services.document_create(
            actor=world.sec_singkawang,
            cooperation=world.local,
            data={
                "kind": "kb",
                "title": "KB terlalu panjang",
                "status": "final",
                "start_date": dt.date(2020, 1, 1),
                "end_date": dt.date(2030, 1, 1),
            },
            override_reason="y" * 100_000,
        )

    finding.refresh_from_db()
    assert finding.follow_up == ""
    assert not Document.objects.filter(title="KB terlalu panjang").exists()


def test_every_free_text_field_of_a_form_has_a_bound(world):
    from kerjasama.agreements import forms as agreement_forms
    from kerjasama.partners.forms import PartnerForm

    step = lifecycle.step_for("ksdd", "terminate", Stage.IN_FORCE)
    built = [
        agreement_forms.CooperationForm(user=world.sec_singkawang, creating=True),
        agreement_forms.DocumentForm(cooperation=world.local, user=world.sec_singkawang),
        agreement_forms.FindingForm(),
        agreement_forms.FindingFollowUpForm(),
        agreement_forms.TransitionForm(step=step, cooperation=world.local, overridable=["x"]),
        agreement_forms.OwnPartyForm(instance=world.local_party, opds=world.pupr.tenant.opds.all()),
        PartnerForm(),
    ]

    unbounded = [
        f"{type(form).__name__}.{name}"
        for form in built
        for name, field in form.fields.items()
        if type(field).__name__ in {"CharField", "EmailField", "URLField"} and not field.max_length
    ]
    assert unbounded == []


def test_titles_stored_before_the_fix_are_neutralised_by_the_migration(world):
    import importlib

    from django.apps import apps as live_apps

    from kerjasama.agreements.models import Cooperation

    migration = importlib.import_module(
        "kerjasama.agreements.migrations.0004_forms_bounded_text_and_constraint_messages"
    )
    # Written around the signal, as the rows of a database that predates it.
    Cooperation.objects.filter(pk=world.local.pk).update(title=f"Pilar{RLO} batas\u2066")
    Partner.objects.filter(pk=world.third_party.pk).update(address=f"Jl. Diponegoro{RLO} 1")

    migration.neutralise_stored_texts(live_apps, None)

    world.local.refresh_from_db()
    world.third_party.refresh_from_db()
    assert world.local.title == "Pilar batas"
    assert world.third_party.address == "Jl. Diponegoro 1"


def test_a_request_body_over_the_bound_is_refused_in_indonesian(client, world):
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("agreements:finding_add", args=[world.local.pk]),
        {"received_on": "2026-01-05", "source": "Inspektorat", "summary": "a" * 1_100_000},
        HTTP_ACCEPT_LANGUAGE="id",
    )

    assert response.status_code == 400
    assert "Permintaan tidak dapat dibaca" in response.content.decode()
    assert not SupervisionFinding.objects.filter(cooperation=world.local).exists()


def test_a_negative_amount_through_the_service_is_a_sentence_next_to_the_amount(world):
    from decimal import Decimal

    with translation.override("id"), pytest.raises(ValidationError) as raised:
        services.financing_add(
            actor=world.sec_singkawang,
            cooperation=world.local,
            data={"source": "apbn", "amount": Decimal("-1")},
        )

    assert raised.value.message_dict["amount"] == ["Jumlah tidak boleh negatif."]


def test_a_finding_stored_before_the_bound_can_still_be_followed_up(world):
    finding = services.finding_add(
        actor=world.sec_singkawang,
        cooperation=world.local,
        data={"received_on": dt.date(2026, 1, 5), "source": "Inspektorat", "summary": "Temuan"},
    )
    SupervisionFinding.objects.filter(pk=finding.pk).update(summary="a" * 4 * 1024 * 1024)
    finding.refresh_from_db()

    services.finding_follow_up(
        actor=world.sec_singkawang,
        finding=finding,
        data={"followed_up_on": dt.date(2026, 1, 6), "follow_up": f"Selesai{RLO}"},
    )

    finding.refresh_from_db()
    assert (finding.followed_up_on, finding.follow_up) == (dt.date(2026, 1, 6), "Selesai")


def test_a_reason_with_bidi_controls_is_neutralised_in_the_audit_trail_too(world):
    from kerjasama.core.models import AuditEvent

    services.document_create(
        actor=world.sec_singkawang,
        cooperation=world.local,
        data={
            "kind": "kb",
            "title": "KB panjang",
            "status": "final",
            "start_date": dt.date(2020, 1, 1),
            "end_date": dt.date(2030, 1, 1),
        },
        override_reason=f"Diatur{RLO} peraturan sektor",
    )

    event = AuditEvent.objects.filter(action="warning.override").latest("id")
    assert event.data["reason"] == "Diatur peraturan sektor"
    assert WarningOverride.objects.latest("id").reason == "Diatur peraturan sektor"
