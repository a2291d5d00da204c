from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from kerjasama.notifications.tasks import daily_run, send_reminders_task


class Command(BaseCommand):
    help = (
        "The daily job, for cron (once a day, e.g. 06:00): move cooperations whose term has "
        "passed to the ended stage, recompute the deadlines, then send the deadline reminders due today by e-mail and in "
        "the application. Safe to run again: nothing is ended or sent twice. Recorded in the "
        "audit trail as the interface 'job'."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="Run as if today were YYYY-MM-DD (default: today in TIME_ZONE).",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the job to the background worker (`kerjasama db_worker`) instead.",
        )

    def handle(self, *args, today: dt.date | None, enqueue: bool, **options) -> None:
        if enqueue:
            queued = send_reminders_task.enqueue(today.isoformat() if today else None)
            self.stdout.write(f"Enqueued the daily job ({queued.id}).")
            return
        result = daily_run(today=today or timezone.localdate())
        self.stdout.write(
            "Ended {ended} cooperation(s); refreshed the deadlines of {refreshed}; sent {sent_email} e-mail(s) and {sent_app} in-app "
            "notification(s); skipped {skipped}; failed deadlines {failed}.".format(**result)
        )
