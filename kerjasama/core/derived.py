"""Derived rows refreshed once per batch of writes.

Every service that changes a case brings its derived rows in step inside its own transaction:
the deadlines (`deadlines.services.deadlines_refresh`), the missing-evidence count
(`agreements.completeness.evidence_refresh`), the access and tag rows and the deadline dates on
them (`agreements.access`) and the search document (`agreements.search`). One person's single
write calls each once or twice, which is cheap. A writer of many records at once — the import
of a register (issue 11), the demo — calls the services one after the other on the same case
(register it, add its agreement, end it …), and each call refreshed everything again.

Inside `batch()` those refreshes are remembered instead of run, once per (kind, key), and run
when the batch ends, inside the caller's transaction, in the order the rows depend on each
other: deadlines first (their dates are copied onto the access rows), then the evidence count
(copied too), then the access rows, then the search document. Outside a batch nothing changes.

What a batch's writer must know: until the batch ends, the derived rows of the cases it wrote
are stale. The services do not read them to decide (permissions and rules read the case, its
parties and documents), so a batch may hold any sequence of service calls; a reader of derived
rows (the registry list, the dashboard) belongs after it. A refresh deferred in a batch returns
nothing useful (an empty list, zero).
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

# The order in which deferred refreshes run (lower first), by kind. A refresh may defer one of a
# later kind (a deadline written asks for the deadline dates on the access rows), run in turn.
ORDER = {
    "deadlines": 0,
    "evidence": 1,
    "access": 2,
    "deadline_facts": 3,
    "search": 4,
    # The versions of the regions' cached lists (`agreements.access.options_changed`), moved
    # on once each, after the rows they are computed from.
    "options": 5,
}
# A kind whose work another kind's refresh of the same key already did, and which is skipped
# when that one ran in the same flush: the access refresh copies the deadline dates too.
COVERED_BY = {"deadline_facts": "access"}

_local = threading.local()


def _pending() -> dict[tuple[str, Any], Callable[[], object]] | None:
    return getattr(_local, "pending", None)


@contextlib.contextmanager
def batch(*, discard: bool = False) -> Iterator[None]:
    """Defer the derived refreshes of the writes inside to the end (see the module). Nested
    batches join the outer one. An exception inside drops what was deferred: the caller's
    transaction rolls the writes back with it.

    `discard=True` drops them at the end too: for writes made only to be rolled back (the
    import's preview runs every row through the services in a transaction it rolls back), whose
    derived rows nobody will read."""
    if _pending() is not None:
        yield
        return
    _local.pending = {}
    try:
        yield
        if not discard:
            flush()
    finally:
        _local.pending = None


def flush() -> None:
    """Run what the open batch has deferred so far (each once, in `ORDER`), and keep the batch
    open."""
    pending = _pending()
    if not pending:
        return
    done: set[tuple[str, Any]] = set()
    try:
        while pending:
            # One kind at a time, in the order deferred: a refresh defers only kinds later
            # than its own (`defer`), which a later pass runs. Linear in what is pending (an
            # import defers a few refreshes for each of thousands of cases).
            rank = min(ORDER[kind] for kind, _key in pending)
            for kind, key in [item for item in pending if ORDER[item[0]] == rank]:
                refresh = pending.pop((kind, key))
                covered = COVERED_BY.get(kind)
                if covered and (covered, key) in done:
                    continue
                _local.running = rank
                refresh()
                done.add((kind, key))
    finally:
        _local.running = None
        pending.clear()


def defer(kind: str, key: Any, refresh: Callable[[], object]) -> bool:
    """Inside a batch: remember `refresh` for the batch's end (once per `kind` and `key`) and
    return True; the caller then skips its work. Outside: False, and the caller refreshes."""
    pending = _pending()
    if pending is None:
        return False
    running = getattr(_local, "running", None)
    if running is not None and ORDER[kind] <= running:
        return False  # asked for by a refresh of its own kind or a later one: at once
    pending[(kind, key)] = refresh  # the latest call's arguments
    return True
