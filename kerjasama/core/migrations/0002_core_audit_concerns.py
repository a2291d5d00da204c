# Issue 7: an audit event concerns any number of subjects (cases, meetings, indicators …);
# the cooperation column becomes one `AuditConcern` row per event that had one.

import django.db.models.deletion
from django.db import migrations, models

BATCH = 2000


def concerns_from_cooperation(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditConcern = apps.get_model("core", "AuditConcern")
    db = schema_editor.connection.alias
    rows = (
        AuditEvent.objects.using(db)
        .filter(cooperation__isnull=False)
        .order_by("pk")
        .values_list("pk", "cooperation_id")
    )
    batch = []
    for event_id, cooperation_id in rows.iterator(chunk_size=BATCH):
        batch.append(
            AuditConcern(
                event_id=event_id,
                subject_type="agreements.cooperation",
                subject_id=str(cooperation_id),
            )
        )
        if len(batch) >= BATCH:
            AuditConcern.objects.using(db).bulk_create(batch)
            batch = []
    AuditConcern.objects.using(db).bulk_create(batch)


def cooperation_from_concerns(apps, schema_editor):
    AuditEvent = apps.get_model("core", "AuditEvent")
    AuditConcern = apps.get_model("core", "AuditConcern")
    db = schema_editor.connection.alias
    concerns = AuditConcern.objects.using(db).filter(subject_type="agreements.cooperation")
    for event_id, subject_id in concerns.values_list("event_id", "subject_id").iterator():
        AuditEvent.objects.using(db).filter(pk=event_id, cooperation__isnull=True).update(
            cooperation_id=int(subject_id)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditConcern',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject_type', models.CharField(max_length=64, verbose_name='subject type')),
                ('subject_id', models.CharField(max_length=64, verbose_name='subject id')),
                ('event', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='concerns', to='core.auditevent', verbose_name='audit event')),
            ],
            options={
                'verbose_name': 'subject of an audit event',
                'verbose_name_plural': 'subjects of audit events',
                'indexes': [models.Index(fields=['subject_type', 'subject_id', 'event'], name='audit_concern_subject')],
            },
        ),
        migrations.RunPython(concerns_from_cooperation, cooperation_from_concerns),
        migrations.RemoveIndex(
            model_name='auditevent',
            name='audit_cooperation_at',
        ),
        migrations.RemoveField(
            model_name='auditevent',
            name='cooperation',
        ),
    ]
