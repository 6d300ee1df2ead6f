from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0005_history"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="licenseapplication",
            constraint=models.UniqueConstraint(
                condition=models.Q(("resubmission_of__isnull", False))
                & ~models.Q(("state", "withdrawn")),
                fields=("resubmission_of",),
                name="licapp_one_live_resubmission",
                violation_error_code="licensing.resubmission.exists",
            ),
        ),
    ]
