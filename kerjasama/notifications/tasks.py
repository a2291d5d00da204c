"""Background jobs (django-tasks; the worker is `kerjasama db_worker`).

The daily work is one task: end the cooperations whose term has passed, recompute every
deadline (periodic reports roll over, passed terms close), then send the reminders due today. Schedule it once a day, either with cron running
`kerjasama send_reminders` (synchronous) or `kerjasama send_reminders --enqueue` (hands it to
the worker). Both are safe to repeat: ending and reminding happen once.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils import timezone
from django_tasks import task

from kerjasama.agreements import lifecycle
from kerjasama.core import audit
from kerjasama.core.models import Interface
from kerjasama.deadlines import services as deadlines
from kerjasama.notifications.services import reminders_send


def daily_run(*, today: dt.date) -> dict[str, int]:
    """End expired cooperations, refresh the deadlines, then send today's reminders (in this
    order, so that no reminder goes out for a deadline that today's changes closed)."""
    with audit.interface(Interface.JOB):
        ended = lifecycle.cooperations_end_expired(today=today)
        refreshed = deadlines.deadlines_refresh_all(today=today)
        summary = reminders_send(today=today)
    return {"ended": len(ended), "refreshed": refreshed, **dataclasses.asdict(summary)}


@task()
def send_reminders_task(today: str | None = None) -> dict[str, int]:
    """The daily job. `today` (ISO date) only for catching up a given day; default: today."""
    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    return daily_run(today=day)
