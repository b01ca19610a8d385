"""Create the three roles as groups with their permissions."""

from django.db import migrations

APPS = ("improvement", "measures", "exceptions")
MANAGER_CHANGES = {
    "measures": ["add_actual", "change_actual"],
    "improvement": ["change_action", "add_actionupdate"],
    "exceptions": ["add_exceptionreport", "change_exceptionreport"],
}


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS)

    admin, _ = Group.objects.get_or_create(name="Admin")
    admin.permissions.set(
        list(ours)
        + list(
            Permission.objects.filter(content_type__app_label="auth", content_type__model="user")
        )
        + list(Permission.objects.filter(codename="view_group"))
    )

    board, _ = Group.objects.get_or_create(name="Board member")
    board.permissions.set(ours.filter(codename__startswith="view_"))

    manager, _ = Group.objects.get_or_create(name="Service manager")
    changes = [
        perm
        for app, codenames in MANAGER_CHANGES.items()
        for perm in Permission.objects.filter(content_type__app_label=app, codename__in=codenames)
    ]
    manager.permissions.set(list(ours.filter(codename__startswith="view_")) + changes)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Admin", "Board member", "Service manager"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0001_initial"),
        ("measures", "0001_initial"),
        ("exceptions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
