"""`{% load minutes_tags %}`: the minutes' parts of the meeting page (the outcomes of an item,
the panel that makes the minutes final or reopens them) and the Sekda's part of the dashboard
(`agreements` may not import `meetings`: its template loads this tag library instead)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from kerjasama.accounts.models import Role, User
from kerjasama.meetings import actions, minutes
from kerjasama.meetings.enums import MeetingState, OutcomeKind
from kerjasama.meetings.forms_minutes import (
    FinaliseForm,
    ItemMinutesForm,
    OutcomeForm,
    ReasonForm,
)
from kerjasama.meetings.labels import name_from_facts
from kerjasama.meetings.models import Meeting

register = template.Library()


def _user(context: template.Context) -> User | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


@register.inclusion_tag("meetings/_item_outcomes.html", takes_context=True)
def item_outcomes(context: template.Context, item: Any) -> dict[str, Any]:
    """An item's minutes and outcomes: with their forms for the secretariat while the meeting
    is held and its minutes a draft; read-only once final. A closed item's content only for
    those who may read it (the public title otherwise)."""
    user = _user(context)
    meeting = item.meeting
    readable = minutes.can_read_closed_item(user, item)
    editable = (
        readable and meeting.state == MeetingState.HELD and minutes.can_keep_minutes(user, meeting)
    )
    outcomes = []
    if readable:
        # The meeting page prefetches them (`selectors.meeting_items`); elsewhere they are read.
        for outcome in item.outcomes.all():
            outcomes.append(
                {
                    "outcome": outcome,
                    "steps": [minutes.step_preview(s) for s in outcome.steps.all()],
                    "tasks": list(outcome.action_items.all()),
                    "is_decision": outcome.kind == OutcomeKind.DECISION,
                    "is_action": outcome.kind == OutcomeKind.ACTION,
                }
            )
    return {
        "item": item,
        "readable": readable,
        "editable": editable,
        "final": meeting.state == MeetingState.FINAL,
        "outcomes": outcomes,
        "minutes_form": ItemMinutesForm(initial={"minutes": item.minutes}, prefix=f"i{item.pk}")
        if editable
        else None,
        "outcome_form": OutcomeForm(prefix=f"o{item.pk}") if editable else None,
        "request": context.get("request"),
    }


@register.inclusion_tag("meetings/_minutes_panel.html", takes_context=True)
def minutes_panel(context: template.Context, meeting: Any) -> dict[str, Any]:
    """Make final (the chair) / reopen with a reason / the versions / the decision list."""
    user = _user(context)
    chair = minutes.can_chair(user, meeting)
    return {
        "meeting": meeting,
        "held": meeting.state == MeetingState.HELD,
        "final": meeting.state == MeetingState.FINAL,
        "can_finalise": chair and meeting.state == MeetingState.HELD,
        "can_reopen": chair and meeting.state == MeetingState.FINAL,
        "reopen_form": ReasonForm(),
        # Bound with its errors when the minutes page re-renders a refused one (QA walk 2).
        "finalise_form": context.get("finalise_form") or FinaliseForm(),
        "quorum_gaps": (
            minutes.quorum_gaps(meeting) if chair and meeting.state == MeetingState.HELD else []
        ),
        # One action per meaning: the secretariat writes held minutes, everyone else reads.
        "writes": meeting.state == MeetingState.HELD and minutes.can_keep_minutes(user, meeting),
        "versions": list(minutes.minutes_versions(meeting)),
        "taken": any(
            s.transition_id for o in minutes.meeting_decisions(meeting) for s in o.steps.all()
        ),
        "request": context.get("request"),
    }


@register.inclusion_tag("meetings/_dashboard_meetings.html", takes_context=True)
def dashboard_meetings(context: template.Context) -> dict[str, Any]:
    """The dashboard's TKKSD part for the Sekda (leadership) and whoever chairs: the region's
    next meeting (date and time in its zone, place, link) and the open action items (the
    Sekda's own and those of the meetings of the region he chairs). Empty for others."""
    user = _user(context)
    if user is None or user.tenant_id is None:
        return {"show": False}
    chairs = user.has_role(Role.LEADERSHIP) or Meeting.objects.filter(chair__user=user).exists()
    if not chairs:
        return {"show": False}
    meeting = actions.next_meeting(user)
    zone = meeting.tenant.region.time_zone if meeting is not None else None
    return {
        "show": True,
        "meeting": meeting,
        "starts": timezone.localtime(meeting.starts_at, zone.zone) if meeting and zone else None,
        "zone": zone.abbreviation if zone else "",
        "tasks": list(actions.sekda_action_items(user)[:20]),
        "today": timezone.localdate(),
        "request": context.get("request"),
    }


@register.simple_tag(takes_context=True)
def step_source_line(context: template.Context, source: Any) -> str:
    """The TKKSD meeting a step was taken on, for the case's history entry of that step (run 11
    item 2): "Berdasarkan keputusan Rapat TKKSD No. 001/TKKSD/2021 tanggal 14 Januari 2021",
    named in the reader's language (`labels.name_from_facts`) and linked to the meeting for
    those who may read it. `source`: `Transition.data["source"]`."""
    facts = source if isinstance(source, dict) else {}
    name = name_from_facts(
        facts, date_key="date", number_key="number", fallback=str(facts.get("label", ""))
    )
    shown = escape(name)
    found = str(facts.get("id", ""))
    meeting = (
        Meeting.objects.select_related("tenant__region").filter(pk=int(found)).first()
        if found.isdigit()
        else None
    )
    if meeting is not None and minutes.can_read_minutes(_user(context), meeting):
        shown = format_html('<a href="{}">{}</a>', reverse("rapat:detail", args=[meeting.pk]), name)
    # The sentence is escaped, the name escaped or built by format_html.
    return mark_safe(
        escape(gettext("Based on the decision of the %(meeting)s")) % {"meeting": shown}
    )
