"""Screens: the registry and its search, forms with good and bad input, N+1 guards, headers."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kerjasama.agreements.models import Cooperation, Document, DocumentFile, FinancingLine, Party
from kerjasama.core.models import AuditEvent
from kerjasama.partners.models import Partner
from tests.factories import (
    CooperationFactory,
    DocumentFactory,
    DocumentPartyFactory,
    ThirdPartyFactory,
    make_pdf,
)

pytestmark = pytest.mark.django_db


def _kb_with_numbers(world):
    kb = DocumentFactory(cooperation=world.kb, kind="kb", title="Naskah KB")
    first, second = world.kb.parties.order_by("order")
    DocumentPartyFactory(document=kb, party=first, number="119/BPOD/2021")
    DocumentPartyFactory(document=kb, party=second, number="180/05/KS-Pem/2021")
    return kb


def _unmarked(response) -> str:
    """The page without the search's `<mark>` tags (issue 8 marks the matches in the titles)."""
    return re.sub(r"</?mark>", "", response.content.decode())


@pytest.mark.parametrize("persona", ["sec_singkawang", "sec_kalbar"])
def test_search_finds_the_shared_kb_with_each_party_number(client, world, persona):
    _kb_with_numbers(world)
    client.force_login(getattr(world, persona))

    response = client.get("/kerjasama/", {"q": "Singkawang"})

    text = _unmarked(response)
    assert text.count(world.kb.title) == 1
    assert "119/BPOD/2021" in text
    assert "180/05/KS-Pem/2021" in text
    assert Cooperation.objects.filter(title=world.kb.title).count() == 1


def test_unrelated_region_gets_404_for_the_shared_kb(client, world):
    client.force_login(world.sec_pontianak)

    listing = client.get("/kerjasama/", {"q": "Singkawang"})
    detail = client.get(world.kb.get_absolute_url())

    assert world.kb.title not in _unmarked(listing)
    assert detail.status_code == 404
    assert world.kb.title not in detail.content.decode()


def test_registry_filters_by_type_stage_affair_and_expiring(client, world):
    other = CooperationFactory(
        title="Kerja sama pariwisata",
        stage="proposal",
        affair_codes=("3.26",),
        party_codes=("61.72", "61.07"),
    )
    client.force_login(world.sec_singkawang)

    by_stage = client.get("/kerjasama/", {"stage": "proposal"}).content.decode()
    by_affair = client.get("/kerjasama/", {"affair": "3.26"}).content.decode()
    by_group = client.get("/kerjasama/", {"affair_group": "3"}).content.decode()

    assert other.title in by_stage
    assert world.kb.title not in by_stage
    assert other.title in by_affair
    assert world.kb.title not in by_affair
    assert other.title in by_group
    assert world.local.title not in by_group


def test_registry_htmx_request_returns_only_the_results_fragment(client, world):
    client.force_login(world.sec_singkawang)

    response = client.get(
        "/kerjasama/",
        {"q": "pilar"},
        headers={"HX-Request": "true", "HX-Target": "registry-results"},
    )

    text = _unmarked(response)
    assert world.local.title in text
    assert "<html" not in text
    assert world.kb.title not in text


def test_registry_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.sec_singkawang)
    client.get("/kerjasama/")  # the region's filter options, cached from then on
    with CaptureQueriesContext(connection) as few:
        client.get("/kerjasama/")
    for _ in range(48):
        record = CooperationFactory(party_codes=("61.72", "61.07"), affair_codes=("1.03", "3.26"))
        DocumentPartyFactory(
            document=DocumentFactory(cooperation=record), party=record.parties.first()
        )

    client.get("/kerjasama/?sort=title")  # the options afresh after the writes
    with CaptureQueriesContext(connection) as many:
        response = client.get("/kerjasama/?sort=title")

    assert response.context["page"].count == 50
    assert len(many) == len(few)


