from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kerjasama.core.models import AuditConcern, AuditEvent


class AuditConcernInline(admin.TabularInline[AuditConcern, AuditEvent]):
    """The cases and other subjects an event concerns (read-only, like the event)."""

    model = AuditConcern
    fields = readonly_fields = ("subject_type", "subject_id")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """The audit trail can be read, never changed or deleted."""

    list_display = ["at", "actor_name", "interface", "action", "object_repr"]
    list_filter = ["interface", "action"]
    # "agreements.cooperation 12" style searches find the events concerning a subject too.
    search_fields = ["object_repr", "actor_name", "concerns__subject_type", "=concerns__subject_id"]
    inlines = [AuditConcernInline]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # No bulk "delete selected" (already hidden without the delete permission; removed
        # outright so that no future permission change can bring it back).
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions
