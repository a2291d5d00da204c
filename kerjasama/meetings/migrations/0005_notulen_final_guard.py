"""Final minutes are locked in the database too (issue 9 item 4).

Triggers refuse, while a meeting's state is "final": adding, changing or deleting its agenda
items, their outcomes and decided steps; adding or deleting its action items or changing what
one is (title, owner, due date, case) — closing or cancelling one stays possible; and changing
the meeting's title, number or minutes notes while it stays final. The services refuse the same
first with a message (`meetings.minutes`), the admin before the database; these catch what goes
past both (the shell, a script, a bulk update). Making the minutes final takes the decided steps
before the meeting's state becomes final, and reopening sets it back to held first, so the
services never meet these triggers. SQLite: `RAISE(ABORT)`; PostgreSQL: a PL/pgSQL function per
table raising a check violation. Both surface in Django as an `IntegrityError`."""

from django.db import migrations

ERROR = "notulen_final_locked"

_MEETING_OF = {
    "meetings_agendaitem": "(SELECT state FROM meetings_meeting WHERE id = {row}.meeting_id)",
    "meetings_outcome": (
        "(SELECT m.state FROM meetings_meeting m JOIN meetings_agendaitem i "
        "ON i.meeting_id = m.id WHERE i.id = {row}.item_id)"
    ),
    "meetings_decisionstep": (
        "(SELECT m.state FROM meetings_meeting m JOIN meetings_agendaitem i "
        "ON i.meeting_id = m.id JOIN meetings_outcome o ON o.item_id = i.id "
        "WHERE o.id = {row}.outcome_id)"
    ),
    "meetings_actionitem": "(SELECT state FROM meetings_meeting WHERE id = {row}.meeting_id)",
}
# What an action item is (its closing fields stay writable while final).
_ACTION_DEFINITION = ("title", "owner_user_id", "owner_opd_id", "due_on", "cooperation_id",
                      "outcome_id", "meeting_id")
_MEETING_TEXT = ("title", "number", "minutes_opening", "minutes_closing")


def _sqlite_up() -> list[str]:
    statements = []
    for table, state in _MEETING_OF.items():
        old, new = state.format(row="OLD"), state.format(row="NEW")
        update_when = f"{old} = 'final' OR {new} = 'final'"
        if table == "meetings_actionitem":
            changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _ACTION_DEFINITION)
            update_when = f"({update_when}) AND ({changed})"
        for op, when in (
            ("INSERT", f"{new} = 'final'"),
            ("UPDATE", update_when),
            ("DELETE", f"{old} = 'final'"),
        ):
            statements.append(
                f"CREATE TRIGGER {table}_final_{op.lower()} BEFORE {op} ON {table} "
                f"WHEN {when} BEGIN SELECT RAISE(ABORT, '{ERROR}'); END"
            )
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in _MEETING_TEXT)
    statements.append(
        "CREATE TRIGGER meetings_meeting_final_update BEFORE UPDATE ON meetings_meeting "
        f"WHEN OLD.state = 'final' AND NEW.state = 'final' AND ({changed}) "
        f"BEGIN SELECT RAISE(ABORT, '{ERROR}'); END"
    )
    return statements


def _sqlite_down() -> list[str]:
    names = [f"{t}_final_{op}" for t in _MEETING_OF for op in ("insert", "update", "delete")]
    return [f"DROP TRIGGER IF EXISTS {n}" for n in [*names, "meetings_meeting_final_update"]]


def _pg_up() -> list[str]:
    statements = []
    for table, state in _MEETING_OF.items():
        old, new = state.format(row="OLD"), state.format(row="NEW")
        unchanged = "FALSE"
        if table == "meetings_actionitem":
            olds = ", ".join(f"OLD.{c}" for c in _ACTION_DEFINITION)
            news = ", ".join(f"NEW.{c}" for c in _ACTION_DEFINITION)
            unchanged = f"ROW({olds}) IS NOT DISTINCT FROM ROW({news})"
        statements.append(
            f"""CREATE OR REPLACE FUNCTION {table}_final_guard() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
              IF TG_OP = 'UPDATE' AND {unchanged} THEN RETURN NEW; END IF;
              IF TG_OP IN ('UPDATE', 'DELETE') THEN
                IF {old} = 'final' THEN
                  RAISE EXCEPTION '{ERROR}' USING ERRCODE = 'check_violation';
                END IF;
              END IF;
              IF TG_OP IN ('INSERT', 'UPDATE') THEN
                IF {new} = 'final' THEN
                  RAISE EXCEPTION '{ERROR}' USING ERRCODE = 'check_violation';
                END IF;
              END IF;
              IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
              RETURN NEW;
            END $$"""
        )
        statements.append(
            f"CREATE TRIGGER {table}_final_guard BEFORE INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_final_guard()"
        )
    olds = ", ".join(f"OLD.{c}" for c in _MEETING_TEXT)
    news = ", ".join(f"NEW.{c}" for c in _MEETING_TEXT)
    statements.append(
        f"""CREATE OR REPLACE FUNCTION meetings_meeting_final_guard() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
          IF OLD.state = 'final' AND NEW.state = 'final'
             AND ROW({olds}) IS DISTINCT FROM ROW({news}) THEN
            RAISE EXCEPTION '{ERROR}' USING ERRCODE = 'check_violation';
          END IF;
          RETURN NEW;
        END $$"""
    )
    statements.append(
        "CREATE TRIGGER meetings_meeting_final_guard BEFORE UPDATE ON meetings_meeting "
        "FOR EACH ROW EXECUTE FUNCTION meetings_meeting_final_guard()"
    )
    return statements


def _pg_down() -> list[str]:
    tables = [*_MEETING_OF, "meetings_meeting"]
    return [
        *[f"DROP TRIGGER IF EXISTS {t}_final_guard ON {t}" for t in tables],
        *[f"DROP FUNCTION IF EXISTS {t}_final_guard()" for t in tables],
    ]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("meetings", "0004_rapat_constraint_messages")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": _pg_up(), "sqlite": _sqlite_up()}),
            _run({"postgresql": _pg_down(), "sqlite": _sqlite_down()}),
        )
    ]
