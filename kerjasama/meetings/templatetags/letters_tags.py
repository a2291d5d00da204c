"""`{% load letters_tags %}`: the meeting page's panel of generated letters."""

from __future__ import annotations

from typing import Any

from django import template

from kerjasama.accounts.models import Role
from kerjasama.meetings import letter_services
from kerjasama.meetings.permissions import can_keep_team

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
        # Links to where the letters' layout is set, for those who may set it (the region's
        # letter settings: `accounts.views._letters_tenant`; its templates: `can_keep_team`).
        "can_edit_settings": bool(
            user is not None
            and getattr(user, "is_authenticated", False)
            and user.tenant_id == meeting.tenant_id
            and user.has_role(Role.SECRETARIAT)
        ),
        "can_keep_templates": can_keep_team(user, meeting.tenant),
    }


@register.filter
def stored_size(letter: Any, which: str) -> int | None:
    """The size of a stored letter's PDF or DOCX (None when the file is missing)."""
    return letter_services.stored_size(letter, which)
