from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class Interface(models.TextChoices):
    """Through which door a write came in (issue 3: the audit trail records it)."""

    WEB = "web", _("web")
    ADMIN = "admin", _("admin")
    CLI = "cli", _("command line")
    API = "api", _("API")
    JOB = "job", _("background job")


class AuditEventQuerySet(models.QuerySet):
    def delete(self):  # type: ignore[override]
        raise PermissionError("Audit events are append-only.")

    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One write, as it happened: who, when, through which interface, what changed.

    Append-only: no service, screen or command edits or deletes a row (saving an existing row
    and deleting raise). `changes` maps a field name to `[old, new]`; `data` carries the rest
    (a reason for an override, the file name of an upload ...).
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    interface = models.CharField(_("interface"), max_length=8, choices=Interface.choices)
    action = models.CharField(_("action"), max_length=64)
    # The record the event is about, and the cooperation it belongs to (for the timeline).
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    cooperation = models.ForeignKey(
        "agreements.Cooperation",
        verbose_name=_("cooperation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_events",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            # The record timeline: events of one cooperation, newest first.
            models.Index(fields=["cooperation", "-at"], name="audit_cooperation_at"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")


def constraint_errors_on_fields(
    error: ValidationError, fields_by_code: dict[str, str]
) -> ValidationError:
    """Move a constraint's message from the top of a form to the field it concerns: a message
    whose code is in `fields_by_code` goes to that field (models call this in
    `validate_constraints`, which ModelForms and `full_clean` both run)."""
    moved: dict[str, list[ValidationError]] = {}
    for name, errors in error.error_dict.items() if hasattr(error, "error_dict") else []:
        for item in errors:
            target = fields_by_code.get(item.code or "", name) if name == NON_FIELD_ERRORS else name
            moved.setdefault(target, []).append(item)
    return ValidationError(moved) if moved else error
