"""The roles' permissions on changes in process (Rebase): admins mark, change and remove them
in the Django admin; board members and service managers may view them."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from improvement.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0006_target_trajectory_and_rebases"),
        ("improvement", "0008_plan_membership"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
