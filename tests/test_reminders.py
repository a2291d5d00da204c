"""Deadline reminders: tiers, recipients, channels, once-only sending, e-mail content, the job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from kerjasama.agreements.enums import Stage, TerminationReason
from kerjasama.agreements.models import DeadlineKind
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.notifications.models import Notification, ReminderSent
from kerjasama.notifications.selectors import reminder_recipients
from kerjasama.notifications.services import reminders_send
from tests.factories import CooperationFactory, DocumentFactory

pytestmark = pytest.mark.django_db

START = dt.date(2024, 1, 1)
END = dt.date(2025, 12, 31)
SITE = "https://kerjasama.example.go.id"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "SITE_URL": SITE, "REMINDER_DAYS": [7, 0]}


@pytest.fixture
def people(world):
    """E-mail addresses for everyone except the Sekda (in-app notifications only)."""
    for name in [
        "sec_singkawang",
        "sec_bengkayang",
        "sec_kalbar",
        "sec_pontianak",
        "pupr_officer",
        "tourism_officer",
    ]:
        user = getattr(world, name)
        user.email = f"{user.username}@example.go.id"
        user.save(update_fields=["email"])
    return world


@pytest.fixture
def pks(people):
    """A PKS of Singkawang and Bengkayang for 2024–2025, executed by Singkawang's PUPR."""
    cooperation = CooperationFactory(
        title="PKS Pengelolaan Air Minum Lintas Daerah",
        party_codes=("61.72", "61.07"),
        ends_on=END,
    )
    document = DocumentFactory(
        cooperation=cooperation,
        kind="pks",
        title="PKS air minum",
        signed_on=START,
        start_date=START,
        end_date=END,
        executing_opd=people.pupr,
    )
    # As `deadlines_refresh` would store it (created directly: these tests are about sending).
    deadline = Deadline.objects.create(
        cooperation=cooperation,
        subject_type="agreements.cooperation",
        subject_id=str(cooperation.pk),
        document=document,
        key=f"expiry:doc:{document.pk}",
        kind=DeadlineKind.EXPIRY,
        due_on=END,
        title="Akhir jangka waktu: PKS air minum",
        rule="Akhir jangka waktu yang disepakati",
        opd=people.pupr,
    )
    return deadline


def days(first: dt.date, last: dt.date, step: int = 1):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=step)


def run(first: dt.date, last: dt.date, step: int = 1) -> dict[tuple[int, str, str], dt.date]:
    """Run the job on each day; (tier, username, channel) -> the day it was sent."""
    sent: dict[tuple[int, str, str], dt.date] = {}
    for day in days(first, last, step):
        before = set(ReminderSent.objects.values_list("pk", flat=True))
        reminders_send(today=day)
        for row in ReminderSent.objects.exclude(pk__in=before).select_related("user"):
            sent[(row.tier, row.user.username, row.channel)] = day
    return sent


def test_reminders_whole_term_sends_each_tier_once_to_the_right_people(pks, people):
    sent = run(START, END + dt.timedelta(days=10))

    on_day = {
        90: dt.date(2025, 10, 2),
        60: dt.date(2025, 11, 1),
        30: dt.date(2025, 12, 1),
        7: dt.date(2025, 12, 24),
        0: dt.date(2025, 12, 31),
        -1: dt.date(2026, 1, 1),
    }
    parties = ["sec.singkawang", "sec.bengkayang", "pupr.singkawang"]
    expected = {
        (tier, user, channel): on_day[tier]
        for tier in on_day
        for user in parties
        for channel in ("email", "app")
    } | {(-1, "sekda.singkawang", "app"): on_day[-1]}
    assert sent == expected
    assert len(mail.outbox) == 6 * 3
    assert Notification.objects.count() == 6 * 3 + 1
    events = AuditEvent.objects.filter(action="reminder.sent").order_by("id")
    assert [(e.data["tier"], e.data["recipients"], e.interface) for e in events] == [
        (90, 3, "job"),
        (60, 3, "job"),
        (30, 3, "job"),
        (7, 3, "job"),
        (0, 3, "job"),
        (-1, 4, "job"),
    ]
    assert {s for e in events for s in e.concerned_subjects()} == {
        ("agreements.cooperation", str(pks.cooperation_id))
    }

    rows, mails, notes = (
        ReminderSent.objects.count(),
        len(mail.outbox),
        Notification.objects.count(),
    )
    assert run(START, END + dt.timedelta(days=10)) == {}
    assert (ReminderSent.objects.count(), len(mail.outbox)) == (rows, mails)
    assert Notification.objects.count() == notes


def test_reminders_same_day_twice_sends_nothing_twice(pks):
    first = reminders_send(today=dt.date(2025, 12, 24))

    second = reminders_send(today=dt.date(2025, 12, 24))

    assert (first.sent_email, first.sent_app, first.skipped) == (3, 3, 0)
    assert (second.sent_email, second.sent_app, second.skipped) == (0, 0, 6)
    assert len(mail.outbox) == 3


