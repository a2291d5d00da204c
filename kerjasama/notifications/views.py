from __future__ import annotations

import datetime as dt

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kerjasama.notifications import selectors, services
from kerjasama.notifications.models import Notification

# How far back the calendar feed reaches for deadlines still open.
FEED_PAST_DAYS = 365


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    paginator = Paginator(
        selectors.notification_list(user=request.user), settings.KERJASAMA["PAGE_SIZE"]
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(user=request.user, notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            services.calendar_token_create(user=request.user)
            messages.success(
                request,
                _("A new calendar address was made. An address given out before no longer works."),
            )
        elif action == "revoke" and services.calendar_token_revoke(user=request.user):
            messages.success(request, _("The calendar address no longer works."))
        return redirect("notifications:calendar")
    token = selectors.calendar_token_active(user=request.user)
    feed_url = (
        request.build_absolute_uri(reverse("notifications:feed", args=[token.token]))
        if token
        else ""
    )
    return render(request, "notifications/calendar.html", {"token": token, "feed_url": feed_url})


@never_cache
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The user's open deadlines as iCalendar, for a calendar application: authenticated by the
    secret token in the URL only (calendar clients carry no session)."""
    user = selectors.calendar_token_owner(token)
    if user is None:
        raise Http404
    today = timezone.localdate()
    deadlines = selectors.user_deadlines(user, start=today - dt.timedelta(days=FEED_PAST_DAYS))
    with translation.override(settings.LANGUAGE_CODE):
        body = calendar_ics(deadlines, name=_("Kerjasama deadlines"))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kerjasama.ics"'
    return response


def calendar_ics(deadlines, *, name: str) -> bytes:
    """Each deadline as an all-day event; UIDs are stable, so clients update rather than add."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kerjasama//Tenggat kerja sama daerah//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for deadline in deadlines:
        url = services.site_url(deadline.cooperation.get_absolute_url())
        event = icalendar.Event()
        event.add("uid", f"deadline-{deadline.pk}@kerjasama")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + dt.timedelta(days=1))
        event.add("summary", deadline.title)
        event.add(
            "description",
            "\n".join(
                [deadline.cooperation.title, f"{deadline.get_kind_display()}: {deadline.rule}", url]
            ),
        )
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
