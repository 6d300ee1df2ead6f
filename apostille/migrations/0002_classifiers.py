from django.db import migrations


def seed(apps, schema_editor):
    from apostille.classifiers import classifiers_seed

    classifiers_seed(
        apps.get_model("apostille", "DocumentType"),
        apps.get_model("apostille", "RefusalReason"),
        apps.get_model("registry", "EducationLevel"),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("apostille", "0001_initial"),
        ("registry", "0005_citizen_role"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
