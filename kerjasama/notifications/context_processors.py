from __future__ import annotations

from django.http import HttpRequest

from kerjasama.notifications.selectors import notification_unread_count


def unread(request: HttpRequest) -> dict[str, int]:
    """`unread_notifications` for the bell in the header: one COUNT, signed-in users only."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": notification_unread_count(user=user)}
