"""`{% load letters_tags %}`: the meeting page's panel of generated letters."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("meetings/_letters_panel.html", takes_context=True)
def letters_panel(context: template.Context, meeting: Any) -> dict[str, Any]:
    return {"meeting": meeting, "request": context.get("request")}
