# Issue 9 (rapat): the two unique constraints of invitees and absences say what they refuse.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0003_meetings"),
    ]

    operations = [
        migrations.AlterConstraint(
            model_name="invitee",
            name="invitee_one_row_per_seat_holder",
            constraint=models.UniqueConstraint(
                condition=models.Q(("seat__isnull", False)),
                fields=("meeting", "seat", "holding"),
                name="invitee_one_row_per_seat_holder",
                violation_error_message="This person is already invited for this seat.",
            ),
        ),
        migrations.AlterConstraint(
            model_name="itemabsence",
            name="item_absence_once",
            constraint=models.UniqueConstraint(
                fields=("item", "invitee"),
                name="item_absence_once",
                violation_error_message="This member is already marked out of the room for this item.",
            ),
        ),
    ]
