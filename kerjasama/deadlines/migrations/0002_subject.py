"""Issue 7: a deadline belongs to a subject of any app (type and id, as in the audit trail);
the case it concerns becomes optional. Every existing row is a case's own."""

from django.db import migrations, models
from django.db.models.functions import Cast


def subjects_from_cases(apps, schema_editor):
    Deadline = apps.get_model("deadlines", "Deadline")
    Deadline.objects.update(
        subject_type="agreements.cooperation",
        subject_id=Cast("cooperation_id", output_field=models.CharField(max_length=64)),
    )


def audit_names_the_moved_model(apps, schema_editor):
    """Audit events name their object by model label: the same rows are now
    `deadlines.deadline` (a renamed pointer, not a changed record)."""
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditConcern = apps.get_model("core", "AuditConcern")
    AuditEvent.objects.filter(object_type="agreements.deadline").update(
        object_type="deadlines.deadline"
    )
    AuditConcern.objects.filter(subject_type="agreements.deadline").update(
        subject_type="deadlines.deadline"
    )


def audit_names_the_old_model(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditConcern = apps.get_model("core", "AuditConcern")
    AuditEvent.objects.filter(object_type="deadlines.deadline").update(
        object_type="agreements.deadline"
    )
    AuditConcern.objects.filter(subject_type="deadlines.deadline").update(
        subject_type="agreements.deadline"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_core_audit_concerns"),
        ("deadlines", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="deadline",
            name="subject_type",
            field=models.CharField(default="", max_length=64, verbose_name="subject type"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="deadline",
            name="subject_id",
            field=models.CharField(default="", max_length=64, verbose_name="subject id"),
            preserve_default=False,
        ),
        migrations.RunPython(subjects_from_cases, migrations.RunPython.noop),
        migrations.RunPython(audit_names_the_moved_model, audit_names_the_old_model),
        migrations.RemoveConstraint(model_name="deadline", name="deadline_unique_key"),
        migrations.AddConstraint(
            model_name="deadline",
            constraint=models.UniqueConstraint(
                fields=("subject_type", "subject_id", "key"),
                name="deadline_unique_subject_key",
                violation_error_message="This deadline is already recorded for this subject.",
            ),
        ),
        migrations.AlterField(
            model_name="deadline",
            name="cooperation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=models.deletion.CASCADE,
                related_name="deadlines",
                to="agreements.cooperation",
                verbose_name="cooperation",
            ),
        ),
        migrations.AlterField(
            model_name="deadline",
            name="kind",
            field=models.CharField(max_length=40, verbose_name="kind"),
        ),
    ]
