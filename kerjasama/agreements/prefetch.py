"""Whether a relation was prefetched: the rule evaluation reads a prefetched relation in
memory and queries only when it was not, so that the dashboard's "needs my action", which
evaluates a page of cases fetched with their relations, costs a constant number of queries
(issue 8) while the record page and the services keep their own queries."""

from __future__ import annotations

from django.db import models


def is_prefetched(instance: models.Model, name: str) -> bool:
    """Whether `instance.<name>.all()` reads no row (it was prefetched)."""
    return name in getattr(instance, "_prefetched_objects_cache", {})
