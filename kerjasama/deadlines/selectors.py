"""Reads of the deadline table that any app may use."""

from __future__ import annotations

from django.db import models

from kerjasama.core.models import subject_key
from kerjasama.deadlines.models import Deadline


def deadlines_of(subject: models.Model) -> models.QuerySet[Deadline]:
    """Every deadline row of `subject` (open, met and cancelled)."""
    subject_type, subject_id = subject_key(subject)
    return Deadline.objects.filter(subject_type=subject_type, subject_id=subject_id)
