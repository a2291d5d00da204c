"""Issue 7: the last of `agreements.Deadline` in the migration state (the table now belongs to
`deadlines`; nothing changes in the database)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0014_deadline_to_deadlines_app"),
        ("notifications", "0004_deadline_to_deadlines_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Deadline")],
            database_operations=[],
        ),
    ]
