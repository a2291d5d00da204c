"""`{% load team %}`: whether the navigation offers the TKKSD page to the reader."""

from __future__ import annotations

from django import template

from kerjasama.accounts.models import User
from kerjasama.meetings.permissions import can_read_team

register = template.Library()


@register.filter
def reads_team(user: User) -> bool:
    """True when `user` may read their region's TKKSD (`permissions.can_read_team`)."""
    tenant = getattr(user, "tenant", None)
    return tenant is not None and can_read_team(user, tenant)
