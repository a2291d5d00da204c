"""The dashboard's columns on the visibility table (issue 8): the groups of a case's bidang
urusan as bits and the case's last change, filled here for the rows already there; from now on
`access.access_refresh` keeps them."""

from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery


def fill(apps, schema_editor):
    """Copy each case's `updated_at` and its urusan groups (bit `1 << group - 1`) onto its
    access rows, in a few set-wise UPDATEs (`bench.data.access_fill` calls it too)."""
    Cooperation = apps.get_model("agreements", "Cooperation")
    CaseAccess = apps.get_model("agreements", "CaseAccess")
    through = Cooperation.affairs.through
    CaseAccess.objects.update(
        affair_groups=0,
        changed_at=Subquery(
            Cooperation.objects.filter(pk=OuterRef("cooperation_id")).values("updated_at")[:1]
        ),
    )
    for group in (1, 2, 3):  # reference.AffairGroup
        cases = through.objects.filter(governmentaffair__group=group).values("cooperation_id")
        CaseAccess.objects.filter(cooperation_id__in=cases).update(
            affair_groups=F("affair_groups").bitor(1 << (group - 1))
        )


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0021_search8_scope_lexemes"),
        ("reference", "0003_forms_bounded_text_and_constraint_messages"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseaccess",
            name="affair_groups",
            field=models.PositiveSmallIntegerField(
                default=0, verbose_name="groups of government affairs"
            ),
        ),
        migrations.AddField(
            model_name="caseaccess",
            name="changed_at",
            field=models.DateTimeField(null=True, verbose_name="changed at"),
        ),
        migrations.AddIndex(
            model_name="caseaccess",
            index=models.Index(
                fields=["region", "changed_at", "cooperation"],
                include=("via", "kind", "stage", "evidence_missing", "affair_groups"),
                name="case_access_dash",
            ),
        ),
        # After the index: on PostgreSQL an index cannot be built in the transaction that
        # has just updated the rows (pending deferred foreign-key checks).
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
