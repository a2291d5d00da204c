"""`{% load letters_tags %}`: the meeting page's panel of generated letters."""

from __future__ import annotations

from typing import Any

from django import template

from kerjasama.meetings import letter_services

register = template.Library()


@register.inclusion_tag("meetings/_letters_panel.html", takes_context=True)
def letters_panel(context: template.Context, meeting: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "meeting": meeting,
        "request": request,
        "rows": letter_services.letters_panel_rows(user, meeting),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def stored_size(letter: Any, which: str) -> int | None:
    """The size of a stored letter's PDF or DOCX (None when the file is missing)."""
    return letter_services.stored_size(letter, which)
