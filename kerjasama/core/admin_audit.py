"""Audit events for writes made in the Django admin (issue 3: every write, whichever door).

`AuditedAdmin` records one `AuditEvent` per add, change or delete, with the old and new value of
every changed field, many-to-many field and inline. The interface is "admin": the
`InterfaceMiddleware` sets it for every request under /admin/. The admin's own `LogEntry` stays
as Django writes it; the audit trail is the record that counts (it has the old values).

The field diff is taken the way the services take theirs (`audit.snapshot` / `audit.diff`):
the row as stored before the save against the row after it, over the fields of the form.
Django's admin calls `save_model` and then `save_related` for every form it saves (change
form and list-editable changelist alike); the event is written at the end of `save_related`,
so that a save with many-to-many or inline changes leaves one event, not two.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models, router, transaction
from django.http import HttpRequest

from kerjasama.core import audit

# Never written to the audit trail, not even as a hash.
SECRET_FIELDS = frozenset({"password"})
_PENDING = "_kerjasama_admin_audit"


def _tracked_fields(model: type[models.Model], names: Any) -> tuple[list[str], list[str]]:
    """Split `names` into the model's concrete and many-to-many field names (others dropped)."""
    concrete, many = [], []
    for name in names:
        if name in SECRET_FIELDS:
            continue
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form-only field (password1, usable_password …)
            continue
        if field.many_to_many and not field.auto_created:
            many.append(name)
        elif field.concrete and not field.primary_key:
            concrete.append(name)
    return concrete, many


def _all_fields(obj: models.Model) -> tuple[list[str], list[str]]:
    names = [
        f.name
        for f in obj._meta.get_fields()
        if (f.concrete or f.many_to_many)
        and not f.auto_created
        and not getattr(f, "auto_now", False)
        and not getattr(f, "auto_now_add", False)
    ]
    return _tracked_fields(type(obj), names)


def _inline_values(formset: Any, obj: models.Model, *, before: bool) -> tuple[str, list[str]]:
    accessor = formset.fk.remote_field.get_accessor_name()
    if before:
        rows = formset.get_queryset()  # evaluated when the form was built: the stored rows
    else:
        rows = formset.model._default_manager.filter(**{formset.fk.name: obj})
    return accessor, sorted(str(row) for row in rows)


class AuditedAdmin(admin.ModelAdmin[Any]):
    """A ModelAdmin whose adds, changes and deletes each leave an audit event."""

    def _audit(
        self,
        request: HttpRequest,
        *,
        action: str,
        obj: models.Model,
        changes: dict[str, Any],
        data: dict[str, Any] | None = None,
    ) -> None:
        audit.record(
            actor=request.user,
            action=action,
            obj=obj,
            concerns=self.audit_concerns(obj),
            changes=changes,
            data=data,
        )

    def audit_concerns(self, obj: models.Model) -> list[models.Model]:
        """The subjects (cases …) an admin write of `obj` concerns besides `obj` itself, whose
        timelines show it (issue 7); none by default. A subclass names them."""
        return []

    # --- add and change -------------------------------------------------------------------

    def save_model(self, request: HttpRequest, obj: models.Model, form: Any, change: bool) -> None:
        concrete, many = _tracked_fields(type(obj), form.fields)
        before: dict[str, Any] = {}
        if change and obj.pk is not None:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                before = audit.snapshot(stored, concrete)
        super().save_model(request, obj, form, change)
        after = audit.snapshot(obj, concrete)
        if change:
            changes = audit.diff(before, after)
        else:
            changes = {k: [None, v] for k, v in after.items() if v not in (None, "", [])}
        data = {}
        if "password" in form.changed_data or "password1" in form.changed_data:
            data["password"] = "changed" if change else "set"
        pending = {
            "obj": obj,
            "changes": changes,
            "data": data,
            # Many-to-many values are still the stored ones: `save_related` writes them.
            "many": audit.snapshot(obj, many) if change else dict.fromkeys(many),
        }
        setattr(request, _PENDING, pending)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        pending = request.__dict__.pop(_PENDING, None)
        if pending is None or pending["obj"] is not form.instance:
            # Saved without our save_model (not done by the stock admin views): the related
            # changes are still recorded.
            pending = {"obj": form.instance, "changes": {}, "data": {}, "many": {}}
        obj = pending["obj"]
        inlines_before = dict(_inline_values(fs, obj, before=True) for fs in formsets)
        super().save_related(request, form, formsets, change)
        changes = dict(pending["changes"])
        many_after = audit.snapshot(obj, list(pending["many"]))
        for name, value in many_after.items():
            old = pending["many"][name]
            if old != value and (change or value):
                changes[name] = [old, value]
        for formset in formsets:
            name, value = _inline_values(formset, obj, before=False)
            old = inlines_before.get(name, [])
            if old != value:
                changes[name] = [old if change else None, value]
        if change and not changes and not pending["data"]:
            return  # saved unchanged: nothing happened worth a row
        self._audit(
            request,
            action="admin.change" if change else "admin.add",
            obj=obj,
            changes=changes,
            data=pending["data"],
        )

    # --- delete ---------------------------------------------------------------------------

    def _record_delete(self, request: HttpRequest, obj: models.Model) -> None:
        concrete, many = _all_fields(obj)
        values = audit.snapshot(obj, [*concrete, *many])
        self._audit(
            request,
            action="admin.delete",
            obj=obj,
            changes={k: [v, None] for k, v in values.items() if v not in (None, "", [])},
        )

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        # Recorded first: deleting clears the primary key the event names.
        with transaction.atomic(using=router.db_for_write(type(obj))):
            self._record_delete(request, obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic(using=router.db_for_write(queryset.model)):
            for obj in queryset:
                self._record_delete(request, obj)
            super().delete_queryset(request, queryset)
