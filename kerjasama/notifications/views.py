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
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kerjasama.accounts.http import AuthedRequest
from kerjasama.notifications import selectors, services
from kerjasama.notifications.models import Notification

# How far back the calendar feed reaches for deadlines still open.
FEED_PAST_DAYS = 365


@login_required
def notification_list(request: AuthedRequest) -> HttpResponse:
    paginator = Paginator(
        selectors.notification_list(user=request.user), settings.KERJASAMA["PAGE_SIZE"]
    )
    page = paginator.get_page(request.GET.get("page"))
    selectors.notifications_mark_openable(page.object_list, user=request.user)
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: AuthedRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(user=request.user, notification=notification)
    if not selectors.notification_opens(notification, request.user):
        if notification.url:
            messages.info(request, _("You can no longer open this cooperation."))
        return redirect("notifications:list")
    if url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def calendar(request: AuthedRequest) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            replaced = selectors.calendar_token_active(user=request.user) is not None
            services.calendar_token_create(user=request.user)
            messages.success(
                request,
                _("A new calendar address was made. An address given out before no longer works.")
                if replaced
                else _("Your calendar address was made."),
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
    # No session, no Accept-Language from a calendar client: the user's own language. Links
    # point at the host the feed was fetched from.
    with translation.override(user.language_or_default):
        body = calendar_ics(
            deadlines,
            name=_("Kerjasama deadlines"),
            absolute=request.build_absolute_uri,
            tenant=user.tenant,
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="kerjasama.ics"'
    return response


def alarm_days(kind: str, tenant) -> list[int]:
    """Days before a deadline on which the calendar alarms: the reminder tiers of that kind
    (the region's for expiry) within a month, and always the day before."""
    tiers = selectors.reminder_tiers(kind, tenant)
    return sorted({t for t in tiers if 0 < t <= 30} | {1}, reverse=True)


def calendar_ics(deadlines, *, name: str, absolute=None, tenant=None) -> bytes:
    """Each deadline as an all-day event named after what is due and its cooperation, with
    alarms before it; UIDs are stable, so clients update rather than add. Texts in the active
    language; `absolute` makes a path a full URL (the request's host; else the site URL)."""
    absolute = absolute or services.site_url
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kerjasama//Tenggat kerja sama daerah//ID")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    stamp = timezone.now()
    for deadline in deadlines:
        own = deadline.own_url
        # A subject with its own page (a TKKSD action item, issue 9, closed there) links to it
        # and is named by itself: its owner may not read the case it is about.
        case = None if own else deadline.cooperation
        url = absolute(own or (case.get_absolute_url() if case else reverse("agreements:agenda")))
        summary = (
            _("%(what)s — %(cooperation)s") % {"what": deadline.label, "cooperation": case.title}
            if case
            else deadline.label
        )
        event = icalendar.Event()
        event.add("uid", f"deadline-{deadline.pk}@kerjasama")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.due_on)
        event.add("dtend", deadline.due_on + dt.timedelta(days=1))
        event.add("summary", summary)
        event.add(
            "description",
            "\n".join(
                [
                    *([case.title] if case else []),
                    f"{deadline.kind_label}: {deadline.rule_label}",
                    url,
                ]
            ),
        )
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        for days in alarm_days(deadline.kind, tenant):
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add(
                "description",
                ngettext("In %(days)s day: %(what)s", "In %(days)s days: %(what)s", days)
                % {"days": days, "what": summary},
            )
            alarm.add("trigger", dt.timedelta(days=-days))
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
