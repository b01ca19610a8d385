"""Give the roles their permissions on import batches too."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from improvement.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0002_roles"),
        ("spreadsheets", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
