"""Writing the audit trail: one call per write, from the service that makes the write.

The interface (web, admin, CLI, API, job) is carried in a context variable set at the door:
the middleware for HTTP requests, `audit.interface("cli")` in management commands, the task
wrapper for jobs. Services never have to be told.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _

from kerjasama.core.models import AuditConcern, AuditEvent, Interface, subject_key

_interface: ContextVar[str] = ContextVar("kerjasama_interface", default=Interface.CLI)


@contextlib.contextmanager
def interface(name: str) -> Iterator[None]:
    token = _interface.set(name)
    try:
        yield
    finally:
        _interface.reset(token)


def current_interface() -> str:
    return _interface.get()


# Facts written into the data of every event recorded inside `tagged()`.
_tags: ContextVar[dict[str, Any] | None] = ContextVar("kerjasama_audit_tags", default=None)


@contextlib.contextmanager
def tagged(**tags: Any) -> Iterator[None]:
    """Every event recorded inside carries `tags` in its data, whichever service records it:
    the import marks the events of its commit and of its undo with the run, so that a later
    import's undone events can be told apart (`imports.services.changed_since`)."""
    token = _tags.set({**(_tags.get() or {}), **tags})
    try:
        yield
    finally:
        _tags.reset(token)


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return sorted(str(v) for v in value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields`, as JSON-able values, to diff after an update."""
    result: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        if field.many_to_many:
            if instance.pk is None:
                result[name] = []
            else:
                result[name] = _jsonable([str(o) for o in getattr(instance, name).all()])
        else:
            result[name] = _jsonable(getattr(instance, name))
    return result


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after[k]] for k in after if before.get(k) != after[k]}


def record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    cooperation: models.Model | None = None,
    concerns: Iterable[models.Model | tuple[str, object]] = (),
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. Call inside the transaction of the write it describes.

    `obj` is what the event is about (any model: a document, a meeting, an import); `concerns`
    are the cases or other subjects it concerns, many (a meeting's decision on several cases):
    each one's timeline shows the event. `cooperation=` is one such subject, kept for the
    services' calls."""
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    event = AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_name=actor.get_username() if is_user else "",
        interface=current_interface(),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes={k: [_jsonable(v[0]), _jsonable(v[1])] for k, v in (changes or {}).items()},
        data={k: _jsonable(v) for k, v in {**(_tags.get() or {}), **(data or {})}.items()},
    )
    subjects = [*([cooperation] if cooperation is not None else []), *concerns]
    keys = list(dict.fromkeys(subject_key(subject) for subject in subjects))
    AuditConcern.objects.bulk_create(
        AuditConcern(event=event, subject_type=subject_type, subject_id=subject_id)
        for subject_type, subject_id in keys
    )
    return event


ACTION_LABELS = {
    "cooperation.create": _("Registered the cooperation"),
    "cooperation.update": _("Changed the cooperation"),
    "party.update": _("Changed a party's data"),
    "party_change.request": _("Asked a party to leave the cooperation"),
    "party_change.decide": _("Answered the request to leave the cooperation"),
    "document.create": _("Added a document"),
    "document.update": _("Changed a document"),
    "document.upload": _("Uploaded a file"),
    "financing.add": _("Added financing"),
    "financing.remove": _("Removed financing"),
    "warning.override": _("Overrode a warning"),
    "partner.create": _("Registered a partner"),
    "partner.update": _("Changed a partner"),
    "opd.create": _("Added an OPD"),
    "opd.update": _("Changed an OPD"),
    "user.roles": _("Changed roles"),
    "user.language": _("Chose a language"),
    "cooperation.transition": _("Moved along the pathway"),
    "pks.transition": _("PKS moved along its own pathway"),
    "cooperation.stage_derived": _("Stage follows its PKS"),
    "finding.add": _("Recorded a supervision finding"),
    "finding.follow_up": _("Recorded the follow-up of a finding"),
    "reminder.sent": _("Sent reminders"),
    "deadline.mark_met": _("Recorded what met a deadline"),
    "deadline.reopen": _("Reopened a deadline"),
    "proposal.notified": _("Told the secretariat of a proposal"),
    "notification.read": _("Read a notification"),
    "notification.read_all": _("Read all notifications"),
    "calendar_token.create": _("Made a calendar address"),
    "tkksd.decree.create": _("Recorded a TKKSD decree"),
    "tkksd.decree.replaced": _("TKKSD decree ended by its replacement"),
    "tkksd.decree.scan": _("Stored the scan of a TKKSD decree"),
    "tkksd.seat.add": _("Added a TKKSD seat"),
    "tkksd.holding.add": _("Appointed a TKKSD seat holder"),
    "tkksd.holding.end": _("Ended a TKKSD seat holding"),
    "tkksd.quorum.set": _("Set the TKKSD quorum"),
    "tkksd.meeting.create": _("Planned a TKKSD meeting"),
    "tkksd.meeting.update": _("Changed a TKKSD meeting"),
    "tkksd.meeting.cancel": _("Cancelled a TKKSD meeting"),
    "tkksd.meeting.hold": _("Opened a TKKSD meeting and gave it its number"),
    "tkksd.invitee.add": _("Invited someone to a TKKSD meeting"),
    "tkksd.invitee.remove": _("Withdrew an invitation to a TKKSD meeting"),
    "tkksd.item.add": _("Put an item on the agenda of a TKKSD meeting"),
    "tkksd.item.update": _("Changed an item of the agenda of a TKKSD meeting"),
    "tkksd.item.remove": _("Removed an item from the agenda of a TKKSD meeting"),
    "tkksd.item.move": _("Reordered the agenda of a TKKSD meeting"),
    "tkksd.attendance.record": _("Recorded the attendance at a TKKSD meeting"),
    "tkksd.item.absences": _("Recorded who was out of the room for an item of a TKKSD meeting"),
    "tkksd.minutes.notes": _("Recorded the opening or closing of the minutes"),
    "tkksd.minutes.item": _("Recorded the minutes of an agenda item"),
    "tkksd.outcome.add": _("Recorded an outcome of a TKKSD meeting"),
    "tkksd.outcome.update": _("Changed an outcome of a TKKSD meeting"),
    "tkksd.outcome.remove": _("Removed an outcome of a TKKSD meeting"),
    "tkksd.decision_step.add": _("Drafted a lifecycle step in a TKKSD decision"),
    "tkksd.decision_step.remove": _("Removed a drafted lifecycle step from a TKKSD decision"),
    "tkksd.minutes.final": _("Made the minutes of a TKKSD meeting final"),
    "tkksd.minutes.reopen": _("Reopened the minutes of a TKKSD meeting"),
    "tkksd.action_item.add": _("Recorded a TKKSD action item"),
    "tkksd.action_item.remove": _("Removed a drafted TKKSD action item"),
    "tkksd.action_item.done": _("Closed a TKKSD action item as done"),
    "tkksd.action_item.cancel": _("Cancelled a TKKSD action item"),
    "calendar_token.revoke": _("Stopped a calendar address"),
    "admin.add": _("Added in the administration"),
    "admin.change": _("Changed in the administration"),
    "admin.delete": _("Deleted in the administration"),
    "admin.password": _("Changed a password in the administration"),
    "tenant.letters": _("Changed the region's letter settings"),
    "letter.number": _("Gave a letter number"),
    "tkksd.letter.generate": _("Generated a letter of the meeting"),
    "tkksd.letter_template.set": _("Replaced a template of meeting letters"),
    "tkksd.letter_template.remove": _("Went back to a shipped template of meeting letters"),
    # Monitoring (issue 10).
    "indicator.create": _("Added an indicator"),
    "indicator.targets": _("Set an indicator's targets"),
    "headline.set": _("Chose the region's headline indicators"),
    "realisation.save": _("Saved a realisation as a draft"),
    "realisation.submit": _("Submitted a realisation"),
    "realisation.verify": _("Verified a realisation"),
    "realisation.return": _("Returned a realisation"),
    "realisation.reconcile": _("Reconciled the parties' values"),
    # Evaluations (issue 10, item 4).
    "evaluation.save": _("Wrote an evaluation (draft)"),
    "evaluation.submit": _("Submitted an evaluation for sign-off"),
    "evaluation.withdraw": _("Withdrew an evaluation to change it"),
    "evaluation.sign_off": _("Signed off an evaluation"),
    "evaluation.reopen": _("Reopened a signed-off evaluation"),
    "evaluation.comment": _("Commented on an evaluation"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def change_rows(event: AuditEvent) -> list[tuple[str, Any, Any]]:
    try:
        model = apps.get_model(event.object_type)
    except (LookupError, ValueError):
        model = None
    rows = []
    for name, pair in (event.changes or {}).items():
        old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        label = name
        if model is not None and "[" not in name:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
            if field is not None and not hasattr(field, "verbose_name") and field.related_model:
                # A reverse relation (a cooperation's parties): the related model's plural.
                label = str(field.related_model._meta.verbose_name_plural)
            elif field is not None:
                label = str(getattr(field, "verbose_name", name))
                choices = dict(getattr(field, "flatchoices", None) or [])
                if choices:
                    old, new = choices.get(old, old), choices.get(new, new)
                if isinstance(field, models.BooleanField):
                    old, new = _yes_no(old), _yes_no(new)
                if isinstance(field, models.DecimalField):
                    old, new = _number(old), _number(new)
        elif "[" in name:
            base, _sep, party = name.partition("[")
            label = f"{_('number')} — {party.rstrip(']')}" if base == "number" else name
        rows.append((label[:1].upper() + label[1:], _display(old), _display(new)))
    return rows


def _number(value: Any) -> Any:
    """A stored decimal ("1250000000.00") in the reader's number format ("1.250.000.000")."""
    try:
        amount = decimal.Decimal(value)
    except (decimal.InvalidOperation, TypeError, ValueError):
        return value
    places = 0 if amount == amount.to_integral_value() else 2
    return number_format(amount, decimal_pos=places, force_grouping=True)


def _yes_no(value: Any) -> Any:
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return value


def _display(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
        except ValueError:
            return value
    return str(value)
