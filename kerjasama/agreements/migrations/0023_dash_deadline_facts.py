"""The dates the dashboard counts overdue and expiring cases from, on the visibility table
(issue 8): each case's first open deadline and first open end of term, filled here for the
rows already there; from now on the deadline refresh and `access.access_refresh` keep them."""

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery


def fill(apps, schema_editor):
    """Copy each case's first open deadline and end of term onto its access rows in one
    set-wise UPDATE (`bench.data.access_fill` calls it too)."""
    CaseAccess = apps.get_model("agreements", "CaseAccess")
    Deadline = apps.get_model("deadlines", "Deadline")
    open_ = Deadline.objects.filter(cooperation_id=OuterRef("cooperation_id"), status="open")

    def first(queryset):
        return Subquery(
            queryset.order_by().values("cooperation_id").annotate(m=Min("due_on")).values("m")[:1]
        )

    CaseAccess.objects.update(
        due_first=first(open_), expiry_first=first(open_.filter(kind="expiry"))
    )


class Migration(migrations.Migration):
    dependencies = [
        # deadlines.Deadline comes in through 0015 (notifications 0004 → deadlines 0001).
        ("agreements", "0022_dash_dashboard_access"),
    ]

    operations = [
        migrations.AddField(
            model_name="caseaccess",
            name="due_first",
            field=models.DateField(null=True, verbose_name="first open deadline"),
        ),
        migrations.AddField(
            model_name="caseaccess",
            name="expiry_first",
            field=models.DateField(null=True, verbose_name="first open end of term"),
        ),
        migrations.AddIndex(
            model_name="caseaccess",
            index=models.Index(
                fields=["region", "due_first", "cooperation"],
                include=("via",),
                name="case_access_due",
            ),
        ),
        migrations.AddIndex(
            model_name="caseaccess",
            index=models.Index(
                fields=["region", "expiry_first", "cooperation"],
                include=("via", "stage"),
                name="case_access_expiry",
            ),
        ),
        # After the indexes (PostgreSQL: no index build after an UPDATE in one transaction).
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