def test_reminders_custom_tiers_of_the_recipients_region(pks, people):
    people.singkawang.reminder_days = "30,1"
    people.singkawang.save(update_fields=["reminder_days"])

    sent = run(dt.date(2025, 9, 1), END + dt.timedelta(days=3))

    tiers = {}
    for tier, user, channel in sent:
        if channel == "email":
            tiers.setdefault(user, set()).add(tier)
    assert tiers == {
        "sec.singkawang": {30, 1, -1},
        "pupr.singkawang": {30, 1, -1},
        "sec.bengkayang": {90, 60, 30, 7, 0, -1},  # Bengkayang keeps the default tiers
    }
    assert sent[(1, "sec.singkawang", "email")] == dt.date(2025, 12, 30)


def test_reminders_weekly_run_sends_only_the_latest_tier_reached(pks):
    sent = run(dt.date(2025, 9, 1), dt.date(2026, 1, 12), step=7)

    assert {
        (tier, day) for (tier, user, channel), day in sent.items() if user == "sec.singkawang"
    } == {
        (90, dt.date(2025, 10, 6)),
        (60, dt.date(2025, 11, 3)),
        (30, dt.date(2025, 12, 1)),
        (7, dt.date(2025, 12, 29)),
        # tier 0 (31 December) was passed between two runs: never sent.
        (-1, dt.date(2026, 1, 5)),
    }


def test_reminders_after_a_long_gap_sends_one_reminder_not_five(pks):
    reminders_send(today=dt.date(2025, 12, 26))

    assert set(
        ReminderSent.objects.filter(user__username="sec.singkawang").values_list("tier", "channel")
    ) == {(7, "email"), (7, "app")}
    assert len([m for m in mail.outbox if m.to == ["sec.singkawang@example.go.id"]]) == 1


def test_reminders_other_kinds_use_the_project_setting(pks, people):
    report = Deadline.objects.create(
        cooperation=pks.cooperation,
        subject_type="agreements.cooperation",
        subject_id=str(pks.cooperation.pk),
        key="report:2025-01-01",
        kind=DeadlineKind.REPORT,
        due_on=dt.date(2025, 6, 30),
        title="Laporan pelaksanaan periode 2025",
        rule="Laporan berkala",
    )

    sent = run(dt.date(2025, 6, 1), dt.date(2025, 7, 2))

    assert {
        (tier, day) for (tier, user, channel), day in sent.items() if user == "sec.singkawang"
    } == {(7, dt.date(2025, 6, 23)), (0, dt.date(2025, 6, 30)), (-1, dt.date(2025, 7, 1))}
    assert set(ReminderSent.objects.values_list("deadline_id", flat=True)) == {report.pk}


def test_reminders_skip_deadlines_no_longer_open(pks):
    pks.status = DeadlineStatus.MET
    pks.save(update_fields=["status"])

    summary = reminders_send(today=END)

    assert (summary.sent_email, summary.sent_app) == (0, 0)
    assert ReminderSent.objects.count() == 0
    assert mail.outbox == []


def test_reminder_email_is_indonesian_with_title_and_absolute_link(pks, people):
    reminders_send(today=dt.date(2025, 12, 1))

    message = next(m for m in mail.outbox if m.to == ["sec.singkawang@example.go.id"])
    link = SITE + pks.cooperation.get_absolute_url()
    assert message.subject == (
        "[Kerjasama] 30 hari lagi: Akhir jangka waktu: PKS air minum — "
        "PKS Pengelolaan Air Minum Lintas Daerah"
    )
    assert "PKS Pengelolaan Air Minum Lintas Daerah" in message.body
    assert "jatuh tempo pada 31 Desember 2025, 30 hari lagi" in message.body
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{link}">Buka data kerja sama</a>' in html
    assert "Rabu, 31 Desember 2025" in html


def test_reminder_overdue_email_says_late(pks):
    reminders_send(today=dt.date(2026, 1, 3))

    message = next(m for m in mail.outbox if m.to == ["sec.singkawang@example.go.id"])
    assert message.subject.startswith("[Kerjasama] Terlambat 3 hari: ")
    assert "telah lewat jatuh tempo pada 31 Desember 2025 (3 hari yang lalu)" in message.body


def test_reminder_user_without_email_gets_the_notification_only(pks, people):
    people.pupr_officer.email = ""
    people.pupr_officer.save(update_fields=["email"])

    summary = reminders_send(today=dt.date(2025, 12, 31))

    assert set(
        ReminderSent.objects.filter(user=people.pupr_officer).values_list("channel", flat=True)
    ) == {"app"}
    note = Notification.objects.get(user=people.pupr_officer)
    assert note.label.startswith("Jatuh tempo hari ini: ")
    assert note.url == pks.cooperation.get_absolute_url()
    assert (note.deadline, note.cooperation) == (pks, pks.cooperation)
    assert (summary.sent_email, summary.sent_app, summary.skipped) == (2, 3, 1)


