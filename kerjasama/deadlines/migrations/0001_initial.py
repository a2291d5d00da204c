"""Issue 7: the deadline table moves here from `agreements`, rows, ids and foreign keys kept.

The database renames `agreements_deadline` to `deadlines_deadline`; the state takes the model
as it was (same columns, index and relations), and `0002_subject` makes it generic.
"""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0006_settings7_content_checklist"),
        ("agreements", "0014_deadline_to_deadlines_app"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE agreements_deadline RENAME TO deadlines_deadline",
                    "ALTER TABLE deadlines_deadline RENAME TO agreements_deadline",
                )
            ],
            state_operations=[
                migrations.CreateModel(
                    name="Deadline",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("key", models.CharField(max_length=60, verbose_name="key")),
                        ("kind", models.CharField(max_length=20, verbose_name="kind")),
                        ("due_on", models.DateField(db_index=True, verbose_name="due on")),
                        ("title", models.CharField(max_length=300, verbose_name="what")),
                        ("rule", models.CharField(max_length=200, verbose_name="rule")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("open", "Not yet met"),
                                    ("met", "Met"),
                                    ("cancelled", "Cancelled"),
                                ],
                                default="open",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "params",
                            models.JSONField(blank=True, default=dict, verbose_name="facts"),
                        ),
                        ("met_on", models.DateField(blank=True, null=True, verbose_name="met on")),
                        (
                            "met_manually",
                            models.BooleanField(
                                default=False, verbose_name="met as recorded by a user"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "cooperation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deadlines",
                                to="agreements.cooperation",
                                verbose_name="cooperation",
                            ),
                        ),
                        (
                            "document",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="deadlines",
                                to="agreements.document",
                                verbose_name="document",
                            ),
                        ),
                        (
                            "met_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="deadlines_met",
                                to="agreements.document",
                                verbose_name="met by",
                            ),
                        ),
                        (
                            "opd",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="deadlines",
                                to="accounts.opd",
                                verbose_name="OPD",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "deadline",
                        "verbose_name_plural": "deadlines",
                        "ordering": ["due_on", "id"],
                        "indexes": [
                            models.Index(fields=["status", "due_on"], name="deadline_status_due")
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("cooperation", "key"),
                                name="deadline_unique_key",
                                violation_error_message="This deadline is already recorded for this cooperation.",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
