"""Issue 7, gap 10 (§12): the secretariat files the report to the Minister on a foreign case in
force, saying to whom it is addressed, and records it as meeting the Minister's deadline; the
internal report is not offered for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kerjasama.agreements.models import Transition
from kerjasama.deadlines.services import deadlines_refresh
from tests.factories import CooperationFactory, DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_report_to_the_minister_is_filed_and_meets_only_its_duty(
    live_server, page, world, screenshot_dir
):
    record = CooperationFactory(
        kind="ksdpl",
        ksdd_category="",
        ksdpl_form="sister_city",
        title="Kota kembar Singkawang–Meizhou",
        party_codes=("61.72",),
        created_by_tenant=world.singkawang,
    )
    Transition.objects.create(
        cooperation=record,
        action="start",
        from_stage="text_signed",
        to_stage="in_force",
        on=timezone.localdate() - dt.timedelta(days=800),
        interface="cli",
    )
    DocumentFactory(
        cooperation=record,
        kind="monev_report",
        title="Laporan monev internal",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
        addressee="kepala_daerah",
    )
    deadlines_refresh(record)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill("sec.singkawang")
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    due = page.locator("#due")
    expect(due).to_contain_text("Laporan kepada Menteri Dalam Negeri, ")
    expect(due).to_contain_text("Laporan pelaksanaan internal kepada kepala daerah (TKKSD), ")
    due.screenshot(path=str(screenshot_dir / "record-duties-id.png"))

    page.goto(f"{live_server.url}/kerjasama/{record.pk}/dokumen/baru/")
    page.get_by_label("Jenis").select_option("implementation_report")
    page.get_by_label("Judul").fill("Laporan kepada Mendagri")
    page.get_by_label("Ditujukan kepada").select_option(label="Menteri Dalam Negeri (Mendagri)")
    page.get_by_label("Nomor surat").fill("000.9/112/PEM")
    # A report meets its duty once filed, not while in draft (§12; walk C of issue 7).
    page.get_by_label("Status").select_option("final")
    page.locator("main form").screenshot(path=str(screenshot_dir / "report-form-id.png"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Menteri Dalam Negeri (Mendagri)")

    due = page.locator("#due")
    minister = due.locator("li", has_text="Laporan kepada Menteri Dalam Negeri").first
    minister.get_by_text("Catat pemenuhannya").click()
    options = minister.get_by_label("Dipenuhi oleh").locator("option")
    expect(options).to_contain_text(["Laporan kepada Mendagri"])
    expect(options).not_to_contain_text(["Laporan monev internal"])
    minister.screenshot(path=str(screenshot_dir / "record-minister-form-id.png"))
    minister.get_by_label("Dipenuhi oleh").select_option(label="Laporan kepada Mendagri")
    minister.get_by_role("button", name="Catat").click()

    expect(page.locator("#due")).to_contain_text("Dipenuhi oleh Laporan kepada Mendagri (")
    page.locator("#due").screenshot(path=str(screenshot_dir / "record-minister-met-id.png"))
