"""The secretariat records in the browser which document met a deadline (issue 6, item 9), and
the record page and the agenda say so, in Indonesian and in English (item 27)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from kerjasama.agreements.models import Transition
from kerjasama.deadlines.services import deadlines_refresh
from tests.factories import DocumentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretariat_records_what_met_a_report_deadline(live_server, page, world, screenshot_dir):
    record = world.local
    Transition.objects.create(
        cooperation=record,
        action="start",
        from_stage="pks_signed",
        to_stage="in_force",
        on=timezone.localdate() - dt.timedelta(days=800),
        interface="cli",
    )
    # Only a report meets a report deadline (issue 6, M1): an undated one, which no rule places.
    DocumentFactory(
        cooperation=record,
        kind="implementation_report",
        title="Laporan tahunan PUPR",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
    )
    deadlines_refresh(record)
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill("sec.singkawang")
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    due = page.locator("#due")
    due.get_by_text("Catat pemenuhannya").first.click()
    form = due.locator("details[open] form").first
    expect(form.get_by_label("Dipenuhi oleh").locator("option")).not_to_contain_text(
        ["PKS pilar batas"]
    )
    page.locator("#due").screenshot(path=str(screenshot_dir / "record-deadline-form-id.png"))
    form.get_by_label("Dipenuhi oleh").select_option(label="Laporan tahunan PUPR")
    form.get_by_role("button", name="Catat").click()

    expect(page.locator("#due")).to_contain_text("Dipenuhi oleh Laporan tahunan PUPR (")
    expect(page.locator(".timeline").first).to_contain_text("baris perintah")
    page.locator("#due").screenshot(path=str(screenshot_dir / "record-deadline-met-id.png"))

    page.goto(f"{live_server.url}/agenda/")
    expect(page.locator("main")).to_contain_text("Dipenuhi dalam 90 hari terakhir")
    page.screenshot(path=str(screenshot_dir / "agenda-met-id.png"), full_page=True)

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/agenda/")
    expect(page.locator("main")).to_contain_text("Met by Laporan tahunan PUPR (")
    expect(page.locator("main")).not_to_contain_text("Laporan pelaksanaan")
    page.screenshot(path=str(screenshot_dir / "agenda-met-en.png"), full_page=True)


def test_undoing_the_record_says_the_deadline_is_open_again(
    live_server, page, world, screenshot_dir
):
    """Issue 6, L8: "Batalkan pencatatan" undoes the record, not the obligation."""
    from kerjasama.agreements.models import DeadlineKind
    from kerjasama.deadlines.services import deadline_mark_met

    record = world.local
    deadlines_refresh(record)
    report = DocumentFactory(
        cooperation=record,
        kind="implementation_report",
        title="Laporan tahunan PUPR",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
    )
    deadline = record.deadlines.filter(kind=DeadlineKind.REPORT, status="open").first()
    deadline_mark_met(
        actor=world.sec_singkawang,
        deadline=deadline,
        document=report,
        met_on=timezone.localdate(),
    )
    page.goto(f"{live_server.url}/akun/masuk/")
    page.locator("#id_username").fill("sec.singkawang")
    page.locator("#id_password").fill("secret-password")
    page.locator("main form button[type=submit]").click()

    page.goto(f"{live_server.url}{record.get_absolute_url()}")
    page.locator("#due").screenshot(path=str(screenshot_dir / "record-met-id.png"))
    page.locator("#due").get_by_role("button", name="Batalkan pencatatan").click()

    expect(page.locator("body")).to_contain_text("Pencatatan pemenuhan tenggat dibatalkan")
    expect(page.locator("body")).to_contain_text("dibuka kembali")
    page.get_by_text("Pencatatan pemenuhan tenggat dibatalkan").screenshot(
        path=str(screenshot_dir / "record-undone-message-id.png")
    )
