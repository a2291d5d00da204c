from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from kerjasama.notifications.models import CalendarToken, Notification, ReminderSent


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written only by the services; the admin looks."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["title", "user", "created_at", "read_at"]
    list_filter = ["read_at"]
    search_fields = ["title", "user__username"]
    list_select_related = ["user"]


@admin.register(ReminderSent)
class ReminderSentAdmin(ReadOnlyAdmin):
    list_display = ["deadline", "tier", "user", "channel", "sent_at"]
    list_filter = ["channel", "tier"]
    list_select_related = ["deadline", "user"]


@admin.register(CalendarToken)
class CalendarTokenAdmin(ReadOnlyAdmin):
    # The token itself is a secret: not shown.
    list_display = ["user", "created_at", "revoked_at"]
    fields = ["user", "created_at", "revoked_at"]
    list_select_related = ["user"]
