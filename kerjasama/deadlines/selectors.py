"""Reads of the deadline table that any app may use."""

from __future__ import annotations

from django.db import models

from kerjasama.core.models import subject_key
from kerjasama.deadlines.models import Deadline


def deadlines_of(subject: models.Model) -> models.QuerySet[Deadline]:
    """Every deadline row of `subject` (open, met and cancelled)."""
    subject_type, subject_id = subject_key(subject)
    return Deadline.objects.filter(subject_type=subject_type, subject_id=subject_id)


def caseless_for(
    *, user_id: int, opd_id: int | None, tenant_id: int | None, region_wide: bool
) -> models.Q:
    """Deadlines of no case that belong to a user (issue 9: a TKKSD action item): those whose
    owner OPD is the user's (`opd_id`, an OPD officer), those naming the user as their owner
    (`params["owner_user"]`), and, for the region's secretariat and leadership
    (`region_wide`), every one of the region (`params["tenant"]`). The agenda and the calendar
    feed add these to the deadlines of the cases the user may see."""
    mine = models.Q(params__owner_user=user_id)
    if opd_id is not None:
        mine |= models.Q(opd_id=opd_id)
    owned = models.Q(params__owned=True) & mine
    if region_wide and tenant_id is not None:
        mine |= models.Q(params__tenant=tenant_id)
    # A deadline addressed to its owner (`params["owned"]`: a TKKSD action item about a case)
    # reaches the owner even when the owner may not read the case: the meeting gave the task.
    return (models.Q(cooperation__isnull=True) & mine) | owned
