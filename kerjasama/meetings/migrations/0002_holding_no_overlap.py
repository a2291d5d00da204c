"""Terms of one seat in the same capacity never overlap, in the database too (issue 9).

PostgreSQL: an exclusion constraint over (seat, capacity, the inclusive date range) with
btree_gist (a trusted extension since PostgreSQL 13: the database's owner may create it).
SQLite: two triggers that abort an insert or update overlapping another row. The service
(`services.holding_add`) checks the same first, under a lock, to give its message; these only
catch what goes past it (the admin, the shell, a race)."""

from django.db import migrations

PG_UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    """ALTER TABLE meetings_holding ADD CONSTRAINT tkksd_holding_no_overlap
       EXCLUDE USING gist (seat_id WITH =, capacity WITH =,
                           daterange(starts_on, ends_on, '[]') WITH &&)""",
]
PG_DOWN = ["ALTER TABLE meetings_holding DROP CONSTRAINT IF EXISTS tkksd_holding_no_overlap"]

_SQLITE_OVERLAP = """
    SELECT RAISE(ABORT, 'tkksd_holding_no_overlap')
    WHERE EXISTS (
        SELECT 1 FROM meetings_holding h
        WHERE h.seat_id = NEW.seat_id AND h.capacity = NEW.capacity AND h.id != {self_id}
          AND h.starts_on <= COALESCE(NEW.ends_on, '9999-12-31')
          AND NEW.starts_on <= COALESCE(h.ends_on, '9999-12-31')
    );
"""
SQLITE_UP = [
    "CREATE TRIGGER tkksd_holding_no_overlap_insert BEFORE INSERT ON meetings_holding "
    "BEGIN" + _SQLITE_OVERLAP.format(self_id="-1") + "END",
    "CREATE TRIGGER tkksd_holding_no_overlap_update BEFORE UPDATE ON meetings_holding "
    "BEGIN" + _SQLITE_OVERLAP.format(self_id="NEW.id") + "END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS tkksd_holding_no_overlap_insert",
    "DROP TRIGGER IF EXISTS tkksd_holding_no_overlap_update",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": PG_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": PG_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
