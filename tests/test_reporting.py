"""Issue 7, gap 10: reporting duties (KERJASAMA_DAERAH.md §12) — who reports to whom and when,
each a deadline met only by the report that is that report.

Expected outcomes are written by hand from the reference:
- §12 / §6.1 state 14: the region reports on the implementation of a KSDPL or KSDLL to the
  Minister of Home Affairs (PP 28/2018 Pasal 43(1)); its timing is in PMDN25 (not read, ❓):
  yearly by default, periods from 1 January.
- §5.5 reporting row / §12: an internal report per case in force, yearly by default (❓), half-
  yearly for a region that follows the Kota Yogyakarta practice (🟡).
- §12: the governor (GWPP) monitors the kab/kota's cooperation (UU 23/2014 Pasal 368(1)) but no
  text read gives the kab/kota a duty to report to the governor: no such deadline by default.
- §8.4 `Laporan.tujuan`: a report says to whom it is addressed.
"""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kerjasama.agreements import services
from kerjasama.agreements.models import DeadlineKind, Document, Transition
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.services import deadline_mark_met, deadlines_refresh
from tests.factories import CooperationFactory, DocumentFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 2, 20)


def _in_force_since(cooperation, on: dt.date) -> None:
    Transition.objects.create(
        cooperation=cooperation,
        action="start",
        from_stage="text_signed",
        to_stage="in_force",
        on=on,
        interface="web",
    )


@pytest.fixture
def foreign(world):
    """Singkawang's KSDPL sister city, in force since March 2024."""
    record = CooperationFactory(
        kind="ksdpl",
        ksdd_category="",
        ksdpl_form="sister_city",
        title="Kota kembar Singkawang–Meizhou",
        party_codes=("61.72",),
        created_by_tenant=world.singkawang,
    )
    _in_force_since(record, dt.date(2024, 3, 1))
    return record


def _file(world, cooperation, title, **extra):
    data = {
        "kind": "implementation_report",
        "title": title,
        "status": "final",
        "signed_on": dt.date(2026, 2, 10),
        **extra,
    }
    return services.document_create(actor=world.sec_singkawang, cooperation=cooperation, data=data)


def _reports(cooperation, today=TODAY) -> dict[str, tuple[str, object]]:
    deadlines_refresh(cooperation, today=today)
    return {
        d.key: (d.status, d.met_by)
        for d in cooperation.deadlines.filter(kind=DeadlineKind.REPORT).exclude(status="cancelled")
    }


# --- The duties and their deadlines ---------------------------------------------------------


@pytest.mark.rule("12-report-to-the-minister")
def test_law_an_internal_monitoring_report_never_meets_the_report_to_the_minister(world, foreign):
    """§12, §6.1 state 14; PP 28/2018 Pasal 43(1): the region reports the implementation of its
    foreign cooperation to the Minister. A monitoring and evaluation report sent inside the
    region (to the regional head / TKKSD) is that internal report, not the report to the
    Minister: the Minister's 2025 deadline stays open, and a person cannot record it as met by
    the internal report either."""
    monev = _file(
        world,
        foreign,
        "Laporan monev internal 2025",
        kind="monev_report",
        addressee="kepala_daerah",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )

    due = _reports(foreign)

    assert due["report:minister:2025-01-01"] == ("open", None)
    assert due["report:internal:2025-01-01"] == ("met", monev)
    minister = foreign.deadlines.get(key="report:minister:2025-01-01")
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        deadline_mark_met(
            actor=world.sec_singkawang, deadline=minister, document=monev, met_on=TODAY
        )
    assert "Menteri Dalam Negeri" in " ".join(refused.value.message_dict["document"])
    minister.refresh_from_db()
    assert (minister.status, minister.met_by, minister.met_manually) == ("open", None, False)
    assert not AuditEvent.objects.filter(action="deadline.mark_met").exists()


