"""The TKKSD meetings in the administration (issue 9): for a platform administrator to look,
and to correct a meeting's draft in an emergency. Final minutes are locked here too: a final
meeting's items, outcomes, decided steps and action-item definitions can be neither changed
nor deleted, and nothing can be added to them (refused before the database, whose triggers
refuse the same: migration `0005_notulen_final_guard`). The versions of the minutes and the
generated letters are read-only always. Every write is audited (`AuditedAdmin`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kerjasama.core.admin_audit import AuditedAdmin
from kerjasama.meetings.enums import MeetingState
from kerjasama.meetings.models import (
    ActionItem,
    AgendaItem,
    DecisionStep,
    Meeting,
    MeetingLetter,
    MinutesVersion,
    Outcome,
)

LOCKED_MESSAGE = _(
    "The minutes of this meeting are final and locked. The chair reopens them, with a reason, "
    "on the meeting's page."
)


def _meeting_of(obj: Any) -> Meeting | None:
    if obj is None:
        return None
    if isinstance(obj, Meeting):
        return obj
    if isinstance(obj, AgendaItem):
        return obj.meeting
    if isinstance(obj, Outcome):
        return obj.item.meeting
    if isinstance(obj, DecisionStep):
        return obj.outcome.item.meeting
    if isinstance(obj, ActionItem):
        return obj.meeting
    return None


def _final(obj: Any) -> bool:
    meeting = _meeting_of(obj)
    if meeting is None or meeting.pk is None:
        return False
    state = Meeting.objects.filter(pk=meeting.pk).values_list("state", flat=True).first()
    return state == MeetingState.FINAL


class LockedForm(forms.ModelForm):
    """Refuses to add a row to a final meeting's minutes (the row's meeting is known only from
    the form's data)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        probe = self.instance
        for name, value in cleaned.items():
            if name in ("meeting", "item", "outcome") and value is not None:
                setattr(probe, name, value)
        try:
            final = _final(probe)
        except (AgendaItem.DoesNotExist, Outcome.DoesNotExist, Meeting.DoesNotExist):
            final = False
        if final:
            raise forms.ValidationError(LOCKED_MESSAGE)
        return cleaned


class LockedWhenFinal(AuditedAdmin):
    """Change and delete refused for the rows of a final meeting's minutes."""

    form = LockedForm

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and not _final(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and not _final(obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        # The changelist's bulk delete asks no per-row permission: refuse a final meeting's rows.
        if any(_final(obj) for obj in queryset):
            self.message_user(request, LOCKED_MESSAGE, level="error")
            return
        super().delete_queryset(request, queryset)


@admin.register(Meeting)
class MeetingAdmin(LockedWhenFinal):
    list_display = ["title", "tenant", "number", "starts_at", "state"]
    list_filter = ["state", "kind"]
    search_fields = ["title", "number"]
    # The state, number and finalisation are the services' (holding, making final, reopening).
    readonly_fields = ["state", "number", "held_at", "finalised_at", "finalised_by", "version"]
    raw_id_fields = ["tenant", "chair", "created_by"]


@admin.register(AgendaItem)
class AgendaItemAdmin(LockedWhenFinal):
    list_display = ["title", "meeting", "order", "closed"]
    raw_id_fields = [
        "meeting",
        "cooperation",
        "document",
        "deadline",
        "action_item",
        "carried_from",
    ]


@admin.register(Outcome)
class OutcomeAdmin(LockedWhenFinal):
    list_display = ["__str__", "kind", "item"]
    list_filter = ["kind"]
    raw_id_fields = ["item"]


@admin.register(DecisionStep)
class DecisionStepAdmin(LockedWhenFinal):
    list_display = ["cooperation", "action", "expected_stage", "transition"]
    raw_id_fields = ["outcome", "cooperation", "document"]
    # Set when the minutes are made final, by the step taken and the extract filed.
    readonly_fields = ["transition", "extract"]


@admin.register(ActionItem)
class ActionItemAdmin(LockedWhenFinal):
    list_display = ["title", "meeting", "due_on", "status"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "outcome", "cooperation", "owner_user", "owner_opd"]
    # Closed by the owner and cancelled by the secretariat through the services only.
    readonly_fields = [
        "status",
        "closed_at",
        "closed_by",
        "closing_note",
        "evidence",
        "evidence_name",
        "evidence_content_type",
        "evidence_sha256",
    ]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(MinutesVersion)
class MinutesVersionAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "number", "created_at", "reopened_at"]


@admin.register(MeetingLetter)
class MeetingLetterAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "kind", "version", "created_at"]
