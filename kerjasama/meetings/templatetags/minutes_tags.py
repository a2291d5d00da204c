"""`{% load minutes_tags %}`: the minutes' parts of the meeting page (outcomes of an item, the
panel that makes the minutes final or reopens them)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("meetings/_item_outcomes.html", takes_context=True)
def item_outcomes(context: template.Context, item: Any) -> dict[str, Any]:
    return {"item": item, "request": context.get("request")}


@register.inclusion_tag("meetings/_minutes_panel.html", takes_context=True)
def minutes_panel(context: template.Context, meeting: Any) -> dict[str, Any]:
    return {"meeting": meeting, "request": context.get("request")}
