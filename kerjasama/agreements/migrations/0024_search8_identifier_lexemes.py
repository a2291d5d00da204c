"""Issue 8: identifiers (numbers, references, NIB, NPWP, names) are found by the start of
any of their parts (`search.identifier_tokens`). PostgreSQL holds them as lexemes of the search
vector, so the column `search_ids` and its trigram index go; SQLite's trigram table holds them
as tokens. Both are rewritten for every case, batch by batch (`kerjasama search_rebuild`)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from kerjasama.agreements.search import search_rebuild

    search_rebuild(apps=apps, db=schema_editor.connection)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS agreements_cooperation_search_ids")
        schema_editor.execute("ALTER TABLE agreements_cooperation DROP COLUMN IF EXISTS search_ids")


class Migration(migrations.Migration):
    dependencies = [("agreements", "0023_dash_deadline_facts")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
