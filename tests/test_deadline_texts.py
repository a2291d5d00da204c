"""Issue 6, items 9, 11 and 27: each deadline is met by the document that satisfies it (for its
own period), the calendar feed names the cooperation and alarms before each deadline, and
deadline and notification texts are rendered when shown, in the reader's language.

Expected values are written by hand from the domain reference (§12: a yearly implementation
report per period while in force; reminders at 7 and 0 days, expiry per region 90/60/30/7/0).
"""

from __future__ import annotations

import datetime as dt
import re

import icalendar
import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from kerjasama.agreements import services
from kerjasama.agreements.models import DeadlineKind, Transition
from kerjasama.core import audit
from kerjasama.core.exceptions import NotPermitted
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.deadlines.services import deadline_mark_met, deadline_reopen, deadlines_refresh
from kerjasama.notifications import services as notification_services
from kerjasama.notifications.models import Notification
from kerjasama.notifications.services import reminders_send

pytestmark = pytest.mark.django_db


def _in_force_since(cooperation, on: dt.date) -> None:
    Transition.objects.create(
        cooperation=cooperation,
        action="start",
        from_stage="pks_signed",
        to_stage="in_force",
        on=on,
        interface="web",
    )


def _file_report(world, cooperation, signed_on, **extra):
    data = {
        "kind": "implementation_report",
        "title": "Laporan pelaksanaan tahun 2025",
        "status": "final",
        "signed_on": signed_on,
        **extra,
    }
    return services.document_create(actor=world.sec_singkawang, cooperation=cooperation, data=data)


def _undated_report(world):
    """A report without a date: only a person can say which deadline it met (§12)."""
    from tests.factories import DocumentFactory

    return DocumentFactory(
        cooperation=world.local,
        kind="implementation_report",
        title="Laporan pelaksanaan tanpa tanggal",
        status="final",
        signed_on=None,
        start_date=None,
        end_date=None,
    )


def _reports(cooperation) -> dict[str, Deadline]:
    return {d.key: d for d in cooperation.deadlines.filter(kind=DeadlineKind.REPORT)}


# --- item 9: a report meets its own period only ---------------------------------------------