def test_dashboard_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.sec_singkawang)
    client.get("/")  # the region's counts, cached from then on until the next write
    with CaptureQueriesContext(connection) as few:
        client.get("/")
    for _ in range(48):
        CooperationFactory(party_codes=("61.72", "61.07"))

    client.get("/")  # counted afresh after the writes
    with CaptureQueriesContext(connection) as many:
        response = client.get("/")

    assert response.context["dashboard"].total == 50
    assert len(many) == len(few)


def test_partner_list_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.sec_singkawang)
    with CaptureQueriesContext(connection) as few:
        client.get("/mitra/")
    ThirdPartyFactory.create_batch(49)

    with CaptureQueriesContext(connection) as many:
        response = client.get("/mitra/")

    assert response.context["page"].paginator.count == 50
    assert len(many) == len(few)


def test_registry_page_is_light(client, world):
    for _ in range(30):
        CooperationFactory(party_codes=("61.72", "61.07"), affair_codes=("1.03", "3.26"))
    client.force_login(world.sec_singkawang)

    response = client.get("/kerjasama/")

    assert len(response.content) < 200 * 1024


def test_dates_and_money_are_indonesian(client, world):
    _kb_with_numbers(world)
    world.line.amount = 1_250_000_000
    world.line.save()
    client.force_login(world.sec_singkawang)

    detail = client.get(world.local.get_absolute_url()).content.decode()
    kb = client.get(world.kb.get_absolute_url()).content.decode()

    assert "Rp\u00a01.250.000.000" in detail
    assert "14 Januari 2021" in kb


def test_english_is_one_switch_away(client, world):
    client.force_login(world.sec_singkawang)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(world.local.get_absolute_url())

    text = response.content.decode()
    assert "Parties" in text
    assert "Financing" in text
    assert "Rp\u00a01,250,000,000" in text


# --- Create and edit -----------------------------------------------------------------------


def _create_form(**overrides):
    data = {
        "kind": "ksdd",
        "ksdd_category": "sukarela",
        "initiative": "region",
        "legal_regime": "pp28_2018",
        "title": "Kerja sama penanganan banjir",
        "in_plan": "on",
        "affairs": [],
        "parties-TOTAL_FORMS": "3",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "2",
        "parties-MAX_NUM_FORMS": "20",
        "parties-0-partner": "61.72 Kota Singkawang",
        "parties-1-partner": "61.07",
        "parties-2-partner": "",
    }
    data.update(overrides)
    return data


