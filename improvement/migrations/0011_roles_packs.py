"""The roles' permissions on published board packs: admins publish them; board members and
service managers may view them."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from improvement.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0010_roles_comparators"),
        ("packs", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
