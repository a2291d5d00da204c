"""The table of the database cache (settings.CACHES, table kerjasama_cache): the counters of the
password limits are shared by every worker process and app server (docs/DEPLOYMENT.md). Made here
so that `migrate` is the only step; Django's `createcachetable` would make the same table."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "kerjasama_cache"


def create_cache_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0  # set by handle() when run as a command
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_cache_table(apps, schema_editor):
    if TABLE in schema_editor.connection.introspection.table_names():
        schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_core_audit_concerns")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table, elidable=False)]