def test_create_form_registers_a_cooperation(client, world):
    from kerjasama.reference.models import GovernmentAffair

    client.force_login(world.sec_singkawang)
    affair = GovernmentAffair.objects.get(code="1.05")

    response = client.post(
        "/kerjasama/baru/", _create_form(affairs=[affair.pk], own_executing_opd=world.pupr.pk)
    )

    record = Cooperation.objects.get(title="Kerja sama penanganan banjir")
    assert response.status_code == 302
    assert response["Location"] == record.get_absolute_url()
    assert [p.partner.region.code for p in record.parties.order_by("order")] == ["61.72", "61.07"]
    assert record.parties.get(order=1).executing_opd == world.pupr
    assert list(record.affairs.values_list("code", flat=True)) == ["1.05"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Bidang ini tidak boleh kosong."),
        ({}, "Pilih sekurang-kurangnya satu urusan pemerintahan"),
        ({"parties-1-partner": "99.99"}, "Tidak ada daerah dengan kode 99.99"),
        ({"parties-1-partner": "Kabupaten Antah Berantah"}, "Tidak ada daerah atau mitra bernama"),
        ({"parties-1-partner": ""}, "sekurang-kurangnya dua pihak"),
        ({"in_plan": ""}, "di luar RPJMD/RKPD"),
        ({"parties-0-partner": "61.71"}, "Daerah Anda harus menjadi salah satu pihak"),
        ({"kind": "tidak-ada"}, "Masukkan pilihan yang valid"),
    ],
)
def test_create_form_bad_input_shows_indonesian_message_and_saves_nothing(
    client, world, overrides, message
):
    client.force_login(world.sec_singkawang)
    before = (
        Cooperation.objects.count(),
        Party.objects.count(),
        Partner.objects.count(),
        AuditEvent.objects.count(),
    )

    response = client.post("/kerjasama/baru/", _create_form(**overrides))

    assert response.status_code == 422
    assert message in response.content.decode()
    assert (
        Cooperation.objects.count(),
        Party.objects.count(),
        Partner.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_edit_form_on_stale_copy_is_refused(client, world):
    from kerjasama.reference.models import GovernmentAffair

    client.force_login(world.sec_singkawang)
    world.local.version = 5
    world.local.save()
    data = _create_form(
        title="Judul baru",
        version="4",
        change_reason="Judul diperbaiki",
        affairs=[GovernmentAffair.objects.get(code="1.03").pk],
        **{"parties-0-partner": "61.72", "parties-1-partner": "61.07"},
    )

    response = client.post(reverse("agreements:edit", args=[world.local.pk]), data)

    world.local.refresh_from_db()
    text = response.content.decode()
    # A stale write is answered 409 (core.exceptions.StaleWrite), not 422, with the message in
    # Indonesian and what the user typed kept on the form.
    assert response.status_code == 409
    assert "Orang lain telah menyimpan kerja sama ini" in text
    assert 'value="Judul baru"' in text
    assert "Judul diperbaiki" in text
    assert world.local.title == "Pembangunan pilar batas Singkawang–Bengkayang"


def test_document_form_with_fake_pdf_shows_message_and_saves_nothing(client, world):
    client.force_login(world.sec_singkawang)
    fake = SimpleUploadedFile("naskah.pdf", b"<html>not a pdf</html>")

    response = client.post(
        reverse("agreements:document_create", args=[world.local.pk]),
        {"kind": "kb", "title": "KB baru", "status": "final", "upload": fake},
    )

    assert response.status_code == 422
    assert "Hanya dokumen PDF dan Word (DOCX)" in response.content.decode()
    assert not Document.objects.filter(title="KB baru").exists()


def test_upload_form_adds_a_version(client, world):
    # The PKS is signed: its file is the secretariat's (an OPD officer is refused, see
    # tests/test_service_permissions.py).
    client.force_login(world.sec_singkawang)

    response = client.post(
        reverse("agreements:document_upload", args=[world.local.pk, world.document.pk]),
        {"upload": SimpleUploadedFile("PKS final.pdf", make_pdf(2))},
    )

    assert response.status_code == 302
    assert list(world.document.files.values_list("version", flat=True).order_by("version")) == [
        1,
        2,
    ]
    assert DocumentFile.objects.get(version=2).original_name == "PKS final.pdf"


def test_financing_form_reads_indonesian_amounts(client, world):
    client.force_login(world.sec_singkawang)

    client.post(
        reverse("agreements:financing_add", args=[world.local.pk]),
        {"source": "apbn", "amount": "Rp 1.250.000.000", "fiscal_year": "2021"},
    )
    bad = client.post(
        reverse("agreements:financing_add", args=[world.local.pk]),
        {"source": "apbn", "amount": "satu miliar"},
    )

    assert FinancingLine.objects.filter(amount=1_250_000_000, fiscal_year=2021).exists()
    assert bad.status_code == 422
    assert "Tulis jumlah dalam Rupiah" in bad.content.decode()


def test_partner_create_flags_duplicates(client, world):
    client.force_login(world.sec_singkawang)
    data = {
        "kind": "third_party",
        "name": "PERUMDA AIR MINUM Gunung Poteng",
        "third_party_type": "bumd",
    }

    first = client.post("/mitra/baru/", data)
    confirmed = client.post("/mitra/baru/", {**data, "confirm_not_duplicate": "on"})

    assert first.status_code == 422
    assert "Gunung Poteng" in first.content.decode()
    assert "nama yang mirip" in first.content.decode()
    assert confirmed.status_code == 302
    assert Partner.objects.filter(name__icontains="Gunung Poteng").count() == 2


def test_partner_suggestions_offer_regions_and_partners(client, world):
    client.force_login(world.sec_singkawang)

    response = client.get("/mitra/saran/", {"parties-1-partner": "Gunung"})
    regions = client.get("/mitra/saran/", {"q": "61.7"})

    assert (
        f'value="P{world.third_party.pk} Perumda Air Minum Gunung Poteng"'
        in response.content.decode()
    )
    assert 'value="61.72 Kota Singkawang"' in regions.content.decode()


# --- Headers ---------------------------------------------------------------------------------


def test_pages_carry_a_strict_csp_and_security_headers(client, world):
    client.force_login(world.sec_singkawang)

    response = client.get("/kerjasama/")

    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_scripts_or_styles(client, world):
    client.force_login(world.sec_singkawang)
    pages = [
        "/",
        "/kerjasama/",
        world.local.get_absolute_url(),
        "/kerjasama/baru/",
        reverse("agreements:document_create", args=[world.local.pk]),
        "/mitra/",
        "/mitra/baru/",
        "/akun/opd/",
    ]

    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert " style=" not in html, url
        assert "<style" not in html, url


def test_forms_carry_csrf_tokens(client, world):
    client.force_login(world.sec_singkawang)

    html = client.get("/kerjasama/baru/").content.decode()

    assert 'name="csrfmiddlewaretoken"' in html
    assert "X-CSRFToken" in html


def test_opd_list_and_partner_page_query_counts_do_not_grow(client, world):
    from tests.factories import OpdFactory

    client.force_login(world.sec_singkawang)
    with CaptureQueriesContext(connection) as opds_few:
        client.get("/akun/opd/")
    with CaptureQueriesContext(connection) as partner_few:
        client.get(reverse("partners:detail", args=[world.third_party.pk]))
    OpdFactory.create_batch(48, tenant=world.singkawang)
    for _ in range(20):
        record = CooperationFactory(party_codes=("61.72", "61.07"))
        Party.objects.create(cooperation=record, partner=world.third_party, order=3)

    with CaptureQueriesContext(connection) as opds_many:
        opds = client.get("/akun/opd/")
    with CaptureQueriesContext(connection) as partner_many:
        partner = client.get(reverse("partners:detail", args=[world.third_party.pk]))

    assert len(opds.context["opds"]) == 50
    assert len(partner.context["cooperations"]) == 20
    assert len(opds_many) == len(opds_few)
    assert len(partner_many) == len(partner_few)


def test_dashboard_counts_by_type_stage_group_and_lists_what_expires(client, world):
    import datetime as dt

    from django.utils import timezone

    from kerjasama.deadlines.services import deadlines_refresh

    soon = CooperationFactory(
        title="PKS yang segera berakhir", party_codes=("61.72", "61.07"), affair_codes=("3.26",)
    )
    DocumentFactory(
        cooperation=soon,
        kind="pks",
        start_date=dt.date(2022, 1, 1),
        end_date=timezone.localdate() + dt.timedelta(days=30),
    )
    # The factory bypasses the document services, which keep dates and deadlines in step.
    Cooperation.objects.filter(pk=soon.pk).update(
        ends_on=timezone.localdate() + dt.timedelta(days=30)
    )
    deadlines_refresh(soon)
    client.force_login(world.sec_singkawang)

    response = client.get("/")

    board = response.context["dashboard"]
    assert board.total == 3
    assert dict((k, n) for k, _label, n in board.by_kind)["ksdd"] == 3
    assert dict((k, n) for k, _label, n in board.by_stage) == {"in_force": 3}
    assert dict((g, n) for g, _label, n in board.by_group) == {1: 2, 2: 0, 3: 1}
    assert [c.title for c in board.expiring] == ["PKS yang segera berakhir"]
    assert "PKS yang segera berakhir" in response.content.decode()


def test_detail_shows_parties_documents_money_and_timeline(client, world):
    client.force_login(world.sec_singkawang)

    text = client.get(world.local.get_absolute_url()).content.decode()

    assert "Pemerintah Kota Singkawang" in text
    assert "Pemerintah Kabupaten Bengkayang" in text
    assert "PKS pilar batas" in text
    assert "180/21/PEM" in text
    assert reverse("agreements:document_file", args=[world.local.pk, world.file.pk]) in text
    assert "Rp\u00a01.250.000.000" in text
    assert "pks.pdf" in text  # the upload's timeline entry


def test_an_invalid_filter_does_not_drop_the_valid_ones(client, world):
    client.force_login(world.sec_singkawang)

    response = client.get("/kerjasama/", {"q": "pilar", "year": "1999"})

    text = _unmarked(response)
    assert world.local.title in text
    assert world.kb.title not in text
    assert response.context["form"].errors["year"]


def test_document_edit_on_a_stale_copy_is_refused(client, world):
    client.force_login(world.sec_singkawang)
    url = reverse("agreements:document_edit", args=[world.local.pk, world.document.pk])
    data = {
        "kind": "pks",
        "title": "PKS pilar batas (revisi)",
        "status": "signed",
        "signed_on": "2021-01-14",
        "start_date": "2021-01-14",
        "end_date": "2026-01-13",
        "version": "1",
        "change_reason": "Judul mengikuti naskah yang ditandatangani",
    }

    first = client.post(url, data)
    second = client.post(url, {**data, "title": "Judul lama"})

    world.document.refresh_from_db()
    assert first.status_code == 302
    # 409 (StaleWrite), the Indonesian message, and the typed title kept on the form.
    assert second.status_code == 409
    assert "Orang lain telah menyimpan dokumen ini" in second.content.decode()
    assert 'value="Judul lama"' in second.content.decode()
    assert (world.document.title, world.document.version) == ("PKS pilar batas (revisi)", 2)


def test_a_finding_is_followed_up_from_the_record_page_and_its_deadline_met(client, world):
    from kerjasama.deadlines.models import Deadline

    client.force_login(world.sec_singkawang)
    client.post(
        reverse("agreements:finding_add", args=[world.local.pk]),
        {"received_on": "2026-01-05", "source": "Inspektorat", "summary": "Temuan"},
    )
    finding = world.local.findings.get()
    page = client.get(world.local.get_absolute_url()).content.decode()
    url = reverse("agreements:finding_follow_up", args=[world.local.pk, finding.pk])

    bad = client.post(url, {"followed_up_on": "2025-12-01", "follow_up": "Terlalu awal"})
    client.post(url, {"followed_up_on": "2026-02-02", "follow_up": "Sudah ditindaklanjuti"})

    finding.refresh_from_db()
    assert url in page
    assert bad.status_code == 422
    assert "antara tanggal temuan dan hari ini" in bad.content.decode()
    assert finding.followed_up_on == dt.date(2026, 2, 2)
    assert Deadline.objects.get(cooperation=world.local, kind="finding_follow_up").status == "met"


def test_dashboard_counts_the_overdue_deadlines_and_links_the_agenda(client, world):
    from django.utils import timezone

    from kerjasama.agreements.selectors import dashboard_for

    past = timezone.localdate() - dt.timedelta(days=3)
    for key, status in (("report:a", "open"), ("report:b", "met"), ("report:c", "open")):
        world.local.deadlines.create(
            subject_type="agreements.cooperation",
            subject_id=str(world.local.pk),
            key=key,
            kind="report",
            due_on=past,
            title="L",
            status=status,
        )
    world.local.deadlines.create(
        subject_type="agreements.cooperation",
        subject_id=str(world.local.pk),
        key="report:d",
        kind="report",
        due_on=past + dt.timedelta(days=30),
        title="L",
    )
    client.force_login(world.sec_singkawang)

    page = client.get("/").content.decode()

    assert dashboard_for(world.sec_singkawang).overdue == 2
    assert dashboard_for(world.sec_pontianak).overdue == 0
    assert "tenggat terlewat" in page
    assert 'href="/agenda/"' in page