def test_a_late_2025_report_filed_in_2026_meets_2025_only(world):
    """A PKS in force since March 2024; the 2025 report is filed on 10 February 2026. §12: it
    covers 2025 and meets the deadline of 31 December 2025; the 2026 report (due 31 December
    2026) is still to come."""
    record = world.local
    _in_force_since(record, dt.date(2024, 3, 1))
    today = dt.date(2026, 2, 20)
    deadlines_refresh(record, today=today)
    before = _reports(record)
    assert {k: d.status for k, d in before.items()} == {
        "report:internal:2025-01-01": "open",
        "report:internal:2026-01-01": "open",
    }

    report = _file_report(world, record, dt.date(2026, 2, 10))
    deadlines_refresh(record, today=today)

    after = _reports(record)
    assert (report.period_start, report.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    met = after["report:internal:2025-01-01"]
    assert (met.status, met.met_by, met.met_on) == ("met", report, dt.date(2026, 2, 10))
    still = after["report:internal:2026-01-01"]
    assert (still.status, still.due_on, still.met_by) == ("open", dt.date(2026, 12, 31), None)


def test_a_2025_report_filed_336_days_late_meets_2025_and_not_2026(world):
    """The case of the issue: on 2 December 2026 the 2025 report is overdue (due 31 December
    2025) and the 2026 one is not yet due. The report filed now is the 2025 one."""
    record = world.local
    _in_force_since(record, dt.date(2024, 3, 1))
    today = dt.date(2026, 12, 2)
    deadlines_refresh(record, today=today)

    report = _file_report(world, record, dt.date(2026, 11, 30))
    deadlines_refresh(record, today=today)

    after = _reports(record)
    assert (report.period_start, report.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert (
        after["report:internal:2025-01-01"].status,
        after["report:internal:2025-01-01"].met_by,
    ) == (
        "met",
        report,
    )
    assert (
        after["report:internal:2026-01-01"].status,
        after["report:internal:2026-01-01"].met_by,
    ) == ("open", None)


def test_a_report_that_says_it_covers_2026_meets_2026_not_2025(world):
    record = world.local
    _in_force_since(record, dt.date(2024, 3, 1))
    report = _file_report(
        world,
        record,
        dt.date(2026, 2, 10),
        title="Laporan awal 2026",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 12, 31),
    )
    deadlines_refresh(record, today=dt.date(2026, 2, 20))

    after = _reports(record)
    assert after["report:internal:2025-01-01"].status == "open"
    assert (
        after["report:internal:2026-01-01"].status,
        after["report:internal:2026-01-01"].met_by,
    ) == ("met", report)


def test_a_report_period_needs_both_dates_in_order_and_nothing_is_saved(world):
    count = world.local.documents.count()
    with pytest.raises(ValidationError) as refused:
        _file_report(world, world.local, dt.date(2026, 2, 10), period_start=dt.date(2025, 1, 1))
    assert "period_end" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _file_report(
            world,
            world.local,
            dt.date(2026, 2, 10),
            period_start=dt.date(2025, 12, 31),
            period_end=dt.date(2025, 1, 1),
        )
    assert "period_end" in refused.value.message_dict
    assert world.local.documents.count() == count


def test_the_secretariat_records_what_met_a_deadline_and_can_undo_it(world):
    record = world.local
    _in_force_since(record, dt.date(2024, 3, 1))
    deadlines_refresh(record, today=dt.date(2026, 2, 20))
    deadline = _reports(record)["report:internal:2025-01-01"]
    letter = _undated_report(world)

    with audit.interface("web"):
        deadline_mark_met(
            actor=world.sec_singkawang,
            deadline=deadline,
            document=letter,
            met_on=dt.date(2026, 1, 20),
        )
    # Recomputing keeps what a person recorded.
    deadlines_refresh(record, today=dt.date(2026, 2, 20))
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_by, deadline.met_on, deadline.met_manually) == (
        "met",
        letter,
        dt.date(2026, 1, 20),
        True,
    )
    event = AuditEvent.objects.get(action="deadline.mark_met")
    assert (event.actor, event.object_id, event.interface) == (
        world.sec_singkawang,
        str(deadline.pk),
        "web",
    )
    assert event.changes["met_by"] == [None, letter.title]

    deadline_reopen(actor=world.sec_singkawang, deadline=deadline)
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_by, deadline.met_manually) == ("open", None, False)
    assert AuditEvent.objects.filter(action="deadline.reopen", object_id=str(deadline.pk)).exists()


def test_only_who_may_edit_the_case_records_a_deadline_met(world):
    record = world.local
    _in_force_since(record, dt.date(2024, 3, 1))
    deadlines_refresh(record, today=dt.date(2026, 2, 20))
    deadline = _reports(record)["report:internal:2025-01-01"]
    for outsider in (world.sec_pontianak, world.tourism_officer, world.sekda):
        with pytest.raises(NotPermitted):
            deadline_mark_met(
                actor=outsider,
                deadline=deadline,
                document=world.document,
                met_on=dt.date(2026, 1, 2),
            )
    deadline.refresh_from_db()
    assert (deadline.status, deadline.met_by) == ("open", None)
    assert not AuditEvent.objects.filter(action="deadline.mark_met").exists()
    # A document of another cooperation does not meet it.
    other = services.document_create(
        actor=world.sec_singkawang,
        cooperation=world.kb,
        data={"kind": "other", "title": "Surat lain", "status": "final"},
    )
    with pytest.raises(ValidationError) as refused:
        deadline_mark_met(
            actor=world.sec_singkawang,
            deadline=deadline,
            document=other,
            met_on=dt.date(2026, 1, 2),
        )
    assert "document" in refused.value.message_dict


