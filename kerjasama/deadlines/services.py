"""The deadline engine: the only writer of `Deadline`.

`deadlines_refresh(subject)` asks the subject's provider (`registry`) which deadlines it should
have today and stores them: it updates rows by their stable `key`, adds new ones and cancels the
open ones no rule produces any more. Every service that changes an input of a rule calls it, and
so does the daily job (`deadlines_refresh_all`). A person may record which document met an open
deadline (`deadline_mark_met`, undone by `deadline_reopen`); recomputing keeps that until undone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kerjasama.core import audit, derived
from kerjasama.core.exceptions import DomainError
from kerjasama.core.models import subject_key
from kerjasama.deadlines import registry
from kerjasama.deadlines.models import Deadline, DeadlineStatus


def deadlines_refresh(subject: models.Model, *, today: dt.date | None = None) -> list[Deadline]:
    """Recompute the deadlines of `subject` and store them; returns its open ones by date."""
    subject_type, subject_id = subject_key(subject)
    if derived.defer(
        "deadlines",
        (subject_type, subject_id),
        lambda: _refresh(subject_type, subject_id, today=today),
    ):
        return []  # at the end of the batch (`core.derived`)
    return _refresh(subject_type, subject_id, today=today)


@transaction.atomic
def _refresh(subject_type: str, subject_id: str, *, today: dt.date | None) -> list[Deadline]:
    today = today or timezone.localdate()
    provider = registry.provider_for(subject_type)
    loaded = provider.load(subject_id)
    rows = Deadline.objects.filter(subject_type=subject_type, subject_id=subject_id)
    existing = {d.key: d for d in rows}
    # Stored titles are read by everyone (agenda, feed, e-mails) when a row lacks its facts:
    # write them in the site's language, whatever the language of the request.
    with translation.override(settings.LANGUAGE_CODE):
        wanted = provider.wanted(loaded, today)
    seen = set()
    changed = False
    for item in wanted:
        seen.add(item.key)
        met = item.status == DeadlineStatus.MET
        values: dict[str, Any] = {
            "kind": item.kind,
            "due_on": item.due_on,
            "title": item.title[:300],
            "rule": item.rule[:200],
            "status": item.status,
            "cooperation_id": item.case_id,
            "document_id": item.document_id,
            "opd_id": item.opd_id,
            "params": item.params,
            "met_by_id": item.met_by_id if met else None,
            "met_on": item.met_on if met else None,
        }
        row = existing.get(item.key)
        if row is not None and row.met_manually:
            # Recorded by a person (`deadline_mark_met`): kept until undone.
            for name in ("status", "met_by_id", "met_on"):
                values.pop(name)
        if row is None:
            Deadline.objects.create(
                subject_type=subject_type, subject_id=subject_id, key=item.key, **values
            )
            changed = True
        elif any(getattr(row, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            changed = True
    if (
        rows.filter(status=DeadlineStatus.OPEN)
        .exclude(key__in=seen)
        .update(status=DeadlineStatus.CANCELLED)
    ):
        changed = True
    if changed:
        provider.deadlines_changed(subject_id)
    return list(rows.filter(status=DeadlineStatus.OPEN).order_by("due_on", "id"))


def deadlines_refresh_all(*, today: dt.date | None = None) -> int:
    """For the daily job: recompute, for every provider, the subjects it names (e.g. the cases
    not yet closed) and those with open rows (a rule may close them). Returns how many."""
    today = today or timezone.localdate()
    count = 0
    for provider in registry.providers():
        ids = {str(pk) for pk in provider.subjects_to_refresh()} | set(
            Deadline.objects.filter(
                subject_type=provider.subject_type, status=DeadlineStatus.OPEN
            ).values_list("subject_id", flat=True)
        )
        for subject_id in sorted(ids, key=lambda v: (len(v), v)):
            _refresh(provider.subject_type, subject_id, today=today)
        count += len(ids)
    return count


def _provider(deadline: Deadline) -> registry.DeadlineProvider:
    return registry.provider_for(deadline.subject_type)


@transaction.atomic
def deadline_mark_met(
    *, actor: Any, deadline: Deadline, document: Any, met_on: dt.date | None
) -> Deadline:
    """Record that `document` met the open `deadline` on `met_on` (e.g. a report filed without
    its period, or a letter that answered a DPRD request); the provider says who may and which
    documents can. Kept by every recomputation until `deadline_reopen` undoes it. Audited."""
    derived.flush()  # the deadline rows are read: in step with a batch's writes first
    provider = _provider(deadline)
    provider.check_record(actor, deadline)
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if deadline.status != DeadlineStatus.OPEN:
        raise DomainError(_("This deadline is no longer open; reload the page."))
    if deadline.kind not in provider.markable:
        raise DomainError(_("An end of term is not met by a document; an addendum extends it."))
    errors = provider.check_met(deadline, document) if document is not None else {}
    if document is None:
        errors["document"] = [_("Choose a document of this cooperation.")]
    if met_on is None or met_on > timezone.localdate():
        errors["met_on"] = [_("Give the date on which it was met; it cannot be in the future.")]
    if errors:
        raise DomainError(errors)
    deadline.status = DeadlineStatus.MET
    deadline.met_by = document
    deadline.met_on = met_on
    deadline.met_manually = True
    deadline.save(update_fields=["status", "met_by", "met_on", "met_manually", "updated_at"])
    provider.deadlines_changed(deadline.subject_id)
    audit.record(
        actor=actor,
        action="deadline.mark_met",
        obj=deadline,
        cooperation=deadline.cooperation,
        changes={
            "status": [DeadlineStatus.OPEN, DeadlineStatus.MET],
            "met_by": [None, document],
            "met_on": [None, met_on],
        },
    )
    return deadline


@transaction.atomic
def deadline_reopen(*, actor: Any, deadline: Deadline) -> Deadline:
    """Undo `deadline_mark_met`: the deadline is computed from its rule again (a report that
    covers its period still meets it). Audited."""
    derived.flush()  # the deadline rows are read: in step with a batch's writes first
    provider = _provider(deadline)
    provider.check_record(actor, deadline)
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    if not deadline.met_manually:
        raise DomainError(_("Only what was recorded by hand can be undone; reload the page."))
    before = {"status": deadline.status, "met_by": deadline.met_by, "met_on": deadline.met_on}
    deadline.status = DeadlineStatus.OPEN
    deadline.met_by = None
    deadline.met_on = None
    deadline.met_manually = False
    deadline.save(update_fields=["status", "met_by", "met_on", "met_manually", "updated_at"])
    _refresh(deadline.subject_type, deadline.subject_id, today=None)
    provider.deadlines_changed(deadline.subject_id)
    deadline.refresh_from_db()
    audit.record(
        actor=actor,
        action="deadline.reopen",
        obj=deadline,
        cooperation=deadline.cooperation,
        changes={
            "status": [before["status"], deadline.status],
            "met_by": [before["met_by"], deadline.met_by],
            "met_on": [before["met_on"], deadline.met_on],
        },
    )
    return deadline
