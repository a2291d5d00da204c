"""Issue 7: `Deadline` moves to the `deadlines` app (its table is renamed there, its rows kept).

This step only forgets the model's relations in the migration state; the table, its rows and
its foreign keys stay in the database until `deadlines.0001_initial` renames it. The model itself
leaves the state in `0015_delete_deadline_state`, after `notifications` points at the new one.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0013_dprdpolish_document_stage_index"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(model_name="deadline", name="deadline_unique_key"),
                migrations.RemoveField(model_name="deadline", name="cooperation"),
                migrations.RemoveField(model_name="deadline", name="document"),
                migrations.RemoveField(model_name="deadline", name="met_by"),
                migrations.RemoveField(model_name="deadline", name="opd"),
            ],
            database_operations=[],
        ),
    ]
