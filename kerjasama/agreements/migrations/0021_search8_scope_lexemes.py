"""Issue 8: each search vector also holds the lexemes of the regions that read its case
(`search.scope_lexemes`), so that a search asks the GIN index for one region's matches. The
vectors written before this lack them: rewrite them all (PostgreSQL; SQLite's FTS5 tables do
not carry them). Like `kerjasama search_rebuild`, batch by batch."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from kerjasama.agreements.search import search_rebuild

    search_rebuild(apps=apps, db=schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0020_tags8_case_tag")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