def test_reminder_recipients_by_role_and_opd(pks, people):
    before = reminder_recipients(pks, overdue=False)
    after = reminder_recipients(pks, overdue=True)

    assert {u.username for u in before} == {"sec.singkawang", "sec.bengkayang", "pupr.singkawang"}
    assert {u.username for u in after} == {
        "sec.singkawang",
        "sec.bengkayang",
        "pupr.singkawang",
        "sekda.singkawang",
    }


def test_reminder_recipients_include_the_partys_executing_opd(people):
    recipients = reminder_recipients(
        Deadline(cooperation=people.local, due_on=END, kind=DeadlineKind.REPORT), overdue=False
    )

    assert {u.username for u in recipients} == {
        "sec.singkawang",
        "sec.bengkayang",
        "pupr.singkawang",
    }


def test_reminder_recipients_leave_out_inactive_users(pks, people):
    people.sec_bengkayang.is_active = False
    people.sec_bengkayang.save(update_fields=["is_active"])

    recipients = reminder_recipients(pks, overdue=False)

    assert {u.username for u in recipients} == {"sec.singkawang", "pupr.singkawang"}


def test_reminders_a_failing_deadline_keeps_the_others(pks, people, monkeypatch):
    other = Deadline.objects.create(
        cooperation=people.local,
        subject_type="agreements.cooperation",
        subject_id=str(people.local.pk),
        key="report:x",
        kind=DeadlineKind.REPORT,
        due_on=dt.date(2025, 12, 31),
        title="Laporan",
        rule="Laporan berkala",
    )
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def flaky(self, messages):
        if any("PKS Pengelolaan" in m.subject for m in messages):
            raise OSError("SMTP down")
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", flaky)

    summary = reminders_send(today=dt.date(2025, 12, 31))

    assert summary.failed == 1
    assert set(ReminderSent.objects.values_list("deadline_id", flat=True)) == {other.pk}
    assert not Notification.objects.filter(deadline=pks).exists()

    monkeypatch.setattr(EmailBackend, "send_messages", original)
    retry = reminders_send(today=dt.date(2025, 12, 31))

    assert retry.failed == 0
    assert ReminderSent.objects.filter(deadline=pks).count() == 6


def test_send_reminders_command_ends_expired_terms_once(pks, people):
    cooperation = pks.cooperation
    assert (cooperation.stage, cooperation.ends_on) == (Stage.IN_FORCE, END)

    call_command("send_reminders", "--today", "2026-01-01", stdout=(out := _Out()))
    call_command("send_reminders", "--today", "2026-01-02", stdout=_Out())

    cooperation.refresh_from_db()
    assert cooperation.stage == Stage.ENDED
    assert cooperation.termination_reason == TerminationReason.TERM_EXPIRED
    assert list(cooperation.transitions.values_list("action", "interface")) == [("expire", "job")]
    assert "Ended 1 cooperation(s)" in out.text
    # The term has ended: the deadline is closed, so no overdue reminder goes out for it (the
    # 2025 report of a case in force 2024–2025 is another deadline: it is overdue, issue 6 L10).
    pks.refresh_from_db()
    assert pks.status == DeadlineStatus.MET
    assert not ReminderSent.objects.filter(tier=-1, deadline=pks).exists()


def test_send_reminders_task_runs_the_daily_job(pks):
    from kerjasama.notifications.tasks import send_reminders_task

    result = send_reminders_task.enqueue("2025-12-24")

    # The job also refreshed every cooperation's deadlines (yearly reports due 31 December).
    assert result.return_value["sent_email"] == ReminderSent.objects.filter(channel="email").count()
    assert result.return_value["sent_email"] == len(mail.outbox) > 0
    assert set(
        ReminderSent.objects.filter(deadline=pks).values_list("tier", "user__username", "channel")
    ) == {
        (7, user, channel)
        for user in ("sec.singkawang", "sec.bengkayang", "pupr.singkawang")
        for channel in ("email", "app")
    }


class _Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_an_extension_reopens_the_reminders_of_the_new_end(world, mailoutbox):
    import datetime as dt

    from kerjasama.deadlines.models import Deadline
    from kerjasama.notifications.models import ReminderSent
    from kerjasama.notifications.services import reminders_send

    deadline = Deadline.objects.create(
        cooperation=world.local,
        subject_type="agreements.cooperation",
        subject_id=str(world.local.pk),
        key="expiry:test",
        kind="expiry",
        due_on=dt.date(2026, 3, 31),
        title="Akhir jangka waktu PKS",
        rule="test",
    )
    reminders_send(today=dt.date(2026, 3, 1))  # the 30-day tier of the old end
    Deadline.objects.filter(pk=deadline.pk).update(due_on=dt.date(2027, 3, 31))  # addendum

    reminders_send(today=dt.date(2027, 1, 1))  # 89 days before the new end: the 90-day tier

    sent = set(
        ReminderSent.objects.filter(
            deadline=deadline, user=world.sec_singkawang, channel="app"
        ).values_list("due_on", "tier")
    )
    assert sent == {(dt.date(2026, 3, 31), 30), (dt.date(2027, 3, 31), 90)}
