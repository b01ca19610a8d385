"""Let admins see and clear sign-in lockouts (django-axes) in the admin."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from improvement.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0003_roles_spreadsheets"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
