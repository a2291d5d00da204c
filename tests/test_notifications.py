"""In-app notifications (list, unread count, reading) and the private calendar feed."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from kerjasama.agreements.models import DeadlineKind
from kerjasama.core import audit
from kerjasama.core.models import AuditEvent
from kerjasama.deadlines.models import Deadline, DeadlineStatus
from kerjasama.notifications import services
from kerjasama.notifications.context_processors import unread
from kerjasama.notifications.models import CalendarToken, Notification

pytestmark = pytest.mark.django_db


def notify(user, title="Pengingat", url="", **extra):
    return Notification.objects.create(user=user, title=title, url=url, **extra)


def deadline(cooperation, due_on, title, **extra):
    return Deadline.objects.create(
        cooperation=cooperation,
        subject_type="agreements.cooperation",
        subject_id=str(cooperation.pk),
        key=f"test:{title}",
        kind=extra.pop("kind", DeadlineKind.REPORT),
        due_on=due_on,
        title=title,
        rule="Aturan uji",
        **extra,
    )


def feed(client, token):
    response = client.get(reverse("notifications:feed", args=[token]))
    return response, (
        icalendar.Calendar.from_ical(response.content) if response.status_code == 200 else None
    )


# --- unread count and bell ------------------------------------------------------------------


def test_unread_context_processor_counts_own_unread_only(world, django_assert_num_queries):
    notify(world.sec_singkawang)
    notify(world.sec_singkawang)
    notify(world.sec_singkawang, read_at=timezone.now())
    notify(world.sec_bengkayang)
    request = RequestFactory().get("/")
    request.user = world.sec_singkawang

    with django_assert_num_queries(1):
        context = unread(request)

    assert context == {"unread_notifications": 2}


def test_unread_context_processor_anonymous_is_zero(db, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()

    with django_assert_num_queries(0):
        assert unread(request) == {"unread_notifications": 0}


def test_bell_shows_the_unread_count_and_links_to_the_list(world):
    html = render_to_string(
        "notifications/_bell.html", {"user": world.sec_singkawang, "unread_notifications": 3}
    )
    quiet = render_to_string(
        "notifications/_bell.html", {"user": world.sec_singkawang, "unread_notifications": 0}
    )

    assert f'href="{reverse("notifications:list")}"' in html
    assert '<span class="badge badge-warn"' in html
    assert ">3</span>" in html
    assert "badge" not in quiet


# --- the list and reading -------------------------------------------------------------------


def test_notification_list_shows_own_newest_first_unread_highlighted(client, world):
    notify(world.sec_singkawang, title="Pertama", read_at=timezone.now())
    notify(world.sec_singkawang, title="Kedua")
    notify(world.sec_bengkayang, title="Milik orang lain")
    client.force_login(world.sec_singkawang)

    text = client.get(reverse("notifications:list")).content.decode()

    assert text.index("Kedua") < text.index("Pertama")
    assert "Milik orang lain" not in text
    assert text.count('class="badge badge-warn">') == 1
    assert "<strong>Kedua</strong>" in text


def test_notification_list_query_count_does_not_grow(client, world, django_assert_max_num_queries):
    client.force_login(world.sec_singkawang)
    notify(world.sec_singkawang)
    with django_assert_max_num_queries(100) as one:
        client.get(reverse("notifications:list"))
    for _ in range(3):
        notify(world.sec_singkawang)

    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("notifications:list"))


def test_notification_list_is_paginated(client, world, settings):
    settings.KERJASAMA = {**settings.KERJASAMA, "PAGE_SIZE": 2}
    for n in range(3):
        notify(world.sec_singkawang, title=f"Pesan {n}")
    client.force_login(world.sec_singkawang)

    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list") + "?page=2").content.decode()

    assert ("Pesan 2" in first, "Pesan 1" in first, "Pesan 0" in first) == (True, True, False)
    assert "Pesan 0" in second


def test_notification_read_marks_it_and_opens_its_link(client, world):
    note = notify(world.sec_singkawang, url=world.local.get_absolute_url())
    client.force_login(world.sec_singkawang)

    response = client.post(reverse("notifications:read", args=[note.pk]))

    note.refresh_from_db()
    assert note.read_at is not None
    assert response["Location"] == world.local.get_absolute_url()
    event = AuditEvent.objects.get(action="notification.read")
    assert (event.actor, event.object_id, event.interface) == (
        world.sec_singkawang,
        str(note.pk),
        "web",
    )


def test_notification_read_ignores_an_external_link(client, world):
    note = notify(world.sec_singkawang, url="https://evil.example.com/")
    client.force_login(world.sec_singkawang)

    response = client.post(reverse("notifications:read", args=[note.pk]))

    assert response["Location"] == reverse("notifications:list")


def test_notification_read_of_someone_else_is_404_and_unchanged(client, world):
    note = notify(world.sec_singkawang)
    client.force_login(world.sec_bengkayang)

    response = client.post(reverse("notifications:read", args=[note.pk]))

    note.refresh_from_db()
    assert response.status_code == 404
    assert note.read_at is None
    assert not AuditEvent.objects.filter(action="notification.read").exists()


def test_notification_read_get_is_refused(client, world):
    note = notify(world.sec_singkawang)
    client.force_login(world.sec_singkawang)

    response = client.get(reverse("notifications:read", args=[note.pk]))

    note.refresh_from_db()
    assert response.status_code == 405
    assert note.read_at is None


def test_notification_mark_read_twice_writes_once(world):
    note = notify(world.sec_singkawang)

    first = services.notification_mark_read(user=world.sec_singkawang, notification=note)
    second = services.notification_mark_read(user=world.sec_singkawang, notification=note)

    assert (first, second) == (True, False)
    assert AuditEvent.objects.filter(action="notification.read").count() == 1


def test_notifications_read_all_marks_only_own(client, world):
    mine = [notify(world.sec_singkawang), notify(world.sec_singkawang)]
    theirs = notify(world.sec_bengkayang)
    client.force_login(world.sec_singkawang)

    client.post(reverse("notifications:read_all"))

    assert Notification.objects.filter(pk__in=[n.pk for n in mine], read_at=None).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
    event = AuditEvent.objects.get(action="notification.read_all")
    assert (event.actor, event.data) == (world.sec_singkawang, {"count": 2})


def test_notification_pages_need_login(client, world):
    response = client.get(reverse("notifications:list"))

    assert response["Location"].startswith(reverse("accounts:login"))


# --- calendar token and feed ----------------------------------------------------------------


def test_calendar_page_creates_a_token_and_shows_the_feed_url(client, world):
    client.force_login(world.sec_singkawang)

    client.post(reverse("notifications:calendar"), {"action": "create"})
    text = client.get(reverse("notifications:calendar")).content.decode()

    token = CalendarToken.objects.get(user=world.sec_singkawang, revoked_at=None)
    assert len(token.token) >= 40
    assert f"http://testserver/notifikasi/kalender/{token.token}.ics" in text
    event = AuditEvent.objects.get(action="calendar_token.create")
    assert (event.actor, event.interface, event.data) == (
        world.sec_singkawang,
        "web",
        {"revoked": 0},
    )
    assert token.token not in event.object_repr


def test_calendar_token_renew_revokes_the_previous_one(client, world):
    with audit.interface("cli"):
        old = services.calendar_token_create(user=world.sec_singkawang)
        new = services.calendar_token_create(user=world.sec_singkawang)

    old_response, _ = feed(client, old.token)
    new_response, _ = feed(client, new.token)

    assert (old_response.status_code, new_response.status_code) == (404, 200)
    assert CalendarToken.objects.filter(user=world.sec_singkawang, revoked_at=None).get() == new
    assert [
        e.data for e in AuditEvent.objects.filter(action="calendar_token.create").order_by("id")
    ] == [
        {"revoked": 0},
        {"revoked": 1},
    ]


def test_calendar_token_revoke_stops_the_feed(client, world):
    token = services.calendar_token_create(user=world.sec_singkawang)
    client.force_login(world.sec_singkawang)

    client.post(reverse("notifications:calendar"), {"action": "revoke"})
    response, _ = feed(client, token.token)
    text = client.get(reverse("notifications:calendar")).content.decode()

    assert response.status_code == 404
    assert token.token not in text
    assert AuditEvent.objects.filter(action="calendar_token.revoke").count() == 1
    assert services.calendar_token_revoke(user=world.sec_singkawang) is False
    assert AuditEvent.objects.filter(action="calendar_token.revoke").count() == 1


def test_calendar_feed_unknown_token_is_404(client, world):
    response, _ = feed(client, "not-a-token")

    assert response.status_code == 404


def test_calendar_feed_lists_open_deadlines_as_all_day_events(client, world):
    today = timezone.localdate()
    due = today + dt.timedelta(days=40)
    open_one = deadline(world.local, due, "Laporan pelaksanaan", opd=world.pupr)
    deadline(world.local, due, "Sudah dipenuhi", status=DeadlineStatus.MET)
    deadline(
        world.kb, today + dt.timedelta(days=5), "Akhir jangka waktu KB", kind=DeadlineKind.EXPIRY
    )
    token = services.calendar_token_create(user=world.sec_singkawang)

    response, cal = feed(client, token.token)

    assert response["Content-Type"].startswith("text/calendar")
    events = cal.walk("VEVENT")
    # Each event names its cooperation (issue 6, item 11).
    assert [str(e["SUMMARY"]) for e in events] == [
        f"Akhir jangka waktu KB — {world.kb.title}",
        f"Laporan pelaksanaan — {world.local.title}",
    ]
    event = events[1]
    assert str(event["UID"]) == f"deadline-{open_one.pk}@kerjasama"
    assert event.decoded("DTSTART") == due
    assert event.decoded("DTEND") == due + dt.timedelta(days=1)
    assert b"DTSTART;VALUE=DATE:" + due.strftime("%Y%m%d").encode() in response.content
    assert world.local.title in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(world.local.get_absolute_url())


def test_calendar_feed_shows_only_deadlines_the_user_may_see(client, world):
    due = timezone.localdate() + dt.timedelta(days=10)
    deadline(world.local, due, "Tenggat Singkawang–Bengkayang")
    deadline(world.kb, due, "Tenggat Kalbar–Singkawang")
    tokens = {
        name: services.calendar_token_create(user=getattr(world, name)).token
        for name in ["sec_pontianak", "sec_bengkayang", "tourism_officer", "pupr_officer"]
    }

    seen = {
        name: sorted(
            str(e["SUMMARY"]).split(" — ")[0] for e in feed(client, token)[1].walk("VEVENT")
        )
        for name, token in tokens.items()
    }

    assert seen == {
        "sec_pontianak": [],
        "sec_bengkayang": ["Tenggat Singkawang–Bengkayang"],
        "tourism_officer": [],
        "pupr_officer": ["Tenggat Singkawang–Bengkayang"],
    }


def test_calendar_feed_of_a_deactivated_user_is_404(client, world):
    token = services.calendar_token_create(user=world.sec_singkawang)
    world.sec_singkawang.is_active = False
    world.sec_singkawang.save(update_fields=["is_active"])

    response, _ = feed(client, token.token)

    assert response.status_code == 404


def test_a_notice_about_a_cooperation_no_longer_visible_does_not_open_it(client, world):
    from kerjasama.notifications.models import Notification

    # e.g. Bengkayang's notices about a cooperation it has since left (issue 6/15).
    gone = Notification.objects.create(
        user=world.sec_pontianak,
        cooperation=world.local,
        title="Diminta keluar",
        body="",
        url=world.local.get_absolute_url(),
    )
    client.force_login(world.sec_pontianak)

    page = client.get(reverse("notifications:list")).content.decode()
    opened = client.post(reverse("notifications:read", args=[gone.pk]), follow=True)

    assert "Buka" not in page
    assert "Tandai sudah dibaca" in page
    assert opened.redirect_chain[-1][0] == reverse("notifications:list")
    assert "Anda tidak lagi dapat membuka kerja sama ini." in opened.content.decode()
    gone.refresh_from_db()
    assert gone.read_at is not None


def test_the_first_calendar_address_does_not_speak_of_an_earlier_one(client, world):
    client.force_login(world.sec_singkawang)

    first = client.post(reverse("notifications:calendar"), {"action": "create"}, follow=True)
    second = client.post(reverse("notifications:calendar"), {"action": "create"}, follow=True)

    assert "Alamat kalender Anda sudah dibuat." in first.content.decode()
    assert "tidak berlaku lagi" not in first.content.decode()
    assert "tidak berlaku lagi" in second.content.decode()
