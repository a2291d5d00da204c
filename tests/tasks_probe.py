"""A task for tests/test_deployment.py's two database-queue workers: each run leaves a file that
names the task's number and the process that ran it, so the test counts the runs per task."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from django_tasks import task


@task()
def record_run(folder: str, number: int) -> int:
    time.sleep(0.05)  # long enough for the two workers to overlap
    (Path(folder) / f"{number}-{os.getpid()}-{uuid.uuid4().hex}").touch()
    return number