def test_record_page_and_agenda_say_which_document_met_the_deadline(client, world):
    today = timezone.localdate()
    record = world.local
    _in_force_since(record, today - dt.timedelta(days=800))
    deadlines_refresh(record)
    deadline = record.deadlines.filter(kind=DeadlineKind.REPORT, status="open").first()
    client.force_login(world.sec_singkawang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    report = _undated_report(world)

    response = client.post(
        reverse("agreements:deadline_met", args=[record.pk, deadline.pk]),
        {"document": report.pk, "met_on": today.isoformat()},
    )

    assert response.status_code == 302
    expected = f"Dipenuhi oleh Laporan pelaksanaan tanpa tanggal ({_id_date(today)})"
    page = client.get(record.get_absolute_url()).content.decode()
    assert expected in page
    agenda = client.get(reverse("agreements:agenda")).content.decode()
    assert "Dipenuhi dalam 90 hari terakhir" in agenda
    assert expected in agenda

    client.post(reverse("agreements:deadline_reopen", args=[record.pk, deadline.pk]))
    deadline.refresh_from_db()
    assert deadline.status == "open"
    assert expected not in client.get(record.get_absolute_url()).content.decode()


def test_an_invalid_deadline_form_answers_in_indonesian_and_changes_nothing(client, world):
    record = world.local
    deadlines_refresh(record)
    deadline = record.deadlines.filter(kind=DeadlineKind.REPORT, status="open").first()
    client.force_login(world.sec_singkawang)
    future = timezone.localdate() + dt.timedelta(days=3)

    response = client.post(
        reverse("agreements:deadline_met", args=[record.pk, deadline.pk]),
        {"document": _undated_report(world).pk, "met_on": future.isoformat()},
    )

    assert response.status_code == 422
    assert "tidak boleh di masa depan" in response.content.decode()
    deadline.refresh_from_db()
    assert deadline.status == "open"


MONTHS_ID = "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
MONTHS_EN = "January February March April May June July August September October November December"


def _id_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS_ID.split()[day.month - 1]} {day.year}"


def _en_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS_EN.split()[day.month - 1]} {day.year}"


# --- item 27: facts stored, text rendered in the reader's language --------------------------


def test_a_deadline_reads_in_the_language_of_its_reader(world):
    record = world.local
    _in_force_since(record, dt.date(2024, 3, 1))
    with translation.override("en"):  # whoever triggered the computation
        deadlines_refresh(record, today=dt.date(2026, 2, 20))
    deadline = _reports(record)["report:internal:2025-01-01"]

    with translation.override("id"):
        assert deadline.label == (
            "Laporan pelaksanaan internal kepada kepala daerah (TKKSD), "
            "1 Januari 2025 – 31 Desember 2025"
        )
    with translation.override("en"):
        assert deadline.label == (
            "Internal implementation report to the regional head (TKKSD), "
            "1 January 2025 – 31 December 2025"
        )
        assert deadline.rule_label == (
            "The executing OPD reports to the regional head through the TKKSD; every 12 months "
            "(setting)"
        )


