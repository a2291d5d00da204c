"""Issue 8: the stored search document of each cooperation (see `agreements/search.py`).

PostgreSQL: the extensions `unaccent` and `pg_trgm` (trusted since PostgreSQL 13: the database's
owner may create them), the text search configuration `kerjasama_id` (the built-in
`indonesian` snowball stemmer after `unaccent`), and two columns of `agreements_cooperation`
outside the model — `search_vector` (tsvector, GIN) and `search_ids` (text, GIN trigram).
SQLite: two FTS5 tables keyed by the cooperation's id. Other databases: nothing (the registry
then finds nothing by text; Kerjasama supports SQLite and PostgreSQL).

Then the documents of the rows already there are written (as `kerjasama search_rebuild` does).
"""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'kerjasama_id') THEN
            CREATE TEXT SEARCH CONFIGURATION kerjasama_id (COPY = indonesian);
            ALTER TEXT SEARCH CONFIGURATION kerjasama_id
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, indonesian_stem;
        END IF;
    END $$""",
    "ALTER TABLE agreements_cooperation ADD COLUMN IF NOT EXISTS search_vector tsvector",
    "ALTER TABLE agreements_cooperation "
    "ADD COLUMN IF NOT EXISTS search_ids text NOT NULL DEFAULT ''",
    "CREATE INDEX IF NOT EXISTS agreements_cooperation_search_vector "
    "ON agreements_cooperation USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS agreements_cooperation_search_ids "
    "ON agreements_cooperation USING gin (search_ids gin_trgm_ops)",
]
POSTGRES_BACK = [
    "DROP INDEX IF EXISTS agreements_cooperation_search_ids",
    "DROP INDEX IF EXISTS agreements_cooperation_search_vector",
    "ALTER TABLE agreements_cooperation DROP COLUMN IF EXISTS search_ids",
    "ALTER TABLE agreements_cooperation DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS kerjasama_id",
]
SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS agreements_cooperation_fts "
    "USING fts5(title, parties, body, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS agreements_cooperation_ids "
    "USING fts5(ids, tokenize = 'trigram')",
]
SQLITE_BACK = [
    "DROP TABLE IF EXISTS agreements_cooperation_fts",
    "DROP TABLE IF EXISTS agreements_cooperation_ids",
]


def _run(schema_editor, statements):
    with schema_editor.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE)
    else:
        return
    # App code in a migration, on purpose: one builder of the documents rather than a copy
    # that drifts. It reads this migration's historical models, whose fields it needs exist.
    from kerjasama.agreements.search import search_rebuild

    search_rebuild(apps=apps, db=schema_editor.connection)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACK)
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_BACK)


class Migration(migrations.Migration):
    dependencies = [("agreements", "0017_access8_fill_case_access")]

    operations = [migrations.RunPython(forwards, backwards)]
