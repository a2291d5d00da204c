"""The background reading of an uploaded register (django-tasks; the worker is
`kerjasama db_worker`). The request checks the file and stores the run; the task reads it and
computes the preview, so no request parses a workbook (issue 11, item 1)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from kerjasama.accounts.models import User
from kerjasama.core import audit
from kerjasama.core.models import Interface
from kerjasama.imports import services
from kerjasama.imports.models import ImportRun, RunState

logger = logging.getLogger(__name__)


def _language(language: str | None) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return language if language in known else settings.LANGUAGE_CODE


def _unforeseen(run_id: int) -> None:
    """An error no service turned into a message: logged with its traceback for the
    administrator; the run says it stopped (`services.run_fail`), the user sees no traceback."""
    logger.exception("import run %s stopped on an unexpected error", run_id)
    with translation.override(settings.LANGUAGE_CODE):  # stored: the site's language
        message = _(
            "The import stopped on an unexpected error; nothing was written. Try again, and if "
            "it happens again, send the file to your administrator."
        )
    services.run_fail(run_id, message)


@task()
def read_run_task(run_id: int, language: str | None = None) -> str:
    """Read the run's file and preview it; returns the run's state. The reasons the registry
    gives are written in `language` (the uploader's; the site's if none)."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None:
        return "gone"
    with audit.interface(Interface.JOB), translation.override(_language(language)):
        try:
            return services.run_read_chosen(run).state
        except Exception:
            _unforeseen(run_id)
            raise


@task()
def commit_run_task(run_id: int, actor_id: int, language: str | None = None) -> str:
    """Commit a run marked as importing (`services.run_commit_start`) in the name of the user
    who confirmed it; returns the run's state."""
    run = ImportRun.objects.filter(pk=run_id, state=RunState.COMMITTING).first()
    actor = User.objects.filter(pk=actor_id).first()
    if run is None or actor is None:
        return "gone"
    with audit.interface(Interface.JOB), translation.override(_language(language)):
        try:
            return services.run_commit(actor=actor, run=run).state
        except Exception:
            _unforeseen(run_id)
            raise