def _visible_text(html: str) -> str:
    """Text a reader sees: no tags, no attribute values (a date input's value is ISO)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
RAW_DECIMAL = re.compile(r"\b\d{4,}\.\d{2}\b")
ONLY_ID = ["Laporan pelaksanaan", "Terlambat", "hari lagi", "Jatuh tempo", "baris perintah"]
ONLY_EN = ["Implementation report", "overdue", "In 5 days", "command line", "Due today"]


@pytest.fixture
def lived_in(world):
    """world.local in force since 2024, moved once from the command line, with money, a
    finding, a report deadline due in 5 days and its reminder sent."""
    today = timezone.localdate()
    record = world.local
    _in_force_since(record, dt.date(2024, 3, 1))
    Transition.objects.filter(cooperation=record).update(interface="cli")
    with audit.interface("web"):
        services.financing_add(
            actor=world.sec_singkawang,
            cooperation=record,
            data={"source": "apbn", "amount": 1_250_000_000, "fiscal_year": 2025},
        )
        services.finding_add(
            actor=world.sec_singkawang,
            cooperation=record,
            data={
                "received_on": today - dt.timedelta(days=3),
                "source": "Inspektorat",
                "summary": "T",
            },
        )
    start = today - dt.timedelta(days=360)
    Deadline.objects.create(
        cooperation=record,
        subject_type="agreements.cooperation",
        subject_id=str(record.pk),
        key="report:test",
        kind=DeadlineKind.REPORT,
        due_on=today + dt.timedelta(days=5),
        title="Laporan pelaksanaan (teks lama)",
        rule="Laporan berkala",
        params={"start": start.isoformat(), "end": (today + dt.timedelta(days=5)).isoformat()},
    )
    reminders_send(today=today)
    assert Notification.objects.filter(user=world.sec_singkawang).exists()
    return record


@pytest.mark.parametrize("language", ["id", "en"])
def test_pages_and_feed_speak_one_language_with_local_dates_and_amounts(
    client, world, lived_in, language
):
    record = lived_in
    other = ONLY_EN if language == "id" else ONLY_ID
    world.sec_singkawang.language = language
    world.sec_singkawang.save(update_fields=["language"])
    client.force_login(world.sec_singkawang)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    token = notification_services.calendar_token_create(user=world.sec_singkawang)
    pages = {
        "record": client.get(record.get_absolute_url()),
        "agenda": client.get(reverse("agreements:agenda")),
        "notifications": client.get(reverse("notifications:list")),
        "feed": client.get(reverse("notifications:feed", args=[token.token])),
    }
    due = timezone.localdate() + dt.timedelta(days=5)
    texts = {}
    for name, response in pages.items():
        assert response.status_code == 200, name
        body = response.content.decode()
        if name == "feed":
            cal = icalendar.Calendar.from_ical(response.content)
            body = "\n".join(
                str(e[f])
                for e in cal.walk()
                if e.name in ("VEVENT", "VALARM")
                for f in ("SUMMARY", "DESCRIPTION")
                if f in e
            )
        texts[name] = _visible_text(body)
    for name, text in texts.items():
        for word in other:
            assert word not in text, (name, word)
        assert not ISO_DATE.search(text), (name, ISO_DATE.search(text).group(0))
        assert not RAW_DECIMAL.search(text), (name, RAW_DECIMAL.search(text).group(0))
    date = _id_date(due) if language == "id" else _en_date(due)
    if language == "id":
        assert "Laporan pelaksanaan" in texts["agenda"]
        assert "baris perintah" in texts["record"]
        assert "5 hari lagi" in texts["notifications"]
        assert "1.250.000.000" in texts["record"]
    else:
        assert "Implementation report" in texts["agenda"]
        assert "command line" in texts["record"]
        assert "In 5 days" in texts["notifications"]
        assert "1,250,000,000" in texts["record"]
    assert date in texts["agenda"]
    assert date in texts["notifications"]


# --- item 11: the calendar feed ---------------------------------------------------------------


def test_feed_events_name_their_cooperation_alarm_before_and_link_to_the_host_asked(
    client, world, settings
):
    settings.KERJASAMA = {**settings.KERJASAMA, "SITE_URL": "http://elsewhere.example:8000"}
    today = timezone.localdate()
    for cooperation in (world.local, world.kb):
        for year in (2025, 2026):
            Deadline.objects.create(
                cooperation=cooperation,
                subject_type="agreements.cooperation",
                subject_id=str(cooperation.pk),
                key=f"report:{year}",
                kind=DeadlineKind.REPORT,
                due_on=today + dt.timedelta(days=40 + year - 2025),
                title="Laporan pelaksanaan",
                rule="x",
                params={"start": f"{year}-01-01", "end": f"{year}-12-31"},
            )
    Deadline.objects.create(
        cooperation=world.kb,
        subject_type="agreements.cooperation",
        subject_id=str(world.kb.pk),
        key="expiry:x",
        kind=DeadlineKind.EXPIRY,
        due_on=today + dt.timedelta(days=100),
        title="Akhir",
        rule="x",
        params={"document": "KB Kalbar–Singkawang"},
    )
    token = notification_services.calendar_token_create(user=world.sec_singkawang)

    response = client.get(reverse("notifications:feed", args=[token.token]))

    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    summaries = [str(e["SUMMARY"]) for e in events]
    assert len(summaries) == len(set(summaries)) == 5
    for event in events:
        summary = str(event["SUMMARY"])
        assert summary.endswith(f" — {world.local.title}") or summary.endswith(
            f" — {world.kb.title}"
        )
        assert str(event["URL"]).startswith("http://testserver/kerjasama/")
    triggers = {
        str(e["SUMMARY"]).split(",")[0].split(":")[0]: sorted(
            -a.decoded("TRIGGER").days for a in e.walk("VALARM")
        )
        for e in events
    }
    # Reminders of reports at 7 and 0 days (+ the day before); expiry per region 90/60/30/7/0.
    assert triggers == {
        "Laporan pelaksanaan internal kepada kepala daerah (TKKSD)": [1, 7],
        "Akhir jangka waktu": [1, 7, 30],
    }
    for event in events:
        for alarm in event.walk("VALARM"):
            assert str(alarm["ACTION"]) == "DISPLAY"
            assert str(event["SUMMARY"]) in str(alarm["DESCRIPTION"])


def test_reminder_email_is_in_the_recipients_language_with_the_site_url(
    world, settings, mailoutbox
):
    settings.KERJASAMA = {**settings.KERJASAMA, "SITE_URL": "http://127.0.0.1:8123"}
    today = timezone.localdate()
    world.sec_singkawang.email = "sec@example.go.id"
    world.sec_singkawang.language = "en"
    world.sec_singkawang.save(update_fields=["email", "language"])
    Deadline.objects.create(
        cooperation=world.local,
        subject_type="agreements.cooperation",
        subject_id=str(world.local.pk),
        key="report:mail",
        kind=DeadlineKind.REPORT,
        due_on=today + dt.timedelta(days=7),
        title="Laporan pelaksanaan",
        rule="x",
        params={"start": "2025-01-01", "end": "2025-12-31"},
    )

    reminders_send(today=today)

    message = next(m for m in mailoutbox if m.to == ["sec@example.go.id"])
    assert message.subject == (
        "[Kerjasama] In 7 days: Internal implementation report to the regional head (TKKSD), "
        f"1 January 2025 – 31 December 2025 — {world.local.title}"
    )
    assert f"http://127.0.0.1:8123{world.local.get_absolute_url()}" in message.body
    assert "Laporan" not in message.body
    assert "Jatuh tempo" not in message.body
    note = Notification.objects.get(user=world.sec_singkawang)
    with translation.override("id"):
        assert note.label.startswith(
            "7 hari lagi: Laporan pelaksanaan internal kepada kepala daerah (TKKSD), 1 Januari 2025"
        )
    assert DeadlineStatus.OPEN == "open"


def test_the_language_chosen_in_the_screens_is_the_language_of_e_mails_and_the_feed(client, world):
    client.force_login(world.sec_singkawang)

    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    world.sec_singkawang.refresh_from_db()
    assert world.sec_singkawang.language == "en"
    event = AuditEvent.objects.get(action="user.language")
    assert event.changes == {"language": ["", "en"]}
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    world.sec_singkawang.refresh_from_db()
    assert world.sec_singkawang.language == "en"


def test_signing_in_restores_the_language_the_user_chose(client, world):
    world.sec_singkawang.language = "en"
    world.sec_singkawang.save(update_fields=["language"])

    client.post(
        reverse("accounts:login"),
        {"username": "sec.singkawang", "password": "secret-password"},
        HTTP_ACCEPT_LANGUAGE="id",
    )
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()

    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en"' in page
    assert "Dashboard" in page
