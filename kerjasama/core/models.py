from __future__ import annotations

from typing import Any, NoReturn

from django.apps import apps
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


def subject_key(subject: models.Model | tuple[str, object]) -> tuple[str, str]:
    """An audit subject as stored: its model label (`agreements.cooperation`) and its id as
    text; `subject` is a saved model instance or such a pair already."""
    if isinstance(subject, models.Model):
        return subject._meta.label_lower, str(subject.pk)
    label, pk = subject
    return str(label).lower(), str(pk)


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def delete(self) -> NoReturn:
        raise PermissionError("Audit events are append-only.")

    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit events are append-only.")


class AuditEventQuerySet(AppendOnlyQuerySet):
    def concerning(self, subject: models.Model | tuple[str, object]) -> AuditEventQuerySet:
        """The events about `subject` or concerning it (its timeline), through `AuditConcern`
        and its (subject_type, subject_id, event) index."""
        subject_type, subject_id = subject_key(subject)
        return self.filter(
            pk__in=AuditConcern.objects.filter(
                subject_type=subject_type, subject_id=subject_id
            ).values("event_id")
        )

    def _filter_or_exclude(
        self, negate: bool, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> AuditEventQuerySet:
        # `filter(cooperation=record)` of the time the event had a cooperation column reads the
        # concerns now (issue 7), so that the callers written against it keep working.
        if "cooperation" in kwargs:
            kwargs = dict(kwargs)
            subject = kwargs.pop("cooperation")
            if not isinstance(subject, models.Model):
                subject = ("agreements.cooperation", subject)  # an id
            subject_type, subject_id = subject_key(subject)
            ids = AuditConcern.objects.filter(
                subject_type=subject_type, subject_id=subject_id
            ).values("event_id")
            args = (*args, models.Q(pk__in=ids))
        return super()._filter_or_exclude(negate, args, kwargs)  # type: ignore[misc, no-any-return]


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
    # The record the event is about (any subject: a document, a meeting, an import …); the
    # cases and other subjects it concerns, many, are its `concerns` (`AuditConcern`).
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("Audit events are append-only.")

    def concerned_subjects(self) -> list[tuple[str, str]]:
        """The (model label, id) of every subject the event concerns."""
        return [(c.subject_type, c.subject_id) for c in self.concerns.all()]

    def concerned_objects(self) -> list[models.Model]:
        """The subjects the event concerns that still exist, as model instances."""
        found: list[models.Model] = []
        for subject_type, subject_id in self.concerned_subjects():
            model = apps.get_model(subject_type)
            found.extend(model._default_manager.filter(pk=subject_id))
        return found


class AuditConcern(models.Model):
    """A subject an audit event concerns (issue 7): a case moved by a meeting's decision, the
    cases an indicator or an import touched. Many per event; the timeline of a record reads its
    rows through the (subject_type, subject_id, event) index. Append-only, like the events."""

    event = models.ForeignKey(
        AuditEvent, verbose_name=_("audit event"), on_delete=models.PROTECT, related_name="concerns"
    )
    subject_type = models.CharField(_("subject type"), max_length=64)
    subject_id = models.CharField(_("subject id"), max_length=64)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("subject of an audit event")
        verbose_name_plural = _("subjects of audit events")
        indexes = [
            # The timeline of one subject (a case): its events, newest last in the index.
            models.Index(
                fields=["subject_type", "subject_id", "event"], name="audit_concern_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_type} {self.subject_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
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