@pytest.mark.rule("12-report-to-the-minister")
def test_law_the_report_to_the_minister_meets_only_the_ministers_deadline(world, foreign):
    """§12; PP 28/2018 Pasal 43(1): the report sent to the Minister on 2025 meets the Minister's
    2025 deadline (met on the day it was sent); the internal 2025 report is still owed."""
    report = _file(
        world,
        foreign,
        "Laporan pelaksanaan kerja sama luar negeri 2025 kepada Mendagri",
        addressee="mendagri",
        number="000.9/112/PEM",
        sent_on=dt.date(2026, 2, 12),
    )

    due = _reports(foreign)

    assert (report.period_start, report.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert due["report:minister:2025-01-01"] == ("met", report)
    assert foreign.deadlines.get(key="report:minister:2025-01-01").met_on == dt.date(2026, 2, 12)
    assert due["report:internal:2025-01-01"] == ("open", None)
    assert due["report:minister:2026-01-01"] == ("open", None)


@pytest.mark.rule("12-report-to-the-minister")
def test_law_a_domestic_case_owes_no_report_to_the_minister(world):
    """§12: PP 28/2018 Pasal 43 binds foreign cooperation; a KSDD in force reports internally
    (❓ yearly default), once per period: 2025 (overdue) and 2026."""
    _in_force_since(world.local, dt.date(2024, 3, 1))

    assert _reports(world.local) == {
        "report:internal:2025-01-01": ("open", None),
        "report:internal:2026-01-01": ("open", None),
    }


def test_law_no_report_to_the_governor_unless_the_province_asks_for_one(world, settings):
    """§12: the governor (GWPP) monitors the cooperation of the kab/kota of the province (UU 23/
    2014 Pasal 368(1)), but no text read gives them a duty to report to the governor: a kota's
    case has no such deadline. A province that asks for a yearly report switches it on; then
    only a report addressed to the governor meets it."""
    _in_force_since(world.local, dt.date(2024, 3, 1))
    assert not any(k.startswith("report:governor") for k in _reports(world.local))

    settings.KERJASAMA = {**settings.KERJASAMA, "REPORT_TO_GOVERNOR": True}
    internal = _file(world, world.local, "Laporan internal 2025")
    due = _reports(world.local)
    assert due["report:governor:2025-01-01"] == ("open", None)
    assert due["report:internal:2025-01-01"] == ("met", internal)

    to_governor = _file(
        world, world.local, "Laporan kepada Gubernur 2025", addressee="gubernur_gwpp"
    )
    assert _reports(world.local)["report:governor:2025-01-01"] == ("met", to_governor)


def test_the_internal_duty_follows_its_setting_and_the_ministers_its_own(world, foreign, settings):
    """§12: a region that follows the Yogyakarta practice reports internally every six months
    (🟡); the report to the Minister keeps its own (yearly) period."""
    settings.KERJASAMA = {**settings.KERJASAMA, "REPORT_PERIOD_MONTHS": 6}

    due = _reports(foreign, today=dt.date(2026, 8, 3))

    assert sorted(due) == [
        "report:internal:2026-01-01",
        "report:internal:2026-07-01",
        "report:minister:2025-01-01",
        "report:minister:2026-01-01",
    ]
    internal = foreign.deadlines.get(key="report:internal:2026-01-01")
    assert internal.due_on == dt.date(2026, 6, 30)
    with translation.override("en"):
        assert internal.label == (
            "Internal implementation report to the regional head (TKKSD), "
            "1 January 2026 – 30 June 2026"
        )
        assert "every 6 months" in internal.rule_label
        minister = foreign.deadlines.get(key="report:minister:2026-01-01")
        assert minister.label == (
            "Report to the Minister of Home Affairs, 1 January 2026 – 31 December 2026"
        )
        assert "PP 28/2018 Pasal 43(1)" in minister.rule_label
    with translation.override("id"):
        assert minister.label == (
            "Laporan kepada Menteri Dalam Negeri, 1 Januari 2026 – 31 Desember 2026"
        )


# --- A report says to whom it is addressed ---------------------------------------------------


def test_a_report_filed_without_a_recipient_is_internal_and_other_papers_have_none(world):
    """§8.4: nothing is guessed — not even from a title that names the Minister."""
    report = _file(world, world.local, "Laporan kepada Menteri Dalam Negeri")
    kak = services.document_create(
        actor=world.sec_singkawang,
        cooperation=world.local,
        data={"kind": "kak", "title": "KAK", "status": "final", "addressee": "mendagri"},
    )

    assert report.addressee == "kepala_daerah"
    assert (kak.addressee, kak.sent_on) == ("", None)


def test_a_report_to_the_minister_takes_the_oldest_period_still_owed_to_the_minister(
    world, foreign
):
    """§12: the internal 2025 report is on file; a report to the Minister filed in November
    2026 without its period covers the Minister's 2025 period, still owed."""
    _file(
        world,
        foreign,
        "Laporan internal 2025",
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    _reports(foreign, today=dt.date(2026, 11, 30))

    late = _file(
        world,
        foreign,
        "Laporan kepada Mendagri",
        addressee="mendagri",
        signed_on=dt.date(2026, 11, 30),
    )

    assert (late.period_start, late.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def test_a_report_is_not_sent_before_its_own_date_and_nothing_is_saved(world):
    count = Document.objects.count()
    with pytest.raises(ValidationError) as refused:
        _file(world, world.local, "Laporan", sent_on=dt.date(2026, 2, 1))
    assert "sent_on" in refused.value.message_dict
    assert Document.objects.count() == count


# --- Old rows keep what users recorded -------------------------------------------------------


class _AppsOfToday:
    """The app registry as migration 0009 asks it, with `agreements.Deadline` where the model
    lives now (`deadlines`, issue 7): the migration's function runs over today's rows."""

    def get_model(self, app_label: str, model_name: str):
        if (app_label, model_name.lower()) == ("agreements", "deadline"):
            return django_apps.get_model("deadlines", "Deadline")
        return django_apps.get_model(app_label, model_name)


def test_old_report_deadlines_become_the_internal_duty_and_keep_their_met_marks(world, foreign):
    """The one report deadline per period (`report:<start>`) becomes the internal duty's: a mark
    recorded by a user stays; on a foreign case the report to the Minister is a new, open
    deadline (its report was never said to go to the Minister)."""
    migration = importlib.import_module("kerjasama.agreements.migrations.0009_reporting_addressee")
    letter = DocumentFactory(
        cooperation=foreign,
        kind="monev_report",
        title="Laporan monev",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
    )
    Document.objects.filter(pk=letter.pk).update(addressee="")
    old = foreign.deadlines.create(
        subject_type="agreements.cooperation",
        subject_id=str(foreign.pk),
        key="report:2025-01-01",
        kind="report",
        due_on=dt.date(2025, 12, 31),
        title="Laporan pelaksanaan kepada Menteri",
        params={"start": "2025-03-01", "end": "2025-12-31", "foreign": True},
        status="met",
        met_by=letter,
        met_on=dt.date(2026, 1, 20),
        met_manually=True,
    )

    migration.reports_addressed(_AppsOfToday(), None)
    deadlines_refresh(foreign, today=TODAY)

    old.refresh_from_db()
    letter.refresh_from_db()
    assert letter.addressee == "kepala_daerah"
    assert (old.key, old.params["duty"], "foreign" in old.params) == (
        "report:internal:2025-01-01",
        "internal",
        False,
    )
    assert (old.status, old.met_by, old.met_on, old.met_manually) == (
        "met",
        letter,
        dt.date(2026, 1, 20),
        True,
    )
    minister = foreign.deadlines.get(key="report:minister:2025-01-01")
    assert (minister.status, minister.met_by) == ("open", None)


# --- Screens ---------------------------------------------------------------------------------


def test_the_report_form_asks_to_whom_it_is_addressed_and_saves_it(client, world, foreign):
    client.force_login(world.sec_singkawang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    url = reverse("agreements:document_create", args=[foreign.pk])

    page = client.get(url).content.decode()
    assert "Ditujukan kepada" in page
    assert '<option value="mendagri">Menteri Dalam Negeri (Mendagri)</option>' in page
    assert "Tanggal kirim" in page

    response = client.post(
        url,
        {
            "kind": "implementation_report",
            "title": "Laporan kepada Mendagri 2025",
            "status": "final",
            "signed_on": "2026-02-10",
            "sent_on": "2026-02-12",
            "number": "000.9/112/PEM",
            "addressee": "mendagri",
        },
    )

    assert response.status_code == 302
    report = foreign.documents.get(title="Laporan kepada Mendagri 2025")
    assert (report.addressee, report.sent_on, report.number) == (
        "mendagri",
        dt.date(2026, 2, 12),
        "000.9/112/PEM",
    )
    record = client.get(foreign.get_absolute_url()).content.decode()
    assert "Menteri Dalam Negeri (Mendagri) · dikirim 12 Februari 2026" in record


def test_the_record_shows_each_duty_with_its_recipient_and_offers_only_its_reports(
    client, world, foreign
):
    internal = _file(world, foreign, "Laporan monev internal", kind="monev_report", signed_on=None)
    to_minister = _file(
        world, foreign, "Laporan kepada Mendagri", addressee="mendagri", signed_on=None
    )
    deadlines_refresh(foreign)
    minister = foreign.deadlines.filter(kind="report", key__startswith="report:minister:").first()
    client.force_login(world.sec_singkawang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"

    page = client.get(foreign.get_absolute_url()).content.decode()
    due = page[page.index('id="due"') : page.index("</section>", page.index('id="due"'))]

    assert "Laporan kepada Menteri Dalam Negeri, " in due
    assert "Laporan pelaksanaan internal kepada kepala daerah (TKKSD), " in due
    assert "Pemerintah daerah melapor (PP 28/2018 Pasal 43(1)); setiap 12 bulan (pengaturan)" in due
    action = reverse("agreements:deadline_met", args=[foreign.pk, minister.pk])
    form = due[due.index(f'action="{action}"') :]
    form = form[: form.index("</form>")]
    assert f'value="{to_minister.pk}"' in form
    assert f'value="{internal.pk}"' not in form
    assert "yang ditujukan kepada Menteri Dalam Negeri" in form

    agenda = client.get(reverse("agreements:agenda")).content.decode()
    assert "Laporan kepada Menteri Dalam Negeri, " in agenda
