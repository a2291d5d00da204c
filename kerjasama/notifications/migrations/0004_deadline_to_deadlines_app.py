"""Issue 7: reminders and notifications point at `deadlines.Deadline` (the same rows, moved)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0001_initial"),
        ("notifications", "0003_notify_notification_facts"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="deadline",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="deadlines.deadline",
                verbose_name="deadline",
            ),
        ),
        migrations.AlterField(
            model_name="remindersent",
            name="deadline",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="reminders_sent",
                to="deadlines.deadline",
                verbose_name="deadline",
            ),
        ),
    ]
