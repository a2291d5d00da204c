"""Django's SQLite backend, running `PRAGMA optimize` as each connection closes (issue 8).

SQLite's query planner reads the table statistics of `ANALYZE` (`sqlite_stat1`); without them
it guesses, and on the registry's access rows and deadlines it guesses badly: measured at
50,000 cases, a registry page took 0.6–1.5 s instead of 30–50 ms and the "expiring" filter
two minutes. `migrate` never runs ANALYZE, and a database filled through the application (or
an import) would have no statistics at all. SQLite's documented remedy for short-lived
connections — Django closes one after each request — is `PRAGMA optimize` at close: it analyzes
only the tables this connection queried whose statistics are missing or far out of date (a few
hundred milliseconds, once), and costs microseconds otherwise.
"""

from __future__ import annotations

import logging
import sqlite3

from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)

# Rows ANALYZE reads per index at most (approximate statistics), so that the occasional
# re-analysis at a connection's close stays short however large the tables grow (26 ms for the
# tables of a registry page, the agenda and a search at 50,000 cases).
ANALYSIS_LIMIT = 2000


class DatabaseWrapper(base.DatabaseWrapper):
    def close(self) -> None:
        self.validate_thread_sharing()
        if self.connection is not None and not self.in_atomic_block and not self.is_in_memory_db():
            try:
                self.connection.execute(f"PRAGMA analysis_limit={ANALYSIS_LIMIT}")
                self.connection.execute("PRAGMA optimize")
            except sqlite3.Error as error:  # locked, read-only or broken: another time
                logger.info("PRAGMA optimize skipped: %s", error)
        super().close()
